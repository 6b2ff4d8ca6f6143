"""The Gradio app, launched for real on 127.0.0.1, answers through gradio_client."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gradio_client import Client

from assistant.ask import Assistant
from tests.conftest import serve


@pytest.fixture(scope="module")
def app_url(bot: Assistant) -> Iterator[str]:
    with serve(bot) as url:
        yield url


def test_app_answers_with_cited_paper(app_url: str) -> None:
    client = Client(app_url, verbose=False)
    message, sources, _downloads = client.predict(
        "Which paper introduces the MMVP benchmark and what does it reveal about CLIP?",
        5,
        False,
        "Ask",
        "",
        api_name="/chat",
    )
    assert "[1]" in message and "MMVP" in message
    assert "Cited papers" in message and "Eyes Wide Shut?" in message
    assert '<mark class="pa-evidence">' in sources and "Eyes Wide Shut?" in sources


def test_app_refuses_off_topic(app_url: str) -> None:
    client = Client(app_url, verbose=False)
    message, _, downloads = client.predict(
        "What is the boiling point of water at high altitude?", 5, False, "Ask", "", api_name="/chat"
    )
    assert "does not cover" in message
    assert not downloads


def test_app_summarize_mode_offers_bib_and_tex(app_url: str) -> None:
    import bibtexparser

    client = Client(app_url, verbose=False)
    message, _, downloads = client.predict(
        "Summarize mixture-of-experts approaches in multimodal models",
        5,
        False,
        "Summarize",
        "",
        api_name="/chat",
    )
    assert "**Theme:" in message or "Theme:" in message
    paths = {
        Path(d if isinstance(d, str) else d["path"]).name: Path(d if isinstance(d, str) else d["path"])
        for d in downloads
    }
    assert set(paths) == {"draft.md", "draft.tex", "references.bib"}
    library = bibtexparser.parse_string(paths["references.bib"].read_text())
    assert library.entries and not library.failed_blocks
    assert "\\cite{" in paths["draft.tex"].read_text()


def test_app_upload_adds_papers_and_reports(bot: Assistant, tmp_path: Path) -> None:
    from gradio_client import handle_file

    from assistant.settings import Settings
    from ingest.pipeline import ingest_paths
    from tests.conftest import write_digest

    # Its own store: the shared corpus store must stay at the 79 papers other tests expect.
    own = Assistant(Settings(store=tmp_path / "store"), bot.embedder)
    seed = write_digest(tmp_path / "seed.txt", [("Seed Paper on Graphs", "We study graph learning. " * 12)])
    ingest_paths([seed], own.settings, own.embedder, progress=False)
    jsonl = tmp_path / "mine.jsonl"
    jsonl.write_text(
        '{"title": "Quokka: Sparse Marsupial Transformers for Bioacoustic Tagging", '
        '"abstract": "We introduce Quokka, a sparse transformer that tags marsupial calls in field '
        'recordings. Quokka reaches 91.2% accuracy on the Outback-Calls benchmark."}\n'
        '{"title": "", "abstract": "A record with no title."}\n',
        encoding="utf-8",
    )
    with serve(own) as app_url:
        client = Client(app_url, verbose=False)
        report, status = client.predict(handle_file(str(jsonl)), api_name="/add_papers")
        assert "1 added" in report and "skipped" in report and "mine.jsonl" in report
        assert "chunks" in status  # the header is refreshed after an upload
        message, _, _ = client.predict(
            "What accuracy does Quokka reach on Outback-Calls?", 5, False, "Ask", "", api_name="/chat"
        )
        assert "91.2%" in message and "Quokka" in message
        bad = tmp_path / "bad.csv"
        bad.write_text("not,a,paper\n1,2,3\n", encoding="utf-8")
        assert "Nothing was added" in client.predict(handle_file(str(bad)), api_name="/add_papers")[0]
