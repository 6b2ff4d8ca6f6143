"""The Chroma collection of chunks: open it (embedded folder or server), stamp and check it.

One chunk per Chroma record. Record id ``{paper_id}:{i}``; document = the text that
was embedded (title + chunk); metadata = the paper's fields, flattened to the
str/int/float/bool values Chroma accepts. Chunk 0 also carries the full abstract,
so sources can show it without storing it once per chunk.
"""

from __future__ import annotations

import errno
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import chromadb
import chromadb.errors

from assistant.settings import Settings

MODEL_KEY = "embedding_model"
PAGE = 5000  # records per Chroma get(); bounds memory on large collections


def decode_list(value: Any) -> list[str]:
    """A list field (authors, categories) as stored in Chroma metadata: a JSON string.

    The inverse of the JSON encoding in ``ingest.pipeline.paper_metadata``; a value that
    is not JSON is taken as one item, and a missing one as no items.
    """
    if not value:
        return []
    try:
        parsed = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    return [str(v) for v in parsed] if isinstance(parsed, list) else [str(parsed)]


class StoreError(RuntimeError):
    """The store cannot be used as asked; the message says what to do."""


class EmptyStore(StoreError):
    """The collection does not exist yet: nothing has been ingested."""


class EmbeddingModelMismatch(StoreError):
    """The collection was built by another embedding model than the configured one."""


class DiskFull(StoreError):
    """A write to the store failed because its disk is full; what was stored before is kept."""


_SQLITE_MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite 3 database file
LOW_DISK = 64 * 2**20  # bytes free under which a failed write is put down to a full disk


@contextmanager
def disk_full_errors(settings: Settings) -> Iterator[None]:
    """Raise :class:`DiskFull`, naming the cause, when a write to a persistent store fails
    with ENOSPC, or with any Chroma error while its disk has under :data:`LOW_DISK` free
    (Chroma reports a full disk as "Error in compaction: Failed to apply logs ...").

    Chroma applies a write whole or not at all: the records written before stay, and
    become readable again once there is space.
    """
    try:
        yield
    except (OSError, chromadb.errors.ChromaError) as exc:
        if settings.chroma_host:
            raise
        try:
            free: int | None = shutil.disk_usage(settings.store).free
        except OSError:
            free = None
        full = isinstance(exc, OSError) and exc.errno == errno.ENOSPC
        if not full and (free is None or free >= LOW_DISK):
            raise
        left = f"{free / 2**20:.1f} MiB free" if free is not None else "no space left"
        raise DiskFull(
            f"the disk holding {settings.store} is full ({left}); the write failed with: {exc}. "
            "Papers stored before this round are kept. Free some space (or move the store, "
            "--store / PA_STORE) and run the ingest again: it carries on where it stopped."
        ) from exc


def server_address(settings: Settings) -> tuple[str, int, bool]:
    """``(host, port, ssl)`` of the configured Chroma server.

    ``chroma_host`` is a host name (``CHROMA_HOST=10.0.0.5``, port from
    ``CHROMA_PORT``) or a URL (``CHROMA_HOST=https://chroma.example.org:8443``,
    whose port, if given, wins; https without one means 443).

    Raises:
        StoreError: ``chroma_host`` is unset or a URL that names no host.
    """
    raw = (settings.chroma_host or "").strip()
    if "://" not in raw:
        if not raw:
            raise StoreError("no Chroma server configured (CHROMA_HOST is unset)")
        return raw, settings.chroma_port, False
    url = urlsplit(raw)
    if url.scheme not in ("http", "https") or not url.hostname:
        raise StoreError(f"CHROMA_HOST={raw!r} is not an http(s) URL with a host")
    ssl = url.scheme == "https"
    port = url.port or (
        443 if ssl and not settings.model_fields_set & {"chroma_port"} else settings.chroma_port
    )
    return url.hostname, port, ssl


def open_client(settings: Settings) -> chromadb.ClientAPI:
    """A Chroma client: HTTP when ``settings.chroma_host`` is set, else a persistent folder.

    Raises:
        StoreError: the server cannot be reached, or the store folder's database is damaged.
    """
    chroma_settings = chromadb.Settings(anonymized_telemetry=False)
    if settings.chroma_host:
        host, port, ssl = server_address(settings)
        try:
            return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=chroma_settings)
        except Exception as exc:  # chromadb raises ValueError or httpx errors here
            raise StoreError(
                f"cannot reach the {describe(settings)}: {exc}. Is `chroma run` up there? "
                "Unset CHROMA_HOST / PA_CHROMA_HOST to use the local store folder instead."
            ) from exc
    store_folder(settings)
    database = settings.store / "chroma.sqlite3"
    damaged = (
        f"store {settings.store} (PA_STORE / --store): its Chroma database (chroma.sqlite3) cannot "
        "be opened ({why}); it is damaged or not a Chroma store. Move the folder aside and run "
        "`python -m ingest` to build a new one."
    )
    # Checked before Chroma opens it: a failed open leaves Chroma's per-path system cached and
    # broken for the rest of the process ("Could not connect to tenant default_tenant").
    if database.is_file() and database.stat().st_size:
        with database.open("rb") as handle:
            if handle.read(len(_SQLITE_MAGIC)) != _SQLITE_MAGIC:
                raise StoreError(damaged.format(why="it does not start as an SQLite file does"))
    try:
        return chromadb.PersistentClient(path=str(settings.store), settings=chroma_settings)
    except chromadb.errors.ChromaError as exc:  # e.g. "(code: 26) file is not a database"
        raise StoreError(damaged.format(why=exc)) from None


def store_folder(settings: Settings) -> Path:
    """The store folder (``PA_STORE`` / ``--store``), created when missing.

    Raises:
        StoreError: it, or a folder above it, is a file; or it cannot be created
            (permissions, a read-only or full disk), naming the path and the OS's reason.
    """
    folder = settings.store
    for path in (folder, *folder.parents):
        if path.exists() and not path.is_dir():
            what = "is a file" if path == folder else f"is inside {path}, which is a file"
            raise StoreError(f"store {folder} (PA_STORE / --store): {what}, not a folder; give a folder")
        if path.exists():
            break
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"store {folder} (PA_STORE / --store): cannot create the folder ({exc.strerror or exc})"
        ) from None
    return folder


def describe(settings: Settings) -> str:
    """Where the store is, for messages."""
    if settings.chroma_host:
        host, port, ssl = server_address(settings)
        return (
            f"Chroma server {'https' if ssl else 'http'}://{host}:{port}, collection {settings.collection!r}"
        )
    return f"store {settings.store}, collection {settings.collection!r}"


class Store:
    """A chunk collection bound to one embedding model.

    Args:
        settings: where the store is.
        model_id: the embedder's id; stamped on a new collection, checked on an old one.
        create: make the collection if missing (ingest); else a missing one raises.
        rebuild: delete and recreate the collection (the only path that deletes it).

    Raises:
        EmbeddingModelMismatch: the collection was built with another model and
            ``rebuild`` is false. Nothing is deleted.
        EmptyStore: the collection does not exist and ``create`` is false.
    """

    def __init__(
        self, settings: Settings, model_id: str, *, create: bool = False, rebuild: bool = False
    ) -> None:
        self.settings = settings
        self.model_id = model_id
        self.client = open_client(settings)
        name = settings.collection
        existing = {c.name if hasattr(c, "name") else c for c in self.client.list_collections()}
        if rebuild and name in existing:
            self.client.delete_collection(name)
            existing.discard(name)
        if name not in existing:
            if not (create or rebuild):
                raise EmptyStore(f"{describe(settings)} has no papers yet; run `python -m ingest` first.")
            self.collection = self.client.create_collection(
                name,
                configuration={"hnsw": {"space": "cosine"}},
                metadata={MODEL_KEY: model_id},
                embedding_function=None,
            )
        else:
            self.collection = self.client.get_collection(name, embedding_function=None)
        stamped = (self.collection.metadata or {}).get(MODEL_KEY)
        if stamped != model_id:
            raise EmbeddingModelMismatch(
                f"{describe(settings)} was built with embedding model {stamped!r}, but the "
                f"configured one is {model_id!r}. Vectors of different models cannot be mixed. "
                "Re-embed everything with `python -m ingest --rebuild [PATH ...]`, or point "
                "--store / PA_STORE at another folder. Nothing was deleted."
            )

    def reopen(self) -> None:
        """Reconnect to the collection, dropping chromadb's cached in-process state.

        An embedded (persistent) Chroma client is not told when another process writes
        to its folder: its next read fails with ``InternalError: Error finding id``.
        Reopening reads the folder afresh. (Chroma's answer for several writers is the
        server mode, ``CHROMA_HOST``.)
        """
        from chromadb.api.client import SharedSystemClient

        if not self.settings.chroma_host:
            # Forget only this folder's cached system (chromadb keys it by the folder path);
            # clearing the whole cache would break every other client open in the process.
            identifier = self.client.get_settings().persist_directory
            SharedSystemClient._identifier_to_system.pop(identifier, None)
            SharedSystemClient._identifier_to_refcount.pop(identifier, None)
        self.client = open_client(self.settings)
        self.collection = self.client.get_collection(self.settings.collection, embedding_function=None)

    def count(self) -> int:
        """Number of chunks stored."""
        return self.collection.count()

    def paper_count(self) -> int:
        """Number of papers stored: the chunks numbered 0 (ids only, no vectors or text read)."""
        return len(self.collection.get(where={"chunk_index": 0}, include=[])["ids"])

    def iter_records(self, include: list[str]) -> Iterator[tuple[str, dict[str, Any], str | None]]:
        """Every record as ``(id, metadata, document)``, paged to bound memory."""
        offset = 0
        while True:
            page = self.collection.get(include=include, limit=PAGE, offset=offset)
            ids = page["ids"]
            if not ids:
                return
            metadatas = page.get("metadatas") or [{}] * len(ids)
            documents = page.get("documents") or [None] * len(ids)
            yield from zip(ids, metadatas, documents, strict=True)
            offset += len(ids)

    def paper_records(self, paper_ids: list[str]) -> dict[str, dict[str, Any]]:
        """Metadata of chunk 0 (which holds the abstract) for each paper id given."""
        if not paper_ids:
            return {}
        page = self.collection.get(ids=[f"{pid}:0" for pid in paper_ids], include=["metadatas"])
        return {m["paper_id"]: m for m in page["metadatas"]}
