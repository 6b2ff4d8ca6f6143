"""Sync papers into the store: chunk → embed → upsert, idempotent and crash-safe.

The Chroma collection is the only state. Each chunk's metadata carries its
paper's ``content_hash`` and ``n_chunks``, so a re-run can tell, from the store
alone, which papers are new, changed, unchanged, or half-written by a run that
was killed, and repair exactly those. (llama-index's ``IngestionPipeline`` keeps
that state in a separate docstore file, which a crash can leave out of step with
the vectors; see ARCHITECTURE.md.)
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any

from llama_index.core.node_parser import SentenceSplitter
from pydantic import BaseModel, Field
from tqdm import tqdm

from assistant.embed import Embedder
from assistant.settings import Settings
from assistant.store import EmptyStore, Store, StoreError, describe
from assistant.types import Paper
from ingest.readers import Skipped, read_papers

WRITE_BATCH = 128  # papers per embed+upsert round: one round is the unit a crash can cut


class SyncReport(BaseModel):
    """What an ingest did (or, with ``check``, would do)."""

    papers: int = Field(description="papers in the store afterwards")
    chunks: int = Field(description="chunks in the store afterwards")
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[Skipped] = Field(default_factory=list)

    def summary(self) -> str:
        """One human line, plus one line per skipped record."""
        noop = (
            " (nothing to do: the store was already in sync)"
            if not (self.added or self.updated or self.removed)
            else ""
        )
        lines = [
            f"{self.papers} papers, {self.chunks} chunks: {self.added} added, {self.updated} "
            f"updated, {self.unchanged} unchanged, {self.removed} removed, "
            f"{len(self.skipped)} skipped{noop}"
        ]
        lines += [f"  skipped {s.source}: {s.reason}" for s in self.skipped]
        return "\n".join(lines)


@contextmanager
def ingest_lock(settings: Settings) -> Iterator[None]:
    """Hold an exclusive lock on a persistent store for the whole ingest.

    Raises:
        StoreError: another ingest holds it.
    """
    if settings.chroma_host:  # a server serialises writes itself
        yield
        return
    settings.store.mkdir(parents=True, exist_ok=True)
    path = settings.store / ".ingest.lock"
    with path.open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise StoreError(
                f"another ingest (pid {holder}) is writing to {settings.store}; "
                "wait for it to finish, then run this again."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def collect_papers(paths: Iterable[Path]) -> tuple[dict[str, Paper], list[Skipped]]:
    """Read every path; one Paper per paper id, duplicates reported and merged.

    Raises:
        ingest.readers.UnreadableFile: a file cannot be parsed at all.
    """
    papers: dict[str, Paper] = {}
    skipped: list[Skipped] = []
    for path in paths:
        for item in read_papers(path):
            if isinstance(item, Skipped):
                skipped.append(item)
                continue
            first = papers.get(item.paper_id)
            if first is None:
                papers[item.paper_id] = item
                continue
            skipped.append(Skipped(source=item.source, reason=f"duplicate of {first.source}; merged into it"))
            # Fill fields the first copy lacks; never overwrite what it has.
            missing = {k: v for k, v in item.model_dump().items() if v and not getattr(first, k)}
            if missing:
                papers[item.paper_id] = first.model_copy(update=missing)
    return papers, skipped


@lru_cache(maxsize=64)
def _splitter(chunk_tokens: int, overlap: int, count: Callable[[str], list[int]]) -> SentenceSplitter:
    return SentenceSplitter(chunk_size=chunk_tokens, chunk_overlap=overlap, tokenizer=count)


def chunk_paper(paper: Paper, embedder: Embedder, settings: Settings) -> list[str]:
    """The paper's abstract split into sentence-aligned chunks that fit the embedder.

    Each chunk is embedded with the title in front, so the chunk budget is the
    model window less the title and two special tokens. Nothing is truncated:
    a long abstract yields more chunks.
    """
    title_tokens = len(embedder.token_ids(paper.title))
    budget = max(48, min(settings.chunk_tokens, embedder.max_tokens - title_tokens - 3))
    overlap = min(settings.chunk_overlap, budget // 4)
    # A bound method hashes by its instance, so the splitter is built once per budget.
    splitter = _splitter(budget, overlap, embedder.token_ids)
    return splitter.split_text(paper.abstract) or [paper.abstract]


def paper_metadata(paper: Paper) -> dict[str, Any]:
    """The paper's fields as Chroma metadata: lists as JSON strings, missing values omitted."""
    meta: dict[str, Any] = {
        "paper_id": paper.paper_id,
        "title": paper.title,
        "content_hash": paper.content_hash,
        "has_code": bool(paper.code_url),
        "source": paper.source,
    }
    for key in ("url", "code_url", "year", "arxiv_id", "doi"):
        value = getattr(paper, key)
        if value not in (None, ""):
            meta[key] = value
    for key in ("authors", "categories"):
        values = getattr(paper, key)
        if values:
            meta[key] = json.dumps(values, ensure_ascii=False)
    return meta


def stored_state(store: Store) -> dict[str, dict[str, Any]]:
    """Per paper id in the store: its content hash, expected and found chunk counts."""
    state: dict[str, dict[str, Any]] = {}
    for _id, meta, _doc in store.iter_records(include=["metadatas"]):
        entry = state.setdefault(
            meta["paper_id"],
            {"hash": meta.get("content_hash"), "n_chunks": meta.get("n_chunks"), "found": 0},
        )
        entry["found"] += 1
        if entry["hash"] != meta.get("content_hash"):
            entry["hash"] = None  # mixed versions: a crashed update; rewrite it
    return state


def sync(
    papers: dict[str, Paper],
    skipped: list[Skipped],
    store: Store,
    embedder: Embedder,
    settings: Settings,
    *,
    prune: bool = False,
    check: bool = False,
    progress: bool = True,
) -> SyncReport:
    """Make the store hold exactly ``papers`` (plus, without ``prune``, what it had).

    With ``check`` nothing is embedded or written; the report says what would be.
    Returns a :class:`SyncReport`.
    """
    state = stored_state(store)
    todo: list[Paper] = []
    report = SyncReport(papers=0, chunks=0, skipped=list(skipped))
    for pid, paper in papers.items():
        old = state.get(pid)
        if old is None:
            report.added += 1
            todo.append(paper)
        elif old["hash"] != paper.content_hash or old["found"] != old["n_chunks"]:
            report.updated += 1
            todo.append(paper)
        else:
            report.unchanged += 1
    gone = [pid for pid in state if pid not in papers] if prune else []
    report.removed = len(gone)
    if check:
        report.papers = len(state) + report.added - report.removed
        report.chunks = store.count()
        return report

    bar = tqdm(total=len(todo), unit="paper", desc="embedding", disable=not progress or not todo)
    for start in range(0, len(todo), WRITE_BATCH):
        batch = todo[start : start + WRITE_BATCH]
        ids: list[str] = []
        documents: list[str] = []
        metadatas: list[dict[str, Any]] = []
        for paper in batch:
            chunks = chunk_paper(paper, embedder, settings)
            base = paper_metadata(paper)
            for i, chunk in enumerate(chunks):
                meta = base | {"chunk_index": i, "n_chunks": len(chunks)}
                if i == 0:
                    meta["abstract"] = paper.abstract
                ids.append(f"{paper.paper_id}:{i}")
                documents.append(f"{paper.title}\n{chunk}")
                metadatas.append(meta)
        vectors = embedder.embed(documents)
        stale = [p.paper_id for p in batch if p.paper_id in state]
        if stale:  # old chunks of changed papers (their count may differ)
            store.collection.delete(where={"paper_id": {"$in": stale}})
        store.collection.upsert(
            ids=ids, embeddings=vectors.tolist(), documents=documents, metadatas=metadatas
        )
        bar.update(len(batch))
    bar.close()
    for start in range(0, len(gone), 500):
        store.collection.delete(where={"paper_id": {"$in": gone[start : start + 500]}})

    report.chunks = store.count()
    report.papers = len(state) + report.added - report.removed
    return report


def ingest_paths(
    paths: list[Path],
    settings: Settings,
    embedder: Embedder,
    *,
    rebuild: bool = False,
    prune: bool = False,
    check: bool = False,
    progress: bool = True,
) -> SyncReport:
    """Read ``paths`` and sync them into the configured store, under the ingest lock.

    Raises:
        ingest.readers.UnreadableFile: a file cannot be parsed; the store is untouched.
        assistant.store.EmbeddingModelMismatch: the store was built by another model.
        assistant.store.StoreError: another ingest holds the lock, or the server is down.
    """
    papers, skipped = collect_papers(paths)  # parse everything before touching the store
    if check:
        try:
            store = Store(settings, embedder.model_id)
        except EmptyStore:
            return SyncReport(papers=len(papers), chunks=0, added=len(papers), skipped=skipped)
        return sync(papers, skipped, store, embedder, settings, prune=prune, check=True)
    with ingest_lock(settings):
        store = Store(settings, embedder.model_id, create=True, rebuild=rebuild)
        return sync(papers, skipped, store, embedder, settings, prune=prune, progress=progress)


__all__ = ["SyncReport", "collect_papers", "describe", "ingest_paths", "sync"]
