"""Ingest into a real persistent Chroma: idempotence, updates, model stamp, CLI report."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.embed import MiniLMOnnxEmbedder
from assistant.settings import PROJECT_DIR, Settings
from assistant.store import DiskFull, EmbeddingModelMismatch, Store
from assistant.types import Paper
from ingest.pipeline import SyncReport, ingest_paths
from tests.conftest import write_digest

ABSTRACT = "We present a model that reads images and text. " * 8


def test_first_ingest_stores_79_papers(first_ingest: SyncReport) -> None:
    assert (first_ingest.papers, first_ingest.added, first_ingest.skipped) == (79, 79, [])
    assert first_ingest.chunks >= 79


def test_reingest_is_a_noop(
    corpus_settings: Settings, embedder: MiniLMOnnxEmbedder, first_ingest: SyncReport
) -> None:
    from assistant.settings import BUNDLED_CORPUS

    again = ingest_paths([BUNDLED_CORPUS], corpus_settings, embedder, progress=False)
    assert (again.papers, again.chunks) == (79, first_ingest.chunks)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 79)
    assert "already in sync" in again.summary()
    store = Store(corpus_settings, embedder.model_id)
    ids = [i for i, _, _ in store.iter_records(include=[])]
    assert len(ids) == len(set(ids)) == first_ingest.chunks


def test_chunks_fit_the_embedding_window(
    corpus_settings: Settings, embedder: MiniLMOnnxEmbedder, first_ingest: SyncReport
) -> None:
    store = Store(corpus_settings, embedder.model_id)
    for _id, meta, doc in store.iter_records(include=["metadatas", "documents"]):
        assert len(embedder.token_ids(doc)) + 2 <= embedder.max_tokens, meta["title"]


def test_long_abstract_is_chunked_not_truncated(tmp_path: Path, embedder: MiniLMOnnxEmbedder) -> None:
    long = " ".join(f"Sentence number {i} describes the method in detail." for i in range(120))
    path = write_digest(tmp_path / "long.txt", [("A Very Long Paper", long)])
    settings = Settings(store=tmp_path / "store")
    report = ingest_paths([path], settings, embedder, progress=False)
    assert report.papers == 1 and report.chunks > 5
    store = Store(settings, embedder.model_id)
    text = " ".join(doc.split("\n", 1)[1] for _, _, doc in store.iter_records(include=["documents"]))
    for i in range(120):
        assert f"Sentence number {i} describes" in text


def test_changed_abstract_is_updated_in_place(tmp_path: Path, embedder: MiniLMOnnxEmbedder) -> None:
    settings = Settings(store=tmp_path / "store")
    path = write_digest(tmp_path / "a.txt", [("Paper A", ABSTRACT), ("Paper B", ABSTRACT)])
    ingest_paths([path], settings, embedder, progress=False)
    longer = ABSTRACT + " ".join(f"Extra finding {i} about captions." for i in range(60))
    write_digest(path, [("Paper A", longer), ("Paper B", ABSTRACT)])
    report = ingest_paths([path], settings, embedder, progress=False)
    assert (report.added, report.updated, report.unchanged, report.papers) == (0, 1, 1, 2)
    store = Store(settings, embedder.model_id)
    metas = [m for _, m, _ in store.iter_records(include=["metadatas"])]
    a_chunks = [m for m in metas if m["title"] == "Paper A"]
    assert len(a_chunks) == a_chunks[0]["n_chunks"] > 1  # no orphans from the old version
    assert {m["content_hash"] for m in a_chunks} == {a_chunks[0]["content_hash"]}


def test_latex_escaped_characters_are_stored_as_the_characters(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    # Regression (new-user trial): the bundled MixSpeech abstract's "CMLR (11.1\%)" showed as
    # "11.1\%" in answers, draft.md and the source cards. LaTeX commands stay as they are.
    settings = Settings(store=tmp_path / "store")
    abstract = ABSTRACT + " Error falls on CMLR (11.1\\%) at \\$5 per run, R\\&D on x\\_1 with \\alpha."
    path = write_digest(tmp_path / "a.txt", [("Speech \\& Lips", abstract)])
    ingest_paths([path], settings, embedder, progress=False)
    (meta,) = [m for _, m, _ in Store(settings, embedder.model_id).iter_records(include=["metadatas"])][:1]
    assert meta["title"] == "Speech & Lips"
    assert "CMLR (11.1%) at $5 per run, R&D on x_1 with \\alpha." in meta["abstract"]


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("R\\&D at 11.1\\%", "R&D at 11.1%"),
        ("a line\\\\%comment", "a line\\\\%comment"),  # escaped backslash: "\\\\" then "%", kept
        ("a price $\\$5$ in math", "a price $\\$5$ in math"),  # math is LaTeX already
        ("a trailing backslash \\", "a trailing backslash \\"),
    ],
)
def test_latex_unescaping_is_idempotent(written: str, stored: str) -> None:
    # Regression (break3): "\\\\%" became "\\%" on ingest and "%" when the paper was rebuilt
    # from the store (ingest.metadata.stored_paper), so its content hash changed and a
    # character was lost; "$\\$5$" became "$$5$", which no longer parses as math.
    paper = Paper(title=written, abstract=written)
    assert (paper.title, paper.abstract) == (stored, stored)
    again = Paper(**paper.model_dump())
    assert (again.title, again.content_hash) == (stored, paper.content_hash)


def test_titles_without_latin_letters_are_different_papers(tmp_path: Path) -> None:
    # Regression (break3): normalize_title kept only [a-z0-9], so every title in Chinese (or
    # of punctuation only, "\\%") had the paper id of the empty title: the second such record
    # of a file was skipped as "same paper id ... as another record" and never stored.
    path = tmp_path / "cjk.jsonl"
    records = [
        {"title": "多模态大模型综述", "abstract": ABSTRACT},
        {"title": "视觉语言预训练", "abstract": ABSTRACT + " Another paper."},
        {"title": "\\%", "abstract": ABSTRACT + " A third paper."},
        {"title": "\\&", "abstract": ABSTRACT + " A fourth paper."},
        {"title": "A \\& B", "abstract": ABSTRACT + " A fifth paper."},
        {"title": "A & B", "abstract": ABSTRACT + " The fifth paper again."},
    ]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records), encoding="utf-8")
    store = str(tmp_path / "store")
    first = run_cli("ingest", str(path), "--store", store, "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert (report["papers"], report["added"]) == (5, 5)  # "A \\& B" and "A & B" are one title
    assert "cjk.jsonl:6" in first.stdout and "same title" in first.stdout  # the merge names the line
    second = run_cli("ingest", str(path), "--store", store)
    assert second.returncode == 0 and "already in sync" in second.stdout


def test_other_embedding_model_is_refused_and_nothing_deleted(
    corpus_settings: Settings, embedder: MiniLMOnnxEmbedder, first_ingest: SyncReport
) -> None:
    with pytest.raises(EmbeddingModelMismatch, match="--rebuild"):
        Store(corpus_settings, "some-other-model")
    assert Store(corpus_settings, embedder.model_id).count() == first_ingest.chunks


def test_rebuild_replaces_the_collection(tmp_path: Path, embedder: MiniLMOnnxEmbedder) -> None:
    settings = Settings(store=tmp_path / "store")
    path = write_digest(tmp_path / "a.txt", [("Paper A", ABSTRACT)])
    ingest_paths([path], settings, embedder, progress=False)
    Store(settings, "old-model", rebuild=True)  # as if built by another model
    with pytest.raises(EmbeddingModelMismatch):
        ingest_paths([path], settings, embedder, progress=False)
    report = ingest_paths([path], settings, embedder, rebuild=True, progress=False)
    assert (report.added, report.papers) == (1, 1)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=1800
    )


def test_cli_json_report_and_noop(tmp_path: Path) -> None:
    path = write_digest(tmp_path / "a.txt", [("Paper A", ABSTRACT), ("Paper B", ABSTRACT)])
    store = str(tmp_path / "store")
    first = run_cli("ingest", str(path), "--store", store, "--json")
    assert first.returncode == 0, first.stderr
    report = json.loads(first.stdout)
    assert {k: report[k] for k in ("papers", "added", "updated", "unchanged")} == {
        "papers": 2,
        "added": 2,
        "updated": 0,
        "unchanged": 0,
    }
    assert isinstance(report["chunks"], int)
    second = run_cli("ingest", str(path), "--store", store)
    assert second.returncode == 0 and "already in sync" in second.stdout


def test_cli_unreadable_file_leaves_store_untouched(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    good = write_digest(tmp_path / "a.txt", [("Paper A", ABSTRACT)])
    assert run_cli("ingest", str(good), "--store", store, "--quiet").returncode == 0
    bad = tmp_path / "bad.txt"
    bad.write_text("only\n\nshort\n\nlines\n")
    result = run_cli("ingest", str(bad), "--store", store, "--prune")
    assert result.returncode == 1 and "bad.txt" in result.stderr
    check = run_cli("ingest", str(good), "--store", store, "--json")
    assert json.loads(check.stdout)["unchanged"] == 1


def test_check_on_empty_store_reports_without_writing(tmp_path: Path) -> None:
    # Regression: --check on a store with no collection stopped with "no papers yet".
    path = write_digest(tmp_path / "a.txt", [("Paper A", ABSTRACT)])
    result = run_cli("ingest", str(path), "--store", str(tmp_path / "store"), "--check", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["added"] == 1
    assert run_cli("ingest", str(path), "--store", str(tmp_path / "store"), "--json").returncode == 0


def test_a_lone_surrogate_is_repaired_and_the_paper_stored(tmp_path: Path) -> None:
    # Regression (issue 13): a PDF-to-text tool wrote the first half of U+1D431 (a math
    # letter) alone; the whole record was skipped as "not valid UTF-8".
    path = tmp_path / "broken.jsonl"
    path.write_text(
        json.dumps({"title": "Paper A", "abstract": ABSTRACT})
        + "\n"
        + '{"title": "Sparse \\ud835 attention", "abstract": "We bound the error by \\ud835 and '
        + ABSTRACT
        + '", "authors": ["Ana Souza"], "year": 2024}\n',
        encoding="utf-8",
    )
    store = tmp_path / "store"
    result = run_cli("ingest", str(path), "--store", store.as_posix(), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["added"], report["skipped_count"], report["repaired_count"]) == (2, 0, 1)
    assert report["repaired"][0]["source"] == f"{path}:2"
    assert "replaced 2 characters" in report["repaired"][0]["reason"]
    assert "'title' (1), 'abstract' (1)" in report["repaired"][0]["reason"]
    stored = {
        m["title"]: m
        for _, m, _ in Store(Settings(store=store), MiniLMOnnxEmbedder().model_id).iter_records(
            include=["metadatas"]
        )
    }
    paper = stored["Sparse \ufffd attention"]  # the rest of the record is kept
    assert paper["abstract"].startswith("We bound the error by \ufffd and We present")
    assert paper["year"] == 2024 and json.loads(paper["authors"]) == ["Ana Souza"]
    text = run_cli("ingest", str(path), "--store", store.as_posix(), "--check")
    assert f"repaired {path}:2: replaced 2 characters" in text.stdout and "1 repaired" in text.stdout


# --- a full disk during ingest -----------------------------------------------------------------------


def test_enospc_in_the_write_path_names_the_cause_and_loses_nothing(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The simulated variant (always runs); the real full disk is the tmpfs test below.
    from chromadb.api.models.Collection import Collection

    settings = Settings(store=tmp_path / "store", ingest_round=1)
    first = write_digest(tmp_path / "a.txt", [("Paper A", ABSTRACT), ("Paper B", ABSTRACT + " More.")])
    ingest_paths([first], settings, embedder, progress=False)
    more = write_digest(tmp_path / "b.txt", [(f"Paper {c}", ABSTRACT + f" {c}.") for c in "CDE"])
    upsert = Collection.upsert
    calls = []

    def full_disk(self: Collection, *args: object, **kwargs: object) -> None:
        calls.append(1)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        upsert(self, *args, **kwargs)

    monkeypatch.setattr(Collection, "upsert", full_disk)
    with pytest.raises(DiskFull, match=rf"the disk holding {tmp_path / 'store'} is full .*No space left"):
        ingest_paths([more], settings, embedder, progress=False)
    monkeypatch.setattr(Collection, "upsert", upsert)
    stored = Store(settings, embedder.model_id)
    titles = {m["title"] for _, m, _ in stored.iter_records(include=["metadatas"])}
    assert titles == {"Paper A", "Paper B", "Paper C"}  # the round before the failure is kept
    report = ingest_paths([first, more], settings, embedder, progress=False)
    assert (report.unchanged, report.added, report.papers) == (3, 2, 5)


def test_a_full_disk_during_ingest_names_the_cause_and_the_next_run_completes(
    tmp_path: Path, embedder: MiniLMOnnxEmbedder
) -> None:
    from tests.test_sync import assert_exact, papers_in, synthetic_papers, write_jsonl

    disk = tmp_path / "disk"
    disk.mkdir()
    if (
        os.geteuid() != 0
        or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(disk)]).returncode
    ):
        pytest.skip("mounting a size-limited tmpfs needs root (the simulated ENOSPC test covers the rest)")
    try:
        settings = Settings(store=disk / "store")
        first = write_jsonl(tmp_path / "first.jsonl", synthetic_papers(20, seed=4))
        ingest_paths([first], settings, embedder, progress=False)
        used = shutil.disk_usage(disk).used
        remount = ["mount", "-o", f"remount,size={used + 2**20}", str(disk)]
        subprocess.run(remount, check=True)  # 1 MiB left
        rows = synthetic_papers(220, seed=5)
        more = write_jsonl(
            tmp_path / "more.jsonl", [r | {"title": f"More paper {i}"} for i, r in enumerate(rows)]
        )
        env = os.environ | {"PA_INGEST_ROUND": "16"}
        failed = subprocess.run(
            [sys.executable, "-m", "ingest", str(first), str(more), "--store", str(disk / "store"), "--quiet"],
            cwd=PROJECT_DIR, capture_output=True, text=True, env=env,
        )  # fmt: skip
        assert failed.returncode == 1, failed.stderr[-2000:]
        assert f"ingest: the disk holding {disk / 'store'} is full (" in failed.stderr
        subprocess.run(["mount", "-o", "remount,size=64m", str(disk)], check=True)  # space freed
        stored = {p.title for p in papers_in(first)}
        assert stored <= {
            m["title"] for _, m, _ in Store(settings, embedder.model_id).iter_records(["metadatas"])
        }
        rerun = run_cli("ingest", str(first), str(more), "--store", str(disk / "store"), "--json")
        assert rerun.returncode == 0, rerun.stderr
        assert json.loads(rerun.stdout)["papers"] == 240
        assert_exact(settings, embedder, papers_in(first) + papers_in(more))
    finally:
        subprocess.run(["umount", "-l", str(disk)])


def test_cli_a_directory_or_a_bad_setting_is_named_and_the_store_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Regression (break4): `python -m ingest papers/` said "papers: no such file", and
    # PA_EMBED_BATCH_SIZE=0 crashed mid-ingest with "range() arg 3 must not be zero".
    from ingest.__main__ import main as ingest_main

    store = str(tmp_path / "store")
    good = write_digest(tmp_path / "a.txt", [("Paper A", ABSTRACT)])
    assert ingest_main([str(good), "--store", store, "--quiet"]) == 0
    folder = tmp_path / "papers"
    folder.mkdir()
    assert ingest_main([str(folder), "--store", store, "--quiet", "--prune"]) == 1
    assert f"ingest: {folder}: is a directory, not a file of papers" in capsys.readouterr().err
    monkeypatch.setenv("PA_EMBED_BATCH_SIZE", "0")
    assert ingest_main([str(good), "--store", store, "--quiet"]) == 2
    assert "ingest: bad setting: PA_EMBED_BATCH_SIZE = '0': Input should be greater than or equal to 1" in (
        capsys.readouterr().err
    )
    monkeypatch.delenv("PA_EMBED_BATCH_SIZE")
    assert ingest_main([str(good), "--store", store, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["unchanged"] == 1  # nothing lost


def test_the_embedding_bar_moves_within_a_round(embedder: MiniLMOnnxEmbedder) -> None:
    # New-user trial 16: the bundled 79 papers are one write round, and "embedding: 0%" sat for 70 s
    # before jumping to 100%. Papers are now embedded a few at a time, whole, and the bar moves after each.
    from ingest.write import _embed_with_progress

    class Bar:
        def __init__(self) -> None:
            self.updates: list[int] = []

        def update(self, n: int) -> None:
            self.updates.append(n)

    documents = ["audio captioning", "with ChatGPT", "trailer videos", "mixture", "of", "experts", "MMVP"]
    bar = Bar()
    vectors = _embed_with_progress(embedder, documents, [2, 1, 3, 1], bar, step=3)  # type: ignore[arg-type]
    assert bar.updates == [2, 1, 1]  # papers 1-2 (3 chunks), paper 3 (3 chunks), paper 4
    assert np.allclose(vectors, embedder.embed(documents), atol=1e-5)
    assert _embed_with_progress(embedder, [], [], bar, step=3).shape == (0, embedder.dim)  # type: ignore[arg-type]
