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

from assistant.answer_plan import AnswerPlan, plan_question
from assistant.answerability import focus
from assistant.asked import question_names
from assistant.conversation import (
    Resolved,
    as_turns,
    condense_query,
    continues,
    dangling,
    names_elsewhere,
    own_subject_elsewhere,
    paper_texts,
    paper_titles,
    pin_papers,
    points_back,
    resolve,
    said_elsewhere,
)
from assistant.coverage import covered_by_sentence
from assistant.deadline import Deadline
from assistant.definite import stored_kind_test
from assistant.embed import Embedder, make_embedder
from assistant.filtered_out import filtered_out, others_outside_scope, with_filter_note
from assistant.finalize import FALLBACK_NOTICE, fails_badly, verified, write_answer
from assistant.kinds import KIND_PAPERS, asked_kind, kind_papers_first
from assistant.language import detect_language
from assistant.llm_writer import LLMWriter
from assistant.metadata_answer import record_answer
from assistant.name_lookup import titled, with_named_papers
from assistant.overview import OverviewMode
from assistant.overview import overview_stream as _overview_stream
from assistant.prompts import render_prompt
from assistant.retrieve import Filters, Fusion, Mode, PaperRetriever, Retrieval
from assistant.sentence_rerank import sentence_reranked
from assistant.sentence_vectors import SentenceVectors
from assistant.settings import Settings
from assistant.store import Store
from assistant.types import Answer, Turn, bounded_question, has_words, repaired
from assistant.writers import ExtractiveWriter, Writer, no_antecedent_answer, no_words_answer

History = Sequence[Turn | str]


# Plain-text history turns replayed to find their papers (the dev set's longest history has 2).
REPLAY_TURNS = 10


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
        """Fill in the paper ids of turns given as plain questions (older callers): each of the
        last :data:`REPLAY_TURNS` is retrieved and its evidence gathered as when it was asked,
        without writing an answer; older ones keep no papers."""
        filled: list[Turn] = []
        oldest = len(turns) - REPLAY_TURNS  # a follow-up refers to a recent turn (50 cost 0.2 s each)
        for i, turn in enumerate(turns):
            if not turn.paper_ids and i >= oldest:
                resolved = resolve(turn.question, filled)
                retrieval = self._retrieve_resolved(resolved)
                if retrieval.covered:  # the papers its answer cites: a refusal cites the closest sentence's
                    plan = self.plan(turn.question, retrieval, resolved)
                    cited = [plan.closest[0].paper_id] if plan.refuse and plan.closest else []
                    if plan.refuse and plan.closest is None and not plan.off_target:  # a kind gap names its paper
                        cited = plan.evidence.paper_ids[:1]
                    turn = turn.model_copy(update={"paper_ids": cited if plan.refuse else plan.evidence.paper_ids})
            filled.append(turn)
        return filled

    def resolve(self, question: str, history: History | None) -> Resolved:
        """``question`` placed in its conversation (see :mod:`assistant.conversation`)."""
        turns = as_turns(history)
        if any(not t.paper_ids for t in turns):
            turns = self.replay(turns)
        resolved = resolve(question, turns, of_kind=stored_kind_test(self.store))
        earlier = [t.paper_ids for t in turns if t.paper_ids]
        if resolved.paper_ids and continues(question) and not points_back(question):
            idf = self.retriever.idf(question)
            texts = paper_texts(self.store, resolved.paper_ids)
            if names_elsewhere(question_names(question, idf), texts) or said_elsewhere(question, texts, idf):
                return Resolved(question, follow_up=False)  # a new topic, asked as a continuation
        elif resolved.paper_ids and points_back(question):  # unless it names a subject of its own first
            names = question_names(question, self.retriever.idf(question))
            if own_subject_elsewhere(question, names, paper_texts(self.store, resolved.paper_ids), lambda n: titled(self.retriever, n)):
                return Resolved(question, follow_up=False)
        elif not resolved.follow_up and earlier and points_back(question, names=False):
            # Its pointing words point at a name of its own, unless the earlier paper says that name too
            # ("On MSRVTT, what does it score?" after mPLUG-2, which reports MSRVTT; not SEED-Bench-2).
            names = question_names(question, self.retriever.idf(question))
            texts = paper_texts(self.store, earlier[-1][:1])
            if not names_elsewhere(names, texts) and not own_subject_elsewhere(question, names, texts, lambda n: titled(self.retriever, n)):
                return resolve(question, turns, follow_up=True)
        return resolved

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
        resolved = self.resolve(bounded_question(repaired(question))[0], history)
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
        if not resolved.paper_ids and kwargs.get("mode", "hybrid") == "hybrid":
            # A question describing a paper restates one sentence of its abstract (MaxP).
            retrieval = sentence_reranked(retrieval, self.sentence_vectors, self.settings, kwargs.get("fusion"))  # type: ignore[arg-type]
            # A name no retrieved abstract uses is looked up by itself before it is called missing.
            names = question_names(question, self.retriever.idf(question))
            top_k = kwargs.get("top_k") or self.settings.top_k
            retrieval = with_named_papers(retrieval, names, self.retriever, top_k)  # type: ignore[arg-type]
        # Names the question uses (not only capitalised words: "4M-21" starts with a digit) name a paper.
        named = focus(query, retrieval.sources) or focus(query, retrieval.sources, question_names(query, self.retriever.idf(query)))
        named = named is not None
        english = detect_language(query) == "en"
        if resolved.paper_ids:
            top_k = kwargs.get("top_k") or self.settings.top_k
            retrieval = pin_papers(retrieval, resolved.paper_ids, self.retriever, top_k)  # type: ignore[arg-type]
        elif not retrieval.covered and (named or (english and covered_by_sentence(retrieval, self.sentence_vectors))):
            # A question naming a paper ("What does the Wings paper propose?") or close to one
            # abstract sentence (assistant/coverage.py) is covered, however far from every chunk.
            retrieval = replace(retrieval, covered=True)
        elif retrieval.covered and not named and not english:
            # The relevance gate is calibrated on English: MiniLM scores a Spanish question
            # 0.43 against a wrong paper. Only a named paper makes such a query servable.
            retrieval = replace(retrieval, covered=False)
        return retrieval

    def plan(self, question: str, retrieval: Retrieval, resolved: Resolved | None = None) -> AnswerPlan:
        """Evidence (answering sentences, first the paper the question is about), gaps, relevance."""
        focus_ids = list(resolved.paper_ids) if resolved and resolved.paper_ids else []
        idf = {**self.retriever.idf(question), **retrieval.idf}
        started = time.perf_counter()
        plan = plan_question(question, retrieval.sources, focus_ids, self.embedder, self.sentence_vectors, idf)
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
        question = repaired(question).strip()  # bytes not UTF-8 (a Latin-1 terminal) stop no embedder
        question, cut = bounded_question(question)
        writer = self.llm_writer(model) or self.writer
        if not has_words(question):  # "", "?!", "🤖": nothing to retrieve with, nor a follow-up
            yield no_words_answer(question, writer.name, "ask")
            return
        resolved = self.resolve(question, history)
        if dangling(question, resolved, history, filters):  # no cited paper to point at
            yield no_antecedent_answer(question, writer.name, "ask", first=not resolved.follow_up)
            return
        wide = KIND_PAPERS if asked_kind(question) and not resolved.paper_ids else None  # a list of a kind
        retrieval = self._retrieve_resolved(resolved, writer, top_k=wide if top_k is None else top_k, filters=filters)
        retrieval = kind_papers_first(question, retrieval, self.store, self.retriever, top_k or wide) if wide else retrieval
        # Who wrote it, when was it published: the stored record answers, not the abstract's sentences.
        idf = self.retriever.idf(question)
        record = record_answer(question, resolved.paper_ids, retrieval, self.store, idf, writer.name, filters)
        if record is not None:
            yield record
            return
        plan = self.plan(question, retrieval, resolved) if retrieval.covered else None
        # A refusal or gap under a filter: does the filter exclude the paper that answers? Other papers asked
        # ("What do other papers say ...?" inside "Ask about this paper": the scope is why, new-user trial 15)
        note = others_outside_scope(question, filters) or filtered_out(self, question, resolved, writer, filters, retrieval, plan, top_k)
        if note and plan is not None:  # first: it says why, and what to do (new-user trial 12)
            plan.gaps.insert(0, note)
        if isinstance(writer, ExtractiveWriter):
            writer = ExtractiveWriter(self.settings, plan=plan)
        fallback = ExtractiveWriter(self.settings, FALLBACK_NOTICE, plan=plan)
        # An LLM gets the standalone question of a follow-up (its rewritten query) and the recent turns.
        asked = retrieval.query if resolved.follow_up and isinstance(writer, LLMWriter) else question
        for answer in write_answer(
            self.settings, self.embedder, asked, retrieval, writer, fallback, "ask", plan, resolved.turns
        ):
            if note and not retrieval.covered and answer.done:  # the not-covered refusal names the filter too
                answer = with_filter_note(answer, note)
            yield answer.model_copy(update={"notices": [*answer.notices, cut]}) if cut and answer.done else answer

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
        topic, about = repaired(topic), repaired(about or "")
        if not has_words(topic):
            yield no_words_answer(topic.strip(), "extractive", mode)
            return
        yield from _overview_stream(self, mode, topic, about, filters=filters, model=model)

    def verified(self, base: Answer, text: str, retrieval: Retrieval, error: str | None) -> Answer:
        """The final :class:`Answer` for ``text`` (see :func:`assistant.finalize.verified`)."""
        return verified(self.embedder, base, text, retrieval, error)

    fails_badly = staticmethod(fails_badly)

    def ask(self, question: str, history: History | None = None, **kwargs: object) -> Answer:
        """The final answer (see :meth:`ask_stream`)."""
        (last,) = deque(self.ask_stream(question, history, **kwargs), maxlen=1)  # type: ignore[arg-type]
        return last
