"""The relevance gate's second look: one abstract sentence close to the question.

The gate (``settings.min_relevance``) compares the question with whole stored chunks, ~250
word pieces about many things, so a question about one finding of a paper is diluted: "Which
paper finds that GPT-4o hallucinates when the needle is absent?" scored 0.10 against the chunk
of Multimodal Needle in a Haystack, whose sentence "... GPT-4o ... suffers from hallucination
problems in negative samples, i.e., when needles are not in the haystacks" it is 0.63 from. A
question is also covered when one sentence of a retrieved abstract is that close to it.
"""

from __future__ import annotations

import numpy as np

from assistant.retrieve import Retrieval
from assistant.sentence_vectors import SentenceVectors
from assistant.text import split_sentences
from assistant.types import Source

# Cosine (all-MiniLM-L6-v2) of the question with its best abstract sentence that covers it. On
# dev, the questions the chunk gate refuses (all unanswerable but two surveys questions) reach at
# most 0.42 (Mixture-of-Transformers, a paper the collection only cites); 0.5 keeps a margin.
SENTENCE_RELEVANCE = 0.5


def _best_in(source: Source, query_vector: np.ndarray, vectors: SentenceVectors) -> float:
    """The highest cosine between ``query_vector`` [dim] and a sentence of ``source``'s abstract (-1 with none)."""
    sentences = split_sentences(source.abstract)
    if not sentences:
        return -1.0
    return float((np.stack(vectors.get([(source.paper_id, s) for s in sentences])) @ query_vector).max())


def close_by_sentence(source: Source, query_vector: np.ndarray | None, vectors: SentenceVectors) -> bool:
    """Whether one sentence of ``source``'s abstract is within :data:`SENTENCE_RELEVANCE` of
    ``query_vector`` [dim] (False without a vector or a sentence). An overview topic of a word or
    two ("hallucination studies") is 0.20 from the chunk of "Understanding Alignment in Multimodal
    LLMs" and 0.64 from its sentence on hallucination."""
    return query_vector is not None and _best_in(source, query_vector, vectors) >= SENTENCE_RELEVANCE


def best_sentence_cosine(retrieval: Retrieval, vectors: SentenceVectors) -> float:
    """The highest cosine between the question's vector and a sentence of a retrieved abstract
    (-1 with no sentence or no query vector)."""
    if retrieval.query_vector is None:
        return -1.0
    return max((_best_in(s, retrieval.query_vector, vectors) for s in retrieval.sources), default=-1.0)


def covered_by_sentence(retrieval: Retrieval, vectors: SentenceVectors) -> bool:
    """Whether a retrieved abstract holds a sentence within :data:`SENTENCE_RELEVANCE` of the question."""
    return best_sentence_cosine(retrieval, vectors) >= SENTENCE_RELEVANCE


__all__ = ["SENTENCE_RELEVANCE", "best_sentence_cosine", "close_by_sentence", "covered_by_sentence"]
