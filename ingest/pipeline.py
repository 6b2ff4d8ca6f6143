"""Sync papers into the store: read → plan → chunk → embed → upsert, idempotent and crash-safe.

The Chroma collection is the only state. Each chunk's metadata carries its
paper's ``content_hash`` and ``n_chunks``, so a re-run can tell, from the store
alone, which papers are new, changed, unchanged, or half-written by a run that
was killed, and repair exactly those. (llama-index's ``IngestionPipeline`` keeps
that state in a separate docstore file, which a crash can leave out of step with
the vectors; see ARCHITECTURE.md.)

An ingest runs in three steps:

1. **read** every file completely into a temporary on-disk table
   (:class:`~ingest.collect.Collection`): records are streamed, so memory is bounded,
   and a file that cannot be parsed at all (anywhere in it) stops the ingest here,
   before the store is opened for writing;
2. **plan** against the store's state (paper id → content hash, chunk counts,
   identifiers): what to add, re-embed, remove; ``--check`` stops here;
3. **write** in rounds of :data:`WRITE_BATCH` papers: delete a paper's old chunks
   (and stored copies of the same paper under another id), then upsert its new
   ones. A crash between rounds, or inside one, leaves papers that the next run's
   plan sees as missing or half-written, and rewrites.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from llama_index.core.node_parser import SentenceSplitter
from pydantic import BaseModel, Field
from tqdm import tqdm

from assistant.bm25_index import BM25Index, index_dir, mark_writing, refresh_index, store_version
from assistant.embed import Embedder
from assistant.settings import Settings
from assistant.store import EmptyStore, Store, StoreError, decode_list, describe, disk_full_errors
from assistant.types import Paper, normalize_title
from ingest.collect import LIST_LIMIT, Collection, FileReport, identity_keys, merge
from ingest.readers import Repaired, Skipped

WRITE_BATCH = 128  # papers per embed+upsert round: one round is the unit a crash can cut
TITLE_PREFIX_TOKENS = 64  # most word pieces of the title put in front of every chunk


class PaperRef(BaseModel):
    """A paper named in a report."""

    paper_id: str
    title: str
    source: str = Field("", description="file:line it was read from (for removed papers: where it had been)")
    note: str = ""


class SyncReport(BaseModel):
    """What an ingest did (or, with ``check``, would do).

    Counts are exact; the lists keep the first :data:`~ingest.collect.LIST_LIMIT` entries.
    """

    papers: int = Field(description="papers in the store afterwards")
    chunks: int = Field(description="chunks in the store afterwards (with check: now)")
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[Skipped] = Field(default_factory=list, description="bad records and duplicates, with why")
    skipped_count: int = 0
    merged: list[Skipped] = Field(
        default_factory=list, description="copies of a paper from another file, merged into the first"
    )
    merged_count: int = 0
    repaired: list[Repaired] = Field(
        default_factory=list,
        description="records stored with characters that cannot be stored as UTF-8 replaced, with file:line",
    )
    repaired_count: int = 0
    added_papers: list[PaperRef] = Field(default_factory=list)
    updated_papers: list[PaperRef] = Field(default_factory=list)
    removed_papers: list[PaperRef] = Field(default_factory=list)
    files: list[FileReport] = Field(default_factory=list)
    check: bool = Field(False, description="True when nothing was written (--check)")

    def summary(self, show: int = 10) -> str:
        """Human-readable report: one line of counts, then up to ``show`` papers per list, then every skip."""
        noop = (
            " (nothing to do: the store was already in sync)"
            if not (self.added or self.updated or self.removed)
            else ""
        )
        skipped = max(self.skipped_count, len(self.skipped))
        lines = [
            f"{self.papers} papers, {self.chunks} chunks: {self.added} added, {self.updated} "
            f"updated, {self.unchanged} unchanged, {self.removed} removed, "
            f"{skipped} skipped{noop}" + (f", {self.repaired_count} repaired" if self.repaired_count else "")
        ]
        for f in self.files:
            lines.append(f"  read {f.path} as {f.format}: {f.papers} papers, {f.skipped} skipped")
        for verb, refs, total in (
            ("added", self.added_papers, self.added),
            ("updated", self.updated_papers, self.updated),
            ("removed", self.removed_papers, self.removed),
        ):
            for ref in refs[:show]:
                note = f" ({ref.note})" if ref.note else ""
                lines.append(f"  {verb} {ref.title[:80]!r} from {ref.source}{note}")
            if total > show:
                lines.append(f"  ... and {total - show} more {verb} (see --json)")
        lines += [f"  merged {m.source}: {m.reason}" for m in self.merged[:show]]
        if self.merged_count > show:
            lines.append(f"  ... and {self.merged_count - show} more merged")
        lines += [f"  repaired {r.source}: {r.reason}" for r in self.repaired[:show]]
        if self.repaired_count > show:
            lines.append(f"  ... and {self.repaired_count - show} more repaired (see --json)")
        lines += [f"  skipped {s.source}: {s.reason}" for s in self.skipped]
        if skipped > len(self.skipped):
            lines.append(f"  ... and {skipped - len(self.skipped)} more skipped (only the first are listed)")
        return "\n".join(lines)


def lock_path(settings: Settings) -> Path:
    """The lock file of the configured store.

    A persistent store's is ``STORE/.ingest.lock``. A Chroma server's is a file in
    the temp folder named after host, port and collection: it serialises ingests
    started on this machine only (Chroma has no lock of its own).
    """
    if settings.chroma_host:
        key = f"{settings.chroma_host}:{settings.chroma_port}/{settings.collection}"
        return (
            Path(tempfile.gettempdir())
            / f"paper-assistant-ingest-{hashlib.sha256(key.encode()).hexdigest()[:16]}.lock"
        )
    settings.store.mkdir(parents=True, exist_ok=True)
    return settings.store / ".ingest.lock"


@contextmanager
def ingest_lock(settings: Settings, wait: float = 0.0) -> Iterator[None]:
    """Hold an exclusive lock on the store for the whole ingest.

    Args:
        wait: seconds to wait for another ingest to finish; 0 refuses at once.

    Raises:
        StoreError: another ingest still holds it after ``wait`` seconds.
    """
    path = lock_path(settings)
    deadline = time.monotonic() + wait
    announced = False
    with path.open("a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if wait and not announced:
                    handle.seek(0)
                    holder = handle.read().strip() or "?"
                    sys.stderr.write(
                        f"waiting up to {wait:g} s for another ingest (pid {holder}) to finish\n"
                    )
                    sys.stderr.flush()
                    announced = True
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "?"
                    waited = f" (waited {wait:g} s)" if wait else ""
                    raise StoreError(
                        f"another ingest (pid {holder}) is writing to {describe(settings)}{waited}; "
                        "wait for it to finish and run this again, or pass --wait SECONDS."
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@lru_cache(maxsize=64)
def _splitter(chunk_tokens: int, overlap: int, count: Callable[[str], list[int]]) -> SentenceSplitter:
    return SentenceSplitter(chunk_size=chunk_tokens, chunk_overlap=overlap, tokenizer=count)


def title_prefix(title: str, embedder: Embedder) -> str:
    """The title as put in front of each chunk: whole words, at most :data:`TITLE_PREFIX_TOKENS` word pieces.

    Without the cap, a very long title would leave no room for the chunk and the
    model would silently drop the abstract's text past its window.
    """
    if len(embedder.token_ids(title)) <= TITLE_PREFIX_TOKENS:
        return title
    words = title.split()
    kept: list[str] = []
    for word in words:
        if len(embedder.token_ids(" ".join([*kept, word]))) > TITLE_PREFIX_TOKENS:
            break
        kept.append(word)
    return " ".join(kept) or title[:TITLE_PREFIX_TOKENS]


def chunk_paper(paper: Paper, embedder: Embedder, settings: Settings) -> list[str]:
    """The paper's abstract split into sentence-aligned chunks that fit the embedder.

    Each chunk is embedded with :func:`title_prefix` in front, so the chunk budget
    is the model window less that prefix and two special tokens. Nothing is
    truncated: a long abstract yields more chunks.
    """
    title_tokens = len(embedder.token_ids(title_prefix(paper.title, embedder)))
    budget = max(48, min(settings.chunk_tokens, embedder.max_tokens - title_tokens - 3))
    overlap = min(settings.chunk_overlap, budget // 4)
    # A bound method hashes by its instance, so the splitter is built once per budget.
    splitter = _splitter(budget, overlap, embedder.token_ids)
    return splitter.split_text(paper.abstract) or [paper.abstract]


def paper_metadata(paper: Paper) -> dict[str, Any]:
    """The paper's fields as Chroma metadata (str/int/float/bool only).

    Lists (``authors``, ``categories``) are JSON strings; missing values (None, "",
    []) are omitted rather than stored as a placeholder. :func:`stored_paper`
    inverts it.
    """
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


def stored_paper(meta: dict[str, Any]) -> Paper:
    """The Paper that chunk 0's metadata was written from (the inverse of :func:`paper_metadata`).

    Raises:
        KeyError: ``meta`` is not a chunk 0 (it has no ``abstract``).
    """
    fields = {
        k: meta[k]
        for k in ("title", "abstract", "url", "code_url", "year", "arxiv_id", "doi", "source")
        if k in meta
    }
    for key in ("authors", "categories"):
        if key in meta:
            fields[key] = decode_list(meta[key])
    if "abstract" not in fields:
        raise KeyError("abstract")
    return Paper(**fields)


@dataclass(slots=True)
class StoredPaper:
    """What the plan needs to know of one paper in the store."""

    hash: str | None
    n_chunks: int | None
    found: int
    title: str
    source: str
    arxiv_id: str | None
    doi: str | None

    @property
    def complete(self) -> bool:
        return self.hash is not None and self.found == self.n_chunks


def stored_state(store: Store) -> dict[str, StoredPaper]:
    """Per paper id in the store: content hash, expected and found chunk counts, identifiers.

    A paper whose chunks disagree on the hash (a crashed update) gets hash None.
    """
    state: dict[str, StoredPaper] = {}
    for _id, meta, _doc in store.iter_records(include=["metadatas"]):
        entry = state.get(meta["paper_id"])
        if entry is None:
            entry = state[meta["paper_id"]] = StoredPaper(
                hash=meta.get("content_hash"),
                n_chunks=meta.get("n_chunks"),
                found=0,
                title=meta.get("title", ""),
                source=meta.get("source", ""),
                arxiv_id=meta.get("arxiv_id"),
                doi=meta.get("doi"),
            )
        entry.found += 1
        if entry.hash != meta.get("content_hash") or entry.n_chunks != meta.get("n_chunks"):
            entry.hash = None  # mixed versions: a crashed update; rewrite it
    return state


def _stored_keys(state: dict[str, StoredPaper]) -> dict[str, list[str]]:
    keys: dict[str, list[str]] = {}
    for pid, entry in state.items():
        for key in (
            f"arxiv:{entry.arxiv_id}" if entry.arxiv_id else "",
            f"doi:{entry.doi.lower()}" if entry.doi else "",
            f"title:{normalize_title(entry.title)}" if normalize_title(entry.title) else "",
        ):
            if key:
                keys.setdefault(key, []).append(pid)
    return keys


@dataclass
class Plan:
    """What a sync will write: the outcome of comparing the collection with the store."""

    report: SyncReport
    todo: list[int] = field(default_factory=list)  # gids to (re)embed, in read order
    delete_first: dict[int, list[str]] = field(default_factory=dict)  # gid -> stored ids it replaces
    gone: list[str] = field(default_factory=list)  # stored ids to delete at the end
    state: dict[str, StoredPaper] = field(default_factory=dict)


def _ref(refs: list[PaperRef], paper_id: str, title: str, source: str, note: str = "") -> None:
    if len(refs) < LIST_LIMIT:
        refs.append(PaperRef(paper_id=paper_id, title=title, source=source, note=note))


def _stored_matches(
    paper: Paper, state: dict[str, StoredPaper], stored_keys: dict[str, list[str]]
) -> list[tuple[str, str]]:
    """``(stored id, why)`` of the stored copies of ``paper``: its own id first, then others by identifier."""
    pid = paper.paper_id
    found = [(pid, "same id")] if pid in state else []
    for kind, key in identity_keys(paper):
        for other in stored_keys.get(key, []):
            stored = state[other]
            if other == pid or any(other == f for f, _ in found):
                continue
            if kind == "title" and (
                (paper.arxiv_id and stored.arxiv_id and paper.arxiv_id != stored.arxiv_id)
                or (paper.doi and stored.doi and paper.doi.lower() != stored.doi.lower())
            ):
                continue
            found.append((other, f"same {kind}"))
    return found


def _blocks(papers: Collection, size: int = 256) -> Iterator[list[tuple[int, Paper]]]:
    block: list[tuple[int, Paper]] = []
    for item in papers:
        block.append(item)
        if len(block) == size:
            yield block
            block = []
    if block:
        yield block


def plan_sync(
    papers: Collection, state: dict[str, StoredPaper], *, prune: bool = False, store: Store | None = None
) -> Plan:
    """Compare the collected papers with the stored ones; nothing is written to the store.

    Without ``prune`` (an incremental ingest) a collected paper that is already
    stored, under its id or another identifier, first takes from the stored copy
    the fields it lacks (read from ``store``), so ingesting one source never loses
    what another added; the merged paper replaces the collection's copy. With
    ``prune`` the store is made to hold exactly the collection.

    A paper is then *added* when nothing stored matches it; *updated* when its
    content hash differs, its chunks are incomplete, or it replaces a stored copy
    of itself under another id (e.g. a title-only record now known by its arXiv
    id); else *unchanged*. With ``prune``, stored papers not in the collection are
    *removed*; stored duplicates of a collected paper are removed in any case.
    """
    report = SyncReport(
        papers=0,
        chunks=0,
        skipped=list(papers.skipped),
        skipped_count=papers.skipped_count,
        merged=list(papers.merged),
        merged_count=papers.merged_count,
        repaired=list(papers.repaired),
        repaired_count=papers.repaired_count,
        files=list(papers.files),
    )
    plan = Plan(report=report, state=state)
    stored_keys = _stored_keys(state)
    incoming: dict[str, int] = {}  # paper id -> gid
    status: dict[int, str] = {}  # gid -> "added" | "updated" | "unchanged"
    candidates: list[tuple[int, str, str]] = []  # (gid, stored id, why) of stored copies under another id
    for block in _blocks(papers):
        matches = [_stored_matches(paper, state, stored_keys) for _, paper in block]
        if store is not None and not prune and any(matches):
            records = store.paper_records(sorted({m for found in matches for m, _ in found}))
            for i, ((gid, paper), found) in enumerate(zip(block, matches, strict=True)):
                filled = paper
                for other, _why in found:
                    if other in records and "abstract" in records[other]:
                        filled = merge(filled, stored_paper(records[other]))
                if filled is not paper:
                    papers.update(gid, filled)
                    block[i] = (gid, filled)
                    matches[i] = _stored_matches(filled, state, stored_keys)
        for (gid, paper), found in zip(block, matches, strict=True):
            pid = paper.paper_id
            if pid in incoming:  # identities that only meet through the store; keep the first
                report.skipped_count += 1
                if len(report.skipped) < LIST_LIMIT:
                    report.skipped.append(
                        Skipped(source=paper.source, reason=f"same paper id {pid} as another record")
                    )
                continue
            incoming[pid] = gid
            old = state.get(pid)
            status[gid] = (
                "added"
                if old is None
                else "unchanged"
                if old.complete and old.hash == paper.content_hash
                else "updated"
            )
            candidates += [(gid, other, why) for other, why in found if other != pid]

    replaced: dict[str, tuple[int, str]] = {}  # stored id -> (gid replacing it, why)
    for gid, other, why in candidates:
        if other not in incoming and other not in replaced:
            replaced[other] = (gid, why)
    absorbed: dict[int, str] = {}  # gid -> the stored id it replaces, as an update of that paper
    for other, (gid, why) in replaced.items():
        if status[gid] == "added" and gid not in absorbed:
            status[gid] = "updated"  # it was stored under another id: an update, not an addition
            absorbed[gid] = other
        else:
            report.removed += 1
            _ref(
                report.removed_papers, other, state[other].title, state[other].source, f"stored twice ({why})"
            )
        if status[gid] == "unchanged":
            plan.gone.append(other)
        else:
            plan.delete_first.setdefault(gid, []).append(other)

    for gid, paper in papers:
        st = status.get(gid)
        if st is None:
            continue
        if st == "unchanged":
            report.unchanged += 1
            continue
        plan.todo.append(gid)
        if st == "added":
            report.added += 1
            _ref(report.added_papers, paper.paper_id, paper.title, paper.source)
        else:
            report.updated += 1
            other = absorbed.get(gid)
            note = (
                f"replaces stored copy {other} ({replaced[other][1]})"
                if other
                else "content changed"
                if state[paper.paper_id].complete
                else "repairs a half-written paper"
            )
            _ref(report.updated_papers, paper.paper_id, paper.title, paper.source, note)
    if prune:
        for pid, entry in state.items():
            if pid not in incoming and pid not in replaced:
                plan.gone.append(pid)
                report.removed += 1
                _ref(
                    report.removed_papers,
                    pid,
                    entry.title,
                    entry.source,
                    "in none of the given sources (--prune)",
                )
    report.papers = len(state) + report.added - report.removed
    return plan


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
        vectors = embedder.embed(documents)
        # Old chunks of changed papers (their count may differ) and stored copies they replace.
        stale = [p.paper_id for p in batch if p.paper_id in state]
        stale += [other for gid in gids for other in plan.delete_first.get(gid, [])]
        for part in range(0, len(stale), 500):
            store.collection.delete(where={"paper_id": {"$in": stale[part : part + 500]}})
        store.collection.upsert(
            ids=ids, embeddings=vectors.tolist(), documents=documents, metadatas=metadatas
        )
        bar.update(len(batch))
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


def _pause_for_test(rounds: int) -> None:
    """Announce the pause on stderr, then wait (holding the lock) until the process is killed."""
    sys.stderr.write(f"\ningest paused after {rounds} rounds (PA_TEST_PAUSE_AFTER_ROUNDS)\n")
    sys.stderr.flush()
    while True:
        signal.pause()


def read_sources(paths: Iterable[Path], fmt: str | None = None, *, progress: bool = False) -> Collection:
    """Read every path into a new :class:`~ingest.collect.Collection` (the caller closes it).

    Raises:
        ingest.readers.UnreadableFile: a file cannot be parsed at all; the
            collection is closed and nothing was written anywhere.
    """
    papers = Collection()
    bar = tqdm(unit="record", desc="reading", disable=not progress)
    try:
        for path in paths:
            papers.read(Path(path), fmt, bar)
    except BaseException:
        papers.close()
        raise
    finally:
        bar.close()
    return papers


def collect_papers(paths: Iterable[Path], fmt: str | None = None) -> tuple[dict[str, Paper], list[Skipped]]:
    """Read every path into memory: one Paper per paper id, and the skipped records.

    For small collections (benchmarks, tests); ingest itself streams through
    :func:`read_sources`. Copies of a paper are merged into the first one read.

    Raises:
        ingest.readers.UnreadableFile: a file cannot be parsed at all.
    """
    with read_sources(paths, fmt) as papers:
        return {p.paper_id: p for _, p in papers}, list(papers.skipped)


def ingest_paths(
    paths: list[Path],
    settings: Settings,
    embedder: Embedder,
    *,
    rebuild: bool = False,
    prune: bool = False,
    check: bool = False,
    progress: bool = True,
    fmt: str | None = None,
    wait: float = 0.0,
    batch_size: int | None = None,
) -> SyncReport:
    """Read ``paths`` and sync them into the configured store, under the ingest lock.

    Args:
        paths: files of papers, in any supported format (see :mod:`ingest.readers`).
        rebuild: delete the collection and re-embed everything.
        prune: remove stored papers that are in none of ``paths``.
        check: parse and plan only; nothing is embedded or written, no lock is taken.
        progress: show progress bars on stderr.
        fmt: a format name for every path, instead of detecting each one.
        wait: seconds to wait for another ingest's lock before giving up.
        batch_size: papers per embed+upsert round (a crash loses at most one round's work);
            default :func:`round_size`.

    Returns:
        A :class:`SyncReport` (with ``check``, of what would be done).

    Raises:
        ingest.readers.UnreadableFile: a file cannot be parsed; the store is untouched.
        assistant.store.EmbeddingModelMismatch: the store was built by another model.
        assistant.store.StoreError: another ingest holds the lock, or the server is down.
        assistant.embed.EmbeddingError: the embeddings endpoint failed after its retries;
            the rounds written before it are kept, and a re-run embeds only the rest.
    """
    with read_sources(paths, fmt, progress=progress) as papers:  # parse everything before touching the store
        if check:
            state: dict[str, StoredPaper] = {}
            chunks = 0
            store: Store | None = None
            if not rebuild:  # a rebuild starts from an empty collection
                try:
                    store = Store(settings, embedder.model_id)
                    state, chunks = stored_state(store), store.count()
                except EmptyStore:
                    pass
            plan = plan_sync(papers, state, prune=prune, store=store)
            plan.report.chunks = chunks
            plan.report.check = True
            return plan.report
        with ingest_lock(settings, wait):
            store = Store(settings, embedder.model_id, create=True, rebuild=rebuild)
            plan = plan_sync(papers, stored_state(store), prune=prune, store=store)
            return write_plan(
                plan, papers, store, embedder, settings, progress=progress, batch_size=batch_size
            )


__all__ = [
    "PaperRef",
    "SyncReport",
    "chunk_paper",
    "collect_papers",
    "describe",
    "ingest_paths",
    "ingest_lock",
    "paper_metadata",
    "plan_sync",
    "read_sources",
    "stored_paper",
    "stored_state",
    "write_plan",
]
