"""llama-index's ``QueryFusionRetriever`` over our two retrievers, kept for comparison in the eval."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import NodeWithScore, QueryBundle

if TYPE_CHECKING:
    from assistant.retrieve import Fusion, PaperRetriever
    from assistant.store_filters import Filters


def llama_fusion(
    retriever: PaperRetriever, query: str, vector: np.ndarray, k: int, filters: Filters | None, fusion: Fusion
) -> list[NodeWithScore]:
    """Chunks fused by llama-index's ``QueryFusionRetriever`` (for comparison in the eval)."""
    from llama_index.core.llms import MockLLM
    from llama_index.core.retrievers import QueryFusionRetriever

    modes = {
        "llama-rrf": "reciprocal_rerank",
        "llama-relative": "relative_score",
        "llama-dist": "dist_based_score",
    }
    try:
        dense = retriever._dense_retriever(k, filters)
    except LookupError:
        return []
    bm25 = _LexicalRetriever(retriever, k, filters)
    return QueryFusionRetriever(
        [dense, bm25],
        similarity_top_k=2 * k,
        num_queries=1,
        mode=modes[fusion],
        use_async=False,
        retriever_weights=[retriever.settings.dense_weight, 1.0],
        llm=MockLLM(),  # never called: num_queries=1 generates no extra queries
    ).retrieve(QueryBundle(query_str=query, embedding=vector.tolist()))


class _LexicalRetriever(BaseRetriever):
    """:meth:`PaperRetriever.bm25_chunks` as a llama-index retriever (for ``QueryFusionRetriever``)."""

    def __init__(self, owner: PaperRetriever, k: int, filters: Filters | None) -> None:
        super().__init__()
        self._owner, self._k, self._filters = owner, k, filters

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        from assistant.query_frame import topic_query  # the topic, as in PaperRetriever._retrieve

        return self._owner.bm25_chunks(topic_query(query_bundle.query_str), self._k, self._filters)
