"""The collection as papers: list them, find a paper's neighbours, average its chunk vectors, remove it.

Store-side functions for the Library and Map tabs. They read the Chroma collection
(one record per chunk, see :mod:`assistant.store`) and know nothing of the UI.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

from assistant.filters import Filters
from assistant.store import PAGE, Store, StoreError, decode_list


@dataclass(frozen=True, slots=True)
class PaperRow:
    """One paper as the Library lists it (from its chunk 0's metadata).

    ``added`` is the Unix time (s) its current version was first written, or None for
    papers ingested before ingest recorded it.
    """

    paper_id: str
    title: str
    authors: list[str]
    year: int | None
    url: str | None
    code_url: str | None
    added: float | None
    abstract: str
    source: str

    @classmethod
    def from_metadata(cls, meta: dict[str, Any]) -> PaperRow:
        return cls(
            paper_id=str(meta["paper_id"]),
            title=str(meta.get("title", "")),
            authors=decode_list(meta.get("authors")),
            year=meta.get("year"),
            url=meta.get("url"),
            code_url=meta.get("code_url"),
            added=meta.get("added"),
            abstract=str(meta.get("abstract", "")),
            source=str(meta.get("source", "")),
        )

    @property
    def added_text(self) -> str:
        """``YYYY-MM-DD HH:MM`` (UTC), or "" when unknown."""
        if self.added is None:
            return ""
        return datetime.fromtimestamp(float(self.added), UTC).strftime("%Y-%m-%d %H:%M")


def _chunk_zero_pages(store: Store, include: list[str]) -> Iterator[dict[str, Any]]:
    offset = 0
    while True:
        page = store.collection.get(where={"chunk_index": 0}, include=include, limit=PAGE, offset=offset)
        if not page["ids"]:
            return
        yield page
        offset += len(page["ids"])


def list_papers(store: Store, filters: Filters | None = None) -> list[PaperRow]:
    """Every paper in the store (that passes ``filters``, when given), in the order Chroma returns
    them (paged by :data:`PAGE`)."""
    rows: list[PaperRow] = []
    for page in _chunk_zero_pages(store, ["metadatas"]):
        rows += [PaperRow.from_metadata(m) for m in page["metadatas"] if filters is None or filters.matches(m)]
    return rows


def get_paper(store: Store, paper_id: str) -> PaperRow | None:
    """One paper by id, or None when the store does not hold it."""
    records = store.paper_records([paper_id])
    return PaperRow.from_metadata(records[paper_id]) if paper_id in records else None


def paper_vector(store: Store, paper_id: str) -> np.ndarray | None:
    """The paper's embedding: the mean of its chunk vectors, L2-normalised (shape ``(dim,)``).

    None when the store holds no chunk of the paper.
    """
    page = store.collection.get(where={"paper_id": paper_id}, include=["embeddings"])
    vectors = page.get("embeddings")
    if vectors is None or len(vectors) == 0:
        return None
    mean = np.asarray(vectors, dtype=np.float32).mean(axis=0)
    return mean / (np.linalg.norm(mean) or 1.0)


def paper_vectors(store: Store) -> tuple[list[str], np.ndarray]:
    """Every paper's embedding (mean of its chunk vectors, L2-normalised).

    Returns ``(paper_ids, matrix)``, the matrix of shape ``(n_papers, dim)``, float32,
    rows in the order of ``paper_ids``. Reads every chunk vector once, page by page;
    memory is one float32 row per paper plus one page.
    """
    index: dict[str, int] = {}
    sums: list[np.ndarray] = []
    counts: list[int] = []
    offset = 0
    while True:
        page = store.collection.get(include=["metadatas", "embeddings"], limit=PAGE, offset=offset)
        ids = page["ids"]
        if not ids:
            break
        vectors = np.asarray(page["embeddings"], dtype=np.float32)
        for meta, vector in zip(page["metadatas"], vectors, strict=True):
            pid = meta["paper_id"]
            row = index.setdefault(pid, len(sums))
            if row == len(sums):
                sums.append(vector.copy())
                counts.append(1)
            else:
                sums[row] += vector
                counts[row] += 1
        offset += len(ids)
    if not sums:
        return [], np.zeros((0, 0), dtype=np.float32)
    matrix = np.vstack(sums) / np.asarray(counts, dtype=np.float32)[:, None]
    matrix /= np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    return list(index), matrix


def similar_papers(store: Store, paper_id: str, k: int = 5) -> list[tuple[PaperRow, float]]:
    """The ``k`` papers nearest to ``paper_id`` by embedding, best first, with cosine similarity.

    The paper's mean chunk vector is the query; Chroma's HNSW index returns the nearest
    chunks, and each other paper scores by its nearest chunk. Empty when the paper is
    not in the store.
    """
    vector = paper_vector(store, paper_id)
    if vector is None:
        return []
    hits = store.collection.query(
        query_embeddings=[vector.tolist()],
        n_results=min(max(8 * k, 20), max(store.count(), 1)),
        include=["metadatas", "distances"],
    )
    best: dict[str, float] = {}
    for meta, distance in zip(hits["metadatas"][0], hits["distances"][0], strict=True):
        pid = meta["paper_id"]
        if pid != paper_id and pid not in best:
            best[pid] = 1.0 - float(distance)  # cosine space: distance = 1 - similarity
    top = list(best.items())[:k]
    records = store.paper_records([pid for pid, _ in top])
    return [(PaperRow.from_metadata(records[pid]), sim) for pid, sim in top if pid in records]


def remove_paper(store: Store, paper_id: str) -> int:
    """Delete every chunk of ``paper_id``; returns how many were deleted.

    The caller holds the ingest lock (:func:`ingest.pipeline.ingest_lock`) and then
    calls ``retriever.invalidate()`` so BM25 forgets the paper.

    Raises:
        StoreError: the store holds no such paper.
    """
    found = store.collection.get(where={"paper_id": paper_id}, include=[])["ids"]
    if not found:
        raise StoreError(f"no paper {paper_id!r} in the collection (already removed?)")
    store.collection.delete(ids=found)
    return len(found)
