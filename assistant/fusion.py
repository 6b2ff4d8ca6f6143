"""Fusing rankings: chunks grouped to papers, then reciprocal rank fusion or relative score fusion."""

from __future__ import annotations

from llama_index.core.schema import NodeWithScore

from assistant.text import stemmed_terms, weighted_share


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


def adaptive_bm25_weight(query: str, lexical: list[NodeWithScore], idf: dict[str, float]) -> float:
    """BM25's fusion weight for ``query``: the IDF-weighted share of its terms that its best
    chunk (of the top three in ``lexical``) holds, floor 0.1; 1 when BM25 found nothing.

    A question phrased in other words than the abstracts still gets BM25 hits on
    its generic words; those should not outvote the dense ranking.
    """
    if not lexical:
        return 1.0
    terms = stemmed_terms(query)
    return max(0.1, max(weighted_share(terms, stemmed_terms(n.node.get_content()), idf) for n in lexical[:3]))
