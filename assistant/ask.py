"""The assistant: question (+ history) → retrieve → write → verify → :class:`Answer`.

The UI, the CLI and the eval all call :meth:`Assistant.ask_stream` or
:meth:`Assistant.ask`, so what is measured is what users get.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from dataclasses import replace
from functools import cached_property

from assistant.answerability import focus
from assistant.embed import Embedder, make_embedder
from assistant.overview import OverviewMode
from assistant.overview import overview_stream as _overview_stream
from assistant.overview_writers import CLOSEST_LEAD, DIFFERS_LEAD, LEFT_OUT_LEAD, OVERVIEW_NOTICE, TRANSITIONS
from assistant.prompts import render_prompt
from assistant.retrieve import Filters, Fusion, Mode, PaperRetriever, Retrieval
from assistant.settings import Settings
from assistant.store import Store
from assistant.types import Answer
from assistant.verify import flagged_share, resolve_citations, verify_answer
from assistant.writers import (
    NO_LLM_NOTICE,
    NOT_COVERED,
    REFUSALS,
    ExtractiveWriter,
    LLMWriter,
    Writer,
    WriterError,
)

# Sentences that need no source: our own notices.
NON_CLAIMS = (
    NO_LLM_NOTICE.split(",")[0],
    OVERVIEW_NOTICE.split(",")[0],
    CLOSEST_LEAD,
    DIFFERS_LEAD,
    LEFT_OUT_LEAD,
    *TRANSITIONS,
    "The language model's answer failed verification",
    *REFUSALS,
)
# An LLM answer with more than this share of flagged claim sentences is replaced by
# the extractive answer. Measured: extractive answers on the eval set flag 0%
# of sentences; SmolLM2-135M answers flag most (see the closing notes of issue 4).
FALLBACK_FLAGGED_SHARE = 0.5
FALLBACK_NOTICE = (
    "The language model's answer failed verification, so this answer quotes the most relevant "
    "sentences of the retrieved abstracts."
)


def condense_query(question: str, history: list[str]) -> str:
    """A standalone retrieval query for a follow-up, without an LLM.

    Rule: the earlier user turns carry the subject, so the most recent one is
    appended to the question (BM25 and the embedding both see the subject; the new
    question's own words come first).
    """
    if not history:
        return question
    return f"{question} ({history[-1]})"


class Assistant:
    """Answers questions over one store. Thread-safe for concurrent UI sessions.

    Raises (on first use) :class:`assistant.store.StoreError` when the store is
    empty or unreachable, and ``EmbeddingModelMismatch`` on a model change.
    """

    def __init__(self, settings: Settings | None = None, embedder: Embedder | None = None) -> None:
        self.settings = settings or Settings()
        self.embedder = embedder or make_embedder(self.settings)

    @cached_property
    def store(self) -> Store:
        return Store(self.settings, self.embedder.model_id)

    @cached_property
    def retriever(self) -> PaperRetriever:
        return PaperRetriever(self.store, self.embedder, self.settings)

    @cached_property
    def writer(self) -> Writer:
        if self.settings.llm_configured:
            return LLMWriter(self.settings)
        return ExtractiveWriter(self.settings)

    def condense(self, question: str, history: list[str]) -> str:
        """The follow-up as a standalone query: by the LLM when one is configured
        (``prompts/condense.md``), else by :func:`condense_query`'s rule; the rule
        also stands in when the LLM fails."""
        if not history or not isinstance(self.writer, LLMWriter):
            return condense_query(question, history)
        try:
            rewritten = self.writer.complete(
                render_prompt("condense", history="\n".join(history), question=question)
            )
        except WriterError:
            rewritten = ""
        return rewritten.strip().strip('"') or condense_query(question, history)

    def retrieve(
        self,
        question: str,
        history: list[str] | None = None,
        *,
        top_k: int | None = None,
        filters: Filters | None = None,
        mode: Mode = "hybrid",
        fusion: Fusion | None = None,
    ) -> Retrieval:
        """Retrieve papers for a question, its follow-up history folded in."""
        query = self.condense(question, list(history or []))
        retrieval = self.retriever.retrieve(query, top_k=top_k, filters=filters, mode=mode, fusion=fusion)
        if not retrieval.covered and focus(query, retrieval.sources) is not None:
            # A question that names a paper of the collection ("What does the Wings paper
            # propose?") is covered even when its embedding is far from every chunk.
            retrieval = replace(retrieval, covered=True)
        return retrieval

    def ask_stream(
        self,
        question: str,
        history: list[str] | None = None,
        *,
        top_k: int | None = None,
        filters: Filters | None = None,
    ) -> Iterator[Answer]:
        """Yield partial answers (``done=False``) as text streams, then the final one."""
        question = question.strip()
        retrieval = self.retrieve(question, history, top_k=top_k, filters=filters)
        fallback = ExtractiveWriter(self.settings, FALLBACK_NOTICE)
        yield from self._write(question, retrieval, self.writer, fallback, mode="ask")

    def overview_stream(
        self,
        mode: OverviewMode,
        topic: str,
        about: str = "",
        *,
        filters: Filters | None = None,
    ) -> Iterator[Answer]:
        """A themed summary, a related-work draft or a comparison table ("compare"), streamed
        like :meth:`ask_stream`; see :func:`assistant.overview.overview_stream`."""
        yield from _overview_stream(self, mode, topic, about, filters=filters)

    def _write(
        self, question: str, retrieval: Retrieval, writer: Writer, fallback: Writer, mode: str
    ) -> Iterator[Answer]:
        """Stream ``writer``'s text, then verify it; an LLM that fails badly is replaced by ``fallback``."""
        timings = {"retrieval_s": round(retrieval.seconds, 3)}
        base = Answer(
            question=question,
            answer="",
            covered=retrieval.covered,
            writer=writer.name,
            mode=mode,
            sources=retrieval.sources,
            timings=timings,
        )
        if not retrieval.covered:
            best = retrieval.sources[0] if retrieval.sources else None
            detail = (
                f" The closest paper, “{best.title}”, scores {best.dense:.2f} against a "
                f"relevance threshold of {self.settings.min_relevance:.2f}."
                if best is not None
                else ""
            )
            yield base.model_copy(update={"answer": NOT_COVERED + detail, "sources": []})
            return
        started = time.perf_counter()
        text = ""
        error = None
        try:
            for piece in writer.stream(question, retrieval):
                if not text:
                    timings["first_token_s"] = round(time.perf_counter() - started, 3)
                text += piece
                yield base.model_copy(update={"answer": text, "done": False})
        except WriterError as exc:
            error = str(exc)
        timings["generation_s"] = round(time.perf_counter() - started, 3)
        base = base.model_copy(update={"timings": timings})
        final = self.verified(base, text, retrieval, error)
        if not isinstance(writer, LLMWriter):
            yield final
            return
        reason = f"it failed: {error}" if error else self.fails_badly(final)
        if reason:
            replacement = "".join(fallback.stream(question, retrieval))
            final = self.verified(base, replacement, retrieval, error).model_copy(
                update={"writer": f"extractive (fallback from {writer.name})", "rejected": final}
            )
            what = "failed" if error else "failed verification"
            final.notices.insert(
                0,
                f"The language model's answer {what} ({reason}); showing the answer assembled "
                "from the abstracts instead. Its answer is kept under 'rejected'.",
            )
        yield final

    def verified(self, base: Answer, text: str, retrieval: Retrieval, error: str | None) -> Answer:
        """The final :class:`Answer` for ``text``: citations resolved, every sentence checked."""
        clean, citations, dropped = resolve_citations(text, retrieval.sources)
        notices = []
        if dropped:
            notices.append(
                "Removed citations to sources that were not retrieved: "
                + ", ".join(f"[{n}]" for n in dropped)
            )
        refused = clean.strip().startswith(REFUSALS)
        checks = [] if refused else verify_answer(clean, retrieval.sources, retrieval.idf, NON_CLAIMS)
        flagged = sum(bool(c.flags) for c in checks if c.claim)
        if flagged:
            notices.append(f"{flagged} sentence(s) flagged by verification: see the marks.")
        return base.model_copy(
            update={
                "answer": clean,
                "citations": citations,
                "covered": base.covered and not refused,
                "notices": notices,
                "error": error,
                "sentences": checks,
                "invalid_citations": dropped,
                "timings": dict(base.timings),
            }
        )

    @staticmethod
    def fails_badly(answer: Answer) -> str | None:
        """Why an LLM answer should be replaced by the extractive one, or None.

        Badly = it cited a source that was not listed, or more than
        ``FALLBACK_FLAGGED_SHARE`` of its claim sentences were flagged, or it
        answered a covered question without one valid citation.
        """
        if not answer.covered:
            return None  # the model said the sources do not answer: a valid refusal
        if answer.invalid_citations:
            return "it cited sources that were not retrieved: " + ", ".join(
                f"[{n}]" for n in answer.invalid_citations
            )
        share = flagged_share(answer.sentences)
        if share > FALLBACK_FLAGGED_SHARE:
            return f"{share:.0%} of its sentences were unsupported, uncited or had unsourced numbers"
        if not answer.citations:
            return "it cited no source"
        return None

    def ask(self, question: str, history: list[str] | None = None, **kwargs: object) -> Answer:
        """The final answer (see :meth:`ask_stream`)."""
        (last,) = deque(self.ask_stream(question, history, **kwargs), maxlen=1)  # type: ignore[arg-type]
        return last
