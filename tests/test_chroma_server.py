"""Ingest, then ask, against a real Chroma server (`chroma run`) on 127.0.0.1, set by settings alone."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import chromadb
import pytest

from assistant.ask import Assistant
from assistant.embed import MiniLMOnnxEmbedder
from assistant.llm_server import free_port
from assistant.settings import PROJECT_DIR, Settings
from assistant.store import Store, StoreError, describe, server_address
from ingest.pipeline import ingest_paths

DATA = Path(__file__).parent / "data"
SAMPLES = [DATA / "arxiv_query.xml", DATA / "zotero.bib", DATA / "papers.jsonl"]
CHROMA = Path(sys.executable).parent / "chroma"


def start_chroma(data: Path, port: int, log: Path) -> subprocess.Popen:
    """``chroma run`` on 127.0.0.1:``port`` with its data in ``data``, once it answers a heartbeat."""
    if not CHROMA.exists() and not shutil.which("chroma"):
        pytest.fail("the chroma CLI (from the chromadb package) is not installed")
    with log.open("ab") as out:
        proc = subprocess.Popen(
            [
                str(CHROMA if CHROMA.exists() else shutil.which("chroma")),
                "run",
                "--path",
                str(data),
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    while True:  # no deadline: a loaded machine may take long to start it; a crash ends the wait
        try:
            chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()
            return proc
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError(f"chroma run did not start: {log.read_text()[-2000:]}") from None
            time.sleep(0.25)


def stop_chroma(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A `chroma run` subprocess on a free loopback port, with its data in a temp folder; yields the port."""
    port = free_port()
    log = tmp_path_factory.mktemp("chroma-log") / "server.log"
    proc = start_chroma(tmp_path_factory.mktemp("chroma-data"), port, log)
    try:
        yield port
    finally:
        stop_chroma(proc)


def test_ingest_then_ask_through_the_server(
    chroma_server: int, embedder: MiniLMOnnxEmbedder, tmp_path: Path
) -> None:
    # Only the settings change; the store folder is never created.
    settings = Settings(chroma_host="127.0.0.1", chroma_port=chroma_server, store=tmp_path / "unused")
    report = ingest_paths(SAMPLES, settings, embedder, progress=False)
    assert (report.added, report.papers, report.merged_count) == (10, 10, 1)
    assert ingest_paths(SAMPLES, settings, embedder, progress=False).unchanged == 10
    assert not (tmp_path / "unused").exists()
    assert describe(settings) == f"Chroma server http://127.0.0.1:{chroma_server}, collection 'papers'"

    answer = Assistant(settings, embedder).ask("Which benchmark exposes CLIP-blind pairs?")
    assert answer.covered and answer.sources
    assert answer.sources[0].title.startswith("Eyes Wide Shut?")
    assert answer.citations and all(c.n <= len(answer.sources) for c in answer.citations)


def test_server_by_url_and_by_env_vars_on_the_cli(chroma_server: int, tmp_path: Path) -> None:
    by_url = Settings(chroma_host=f"http://127.0.0.1:{chroma_server}", collection="by_url")
    assert server_address(by_url) == ("127.0.0.1", chroma_server, False)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PA_", "CHROMA_"))}
    env |= {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(chroma_server), "PA_COLLECTION": "cli"}
    # cwd has no .env and no ./store: everything comes from the environment
    ingest = run_module(tmp_path, env, "ingest", str(DATA / "zotero.csv"), "--json")
    assert ingest.returncode == 0, ingest.stderr
    assert json.loads(ingest.stdout)["added"] == 2
    ask = run_module(
        tmp_path,
        env,
        "assistant",
        "ask",
        "How is sarcasm between an image and its caption detected?",
        "--json",
    )
    assert ask.returncode == 0, ask.stderr
    answer = json.loads(ask.stdout)
    assert answer["sources"][0]["title"] == 'Multimodal Sarcasm Detection with "Incongruity" Graphs'
    assert not (tmp_path / "store").exists()
    url_env = env | {
        "CHROMA_HOST": f"http://127.0.0.1:{chroma_server}",
        "CHROMA_PORT": "1",
    }  # the URL's port wins
    check = run_module(tmp_path, url_env, "ingest", str(DATA / "zotero.csv"), "--check", "--json")
    assert check.returncode == 0, check.stderr
    assert json.loads(check.stdout)["unchanged"] == 2


def run_module(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """``python -m ARGS`` from ``cwd`` with exactly ``env`` (plus the project on the path)."""
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=cwd,
        env=env | {"PYTHONPATH": str(PROJECT_DIR)},
        capture_output=True,
        text=True,
        timeout=1800,
    )


def test_unreachable_server_is_a_clear_error(embedder: MiniLMOnnxEmbedder) -> None:
    settings = Settings(chroma_host="127.0.0.1", chroma_port=free_port())
    with pytest.raises(
        StoreError, match=r"cannot reach the Chroma server http://127\.0\.0\.1:\d+, collection 'papers'"
    ):
        Store(settings, embedder.model_id, create=True)
    with pytest.raises(StoreError, match="not an http"):
        server_address(Settings(chroma_host="ftp://x"))


def test_a_server_that_goes_away_gives_a_clear_message_then_answers_again(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    port, data, log = free_port(), tmp_path / "data", tmp_path / "server.log"
    proc = start_chroma(data, port, log)
    try:
        settings = Settings(chroma_host="127.0.0.1", chroma_port=port, store=tmp_path / "unused")
        ingest_paths([DATA / "zotero.bib"], settings, embedder, progress=False)
        bot = Assistant(settings, embedder)
        question = "How is sarcasm between an image and its caption detected?"
        before = bot.ask(question)
        stop_chroma(proc)  # the server goes away mid-session
        with pytest.raises(
            StoreError, match=rf"the Chroma server http://127\.0\.0\.1:{port}, .* is not answering"
        ):
            bot.ask(question)
        proc = start_chroma(data, port, log)  # and comes back, with its data
        after = bot.ask(question)  # the same Assistant: no restart
        assert [s.paper_id for s in after.sources] == [s.paper_id for s in before.sources]
        assert after.answer == before.answer
    finally:
        stop_chroma(proc)


def test_filters_on_the_server(chroma_server: int, embedder: MiniLMOnnxEmbedder, tmp_path: Path) -> None:
    # The dense side runs Chroma's `where` on the server; BM25 masks the same metadata locally.
    from assistant.filters import Filters
    from tests.test_filters import CASES, QUESTION, papers_passing

    settings = Settings(
        chroma_host="127.0.0.1", chroma_port=chroma_server, collection="filters", min_relevance=-1.0
    )
    ingest_paths(SAMPLES, settings, embedder, progress=False)
    bot = Assistant(settings, embedder)
    for filters in CASES:
        for mode in ("hybrid", "dense"):
            got = {s.title for s in bot.retriever.retrieve(QUESTION, top_k=20, filters=filters, mode=mode).sources}
            assert got == papers_passing(filters), (filters, mode)
    assert not bot.ask(QUESTION, filters=Filters(title="nothing like this")).sources
    answer = bot.ask(QUESTION, filters={"has_code": True})  # the dict form that once crashed
    assert answer.sources and all(s.code_url for s in answer.sources)
