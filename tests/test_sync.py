"""Sync into a real persistent Chroma: identity across sources, prune, check, crash safety, concurrency."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.embed import MiniLMOnnxEmbedder
from assistant.settings import BUNDLED_CORPUS, PROJECT_DIR, Settings
from assistant.store import StoreError
from assistant.types import Paper
from ingest.collect import Collection
from ingest.pipeline import chunk_paper, ingest_lock, ingest_paths, stored_paper, title_prefix
from ingest.readers import UnreadableFile, read_papers
from tests.conftest import write_digest

DATA = Path(__file__).parent / "data"
SAMPLES = [
    DATA / n for n in ("arxiv_query.xml", "zotero.bib", "zotero.csv", "papers.jsonl", "hf_daily_papers.json")
]
EYES = "Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs"
ABSTRACT = "We present a model that reads images and text and answers questions about charts. " * 3


def store_of(settings: Settings, embedder: MiniLMOnnxEmbedder):  # noqa: ANN201 - assistant.store.Store
    from assistant.store import Store

    return Store(settings, embedder.model_id)


def chunk0(settings: Settings, embedder: MiniLMOnnxEmbedder) -> dict[str, dict]:
    """Chunk-0 metadata per title."""
    return {
        m["title"]: m
        for _, m, _ in store_of(settings, embedder).iter_records(include=["metadatas"])
        if m["chunk_index"] == 0
    }


def titles_in_store(settings: Settings, embedder: MiniLMOnnxEmbedder) -> list[str]:
    return sorted(chunk0(settings, embedder))


# Read the store in a fresh process: a process that opened a persistent Chroma store before
# another process wrote to it keeps a stale vector index in memory ("Error finding id").
_DUMP = """
import json, sys, chromadb
c = chromadb.PersistentClient(sys.argv[1]).get_collection("papers")
got = c.get(include=["metadatas", "documents", "embeddings"])
sample = list(range(0, len(got["ids"]), max(1, len(got["ids"]) // 8)))
hits = c.query(query_embeddings=[got["embeddings"][i] for i in sample], n_results=1)
print(json.dumps({
    "records": {i: [m, d] for i, m, d in zip(got["ids"], got["metadatas"], got["documents"])},
    "count": c.count(),
    "nearest_is_self": [h[0] for h in hits["ids"]] == [got["ids"][i] for i in sample],
}))
"""


def dump_store(store: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _DUMP, str(store)], capture_output=True, text=True, timeout=1800, check=True
    )
    return json.loads(done.stdout)


def assert_exact(settings: Settings, embedder: MiniLMOnnxEmbedder, papers: list[Paper]) -> None:
    """The store holds exactly these papers' chunks: no duplicates, no orphans, no stale versions."""
    dump = dump_store(settings.store)
    records = dump["records"]
    expected: dict[str, tuple[str, str, int]] = {}
    for paper in papers:
        chunks = chunk_paper(paper, embedder, settings)
        prefix = title_prefix(paper.title, embedder)
        for i, chunk in enumerate(chunks):
            expected[f"{paper.paper_id}:{i}"] = (paper.content_hash, f"{prefix}\n{chunk}", len(chunks))
    assert sorted(records) == sorted(expected)
    for cid, (content_hash, document, n_chunks) in expected.items():
        meta, doc = records[cid]
        assert (meta["content_hash"], doc, meta["n_chunks"]) == (content_hash, document, n_chunks), cid
    assert dump["count"] == len(expected)
    assert dump["nearest_is_self"]  # the vector index agrees with the records


def test_every_format_is_stored_with_its_metadata(tmp_path: Path, embedder: MiniLMOnnxEmbedder) -> None:
    settings = Settings(store=tmp_path / "store")
    report = ingest_paths(SAMPLES, settings, embedder, progress=False)
    # 15 papers read; Eyes Wide Shut is in the feed, the .bib and the .csv: one paper
    assert (report.added, report.papers, report.merged_count) == (13, 13, 2)
    assert [f.format for f in report.files] == ["arxiv", "bibtex", "csv", "jsonl", "json"]
    assert {s.reason.split(" (")[0] for s in report.skipped} >= {
        "empty abstract",
        "not a JSON object but a string",
    }
    # Chroma accepts only str/int/float/bool: lists are JSON, missing values are left out
    for _, meta, _ in store_of(settings, embedder).iter_records(include=["metadatas"]):
        assert all(type(v) in (str, int, float, bool) for v in meta.values()), meta
    stored = chunk0(settings, embedder)
    eyes = stored[EYES]
    assert eyes["arxiv_id"] == "2401.06209" and eyes["doi"] == "10.48550/arXiv.2401.06209"
    assert json.loads(eyes["categories"]) == ["cs.CV", "cs.CL"]
    assert "code_url" not in eyes and eyes["has_code"] is False
    # Non-ASCII text and LaTeX survive the round trip through the store unchanged
    read = {p.title: p for path in SAMPLES for p in read_papers(path) if isinstance(p, Paper)}
    for title in (
        "Café-VLM: Vision–Language Models for Menus in 40 Languages",
        r"Über-CLIP: Cross-Modal Retrieval with $\mathcal{O}(1)$ Memory per Query",
        r"$\alpha$-Fusion: Gated Cross-Modal Attention for Audio-Visual Speech Recognition at $O(n \log n)$ Cost",
        "Visual Question Answering: Æsthetics, Ethics and Évaluation",
    ):
        assert stored_paper(stored[title]) == read[title], title
    again = ingest_paths(SAMPLES, settings, embedder, progress=False)
    assert (again.added, again.updated, again.unchanged, again.removed) == (0, 0, 13, 0)


def test_same_paper_from_another_source_later_is_one_paper(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    # Regression: a digest paper (known by title) and the same paper from the arXiv feed
    # (known by arXiv id) got different ids and were stored twice.
    corpus = {p.title: p for p in read_papers(BUNDLED_CORPUS) if isinstance(p, Paper)}
    settings = Settings(store=tmp_path / "store")
    digest = write_digest(tmp_path / "digest.txt", [(EYES, corpus[EYES].abstract), ("Paper B", ABSTRACT)])
    feed = DATA / "arxiv_query.xml"

    ingest_paths([digest], settings, embedder, progress=False)
    second = ingest_paths([feed], settings, embedder, progress=False)
    assert (second.added, second.updated, second.papers) == (3, 1, 5)
    assert "replaces stored copy" in second.updated_papers[0].note
    stored = chunk0(settings, embedder)
    assert titles_in_store(settings, embedder).count(EYES) == 1
    assert (
        stored[EYES]["arxiv_id"] == "2401.06209"
        and json.loads(stored[EYES]["authors"])[0] == "Shengbang Tong"
    )

    # The digest again, without --prune: it updates the abstract, keeps what the feed added.
    third = ingest_paths([digest], settings, embedder, progress=False)
    assert (third.added, third.updated, third.unchanged, third.removed) == (0, 1, 1, 0)
    stored = chunk0(settings, embedder)
    assert stored[EYES]["abstract"] == corpus[EYES].abstract and stored[EYES]["arxiv_id"] == "2401.06209"
    assert ingest_paths([digest], settings, embedder, progress=False).unchanged == 2  # a no-op

    # With --prune the store becomes exactly the digest.
    pruned = ingest_paths([digest], settings, embedder, prune=True, progress=False)
    assert (pruned.removed, pruned.papers) == (3, 2)
    assert titles_in_store(settings, embedder) == sorted([EYES, "Paper B"])
    assert "arxiv_id" not in chunk0(settings, embedder)[EYES]


def test_duplicates_within_a_file_are_reported_and_merged(tmp_path: Path) -> None:
    path = tmp_path / "dups.jsonl"
    rows = [
        {"title": "Paper One", "abstract": ABSTRACT, "arxiv_id": "2401.00001"},
        {
            "title": "Paper One (v2 title)",
            "abstract": ABSTRACT,
            "arxiv_id": "2401.00001v2",
            "doi": "10.1234/x.1",
        },
        {"title": "Same Title", "abstract": ABSTRACT, "arxiv_id": "2401.00002"},
        {"title": "Same  title", "abstract": ABSTRACT, "arxiv_id": "2401.00003"},  # another paper
        {"title": "PAPER ONE", "abstract": ABSTRACT},  # same normalized title, no id: the same paper
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    with Collection() as papers:
        report = papers.read(path)
        kept = [p for _, p in papers]
    assert [p.title for p in kept] == ["Paper One", "Same Title", "Same title"]
    assert kept[0].doi == "10.1234/x.1"  # filled from the duplicate
    assert (report.papers, report.skipped) == (5, 2)
    assert [(s.source, s.reason) for s in papers.skipped] == [
        (
            f"{path}:2",
            f"duplicate of {path}:1 (same arXiv id 2401.00001); merged into it; its different title was not kept",
        ),
        (f"{path}:5", f"duplicate of {path}:1 (same title); merged into it"),
    ]


def test_a_duplicate_with_another_abstract_says_its_abstract_was_not_kept(tmp_path: Path) -> None:
    # Regression (break4): two records with one arXiv id and different abstracts: the second
    # abstract was dropped while the report said only "merged into it".
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    first.write_text(
        json.dumps({"title": "P", "abstract": ABSTRACT, "arxiv_id": "2401.00001"}), encoding="utf-8"
    )
    second.write_text(
        json.dumps({"title": "P", "abstract": "Another abstract entirely.", "arxiv_id": "2401.00001"}),
        encoding="utf-8",
    )
    with Collection() as papers:
        papers.read(first)
        papers.read(second)
        kept = [p for _, p in papers]
    assert [p.abstract for p in kept] == [" ".join(ABSTRACT.split())]
    assert [(m.source, m.reason) for m in papers.merged] == [
        (
            f"{second}:1",
            f"same paper as {first}:1 (same arXiv id 2401.00001); metadata merged; its different abstract was not kept",
        )
    ]


def test_prune_never_runs_when_a_source_fails(tmp_path: Path, embedder: MiniLMOnnxEmbedder) -> None:
    settings = Settings(store=tmp_path / "store")
    good = write_digest(tmp_path / "a.txt", [("Paper A", ABSTRACT), ("Paper B", ABSTRACT)])
    ingest_paths([good], settings, embedder, progress=False)
    before = sorted(i for i, _, _ in store_of(settings, embedder).iter_records(include=[]))
    # A JSON array whose first 200 elements are fine and whose end is broken: it streams,
    # but nothing may be written, and above all nothing pruned.
    broken = tmp_path / "broken.json"
    elements = [json.dumps({"title": f"New {i}", "abstract": ABSTRACT}) for i in range(200)]
    broken.write_text("[\n" + ",\n".join(elements) + ",\n{oops}\n]", encoding="utf-8")
    with pytest.raises(UnreadableFile, match=r"broken\.json:202: invalid JSON"):
        ingest_paths([broken], settings, embedder, prune=True, progress=False)
    after = sorted(i for i, _, _ in store_of(settings, embedder).iter_records(include=[]))
    assert after == before


def test_very_long_title_leaves_room_for_the_abstract(tmp_path: Path, embedder: MiniLMOnnxEmbedder) -> None:
    # Regression: the whole title went in front of every chunk, so a 300-word title filled
    # the model's window and the abstract's text was silently cut off by the model.
    title = " ".join(f"word{i}" for i in range(300))
    abstract = " ".join(f"Sentence {i} explains the method." for i in range(40))
    settings = Settings(store=tmp_path / "store")
    path = tmp_path / "long.jsonl"
    path.write_text(json.dumps({"title": title, "abstract": abstract}), encoding="utf-8")
    ingest_paths([path], settings, embedder, progress=False)
    docs = [d for _, _, d in store_of(settings, embedder).iter_records(include=["documents"])]
    assert len(docs) > 1
    for doc in docs:
        assert len(embedder.token_ids(doc)) + 2 <= embedder.max_tokens
    text = " ".join(d.split("\n", 1)[1] for d in docs)
    assert all(f"Sentence {i} explains" in text for i in range(40))
    assert chunk0(settings, embedder)[title]["title"] == title  # the full title is kept in metadata


def run_cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ingest", *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=1800,
        **kwargs,  # type: ignore[arg-type]
    )


def test_check_reports_what_would_happen_and_writes_nothing(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    store = tmp_path / "store"
    first = write_digest(tmp_path / "a.txt", [("Paper A", ABSTRACT), ("Paper B", ABSTRACT)])
    assert run_cli(str(first), "--store", str(store), "--quiet").returncode == 0
    changed = tmp_path / "b.jsonl"
    changed.write_text(
        "\n".join(
            [
                json.dumps({"title": "Paper A", "abstract": ABSTRACT + " Now with a new result."}),
                json.dumps({"title": "Paper C", "abstract": ABSTRACT}),
                '{"title": "broken',
            ]
        ),
        encoding="utf-8",
    )
    before = sorted(i for i, _, _ in store_of(Settings(store=store), embedder).iter_records(include=[]))
    check = run_cli(str(changed), "--store", str(store), "--check", "--prune", "--json")
    assert check.returncode == 0, check.stderr
    report = json.loads(check.stdout)
    assert report["check"] is True
    assert {k: report[k] for k in ("added", "updated", "unchanged", "removed", "skipped_count")} == {
        "added": 1,
        "updated": 1,
        "unchanged": 0,
        "removed": 1,
        "skipped_count": 1,
    }
    assert [r["title"] for r in report["added_papers"]] == ["Paper C"]
    assert report["updated_papers"][0]["note"] == "content changed"
    assert report["removed_papers"][0]["title"] == "Paper B"
    assert report["skipped"][0]["source"] == f"{changed}:3"
    assert report["skipped"][0]["reason"].startswith("malformed JSON")
    after = sorted(i for i, _, _ in store_of(Settings(store=store), embedder).iter_records(include=[]))
    assert after == before
    text = run_cli(str(changed), "--store", str(store), "--check", "--prune")
    assert "would be: 2 papers" in text.stdout and f"skipped {changed}:3: malformed JSON" in text.stdout
    # Regression (new-user trial 4): "would be: 81 papers, 173 chunks" gave the chunks of the store
    # before the change as if after it; the count is now marked as the current one.
    assert re.search(r"would be: 2 papers, \d+ chunks now: 1 added", text.stdout), text.stdout
    # The real run does what the check said.
    real = json.loads(run_cli(str(changed), "--store", str(store), "--prune", "--json").stdout)
    assert {k: real[k] for k in ("added", "updated", "removed", "papers")} == {
        k: report[k] for k in ("added", "updated", "removed", "papers")
    }


def test_a_second_ingest_is_refused_or_waits(tmp_path: Path) -> None:
    settings = Settings(store=tmp_path / "store")
    path = write_digest(tmp_path / "a.txt", [("Paper A", ABSTRACT)])
    with ingest_lock(settings):
        refused = run_cli(str(path), "--store", str(settings.store), "--quiet")
        assert refused.returncode == 1
        assert f"another ingest (pid {os.getpid()}) is writing to store {settings.store}" in refused.stderr
        with pytest.raises(StoreError, match="another ingest"):
            with ingest_lock(settings, wait=0.3):
                pass
        waiting = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "ingest",
                str(path),
                "--store",
                str(settings.store),
                "--wait",
                "300",
                "--json",
            ],
            cwd=PROJECT_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert waiting.stderr is not None
        line = waiting.stderr.readline()  # blocks until the CLI says it waits: no clock involved
        assert line.startswith(f"waiting up to 300 s for another ingest (pid {os.getpid()})"), line
        assert waiting.poll() is None  # still waiting for the lock
    out, err = waiting.communicate(timeout=1800)
    assert waiting.returncode == 0, err
    assert json.loads(out)["added"] == 1


# --- SIGKILL in the middle of a real ingest subprocess ------------------------------------------------


def synthetic_papers(n: int, seed: int, long_every: int = 0) -> list[dict]:
    """``n`` papers with distinct abstracts recombined from the corpus's sentences."""
    rng = random.Random(seed)
    text = BUNDLED_CORPUS.read_text(encoding="utf-8")
    sentences = [s.strip() + "." for s in re.split(r"\.\s", text) if 60 < len(s) < 300]
    papers = []
    for i in range(n):
        k = 12 if long_every and i % long_every == 0 else 3
        body = " ".join(rng.sample(sentences, k))
        papers.append({"title": f"Synthetic paper {i}", "abstract": f"Study {i} (seed {seed}). {body}"})
    return papers


def papers_in(path: Path) -> list[Paper]:
    return [p for p in read_papers(path) if isinstance(p, Paper)]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


def kill_after_rounds(path: Path, store: Path, rounds: int, batch: int, *args: str) -> tuple[int, str]:
    """Run ingest, SIGKILL it while it is paused after ``rounds`` written rounds (the
    ``PA_TEST_PAUSE_AFTER_ROUNDS`` hook, so the kill lands at that point however loaded the
    machine is); meanwhile a second ingest is refused."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "ingest", str(path), "--store", str(store), "--batch-size", str(batch), *args],
        cwd=PROJECT_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=os.environ | {"PA_TEST_PAUSE_AFTER_ROUNDS": str(rounds)},
    )
    marker = f"ingest paused after {rounds} rounds".encode()
    seen = bytearray()
    assert proc.stderr is not None
    while marker not in seen:  # blocks on the pipe: no clock involved
        chunk = proc.stderr.read1(4096)  # type: ignore[attr-defined]
        assert chunk, f"ingest exited ({proc.wait()}) before pausing: {seen.decode(errors='replace')}"
        seen.extend(chunk)
    assert proc.poll() is None
    second = run_cli(str(path), "--store", str(store), "--quiet")
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert second.returncode == 1 and f"another ingest (pid {proc.pid})" in second.stderr
    counts = [int(m) for m in re.findall(rb"embedding:[^|]*\|[^|]*\| *(\d+)/", bytes(seen))]
    assert max(counts) == rounds * batch  # the pause came right after the asked-for round
    return proc.pid, seen.decode(errors="replace")


def test_sigkill_mid_ingest_then_rerun_leaves_the_store_exact(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    store = tmp_path / "store"
    settings = Settings(store=store)
    rows = synthetic_papers(40, seed=1)  # five rounds of 8: killed after two (72 cost 113 s of CI)
    path = write_jsonl(tmp_path / "big.jsonl", rows)

    _pid, progress = kill_after_rounds(path, store, rounds=2, batch=8)
    assert "reading" in progress  # the progress bars are on stderr without --quiet
    rerun = run_cli(str(path), "--store", str(store), "--json")
    assert rerun.returncode == 0, rerun.stderr
    report = json.loads(rerun.stdout)
    assert report["papers"] == 40 and report["added"] + report["updated"] + report["unchanged"] == 40
    assert report["unchanged"] >= 16  # the rounds written before the kill are kept
    assert_exact(settings, embedder, papers_in(path))

    # Now an update that changes chunk counts both ways, killed half-way, then finished.
    # (--prune: the store is to be exactly the file, down to fields the new records lack.)
    changed = synthetic_papers(40, seed=2, long_every=3)  # new abstracts; every third is long
    changed = [c | {"title": r["title"]} for c, r in zip(changed, rows, strict=True)]
    write_jsonl(path, changed)
    kill_after_rounds(path, store, 3, 8, "--prune")
    final = run_cli(str(path), "--store", str(store), "--json", "--batch-size", "8", "--prune")
    assert final.returncode == 0, final.stderr
    assert json.loads(final.stdout)["papers"] == 40
    assert_exact(settings, embedder, papers_in(path))
    quiet = run_cli(str(path), "--store", str(store), "--quiet")
    assert "already in sync" in quiet.stdout and "embedding" not in quiet.stderr


_UPLOAD = """
import sys
from pathlib import Path
from assistant.embed import make_embedder
from assistant.settings import Settings
from ingest.pipeline import ingest_paths
settings = Settings(store=Path(sys.argv[1]))
# As the app's "Add papers" handler does: an in-process ingest of the uploaded file.
report = ingest_paths([Path(sys.argv[2])], settings, make_embedder(settings), progress=True)
print(report.added)
"""


def test_sigkill_during_an_upload_leaves_the_store_intact_and_the_next_upload_completes(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    from assistant.ask import Assistant

    store = tmp_path / "store"
    settings = Settings(store=store)
    base = write_jsonl(tmp_path / "base.jsonl", synthetic_papers(12, seed=6))
    ingest_paths([base], settings, embedder, progress=False)
    bot = Assistant(settings, embedder)  # an app's session open on the store throughout
    before = bot.ask("Which synthetic study is numbered 3?")
    upload = write_jsonl(
        tmp_path / "upload.jsonl",
        [r | {"title": f"Uploaded paper {i}"} for i, r in enumerate(synthetic_papers(40, seed=7))],
    )
    env = os.environ | {"PA_TEST_PAUSE_AFTER_ROUNDS": "2", "PA_INGEST_ROUND": "8"}
    proc = subprocess.Popen(
        [sys.executable, "-c", _UPLOAD, str(store), str(upload)],
        cwd=PROJECT_DIR, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    seen = b""
    assert proc.stderr is not None
    while b"ingest paused after 2 rounds" not in seen:  # mid-upload, holding the lock
        chunk = proc.stderr.read1(4096)  # type: ignore[attr-defined]
        assert chunk, seen.decode(errors="replace")
        seen += chunk
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    # Intact: every paper stored before is there, the vector index agrees, the session answers.
    dump = dump_store(store)
    titles = {m["title"] for m, _ in dump["records"].values()}
    assert {p.title for p in papers_in(base)} <= titles and dump["nearest_is_self"]
    bot.retriever.invalidate()
    assert bot.ask("Which synthetic study is numbered 3?").answer == before.answer
    # The next upload completes, writing only what the killed one had not.
    again = subprocess.run(
        [sys.executable, "-c", _UPLOAD, str(store), str(upload)],
        cwd=PROJECT_DIR, capture_output=True, text=True, env=os.environ | {"PA_INGEST_ROUND": "8"},
    )  # fmt: skip
    assert again.returncode == 0, again.stderr[-2000:]
    assert int(again.stdout.strip()) == 40 - 16
    assert_exact(settings, embedder, papers_in(base) + papers_in(upload))


def test_a_check_summary_marks_its_chunk_count_as_the_current_one() -> None:
    from ingest.report import SyncReport

    assert SyncReport(papers=81, chunks=173, added=2, check=True).summary().startswith(
        "81 papers, 173 chunks now: 2 added"
    )
    assert SyncReport(papers=81, chunks=175, added=2).summary().startswith("81 papers, 175 chunks: 2 added")


def test_the_summary_counts_in_the_singular_and_quotes_titles_as_written() -> None:
    # Regression (new-user trial): "read mine.jsonl as jsonl: 1 papers" and titles printed with
    # repr(), which doubled backslashes ('Tactile-Language Pretraining with $\\alpha$-Mixup').
    from ingest.collect import FileReport
    from ingest.report import PaperRef, SyncReport

    report = SyncReport(
        papers=1,
        chunks=1,
        added=1,
        files=[FileReport(path="mine.jsonl", format="jsonl", papers=1, skipped=0)],
        added_papers=[PaperRef(paper_id="x", title=r"Pretraining with $\alpha$-Mixup", source="mine.jsonl:1")],
    )
    text = report.summary()
    assert text.startswith("1 paper, 1 chunk: 1 added")
    assert "read mine.jsonl as jsonl: 1 paper, 0 skipped" in text
    assert r"added “Pretraining with $\alpha$-Mixup” from mine.jsonl:1" in text


def test_a_long_title_in_the_summary_is_cut_at_a_word_with_an_ellipsis() -> None:
    # Regression (new-user trial 10): "…Cross-Modal Content Dilutio", cut at 80 characters.
    from ingest.report import TITLE_CHARS, PaperRef, SyncReport

    title = "Unveiling the Ignorance of MLLMs: Seeing Clearly, Answering Incorrectly under Cross-Modal Content Dilution"
    report = SyncReport(papers=1, chunks=1, added=1, added_papers=[PaperRef(paper_id="x", title=title, source="a.txt")])
    shown = report.summary().split("“")[1].split("”")[0]
    head, tail = shown.split(" … ")
    assert len(shown) <= TITLE_CHARS and title.startswith(head) and title.endswith(tail)
    assert tail.endswith("Content Dilution") and "Dilutio " not in shown


def test_a_title_of_one_long_word_keeps_its_start_and_end_in_the_summary() -> None:
    # Regression (review of the fix above): textwrap.shorten gave "…" alone for a 200-letter word;
    # (new-user trial 12) "A"*300 and "A"*299+"B" were both "AAA…(79)…": the end tells them apart.
    from ingest.report import TITLE_CHARS, clipped

    one, other = clipped("A" * 300), clipped("A" * 299 + "B")
    assert one != other and other.endswith("…" + "A" * 25 + "B") and len(one) <= TITLE_CHARS
    assert clipped("Short title") == "Short title"
    assert clipped("Über-lange Titel " + "x" * 100 + " Ende").startswith("Über-lange Titel xxx")
    assert clipped("Über-lange Titel " + "x" * 100 + " Ende").endswith("…" + "x" * 21 + " Ende")
