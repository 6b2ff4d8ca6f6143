"""Hybrid retrieval of papers: BM25 + dense, fused by reciprocal rank fusion, per paper.

BM25 is bm25s over the stored chunks, saved beside the store and memory-mapped
(:mod:`assistant.bm25_index`; the same index llama-index's ``BM25Retriever`` builds),
and dense is llama-index's vector-store retriever over ``ChromaVectorStore``. Each ranks chunks; we
group each ranking to papers (a paper's rank is its best chunk's) and fuse the
paper rankings with RRF, score(p) = Σ_r 1 / (k + rank_r(p)) (Cormack, Clarke &
Büttcher, SIGIR 2009). We fuse papers rather than chunks, unlike llama-index's
``QueryFusionRetriever``, so that a paper split into several chunks is not counted
several times, and we keep each paper's dense cosine for the relevance gate.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import chromadb.errors
import httpx
import numpy as np
from llama_index.core import VectorStoreIndex
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from assistant.bm25_index import BM25Index, open_index, store_version
from assistant.embed import Embedder, as_llama_index_embedding
from assistant.filters import Filters as PaperFilters
from assistant.fusion import adaptive_bm25_weight, rank_papers, reciprocal_rank_fusion, relative_score_fusion
from assistant.llama_fusion import llama_fusion
from assistant.query_frame import topic_query
from assistant.settings import Settings
from assistant.store import Store, StoreError, describe
from assistant.store_filters import Filters, bm25_mask, dense_where
from assistant.stored_chunks import numbered_sources, paper_chunks, paper_vectors
from assistant.text import stemmed_terms
from assistant.types import Source

Mode = Literal["bm25", "dense", "hybrid"]
# How "hybrid" fuses: ours over paper rankings ("rrf", "relative"), or llama-index's
# QueryFusionRetriever over chunks ("llama-rrf", "llama-relative", "llama-dist"),
# kept selectable so `python -m eval retrieval --fusions` can compare them.
Fusion = Literal["rrf", "relative", "llama-rrf", "llama-relative", "llama-dist"]


@dataclass
class Retrieval:
    """Ranked papers for one query (best first) and whether the collection covers it."""

    query: str
    sources: list[Source]
    covered: bool
    query_vector: np.ndarray
    seconds: float = 0.0
    # per source paper id: its chunks as (text, cosine to the query), in abstract order
    chunks: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    # inverse document frequency of the query's stemmed terms over the collection
    idf: dict[str, float] = field(default_factory=dict)
    filters: PaperFilters | None = None  # the filters it was retrieved under


class PaperRetriever:
    """Ranks the papers of one store for a query.

    Args:
        store: the opened chunk collection.
        embedder: the same model that built the store.
        settings: top-k, candidates, RRF k and the relevance gate.
    """

    def __init__(self, store: Store, embedder: Embedder, settings: Settings) -> None:
        self.store = store
        self.embedder = embedder
        self.settings = settings
        self._connect()
        self._bm25: BM25Index | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()

    # -- the two retrievers -------------------------------------------------
    def _connect(self) -> None:
        vector_store = ChromaVectorStore(chroma_collection=self.store.collection)
        # Queries arrive with their vector; the adapter serves llama-index callers that don't.
        self.index = VectorStoreIndex.from_vector_store(
            vector_store, embed_model=as_llama_index_embedding(self.embedder)
        )

    def _reopen(self) -> None:
        """Reconnect the store and the vector index to what is on disk now."""
        self.store.reopen()
        self._connect()

    def invalidate(self) -> None:
        """Re-check the BM25 index against the store on the next query (call after ingesting into it)."""
        self._checked_at = 0.0

    def _bm25_index(self) -> BM25Index:
        """The store's BM25 index, reloaded (or rebuilt) when the store changed since it was opened."""
        # Reading the store's version and count costs ~10 ms at 100k chunks: check for a
        # changed store at most every settings.store_recheck_s seconds.
        now = time.monotonic()
        if self._bm25 is not None and now - self._checked_at < self.settings.store_recheck_s:
            return self._bm25
        self._checked_at = now
        if self._bm25 is not None and (
            self.store.count() != self._bm25.count or store_version(self.store) != self._bm25.version
        ):
            # Someone ingested: an embedded client's in-memory vector index is stale
            # until reopened (it may even fail with "Error finding id").
            self._reopen()
            self._bm25 = None
        if self._bm25 is None:
            self._bm25 = open_index(self.store)  # the saved index, memory-mapped, when current
        return self._bm25

    def bm25_chunks(self, query: str, k: int, filters: Filters | None = None) -> list[NodeWithScore]:
        """Top-``k`` chunks by BM25 (Robertson & Zaragoza 2009, via bm25s), filters applied.

        The index holds chunk ids only; the hits' text and metadata are read from Chroma.
        """
        with self._lock:
            index = self._bm25_index()
            mask = bm25_mask(self.store.collection, index, filters)
            if mask is not None and not mask.any():
                return []
            hits = index.search(query, k, mask)
        if not hits:
            return []
        got = self.store.collection.get(ids=[cid for cid, _ in hits], include=["metadatas", "documents"])
        records = dict(zip(got["ids"], zip(got["metadatas"], got["documents"], strict=True), strict=True))
        return [
            NodeWithScore(
                node=TextNode(
                    id_=cid,
                    text=records[cid][1] or "",
                    metadata={k: v for k, v in records[cid][0].items() if k != "abstract"},
                ),
                score=score,
            )
            for cid, score in hits
            if cid in records
        ]

    def _dense_retriever(self, k: int, filters: Filters | None):  # noqa: ANN202 - llama-index retriever
        return self.index.as_retriever(
            similarity_top_k=k, vector_store_kwargs={"where": dense_where(self.store.collection, filters)}
        )

    def dense_chunks(
        self, query: str, vector: np.ndarray, k: int, filters: Filters | None = None
    ) -> list[NodeWithScore]:
        """Top-``k`` chunks by cosine similarity; ``score`` is the cosine in [-1, 1]."""
        try:
            retriever = self._dense_retriever(k, filters)
        except LookupError:
            return []
        nodes = retriever.retrieve(QueryBundle(query_str=query, embedding=vector.tolist()))
        for node in nodes:  # ChromaVectorStore reports exp(-distance); cosine = 1 - distance
            node.score = 1.0 + math.log(node.score) if node.score else -1.0
        return nodes

    # -- papers ---------------------------------------------------------------
    def retrieve(self, query: str, **kwargs: Any) -> Retrieval:
        """The ``top_k`` best papers for ``query`` (see :meth:`_retrieve` for the arguments).

        When another process wrote to an embedded store since we opened it, Chroma's
        next read fails; the store is then reopened, BM25 re-checked, and the query retried once.

        Raises:
            StoreError: the Chroma server does not answer (down, restarting, unreachable);
                the next query after it is back succeeds, with no restart of the app.
        """
        try:
            try:
                return self._retrieve(query, **kwargs)
            except chromadb.errors.InternalError:
                with self._lock:
                    self._reopen()
                    self.invalidate()
                return self._retrieve(query, **kwargs)
        except httpx.TransportError as exc:  # chromadb's HttpClient speaks httpx
            raise StoreError(
                f"the {describe(self.settings)} is not answering ({exc}). Answers resume as soon as "
                "it is back; nothing needs restarting."
            ) from exc

    def _retrieve(
        self,
        query: str,
        *,
        top_k: int | None = None,
        filters: Filters | None = None,
        mode: Mode = "hybrid",
        vector: np.ndarray | None = None,
        fusion: Fusion | None = None,
        candidates: int | None = None,
    ) -> Retrieval:
        """The ``top_k`` best papers for ``query``, numbered from 1, and the coverage verdict.

        ``candidates`` overrides ``settings.candidates`` (chunks per retriever before fusion).

        ``covered`` is False when even the best chunk's cosine similarity is below
        ``settings.min_relevance`` (calibrated on the eval set's unanswerable questions),
        unless ``filters`` names the papers (``paper_ids`` or ``title``).

        Raises:
            ValueError: ``top_k`` or ``candidates`` below 1.
        """
        started = time.perf_counter()
        if (top_k is not None and top_k < 1) or (candidates is not None and candidates < 1):
            # -5 would slice off the last five papers, 0 would mean the default
            raise ValueError(f"top_k and candidates must be at least 1 (got {top_k}, {candidates})")
        top_k = top_k or self.settings.top_k
        k = candidates or self.settings.candidates
        if vector is None:
            vector = self.embedder.embed([query])[0]
        fusion = fusion or self.settings.fusion
        rankings: list[list[tuple[str, NodeWithScore]]] = []
        weights: list[float] = []
        if mode == "hybrid" and fusion.startswith("llama-"):
            rankings.append(rank_papers(llama_fusion(self, query, vector, k, filters, fusion)))
            weights.append(1.0)
        else:
            if mode != "bm25":
                rankings.append(rank_papers(self.dense_chunks(query, vector, k, filters)))
                weights.append(self.settings.dense_weight)
            if mode != "dense":
                # BM25 matches the topic, not the question's frame (query_frame.py). Dev hybrid
                # (`python -m eval retrieval --split dev`): nDCG@10 0.936 -> 0.941, MRR 0.946 -> 0.949.
                topic = topic_query(query)
                lexical = self.bm25_chunks(topic, k, filters)
                rankings.append(rank_papers(lexical))
                adaptive = mode == "hybrid" and self.settings.adaptive_bm25
                weights.append(adaptive_bm25_weight(topic, lexical, self.idf(topic)) if adaptive else 1.0)
        best: dict[str, NodeWithScore] = {}
        for ranking in rankings:
            for pid, node in ranking:
                best.setdefault(pid, node)  # dense evidence first when there is one
        if fusion == "relative":
            scored = [[(pid, node.score or 0.0) for pid, node in r] for r in rankings]
            fused = relative_score_fusion(scored, weights)
        else:
            fused = reciprocal_rank_fusion(
                [[pid for pid, _ in r] for r in rankings], self.settings.rrf_k, weights
            )
        top = fused[:top_k]
        chunks, records = paper_chunks(self.store.collection, [pid for pid, _ in top], vector)
        cosines = {pid: max(c for _, c in cs) for pid, cs in chunks.items()}
        evidence = {pid: best[pid].node for pid, _ in top}
        sources = numbered_sources(top, records, evidence, cosines)
        best_cosine = max([s.dense or -1.0 for s in sources], default=-1.0)
        # Papers the user picked by name (the Library's "Ask about this paper", a title
        # filter) are answered from however the question is worded: "What architecture is
        # proposed?" scored 0.12 against the chosen Mixture-of-Mamba and was refused.
        scope = PaperFilters.of(filters)  # (the Python API also takes the dict form)
        chosen = scope is not None and bool(scope.paper_ids or scope.title)
        return Retrieval(
            query=query,
            sources=sources,
            covered=bool(sources) and (best_cosine >= self.settings.min_relevance or chosen),
            filters=scope,
            query_vector=vector,
            seconds=time.perf_counter() - started,
            chunks=chunks,
            idf=self.idf(query),
        )

    def idf(self, text: str) -> dict[str, float]:
        """IDF of each stemmed term of ``text`` over the stored chunks (Robertson–Spärck Jones form).

        A term in no chunk gets 0, not the highest IDF: no document can match it, so it
        says nothing about which one matches best (and "Google", "2031" in an injected
        instruction must not swamp "MMVP" in the coverage shares built on these weights).
        """
        with self._lock:
            index = self._bm25_index()
        n = index.count
        freqs = {t: index.doc_freq(t) for t in stemmed_terms(text)}
        return {t: math.log((n + 1) / (f + 0.5)) if f else 0.0 for t, f in freqs.items()}

    def paper_vectors(self, paper_ids: list[str]) -> dict[str, np.ndarray]:
        """Each paper's embedding: the L2-normalised mean of its stored chunk vectors [dim]."""
        return paper_vectors(self.store.collection, paper_ids)


__all__ = [
    "Filters",
    "Fusion",
    "Mode",
    "PaperRetriever",
    "Retrieval",
    "rank_papers",
    "reciprocal_rank_fusion",
    "relative_score_fusion",
]
