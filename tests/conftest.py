"""Shared fixtures: the bundled corpus ingested once into a real persistent Chroma store."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

import assistant  # noqa: F401  (offline set-up)
from assistant.ask import Assistant
from assistant.embed import MiniLMOnnxEmbedder
from assistant.settings import BUNDLED_CORPUS, Settings
from ingest.pipeline import SyncReport, ingest_paths

try:
    from playwright.sync_api import expect

    # Every browser test's expect() waits up to 5 minutes for a state: an upper bound on waiting
    # for a loaded machine, never a timing check. Playwright's default of 5 s failed under CPU
    # load whenever a test module ran before the one that used to set this.
    expect.set_options(timeout=300_000)
except ImportError:  # no browser tests without playwright
    pass


@pytest.fixture(scope="session")
def embedder() -> MiniLMOnnxEmbedder:
    return MiniLMOnnxEmbedder()


@pytest.fixture(scope="session")
def corpus_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(store=tmp_path_factory.mktemp("store"))


@pytest.fixture(scope="session")
def first_ingest(corpus_settings: Settings, embedder: MiniLMOnnxEmbedder) -> SyncReport:
    return ingest_paths([BUNDLED_CORPUS], corpus_settings, embedder, progress=False)


@pytest.fixture(scope="session")
def bot(corpus_settings: Settings, embedder: MiniLMOnnxEmbedder, first_ingest: SyncReport) -> Assistant:
    return Assistant(corpus_settings, embedder)


@contextmanager
def serve(bot: Assistant, host: str = "127.0.0.1", access: object = None) -> Iterator[str]:
    """The Gradio app for ``bot``, launched for real on a free port of ``host``; yields its URL.

    With ``access`` (a ``ui.auth.Access``), it is launched as ``app.main`` launches it: with
    its login and upload limit (``app.launch_options``)."""
    from app import build_app, ensure_ingested, launch_options
    from assistant.llm_server import free_port
    from ui.auth import OPEN

    access = access or OPEN
    settings = bot.settings.model_copy(update={"host": host, "port": free_port(host)})
    demo = build_app(bot, ensure_ingested(bot), access)  # type: ignore[arg-type]
    demo.queue().launch(**launch_options(settings, access), prevent_thread_lock=True, quiet=True)  # type: ignore[arg-type]
    try:
        yield f"http://{host}:{settings.port}/"
    finally:
        demo.close()


def write_digest(path: Path, papers: list[tuple[str, str]], header: bool = True) -> Path:
    """A small file in the digest format: header, then title / abstract pairs."""
    lines = ["new", "", "Subscribe", "", "Mar 11", ""] if header else []
    for title, abstract in papers:
        lines += [title, "", abstract, ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
