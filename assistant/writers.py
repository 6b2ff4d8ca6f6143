"""Writers turn retrieved papers into answer text with ``[n]`` citations.

One interface, two backends, as the answer's ``writer`` field reports:
- :class:`ExtractiveWriter` (the embedded default): quotes the most relevant
  sentences of the retrieved abstracts, each ending with its ``[n]``; no model.
- :class:`~assistant.llm_writer.LLMWriter`: any OpenAI-compatible chat endpoint
  (through :mod:`assistant.llm`), streaming, with the prompts in ``prompts/``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Protocol

from assistant.answerability import focus, unanswerable_reason
from assistant.retrieve import Retrieval
from assistant.settings import Settings
from assistant.text import split_sentences, stemmed_terms, weighted_share
from assistant.types import Source

NO_LLM_NOTICE = (
    "No language model is configured, so this answer quotes the most relevant sentences "
    "of the retrieved abstracts."
)
NOT_COVERED = "The collection does not cover this question."
# A near miss: the right papers are there, but their abstracts do not say it.
NOT_STATED = "The retrieved abstracts do not answer this question."
REFUSALS = (NOT_COVERED, NOT_STATED)


# A paper after the first is quoted only if one of its sentences holds this share
# of the question's IDF-weighted terms. A cut relative to the first paper's score
# could not separate MMIE in the MMVP answer (0.62 of the top) from PILL in the
# mixture-of-experts answer (0.61); coverage does (0.34 vs 0.58).
MIN_COVERAGE = 0.5
# Sentence openings that refer back to the previous sentence.
_ANAPHOR = re.compile(
    r"^(With|From|Using|Through|By|Based on) (these|this|those|such|them)\b|^(These|This|Such|They|It|Its|Their)\b"
)


class WriterError(RuntimeError):
    """The writer could not produce an answer; the message is for the user."""


class Writer(Protocol):
    name: str

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        """Yield the answer text in pieces. Raises :class:`WriterError`."""
        ...


def term_coverage(question: str, sentence: str, idf: dict[str, float] | None = None) -> float:
    """IDF-weighted share (0..1) of the question's stemmed content terms found in ``sentence``."""
    q_terms = stemmed_terms(question)
    return weighted_share(q_terms, stemmed_terms(sentence), idf or {}) if q_terms else 0.0


def score_sentences(
    question: str, source: Source, chunks: list[tuple[str, float]], idf: dict[str, float] | None = None
) -> list[tuple[str, float]]:
    """Each sentence of the source's abstract with a relevance score in [0, 1].

    score = 0.5 * cosine of the best stored chunk holding the sentence (no
    embedding at query time) + 0.5 * the IDF-weighted share of the question's
    stemmed content terms found in the sentence, so that a rare term ("MMVP")
    counts for more than a common one ("benchmark").
    """
    scored = []
    for sentence in split_sentences(source.abstract):
        cosines = [c for text, c in chunks if sentence[:60] in text] or [source.dense or 0.0]
        scored.append((sentence, 0.5 * max(cosines) + 0.5 * term_coverage(question, sentence, idf)))
    return scored


class ExtractiveWriter:
    """Answers by quoting abstract sentences; never states anything not in a source."""

    name = "extractive"

    def __init__(self, settings: Settings, notice: str = NO_LLM_NOTICE, max_papers: int = 4) -> None:
        self.settings = settings
        self.notice = notice
        self.max_papers = max_papers

    def select(self, question: str, retrieval: Retrieval) -> list[tuple[Source, list[str]]]:
        """The papers to quote and their sentences (abstract order), best paper first.

        A paper after the first is quoted only if it passes the relevance gate and one
        of its sentences covers ``MIN_COVERAGE`` of the question's terms. A sentence that opens by pointing
        back ("With these pairs, ...") brings the sentence before it.
        """
        picked: list[tuple[Source, list[str]]] = []
        named = focus(question, retrieval.sources)
        ordered = [named] + [s for s in retrieval.sources if s is not named] if named else retrieval.sources
        for rank, source in enumerate(ordered):
            if len(picked) == self.max_papers:
                break
            scored = score_sentences(
                question, source, retrieval.chunks.get(source.paper_id, []), retrieval.idf
            )
            if not scored:
                continue
            best = max(score for _, score in scored)
            coverage = max(term_coverage(question, s, retrieval.idf) for s, _ in scored)
            relevant = (source.dense or 0.0) >= self.settings.min_relevance and coverage >= MIN_COVERAGE
            if rank > 0 and not relevant:
                continue  # do not pad the answer with unrelated papers
            keep = 3 if not picked else 2
            ranked = sorted(range(len(scored)), key=lambda i: scored[i][1], reverse=True)
            chosen = {i for i in ranked[:keep] if scored[i][1] >= 0.6 * best}
            chosen |= {i - 1 for i in chosen if i > 0 and _ANAPHOR.match(scored[i][0])}
            picked.append((source, [scored[i][0] for i in sorted(chosen)]))
        return picked

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        reason = unanswerable_reason(question, retrieval.sources)
        if reason:  # a near miss: say so rather than quote the neighbourhood
            yield f"{NOT_STATED} {reason}"
            return
        yield self.notice + "\n\n"
        for source, sentences in self.select(question, retrieval):
            quoted = " ".join(f"{s} [{source.n}]" for s in sentences)
            yield f"**{source.title}** [{source.n}]\n{quoted}\n\n"


# The LLM writer lives in assistant/llm_writer.py; re-exported for older imports.
from assistant.llm_writer import LLMWriter, count_tokens, format_sources  # noqa: E402, F401
