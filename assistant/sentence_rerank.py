"""Second stage: the first retrieved papers reordered by their best abstract sentence (MaxP).

A question that describes a paper without naming it usually restates one sentence of its
abstract: "Is there work checking whether QA datasets built on video clips really need
information from several modalities?" is 0.61 from a sentence of "Assessing Modality Bias in
Video Question Answering Benchmarks ...", more than any other candidate's, yet the fusion ranked
that paper fifth: its chunk vector averages ~250 word pieces about many things, and BM25 finds
few of the question's words. Scoring a document by its best passage is MaxP (Dai & Callan,
"Deeper Text Understanding for IR with Contextual Neural Language Modeling", SIGIR 2019); here
the passage is an abstract sentence, the score its cosine (the store's embedder) with the query.

That score joins the fusion as a third ranking the way :func:`assistant.fusion.relative_score_fusion`
adds one: min-max scaled over the candidates, weighted, added to the fused score. Only the first
``settings.top_k`` papers are reordered, so the papers passed on are the same ones. When no
candidate has a sentence close enough to cover the question by itself
(:data:`assistant.coverage.SENTENCE_RELEVANCE`, 0.5), the question restates none ("Which of these
papers are surveys or reviews rather than new methods?": 0.14 to 0.33; "How do graph neural
networks handle molecules?", which no paper answers: at most 0.48), and scaling cosines that
close together would rank by noise: the order is kept.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.answerability import focus
from assistant.coverage import SENTENCE_RELEVANCE, best_sentence_cosine
from assistant.retrieve import Fusion, Retrieval
from assistant.sentence_vectors import SentenceVectors
from assistant.settings import Settings


def sentence_reranked(
    retrieval: Retrieval, vectors: SentenceVectors, settings: Settings, fusion: Fusion | None = None
) -> Retrieval:
    """:func:`rerank_by_sentence` over the first ``settings.top_k`` papers, weight
    ``settings.sentence_weight``, when ``fusion`` (default ``settings.fusion``) is "relative" (the
    weight is on its scale) and the query names none of the retrieved papers
    (:func:`assistant.answerability.focus`): "What does the Wings paper propose?" is about Wings,
    whichever abstract has the closest sentence. Else ``retrieval`` as is."""
    if (fusion or settings.fusion) != "relative" or focus(retrieval.query, retrieval.sources) is not None:
        return retrieval
    return rerank_by_sentence(retrieval, vectors, settings.top_k, settings.sentence_weight)


def rerank_by_sentence(retrieval: Retrieval, vectors: SentenceVectors, depth: int, weight: float) -> Retrieval:
    """``retrieval`` with its first ``depth`` sources ordered by fused score + ``weight`` × their
    best sentence cosine min-max scaled over those sources, then renumbered from 1 (``score``
    becomes that sum). The fused scores must be relative-score-fusion scores (each list in [0, 1])
    for ``weight`` to mean the same as a fusion weight. Unchanged with ``weight`` ≤ 0, fewer than
    two sources, or no sentence within ``SENTENCE_RELEVANCE`` of the query."""
    head, tail = retrieval.sources[:depth], retrieval.sources[depth:]
    if weight <= 0 or len(head) < 2:
        return retrieval
    # Each abstract's best sentence, via the coverage check's helper (same cached vectors).
    best = [best_sentence_cosine(replace(retrieval, sources=[s]), vectors) for s in head]
    low, high = min(best), max(best)
    if high < SENTENCE_RELEVANCE:
        return retrieval
    scaled = [(b - low) / (high - low) if high > low else 1.0 for b in best]
    scored = [(s.score + weight * x, i, s) for i, (s, x) in enumerate(zip(head, scaled, strict=True))]
    scored.sort(key=lambda t: (-t[0], t[1]))  # ties keep the fused order
    ordered = [s.model_copy(update={"score": round(total, 6)}) for total, _, s in scored]
    sources = [s.model_copy(update={"n": n}) for n, s in enumerate([*ordered, *tail], start=1)]
    return replace(retrieval, sources=sources)


__all__ = ["rerank_by_sentence", "sentence_reranked"]
