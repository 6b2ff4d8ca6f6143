"""Carry out a sync plan: embed and upsert in rounds a crash can cut, delete what is gone, save BM25."""

from __future__ import annotations

import signal
import sys
import time
from typing import Any

import numpy as np
from tqdm import tqdm

from assistant.bm25_index import BM25Index, index_dir, mark_writing, refresh_index, store_version
from assistant.embed import Embedder
from assistant.settings import Settings
from assistant.store import Store, disk_full_errors
from ingest.chunking import chunk_paper, title_prefix
from ingest.collect import Collection
from ingest.metadata import paper_metadata
from ingest.plan import Plan
from ingest.report import SyncReport

WRITE_BATCH = 128  # papers per embed+upsert round: one round is the unit a crash can cut


def round_size(embedder: Embedder) -> int:
    """Papers per write round: :data:`WRITE_BATCH`, or enough to keep every request of a
    concurrent embedder (``concurrency`` x ``batch_size`` texts) in flight."""
    return max(WRITE_BATCH, getattr(embedder, "concurrency", 1) * getattr(embedder, "batch_size", 0))


def write_plan(
    plan: Plan,
    papers: Collection,
    store: Store,
    embedder: Embedder,
    settings: Settings,
    *,
    progress: bool = True,
    batch_size: int | None = None,
) -> SyncReport:
    """Carry out ``plan``: per round, delete stale chunks, then upsert new ones; then delete ``gone``.

    Then the BM25 index is rebuilt and saved beside the store (:mod:`assistant.bm25_index`),
    or left as it is when nothing was written and it is current.

    Returns the plan's report with ``chunks`` counted from the store.

    Raises:
        assistant.store.DiskFull: the store's disk filled up; earlier rounds are kept.
    """
    batch_size = batch_size or settings.ingest_round or round_size(embedder)
    with disk_full_errors(settings):
        if plan.todo or plan.gone:
            mark_writing(store)  # a crash from here on leaves no saved BM25 index that looks current
        _write_rounds(plan, papers, store, embedder, settings, progress, batch_size)
    return plan.report


def _write_rounds(
    plan: Plan,
    papers: Collection,
    store: Store,
    embedder: Embedder,
    settings: Settings,
    progress: bool,
    batch_size: int,
) -> None:
    state = plan.state
    bar = tqdm(total=len(plan.todo), unit="paper", desc="embedding", disable=not progress or not plan.todo)
    for start in range(0, len(plan.todo), batch_size):
        gids = plan.todo[start : start + batch_size]
        batch = papers.get(gids)
        ids: list[str] = []
        documents: list[str] = []
        metadatas: list[dict[str, Any]] = []
        counts: list[int] = []  # each paper's chunks, for the bar
        # "added" (Unix s, for the Library tab): kept from the stored copy on an update.
        now = int(time.time())
        kept = store.paper_records([p.paper_id for p in batch if p.paper_id in state])
        for paper in batch:
            chunks = chunk_paper(paper, embedder, settings)
            prefix = title_prefix(paper.title, embedder)
            base = paper_metadata(paper) | {"added": kept.get(paper.paper_id, {}).get("added", now)}
            for i, chunk in enumerate(chunks):
                meta = base | {"chunk_index": i, "n_chunks": len(chunks)}
                if i == 0:
                    meta["abstract"] = paper.abstract
                ids.append(f"{paper.paper_id}:{i}")
                documents.append(f"{prefix}\n{chunk}")
                metadatas.append(meta)
            counts.append(len(chunks))
        vectors = _embed_with_progress(embedder, documents, counts, bar, settings.embed_batch_size * 4)
        # Old chunks of changed papers (their count may differ) and stored copies they replace.
        stale = [p.paper_id for p in batch if p.paper_id in state]
        stale += [other for gid in gids for other in plan.delete_first.get(gid, [])]
        for part in range(0, len(stale), 500):
            store.collection.delete(where={"paper_id": {"$in": stale[part : part + 500]}})
        store.collection.upsert(
            ids=ids, embeddings=vectors.tolist(), documents=documents, metadatas=metadatas
        )
        rounds = start // batch_size + 1
        if rounds == settings.test_pause_after_rounds:
            bar.refresh()
            _pause_for_test(rounds)
    bar.close()
    for start in range(0, len(plan.gone), 500):
        store.collection.delete(where={"paper_id": {"$in": plan.gone[start : start + 500]}})
    plan.report.chunks = store.count()
    if (
        plan.todo
        or plan.gone
        or BM25Index.load(index_dir(settings), store_version(store), plan.report.chunks) is None
    ):
        refresh_index(store, progress=progress)  # so that opening the store does not rebuild it


def _embed_with_progress(
    embedder: Embedder, documents: list[str], counts: list[int], bar: tqdm, step: int
) -> np.ndarray:
    """``documents`` [n] embedded about ``step`` at a time, whole papers per call (``counts``: each
    paper's documents, in order), the bar moved by papers after each call; [n, dim].

    A round is written to the store at once, but the bar moves within it: the bundled 79 papers are
    one round, and the bar sat at 0% for 70 s under load (new-user trial 16)."""
    parts: list[np.ndarray] = []
    start = end = papers = 0
    for i, count in enumerate(counts):
        papers += 1
        end += count
        if end - start >= step or i == len(counts) - 1:
            parts.append(embedder.embed(documents[start:end]))
            bar.update(papers)
            start, papers = end, 0
    return np.concatenate(parts) if parts else np.zeros((0, embedder.dim), dtype=np.float32)


def _pause_for_test(rounds: int) -> None:
    """Announce the pause on stderr, then wait (holding the lock) until the process is killed."""
    sys.stderr.write(f"\ningest paused after {rounds} rounds (PA_TEST_PAUSE_AFTER_ROUNDS)\n")
    sys.stderr.flush()
    while True:
        signal.pause()
