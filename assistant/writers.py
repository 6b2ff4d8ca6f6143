"""Writers turn retrieved papers into answer text with ``[n]`` citations.

One interface, two backends, as the answer's ``writer`` field reports:
- :class:`ExtractiveWriter` (the embedded default): quotes the most relevant
  sentences of the retrieved abstracts, each ending with its ``[n]``; no model.
- :class:`~assistant.llm_writer.LLMWriter`: any OpenAI-compatible chat endpoint
  (through :mod:`assistant.llm`), streaming, with the prompts in ``prompts/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from assistant.answer_plan import AnswerPlan
from assistant.retrieve import Retrieval
from assistant.settings import Settings
from assistant.text import escape_brackets
from assistant.types import Answer

NO_LLM_NOTICE = (
    "No language model is configured, so this answer quotes the most relevant sentences "
    "of the retrieved abstracts."
)
NOT_COVERED = "The collection does not cover this question."
# The same, when an active filter excludes the paper that would answer (assistant.filtered_out).
FILTERED_NOT_COVERED = "No paper the filters let through covers it."
# A summary, related-work draft or table is asked for a topic, not a question.
NOT_COVERED_TOPIC = "The collection does not cover this topic."
# A near miss: the right papers are there, but their abstracts do not say it.
NOT_STATED = "The retrieved abstracts do not answer this question."
NO_WORDS = "The question has no words to search for (only spaces, punctuation or symbols); ask it in words."
REFUSALS = (NOT_COVERED, FILTERED_NOT_COVERED, NOT_COVERED_TOPIC, NOT_STATED)


def not_covered(mode: str) -> str:
    """The refusal for an answer of ``mode`` ("ask", "summary", "related_work", "compare") the
    collection does not cover: a question for an answer, a topic for the others."""
    return NOT_COVERED if mode == "ask" else NOT_COVERED_TOPIC


def no_words_answer(question: str, writer: str, mode: str) -> Answer:
    """The answer to a question with no letter or digit (:func:`assistant.types.has_words`):
    said as such, nothing retrieved, no writer called."""
    return Answer(question=question, answer=NO_WORDS, covered=False, writer=writer, mode=mode)


# A question pointing back ("What does that paper propose?") when no earlier answer cited a paper.
NO_ANTECEDENT = (
    "There is no earlier paper to refer to: the previous answer cited none. Which paper do you mean? "
    "Name it, or ask about its topic."
)


NO_EARLIER = "There is no earlier answer to refer to. Which paper do you mean? Name it, or ask about its topic."


def no_antecedent_answer(question: str, writer: str, mode: str, first: bool = False) -> Answer:
    """The answer to a question pointing back to an earlier paper when no earlier answer cited
    one (or, ``first`` in a conversation, there is none): said as such, not guessed from the earlier
    question's words (new-user trial 9 got CAT, which the refusal before had not cited)."""
    return Answer(question=question, answer=NO_EARLIER if first else NO_ANTECEDENT, covered=False, writer=writer, mode=mode)


CLOSEST_STATED = "The closest it states:"
CLOSEST_STATED_HEAD = "What it states closest to the question:"


class WriterError(RuntimeError):
    """The writer could not produce an answer; the message is for the user."""


class Writer(Protocol):
    name: str

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        """Yield the answer text in pieces. Raises :class:`WriterError`."""
        ...


class ExtractiveWriter:
    """Answers by quoting abstract sentences; never states anything not in a source.

    What to quote comes from an :class:`assistant.answer_plan.AnswerPlan` (sentences chosen by
    how well they answer the question, see :mod:`assistant.evidence`): the paper the
    question is about first, each quoted sentence followed by its ``[n]``. Brackets of
    the abstract are escaped (``\\[0, 1\\]``), so they stay text and never read as citations.
    Gaps the plan found are named after the quotes, or before them when nothing asked is stated in
    the question's words (``plan.unstated``); a plan that refuses gives the refusal.
    """

    name = "extractive"

    def __init__(self, settings: Settings, notice: str = NO_LLM_NOTICE, plan: AnswerPlan | None = None) -> None:
        self.settings = settings
        self.notice = notice
        self.plan = plan

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        plan = self.plan
        if plan is None:  # no plan (a caller outside Assistant): quote the best chunk of the top paper
            if retrieval.sources:
                top = retrieval.sources[0]
                yield f"{self.notice}\n\n**{escape_brackets(top.title)}** [{top.n}]\n"
                yield f"{escape_brackets(top.evidence)} [{top.n}]\n"
            return
        if plan.refuse:
            yield " ".join([NOT_STATED, *plan.gaps])
            if plan.closest is not None:
                source, sentence = plan.closest
                yield f" {CLOSEST_STATED} “{escape_brackets(sentence)}” [{source.n}]"
            return
        yield self.notice + "\n\n"
        if plan.lead:  # how the quoted papers were chosen ("Compared by the amounts ...")
            yield plan.lead + "\n\n"
        if plan.unstated:  # the gaps first: nothing asked is stated in the question's words
            yield " ".join(plan.gaps) + f" {CLOSEST_STATED_HEAD}\n\n"
        for paper in plan.evidence.papers:
            source = paper.source
            quoted = " ".join(f"{escape_brackets(s)} [{source.n}]" for s in paper.quoted())
            yield f"**{escape_brackets(source.title)}** [{source.n}]\n{quoted}\n\n"
        if plan.gaps and not plan.unstated:
            yield " ".join(plan.gaps) + "\n"


# The LLM writer lives in its own module; re-exported for older imports.
from assistant.llm_writer import LLMWriter, count_tokens, format_sources  # noqa: E402, F401
