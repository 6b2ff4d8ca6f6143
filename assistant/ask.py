"""The assistant: question (+ history) → retrieve → write → verify → :class:`Answer`.

The UI, the CLI and the eval all call :meth:`Assistant.ask_stream` or
:meth:`Assistant.ask`, so what is measured is what users get.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import replace
from functools import cached_property

from assistant.answerability import focus
from assistant.conversation import Resolved, as_turns, paper_titles, pin_papers, resolve
from assistant.crosslingual import NOT_VERIFIED, check_language
from assistant.embed import Embedder, make_embedder
from assistant.evidence import SentenceVectors, gather_evidence
from assistant.gaps import LOW_RELEVANCE, AnswerPlan, TermMatcher, plan_answer
from assistant.language import NOT_ENGLISH, detect_language
from assistant.llm import Deadline, Reply
from assistant.llm_writer import LLMWriter
from assistant.overview import OverviewMode
from assistant.overview import overview_stream as _overview_stream
from assistant.overview_writers import CLOSEST_LEAD, DIFFERS_LEAD, LEFT_OUT_LEAD, OVERVIEW_NOTICE, TRANSITIONS
from assistant.prompts import render_prompt
from assistant.retrieve import Filters, Fusion, Mode, PaperRetriever, Retrieval
from assistant.settings import Settings
from assistant.store import Store
from assistant.types import Answer, Turn
from assistant.verify import flagged_share, resolve_citations, verify_answer
from assistant.writers import (
    CLOSEST_STATED,
    NO_LLM_NOTICE,
    NOT_COVERED,
    REFUSALS,
    ExtractiveWriter,
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
    "The language model failed",
    "The language model returned nothing",
    "The language model's draft was not used",
    *REFUSALS,
    CLOSEST_STATED,
    # our gap sentences (assistant.gaps): they name what is missing, they claim nothing
    "The abstract of “",
    "No retrieved abstract mentions",
    "No retrieved abstract is about",
)
History = Sequence[Turn | str]
# An LLM answer with more than this share of flagged claim sentences is replaced by
# the extractive answer. Measured: extractive answers on the eval set flag 0%
# of sentences; SmolLM2-135M answers flag most (see the closing notes of issue 4).
FALLBACK_FLAGGED_SHARE = 0.5
FALLBACK_NOTICE = (
    "The language model's answer failed verification, so this answer quotes the most relevant "
    "sentences of the retrieved abstracts."
)
# The fallback answer's opening line, by how the model's answer ended.
FALLBACK_OPENINGS = {
    "error": FALLBACK_NOTICE.replace("'s answer failed verification", " failed"),
    "empty": FALLBACK_NOTICE.replace("'s answer failed verification", " returned nothing"),
}


def condense_query(question: str, history: list[str]) -> str:
    """A standalone retrieval query for a follow-up whose earlier answer cited nothing:
    the most recent earlier question is appended (the new question's words first)."""
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

    def llm_writer(self, model: str | None = None, **kwargs: object) -> LLMWriter | None:
        """A writer for one question, or None without an LLM: its own deadline
        (``settings.llm_timeout`` across the rewrite and the answer) and its own model
        (``model`` overrides ``settings.llm_model`` for this call only)."""
        if not self.settings.llm_configured:
            return None
        deadline = Deadline(self.settings.llm_timeout)
        return LLMWriter(self.settings, model=model, deadline=deadline, **kwargs)  # type: ignore[arg-type]

    @cached_property
    def sentence_vectors(self) -> SentenceVectors:
        """Abstract-sentence (and word) embeddings, cached for the life of the assistant."""
        return SentenceVectors(self.embedder)

    def condense(self, question: str, history: list[str], writer: Writer | None = None) -> str:
        """The follow-up as a standalone query: by the LLM when one is configured
        (``prompts/condense.md``), else by :func:`condense_query`'s rule; the rule
        also stands in when the LLM fails or only reasons."""
        writer = writer or self.writer
        if not isinstance(writer, LLMWriter) or not (history or detect_language(question) != "en"):
            return condense_query(question, history)  # a question in another language is put in English
        rewritten = writer.rewrite(render_prompt("condense", history="\n".join(history) or "(none)", question=question))
        return rewritten.strip().strip('"') or condense_query(question, history)

    def replay(self, turns: list[Turn]) -> list[Turn]:
        """Fill in the paper ids of turns given as plain questions (older callers): each is
        retrieved and its evidence gathered as when it was asked, without writing an answer."""
        filled: list[Turn] = []
        for turn in turns:
            if not turn.paper_ids:
                resolved = resolve(turn.question, filled)
                retrieval = self._retrieve_resolved(resolved)
                if retrieval.covered:
                    plan = self.plan(turn.question, retrieval, resolved)
                    if not plan.refuse:
                        turn = turn.model_copy(update={"paper_ids": plan.evidence.paper_ids})
            filled.append(turn)
        return filled

    def resolve(self, question: str, history: History | None) -> Resolved:
        """``question`` placed in its conversation (see :mod:`assistant.conversation`)."""
        turns = as_turns(history)
        if any(not t.paper_ids for t in turns):
            turns = self.replay(turns)
        return resolve(question, turns)

    def retrieve(
        self,
        question: str,
        history: History | None = None,
        *,
        top_k: int | None = None,
        filters: Filters | None = None,
        mode: Mode = "hybrid",
        fusion: Fusion | None = None,
        writer: Writer | None = None,
    ) -> Retrieval:
        """Retrieve papers for a question; a follow-up's earlier papers come first (its
        rewrite by ``writer``'s model when it is an LLM writer)."""
        resolved = self.resolve(question, history)
        return self._retrieve_resolved(
            resolved, writer, top_k=top_k, filters=filters, mode=mode, fusion=fusion
        )

    def _retrieve_resolved(self, resolved: Resolved, writer: Writer | None = None, **kwargs: object) -> Retrieval:
        """Retrieval for a resolved question: a fresh one on its own words; a follow-up with
        the titles of the papers it refers to, and those papers first (they are its subject).
        A question in another language is rewritten in English by an LLM writer."""
        writer = writer or self.writer
        question = resolved.question
        query = question
        if resolved.follow_up:
            if resolved.paper_ids:
                titles = paper_titles(self.store, resolved.paper_ids)
                query = f"{question} ({'; '.join(titles)})" if titles else question
            if isinstance(writer, LLMWriter) or not resolved.paper_ids:
                query = self.condense(question, [t.question for t in resolved.turns], writer)
        elif isinstance(writer, LLMWriter):
            query = self.condense(question, [], writer)  # a non-English question is put in English
        retrieval = self.retriever.retrieve(query, **kwargs)  # type: ignore[arg-type]
        named = focus(query, retrieval.sources) is not None
        if resolved.paper_ids:
            top_k = kwargs.get("top_k") or self.settings.top_k
            retrieval = pin_papers(retrieval, resolved.paper_ids, self.retriever, top_k)  # type: ignore[arg-type]
        elif not retrieval.covered and named:
            # A question that names a paper of the collection ("What does the Wings paper
            # propose?") is covered even when its embedding is far from every chunk.
            retrieval = replace(retrieval, covered=True)
        elif retrieval.covered and not named and detect_language(query) != "en":
            # The relevance gate is calibrated on English: MiniLM scores a Spanish question
            # 0.43 against a wrong paper. Only a named paper makes such a query servable.
            retrieval = replace(retrieval, covered=False)
        return retrieval

    def plan(self, question: str, retrieval: Retrieval, resolved: Resolved | None = None) -> AnswerPlan:
        """Evidence (answering sentences, first the paper the question is about), gaps, relevance."""
        focus_ids = list(resolved.paper_ids) if resolved and resolved.paper_ids else []
        named = focus(question, retrieval.sources)
        if named is not None and not focus_ids:  # a follow-up is about the papers it refers to
            focus_ids = [named.paper_id]
        started = time.perf_counter()
        idf = {**self.retriever.idf(question), **retrieval.idf}
        evidence = gather_evidence(
            question, retrieval.sources, self.embedder, self.sentence_vectors, idf, focus_ids
        )
        plan = plan_answer(evidence, TermMatcher(self.sentence_vectors), idf)
        plan.seconds = time.perf_counter() - started
        return plan

    def ask_stream(
        self,
        question: str,
        history: History | None = None,
        *,
        top_k: int | None = None,
        filters: Filters | None = None,
        model: str | None = None,
    ) -> Iterator[Answer]:
        """Yield partial answers (``done=False``) as text streams, then the final one.

        ``history`` is the conversation so far, as :class:`Turn` (with the paper ids each
        answer cited: ``[c.paper_id for c in answer.citations]``) or as plain earlier
        questions (their papers are then found again, see :meth:`replay`). ``model``
        overrides ``settings.llm_model`` for this call (a browser session's choice).
        """
        question = question.strip()
        writer = self.llm_writer(model) or self.writer
        resolved = self.resolve(question, history)
        retrieval = self._retrieve_resolved(resolved, writer, top_k=top_k, filters=filters)
        plan = self.plan(question, retrieval, resolved) if retrieval.covered else None
        if isinstance(writer, ExtractiveWriter):
            writer = ExtractiveWriter(self.settings, plan=plan)
        fallback = ExtractiveWriter(self.settings, FALLBACK_NOTICE, plan=plan)
        # An LLM gets the standalone question of a follow-up (its rewritten query) and the recent turns.
        asked = retrieval.query if resolved.follow_up and isinstance(writer, LLMWriter) else question
        yield from self._write(asked, retrieval, writer, fallback, mode="ask", plan=plan, turns=resolved.turns)

    def overview_stream(
        self,
        mode: OverviewMode,
        topic: str,
        about: str = "",
        *,
        filters: Filters | None = None,
        model: str | None = None,
    ) -> Iterator[Answer]:
        """A themed summary, a related-work draft or a comparison table ("compare"), streamed
        like :meth:`ask_stream`; see :func:`assistant.overview.overview_stream`."""
        yield from _overview_stream(self, mode, topic, about, filters=filters, model=model)

    def _write(
        self,
        question: str,
        retrieval: Retrieval,
        writer: Writer,
        fallback: Writer,
        mode: str,
        plan: AnswerPlan | None = None,
        turns: Sequence[Turn] = (),
    ) -> Iterator[Answer]:
        """Stream ``writer``'s text, then verify it; an LLM that fails badly is replaced by ``fallback``."""
        # The follow-up rewrite's share comes first (an LLM writer records it).
        timings = {**getattr(writer, "timings", {}), "retrieval_s": round(retrieval.seconds, 3)}
        if plan is not None:  # sentence embeddings, answer scores and the gap check
            timings["evidence_s"] = round(plan.seconds, 3)
        base = Answer(
            question=question,
            answer="",
            covered=retrieval.covered,
            writer=writer.name,
            mode=mode,
            sources=retrieval.sources,
            timings=timings,
            gaps=plan.gaps if plan else [],
            relevance=plan.relevance if plan else None,
        )
        if not retrieval.covered:
            best = retrieval.sources[0] if retrieval.sources else None
            detail = (
                f" The closest paper, “{best.title}”, scores {best.dense:.2f} against a "
                f"relevance threshold of {self.settings.min_relevance:.2f}."
                if best is not None
                else ""
            )
            refusal = NOT_ENGLISH if detect_language(question) != "en" else NOT_COVERED
            yield base.model_copy(update={"answer": refusal + detail, "sources": []})
            return
        started = time.perf_counter()
        text, reasoning, finish, error = "", "", None, None
        try:
            # The recent turns go to a writer that takes them (an LLM's request).
            pieces = (
                writer.stream(question, retrieval, turns=turns)
                if turns and isinstance(writer, LLMWriter)
                else writer.stream(question, retrieval)
            )
            for piece in pieces:
                if isinstance(piece, Reply):  # an LLM writer's snapshot (assistant.llm)
                    text, reasoning, finish = piece.answer, piece.reasoning, piece.finish
                else:
                    text += piece
                if (text or reasoning) and "first_token_s" not in timings:
                    timings["first_token_s"] = round(time.perf_counter() - started, 3)
                if finish is None:
                    yield base.model_copy(update={"answer": text, "reasoning": reasoning, "done": False})
        except WriterError as exc:
            error = str(exc)
        if finish is not None and finish.kind == "error":
            error = finish.why
        timings["generation_s"] = round(time.perf_counter() - started, 3)
        base = base.model_copy(update={"timings": timings, "reasoning": reasoning})
        final = self.verified(base, text, retrieval, error)
        if not isinstance(writer, LLMWriter):
            yield final
            return
        kind = finish.kind if finish is not None else "error" if error else "stop"
        final = final.model_copy(update={"finish": kind})
        if kind == "error":
            reason = f"The language model failed: {error}"
        elif kind == "empty":
            reason = f"The language model returned nothing ({finish.why})."  # type: ignore[union-attr]
        else:
            why = self.fails_badly(final)
            reason = f"The language model's answer failed verification ({why})." if why else None
        cut = (
            f"The model's answer was cut off at the model's token limit ({finish.why})."  # type: ignore[union-attr]
            if kind == "length"
            else None
        )
        if reason:
            if isinstance(fallback, ExtractiveWriter) and kind in FALLBACK_OPENINGS:
                fallback = ExtractiveWriter(self.settings, FALLBACK_OPENINGS[kind], plan=plan)
            replacement = "".join(fallback.stream(question, retrieval))
            # The overview writers open with "No language model is configured": not so here.
            replacement = replacement.replace(
                OVERVIEW_NOTICE.split(",")[0], "The language model's draft was not used", 1
            )
            final = self.verified(base, replacement, retrieval, error).model_copy(
                update={"writer": f"extractive (fallback from {writer.name})", "rejected": final, "finish": kind}
            )
            kept = " Its answer is kept under 'rejected'." if final.rejected and final.rejected.answer else ""
            final.notices.insert(0, f"{reason} Showing the answer assembled from the abstracts instead.{kept}")
        if cut:
            final.notices.insert(1 if reason else 0, cut)
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
        # An answer in another language is checked by meaning (assistant/crosslingual.py).
        checks, verification, language_notices = check_language(clean, checks, retrieval.sources, self.embedder)
        notices += language_notices
        flagged = sum(bool(set(c.flags) - {NOT_VERIFIED}) for c in checks if c.claim)
        if flagged:
            notices.append(f"{flagged} sentence(s) flagged by verification: see the marks.")
        if base.relevance is not None and base.relevance < LOW_RELEVANCE and not refused:
            notices.append(
                f"Low answer relevance ({base.relevance:.2f}): the quoted sentences may not answer "
                "the question."
            )
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
                "verification": verification,
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
        # Sentences only marked not verified (language) are shown, not held against the answer.
        share = flagged_share(
            [c.model_copy(update={"flags": [f for f in c.flags if f != NOT_VERIFIED]}) for c in answer.sentences]
        )
        if share > FALLBACK_FLAGGED_SHARE:
            return f"{share:.0%} of its sentences were unsupported, uncited or had unsourced numbers"
        if not answer.citations:
            return "it cited no source"
        return None

    def ask(self, question: str, history: History | None = None, **kwargs: object) -> Answer:
        """The final answer (see :meth:`ask_stream`)."""
        (last,) = deque(self.ask_stream(question, history, **kwargs), maxlen=1)  # type: ignore[arg-type]
        return last
