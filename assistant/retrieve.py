"""Hybrid retrieval of papers: BM25 + dense, fused by reciprocal rank fusion, per paper.

Both retrievers are llama-index's: ``BM25Retriever`` (bm25s) over the stored chunks,
and the vector-store retriever over ``ChromaVectorStore``. Each ranks chunks; we
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
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

import chromadb.errors
import numpy as np
from llama_index.core import VectorStoreIndex
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.core.vector_stores import MetadataFilter, MetadataFilters
from llama_index.retrievers.bm25 import BM25Retriever
from llama_index.vector_stores.chroma import ChromaVectorStore

from assistant.embed import Embedder, as_llama_index_embedding
from assistant.settings import Settings
from assistant.store import Store, decode_list
from assistant.text import stemmed_terms, weighted_share
from assistant.types import Source

Mode = Literal["bm25", "dense", "hybrid"]
# How "hybrid" fuses: ours over paper rankings ("rrf", "relative"), or llama-index's
# QueryFusionRetriever over chunks ("llama-rrf", "llama-relative", "llama-dist"),
# kept selectable so `python -m eval retrieval --fusions` can compare them.
Fusion = Literal["rrf", "relative", "llama-rrf", "llama-relative", "llama-dist"]
Filters = dict[str, Any]  # metadata key -> required value, e.g. {"has_code": True}


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


def _chunk_text(document: str) -> str:
    """The stored document is ``title\\nchunk``; the evidence is the chunk."""
    return document.split("\n", 1)[-1]


def _metadata_filters(filters: Filters | None) -> MetadataFilters | None:
    if not filters:
        return None
    return MetadataFilters(filters=[MetadataFilter(key=k, value=v) for k, v in filters.items()])


def rank_papers(nodes: list[NodeWithScore]) -> list[tuple[str, NodeWithScore]]:
    """One entry per paper, in the order of its best chunk: ``[(paper_id, best_node)]``."""
    seen: dict[str, NodeWithScore] = {}
    for node in nodes:
        seen.setdefault(node.node.metadata["paper_id"], node)
    return list(seen.items())


def relative_score_fusion(
    rankings: list[list[tuple[str, float]]], weights: list[float] | None = None
) -> list[tuple[str, float]]:
    """Fuse scored rankings: each min-max scaled to [0, 1], then a weighted sum, best first.

    A paper missing from a ranking gets 0 from it. Source: Weaviate's
    "relativeScoreFusion" (https://weaviate.io/blog/hybrid-search-fusion-algorithms);
    llama-index's ``FUSION_MODES.RELATIVE_SCORE`` does the same over chunks.
    """
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        if not ranking:
            continue
        values = [v for _, v in ranking]
        low, high = min(values), max(values)
        for item, value in ranking:
            scaled = (value - low) / (high - low) if high > low else 1.0
            scores[item] = scores.get(item, 0.0) + weight * scaled
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


def reciprocal_rank_fusion(
    rankings: list[list[str]], k: int = 60, weights: list[float] | None = None
) -> list[tuple[str, float]]:
    """Fuse rankings of ids: ``[(id, Σ_r w_r / (k + rank_r))]``, best first, rank from 1.

    Source: Cormack, Clarke & Büttcher, "Reciprocal Rank Fusion outperforms Condorcet
    and individual rank learning methods", SIGIR 2009 (k = 60, unit weights there).
    """
    weights = weights or [1.0] * len(rankings)
    scores: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + weight / (k + rank)
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


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
        self._bm25: BM25Retriever | None = None
        self._bm25_meta: list[dict[str, Any]] = []
        self._bm25_count = -1
        self._checked_at = 0.0
        self._doc_freq: Counter[str] = Counter()
        self._n_docs = 0
        self._masks: dict[tuple, list[int]] = {}
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
        """Rebuild the BM25 index on the next query (call after ingesting into this store)."""
        self._checked_at = 0.0
        self._bm25_count = -1

    def _bm25_retriever(self) -> BM25Retriever:
        # Chroma's count() costs ~10 ms at 100k chunks: check for a changed store at most
        # every settings.store_recheck_s seconds (another process may have ingested).
        now = time.monotonic()
        if self._bm25 is not None and now - self._checked_at < self.settings.store_recheck_s:
            return self._bm25
        self._checked_at = now
        count = self.store.count()  # read from disk, so it sees other processes' writes
        if self._bm25 is not None and count != self._bm25_count:
            # Someone ingested: an embedded client's in-memory vector index is stale
            # until reopened (it may even fail with "Error finding id").
            self._reopen()
        if self._bm25 is None or count != self._bm25_count:  # rebuilt after an ingest
            nodes = [
                TextNode(id_=cid, text=doc or "", metadata={k: v for k, v in meta.items() if k != "abstract"})
                for cid, meta, doc in self.store.iter_records(include=["metadatas", "documents"])
            ]
            self._bm25_meta = [n.metadata for n in nodes]
            self._n_docs = len(nodes)
            self._bm25 = BM25Retriever.from_defaults(
                nodes=nodes, similarity_top_k=min(self.settings.candidates, max(len(nodes), 1))
            )
            # Document frequencies straight from bm25s's index (same Snowball stems), rather
            # than stemming every chunk again: that took 40 of 84 s at 100k chunks.
            index = self._bm25.bm25
            indptr = index.scores["indptr"]
            self._doc_freq = Counter(
                {
                    t: int(indptr[i + 1] - indptr[i])
                    for t, i in index.vocab_dict.items()
                    if i + 1 < len(indptr)
                }
            )  # (bm25s adds a padding token whose id is past the last column)
            self._bm25_count = count
            self._masks = {}
        return self._bm25

    def bm25_chunks(self, query: str, k: int, filters: Filters | None = None) -> list[NodeWithScore]:
        """Top-``k`` chunks by BM25 (Robertson & Zaragoza 2009, via bm25s), filters applied."""
        with self._lock:  # the retriever's k and weight mask are per call
            bm25 = self._bm25_retriever()
            bm25.similarity_top_k = min(k, self._bm25_count)
            bm25.corpus_weight_mask = self._mask(filters) if filters else None
            if bm25.corpus_weight_mask is not None and not any(bm25.corpus_weight_mask):
                return []
            nodes = bm25.retrieve(query)
        return [n for n in nodes if n.score and n.score > 0]

    def _mask(self, filters: Filters) -> list[int]:
        key = tuple(sorted(filters.items()))
        if key not in self._masks:
            self._masks[key] = [
                int(all(meta.get(k) == v for k, v in filters.items())) for meta in self._bm25_meta
            ]
        return self._masks[key]

    def dense_chunks(
        self, query: str, vector: np.ndarray, k: int, filters: Filters | None = None
    ) -> list[NodeWithScore]:
        """Top-``k`` chunks by cosine similarity; ``score`` is the cosine in [-1, 1]."""
        retriever = self.index.as_retriever(similarity_top_k=k, filters=_metadata_filters(filters))
        nodes = retriever.retrieve(QueryBundle(query_str=query, embedding=vector.tolist()))
        for node in nodes:  # ChromaVectorStore reports exp(-distance); cosine = 1 - distance
            node.score = 1.0 + math.log(node.score) if node.score else -1.0
        return nodes

    # -- papers ---------------------------------------------------------------
    def retrieve(self, query: str, **kwargs: Any) -> Retrieval:
        """The ``top_k`` best papers for ``query`` (see :meth:`_retrieve` for the arguments).

        When another process wrote to an embedded store since we opened it, Chroma's
        next read fails; the store is then reopened, BM25 rebuilt, and the query retried once.
        """
        try:
            return self._retrieve(query, **kwargs)
        except chromadb.errors.InternalError:
            with self._lock:
                self._reopen()
                self.invalidate()
            return self._retrieve(query, **kwargs)

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
        ``settings.min_relevance`` (calibrated on the eval set's unanswerable questions).
        """
        started = time.perf_counter()
        top_k = top_k or self.settings.top_k
        k = candidates or self.settings.candidates
        if vector is None:
            vector = self.embedder.embed([query])[0]
        fusion = fusion or self.settings.fusion
        rankings: list[list[tuple[str, NodeWithScore]]] = []
        weights: list[float] = []
        if mode == "hybrid" and fusion.startswith("llama-"):
            rankings.append(rank_papers(self._llama_fusion(query, vector, k, filters, fusion)))
            weights.append(1.0)
        else:
            if mode != "bm25":
                rankings.append(rank_papers(self.dense_chunks(query, vector, k, filters)))
                weights.append(self.settings.dense_weight)
            if mode != "dense":
                lexical = self.bm25_chunks(query, k, filters)
                rankings.append(rank_papers(lexical))
                weights.append(self._bm25_weight(query, lexical) if mode == "hybrid" else 1.0)
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
        chunks, records = self._paper_chunks([pid for pid, _ in top], vector)
        cosines = {pid: max(c for _, c in cs) for pid, cs in chunks.items()}
        sources = []
        for n, (pid, score) in enumerate(top, start=1):
            meta = records.get(pid, best[pid].node.metadata)
            sources.append(
                Source(
                    n=n,
                    paper_id=pid,
                    title=meta["title"],
                    score=round(score, 6),
                    dense=round(cosines.get(pid, -1.0), 4),
                    abstract=meta.get("abstract", ""),
                    evidence=_chunk_text(best[pid].node.get_content()),
                    url=meta.get("url"),
                    code_url=meta.get("code_url"),
                    authors=decode_list(meta.get("authors")),
                    year=meta.get("year"),
                    arxiv_id=meta.get("arxiv_id"),
                    doi=meta.get("doi"),
                )
            )
        best_cosine = max([s.dense or -1.0 for s in sources], default=-1.0)
        return Retrieval(
            query=query,
            sources=sources,
            covered=bool(sources) and best_cosine >= self.settings.min_relevance,
            query_vector=vector,
            seconds=time.perf_counter() - started,
            chunks=chunks,
            idf=self.idf(query),
        )

    def _llama_fusion(
        self, query: str, vector: np.ndarray, k: int, filters: Filters | None, fusion: Fusion
    ) -> list[NodeWithScore]:
        """Chunks fused by llama-index's ``QueryFusionRetriever`` (for comparison in the eval)."""
        from llama_index.core.llms import MockLLM
        from llama_index.core.retrievers import QueryFusionRetriever

        modes = {
            "llama-rrf": "reciprocal_rerank",
            "llama-relative": "relative_score",
            "llama-dist": "dist_based_score",
        }
        dense = self.index.as_retriever(similarity_top_k=k, filters=_metadata_filters(filters))
        with self._lock:
            bm25 = self._bm25_retriever()
            bm25.similarity_top_k = min(k, self._bm25_count)
            bm25.corpus_weight_mask = self._mask(filters) if filters else None
            fused = QueryFusionRetriever(
                [dense, bm25],
                similarity_top_k=2 * k,
                num_queries=1,
                mode=modes[fusion],
                use_async=False,
                retriever_weights=[self.settings.dense_weight, 1.0],
                llm=MockLLM(),  # never called: num_queries=1 generates no extra queries
            ).retrieve(QueryBundle(query_str=query, embedding=vector.tolist()))
        return fused

    def _bm25_weight(self, query: str, lexical: list[NodeWithScore]) -> float:
        """BM25's fusion weight for this query: 1, or with ``settings.adaptive_bm25`` the
        IDF-weighted share of the query's terms that its best chunk holds (floor 0.1).

        A question phrased in other words than the abstracts still gets BM25 hits on
        its generic words; those should not outvote the dense ranking.
        """
        if not self.settings.adaptive_bm25 or not lexical:
            return 1.0
        q_terms = stemmed_terms(query)
        idf = self.idf(query)
        best = max(weighted_share(q_terms, stemmed_terms(n.node.get_content()), idf) for n in lexical[:3])
        return max(0.1, best)

    def idf(self, text: str) -> dict[str, float]:
        """IDF of each stemmed term of ``text`` over the stored chunks (Robertson–Spärck Jones form).

        A term in no chunk gets 0, not the highest IDF: no document can match it, so it
        says nothing about which one matches best (and "Google", "2031" in an injected
        instruction must not swamp "MMVP" in the coverage shares built on these weights).
        """
        with self._lock:
            self._bm25_retriever()
        n = self._n_docs
        return {
            t: math.log((n + 1) / (self._doc_freq[t] + 0.5)) if self._doc_freq.get(t) else 0.0
            for t in stemmed_terms(text)
        }

    def paper_vectors(self, paper_ids: list[str]) -> dict[str, np.ndarray]:
        """Each paper's embedding: the L2-normalised mean of its stored chunk vectors [dim]."""
        if not paper_ids:
            return {}
        got = self.store.collection.get(
            where={"paper_id": {"$in": paper_ids}}, include=["embeddings", "metadatas"]
        )
        sums: dict[str, np.ndarray] = {}
        for meta, vector in zip(got["metadatas"], got["embeddings"], strict=True):
            pid = meta["paper_id"]
            sums[pid] = sums.get(pid, 0) + np.asarray(vector, dtype=np.float32)
        return {pid: v / max(float(np.linalg.norm(v)), 1e-12) for pid, v in sums.items()}

    def _paper_chunks(
        self, paper_ids: list[str], vector: np.ndarray
    ) -> tuple[dict[str, list[tuple[str, float]]], dict[str, dict[str, Any]]]:
        """Every chunk of the given papers with its cosine to ``vector``, from stored vectors,
        and each paper's chunk-0 metadata (which carries the abstract), in one Chroma call.

        No embedding happens here: BM25-only hits get their dense score this way.
        """
        if not paper_ids:
            return {}, {}
        got = self.store.collection.get(
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
            out.setdefault(meta["paper_id"], []).append((_chunk_text(doc), float(sim)))
            if meta.get("chunk_index", 0) == 0:
                records[meta["paper_id"]] = meta
        return out, records
