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

from pathlib import Path

from assistant.embed import Embedder
from assistant.settings import Settings
from assistant.store import EmptyStore, Store, describe
from ingest.chunking import TITLE_PREFIX_TOKENS, chunk_paper, title_prefix
from ingest.collect import collect_papers, read_sources
from ingest.lock import ingest_lock, lock_path
from ingest.metadata import paper_metadata, stored_paper
from ingest.plan import Plan, StoredPaper, plan_sync, stored_state
from ingest.report import PaperRef, SyncReport
from ingest.write import WRITE_BATCH, round_size, write_plan


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
    "TITLE_PREFIX_TOKENS",
    "WRITE_BATCH",
    "PaperRef",
    "Plan",
    "StoredPaper",
    "SyncReport",
    "chunk_paper",
    "collect_papers",
    "describe",
    "ingest_paths",
    "ingest_lock",
    "lock_path",
    "paper_metadata",
    "plan_sync",
    "read_sources",
    "round_size",
    "stored_paper",
    "stored_state",
    "title_prefix",
    "write_plan",
]
