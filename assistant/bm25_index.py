"""The BM25 index of a store's chunks, saved beside the store and memory-mapped when opened.

Built with bm25s (Lù 2024, https://github.com/xhluca/bm25s), the library inside
llama-index's ``BM25Retriever``, with the same tokenization (English stop words,
Snowball stemmer, ``\\b\\w\\w+\\b``) over the same text (each chunk's descriptive metadata as
``key: value`` lines, then the chunk), so rankings are unchanged. We keep bm25s's
index and only the chunk ids, not ``BM25Retriever.persist``, which also writes
every node as JSON and reads it all back into memory: at 1M chunks that is the
memory and start-up time this module exists to avoid. A hit's text and metadata
are read from Chroma for the top-k ids only.

Freshness: an ingest stamps the collection's metadata with a new version (``bm25_version``)
after saving the index built for it, and with ``writing-...`` before its first write. An
index whose manifest names the collection's current version and chunk count is used as
is; anything else (a crash mid-ingest, an ingest from another machine into a Chroma
server, an older store) is rebuilt from the store and saved.

Where: ``STORE/bm25/COLLECTION`` for a persistent store; with a Chroma server, a
per-server folder in the user's cache (``~/.cache/paper-assistant/bm25``), or
``settings.bm25_dir``. An index that cannot be saved (read-only folder) is kept in memory.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
import Stemmer
from bm25s.tokenization import Tokenizer

from assistant.settings import Settings
from assistant.store import MODEL_KEY, PAGE, Store

VERSION_KEY = "bm25_version"
TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # llama-index BM25Retriever's default
MANIFEST = "manifest.json"
FORMAT = 2  # bump when the saved layout or the indexed text changes (2: INDEXED_KEYS only)
# The metadata BM25 reads: what describes the paper. Bookkeeping (the source file's path,
# the time it was added, ids, hashes, URLs) is left out: "source: /data/robotics.jsonl"
# put "robotics" in every chunk of that file, and eval figures moved with the folder and
# the time a corpus was ingested from.
INDEXED_KEYS = ("title", "authors", "categories", "year", "arxiv_id", "doi")


def index_text(document: str, metadata: dict[str, Any]) -> str:
    """The text BM25 indexes for one chunk: metadata lines, a blank line, the document.

    Source: llama-index ``TextNode.get_content(MetadataMode.EMBED)`` with its default
    templates (``"{key}: {value}"`` joined by newlines, then ``"{metadata_str}\\n\\n{content}"``),
    which ``BM25Retriever`` indexes, for the :data:`INDEXED_KEYS` only (the other keys as
    the node's ``excluded_embed_metadata_keys``).
    """
    meta = "\n".join(f"{k}: {v}" for k, v in metadata.items() if k in INDEXED_KEYS).strip()
    return f"{meta}\n\n{document}".strip() if meta else document


def index_dir(settings: Settings) -> Path:
    """Folder of the configured store's saved BM25 index (see the module docstring)."""
    if settings.bm25_dir is not None:
        return Path(settings.bm25_dir) / settings.collection
    if settings.chroma_host:
        key = f"{settings.chroma_host}:{settings.chroma_port}/{settings.collection}"
        cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        return cache / "paper-assistant" / "bm25" / hashlib.sha256(key.encode()).hexdigest()[:16]
    return settings.store / "bm25" / settings.collection


def store_version(store: Store) -> str:
    """The collection's current ``bm25_version`` stamp, read afresh ("" when never stamped)."""
    collection = store.client.get_collection(store.settings.collection, embedding_function=None)
    return str((collection.metadata or {}).get(VERSION_KEY, ""))


def stamp_version(store: Store, version: str) -> None:
    """Set the collection's ``bm25_version`` (other metadata, the model stamp among it, kept)."""
    meta = {
        k: v
        for k, v in (store.collection.metadata or {}).items()
        if not k.startswith("hnsw:")  # configuration, not ours to rewrite
    }
    meta[MODEL_KEY] = store.model_id
    meta[VERSION_KEY] = version
    store.collection.modify(metadata=meta)


def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


class BM25Index:
    """A bm25s index over every chunk of a store, and the chunk ids in index order.

    Args:
        bm25: the bm25s index (its arrays may be memory-mapped).
        ids: chunk ids [n_docs], bytes (``S``), in index order.
        version: the store version it was built for; ``count``: chunks indexed.
    """

    def __init__(self, bm25: bm25s.BM25, ids: np.ndarray, version: str, count: int) -> None:
        self.bm25 = bm25
        self.ids = ids
        self.version = version
        self.count = count
        self._masks: dict[str, np.ndarray] = {}
        self._stem = _stemmer()

    # -- building, saving, loading ----------------------------------------------
    @classmethod
    def build(cls, store: Store, version: str, progress: bool = False) -> BM25Index:
        """Index every chunk of ``store``, read page by page (see :meth:`build_from`)."""
        return cls.build_from(store.iter_records(include=["metadatas", "documents"]), version, progress)

    @classmethod
    def build_from(
        cls, records: Iterable[tuple[str, dict[str, Any], str | None]], version: str, progress: bool = False
    ) -> BM25Index:
        """Index ``(chunk id, metadata, document)`` records, tokenized to ids a page at a time.

        Seconds and memory grow with the chunk count (tokenizing and stemming dominate;
        ``python bench/retrieval.py --bm25-only`` measures them).
        """
        tokenizer = Tokenizer(stopwords="en", stemmer=_stemmer(), splitter=TOKEN_PATTERN)
        ids: list[bytes] = []
        tokens: list[list[int]] = []
        page_ids: list[str] = []
        page_texts: list[str] = []

        def flush() -> None:
            tokens.extend(
                tokenizer.tokenize(page_texts, update_vocab=True, return_as="ids", show_progress=False)
            )
            ids.extend(i.encode() for i in page_ids)
            page_ids.clear()
            page_texts.clear()

        for cid, meta, doc in records:
            page_ids.append(cid)
            page_texts.append(index_text(doc or "", meta))
            if len(page_ids) >= PAGE:
                flush()
        flush()
        bm25 = bm25s.BM25()
        if tokens:
            bm25.index((tokens, tokenizer.get_vocab_dict()), show_progress=progress)
        return cls(bm25, np.array(ids, dtype="S"), version, len(ids))

    def save(self, folder: Path) -> None:
        """Write the index to ``folder`` atomically (a temp folder renamed into place)."""
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
        try:
            if self.count:
                self.bm25.save(str(tmp))
            np.save(tmp / "ids.npy", self.ids)
            (tmp / MANIFEST).write_text(
                json.dumps({"format": FORMAT, "version": self.version, "count": self.count})
            )
            old = folder.with_name(f".{folder.name}-old-{uuid.uuid4().hex[:8]}")
            if folder.exists():
                folder.rename(old)
            tmp.rename(folder)
            shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    @classmethod
    def load(cls, folder: Path, version: str, count: int) -> BM25Index | None:
        """The saved index in ``folder``, memory-mapped, if built for ``version`` and ``count``; else None."""
        try:
            manifest = json.loads((folder / MANIFEST).read_text())
        except (OSError, ValueError):
            return None
        if manifest != {"format": FORMAT, "version": version, "count": count} or not version:
            return None
        bm25 = bm25s.BM25.load(str(folder), mmap=True) if count else bm25s.BM25()
        return cls(bm25, np.load(folder / "ids.npy", mmap_mode="r"), version, count)

    # -- querying -------------------------------------------------------------------
    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Top-``k`` ``(chunk id, BM25 score > 0)``, best first; ``mask`` [n_docs] of 0/1 keeps only 1s."""
        if not self.count or k <= 0:
            return []
        words = bm25s.tokenize(
            query, stopwords="en", stemmer=self._stem, return_ids=False, show_progress=False
        )
        if not self.bm25.get_tokens_ids(words[0]):
            return []  # no query term is in any chunk
        docs, scores = self.bm25.retrieve(
            words, k=min(k, self.count), show_progress=False, weight_mask=mask, n_threads=0
        )
        return [
            (self.ids[int(d)].decode(), float(s)) for d, s in zip(docs[0], scores[0], strict=True) if s > 0
        ]

    def doc_freq(self, term: str) -> int:
        """Chunks that hold the stemmed ``term`` (0 when none), from the index's column sizes."""
        i = self.bm25.vocab_dict.get(term) if self.count else None
        indptr = self.bm25.scores["indptr"] if self.count else None
        if i is None or indptr is None or i + 1 >= len(indptr):
            return 0
        return int(indptr[i + 1] - indptr[i])

    @cached_property
    def _order(self) -> np.ndarray:
        return np.argsort(self.ids)

    def mask(self, key: str, chunk_ids: Iterator[str]) -> np.ndarray:
        """A 0/1 weight mask [n_docs] that keeps ``chunk_ids``; cached under ``key``."""
        if key not in self._masks:
            wanted = np.array([c.encode() for c in chunk_ids], dtype="S")
            out = np.zeros(self.count, dtype=np.float32)
            if len(wanted):
                sorted_ids = self.ids[self._order]
                at = np.clip(np.searchsorted(sorted_ids, wanted), 0, max(self.count - 1, 0))
                found = sorted_ids[at] == wanted
                out[self._order[at[found]]] = 1.0
            self._masks[key] = out
        return self._masks[key]


def open_index(store: Store, *, save: bool = True) -> BM25Index:
    """The store's BM25 index: the saved one when it is current, else rebuilt (and saved when possible)."""
    version = store_version(store)
    count = store.count()
    folder = index_dir(store.settings)
    index = BM25Index.load(folder, version, count)
    if index is not None:
        return index
    index = BM25Index.build(store, version)
    if save and version and not version.startswith("writing-"):
        try:
            index.save(folder)
        except OSError:
            pass  # a read-only folder: keep it in memory
    return index


def refresh_index(store: Store, *, progress: bool = False) -> BM25Index:
    """Rebuild the index after an ingest wrote to ``store``, save it, then stamp the new version.

    The stamp comes last, so a crash before it leaves a version that no saved index
    names, and the next opening rebuilds.
    """
    version = uuid.uuid4().hex
    index = BM25Index.build(store, version, progress=progress)
    index.save(index_dir(store.settings))
    stamp_version(store, version)
    return index


def mark_writing(store: Store) -> None:
    """Stamp the collection as being written: no saved index matches it until :func:`refresh_index`."""
    stamp_version(store, f"writing-{uuid.uuid4().hex}")
