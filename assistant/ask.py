"""The assistant: question (+ history) → retrieve → write → verify → :class:`Answer`.

The UI, the CLI and the eval all call :meth:`Assistant.ask_stream` or
:meth:`Assistant.ask`, so what is measured is what users get.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator
from functools import cached_property

from assistant.embed import Embedder, make_embedder
from assistant.prompts import render_prompt
from assistant.retrieve import Filters, Fusion, Mode, PaperRetriever, Retrieval
from assistant.settings import Settings
from assistant.store import Store
from assistant.types import Answer
from assistant.verify import resolve_citations
from assistant.writers import NOT_COVERED, ExtractiveWriter, LLMWriter, Writer, WriterError


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
        return self.retriever.retrieve(query, top_k=top_k, filters=filters, mode=mode, fusion=fusion)

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
        timings = {"retrieval_s": round(retrieval.seconds, 3)}
        base = Answer(
            question=question,
            answer="",
            covered=retrieval.covered,
            writer=self.writer.name,
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
            for piece in self.writer.stream(question, retrieval):
                text += piece
                yield base.model_copy(update={"answer": text, "done": False})
        except WriterError as exc:
            error = str(exc)
        timings["generation_s"] = round(time.perf_counter() - started, 3)
        clean, citations, dropped = resolve_citations(text, retrieval.sources)
        notices = []
        if dropped:
            notices.append(
                "Removed citations to sources that were not retrieved: "
                + ", ".join(f"[{n}]" for n in dropped)
            )
        covered = retrieval.covered and not clean.strip().startswith(NOT_COVERED)
        yield base.model_copy(
            update={
                "answer": clean,
                "citations": citations,
                "covered": covered,
                "notices": notices,
                "error": error,
                "timings": timings,
            }
        )

    def ask(self, question: str, history: list[str] | None = None, **kwargs: object) -> Answer:
        """The final answer (see :meth:`ask_stream`)."""
        (last,) = deque(self.ask_stream(question, history, **kwargs), maxlen=1)  # type: ignore[arg-type]
        return last
