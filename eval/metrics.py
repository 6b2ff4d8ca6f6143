"""Ranking metrics over paper titles (binary relevance: gold titles are relevant).

Titles in ``also_ok`` are removed from a ranking before scoring: a borderline
paper neither counts as a hit nor pushes gold papers down.
"""

from __future__ import annotations

import math


def _ranked(ranking: list[str], also_ok: set[str]) -> list[str]:
    return [t for t in ranking if t not in also_ok]


def recall_at_k(ranking: list[str], gold: set[str], k: int, also_ok: set[str] = frozenset()) -> float:
    """Share of gold papers within the first ``k`` (0..1). Gold must be non-empty."""
    return len(set(_ranked(ranking, also_ok)[:k]) & gold) / len(gold)


def mrr(ranking: list[str], gold: set[str], also_ok: set[str] = frozenset()) -> float:
    """Reciprocal rank of the first gold paper, 0 when none is ranked (Voorhees, TREC-8 QA)."""
    for rank, title in enumerate(_ranked(ranking, also_ok), start=1):
        if title in gold:
            return 1.0 / rank
    return 0.0


def ndcg_at_k(ranking: list[str], gold: set[str], k: int = 10, also_ok: set[str] = frozenset()) -> float:
    """Normalised discounted cumulative gain at ``k``, binary gains (Järvelin & Kekäläinen 2002)."""
    ranked = _ranked(ranking, also_ok)[:k]
    dcg = sum(1.0 / math.log2(i + 2) for i, t in enumerate(ranked) if t in gold)
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(len(gold), k)))
    return dcg / ideal if ideal else 0.0
