"""Papers' stored chunks and vectors, read from Chroma: nothing is embedded here."""

from __future__ import annotations

from typing import Any

import numpy as np
from chromadb import Collection
from llama_index.core.schema import BaseNode

from assistant.store import decode_list
from assistant.types import Source


def chunk_text(document: str) -> str:
    """The stored document is ``title\\nchunk``; the evidence is the chunk."""
    return document.split("\n", 1)[-1]


def paper_vectors(collection: Collection, paper_ids: list[str]) -> dict[str, np.ndarray]:
    """Each paper's embedding: the L2-normalised mean of its stored chunk vectors [dim]."""
    if not paper_ids:
        return {}
    got = collection.get(where={"paper_id": {"$in": paper_ids}}, include=["embeddings", "metadatas"])
    sums: dict[str, np.ndarray] = {}
    for meta, vector in zip(got["metadatas"], got["embeddings"], strict=True):
        pid = meta["paper_id"]
        sums[pid] = sums.get(pid, 0) + np.asarray(vector, dtype=np.float32)
    return {pid: v / max(float(np.linalg.norm(v)), 1e-12) for pid, v in sums.items()}


def paper_chunks(
    collection: Collection, paper_ids: list[str], vector: np.ndarray
) -> tuple[dict[str, list[tuple[str, float]]], dict[str, dict[str, Any]]]:
    """Every chunk of the given papers with its cosine to ``vector``, from stored vectors,
    and each paper's chunk-0 metadata (which carries the abstract), in one Chroma call.

    No embedding happens here: BM25-only hits get their dense score this way.
    """
    if not paper_ids:
        return {}, {}
    got = collection.get(
        where={"paper_id": {"$in": paper_ids}},
        include=["embeddings", "metadatas", "documents"],
    )
    sims = np.asarray(got["embeddings"], dtype=np.float32) @ vector
    rows = sorted(
        zip(got["metadatas"], got["documents"], sims, strict=True),
        key=lambda row: (row[0]["paper_id"], row[0].get("chunk_index", 0)),
    )
    out: dict[str, list[tuple[str, float]]] = {}
    records: dict[str, dict[str, Any]] = {}
    for meta, doc, sim in rows:
        out.setdefault(meta["paper_id"], []).append((chunk_text(doc), float(sim)))
        if meta.get("chunk_index", 0) == 0:
            records[meta["paper_id"]] = meta
    return out, records


def numbered_sources(
    ranked: list[tuple[str, float]],
    records: dict[str, dict[str, Any]],
    evidence: dict[str, BaseNode],
    cosines: dict[str, float],
) -> list[Source]:
    """``ranked`` (paper id, fused score), best first, as Sources numbered from 1: metadata from
    ``records`` (else the evidence chunk's), the evidence chunk's text, the best chunk cosine."""
    sources = []
    for n, (pid, score) in enumerate(ranked, start=1):
        meta = records.get(pid, evidence[pid].metadata)
        sources.append(
            Source(
                n=n,
                paper_id=pid,
                title=meta["title"],
                score=round(score, 6),
                dense=round(cosines.get(pid, -1.0), 4),
                abstract=meta.get("abstract", ""),
                evidence=chunk_text(evidence[pid].get_content()),
                url=meta.get("url"),
                code_url=meta.get("code_url"),
                authors=decode_list(meta.get("authors")),
                year=meta.get("year"),
                arxiv_id=meta.get("arxiv_id"),
                doi=meta.get("doi"),
            )
        )
    return sources
