"""Whether an active filter removed the paper that would answer: said in the refusal or gap.

Under a filter ("with code", a year range, an author or title), "Which paper introduces the
MMVP benchmark?" was refused as if the collection lacked it, though "Eyes Wide Shut?" (no code
link) introduces it. When a filtered answer refuses or names a gap, the question is asked once
more without the filter (only then: it costs a retrieval and an evidence step); when that
answer's first paper states more and the filter excludes it, the answer says so.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from assistant.filters import Filters
from assistant.question_terms import topic_share
from assistant.types import Source

if TYPE_CHECKING:
    from assistant.answer_plan import AnswerPlan
    from assistant.ask import Assistant
    from assistant.conversation import Resolved
    from assistant.retrieve import Retrieval
    from assistant.types import Answer
    from assistant.writers import Writer

# How the sentence opens (a notice, not a claim: verification skips it).
LEAD = "The active filter"
NONE_PASS = "No paper passes the filters"  # a refusal's detail when the filters let no paper through


def needs_check(filters: Filters | None, retrieval: Retrieval, plan: AnswerPlan | None) -> bool:
    """Whether an answer under ``filters`` may be missing a paper they exclude: a filter is
    active and the answer refuses (not covered, or nothing asked is stated) or names a gap."""
    return filters is not None and (not retrieval.covered or plan is None or plan.refuse or bool(plan.gaps))


def filtered_out(
    bot: Assistant,
    question: str,
    resolved: Resolved,
    writer: Writer,
    given: Filters | dict[str, Any] | None,
    retrieval: Retrieval,
    plan: AnswerPlan | None,
    top_k: int | None = None,
) -> str | None:
    """The sentence naming the paper the ``given`` filters exclude that would answer ``question``
    better than the filtered answer (``retrieval``, ``plan``), or None (also when no filter is
    active or the answer needs no check, :func:`needs_check`). Better: the unfiltered answer
    does not refuse and names fewer gaps (any answer beats a refusal)."""
    filters = Filters.of(given)
    if filters is None or not needs_check(filters, retrieval, plan):
        return None
    wide = bot._retrieve_resolved(resolved, writer, top_k=top_k)
    if not wide.covered:
        return None
    other = bot.plan(question, wide, resolved)
    if other.refuse or other.off_target or not other.evidence.papers:
        return None
    answered = retrieval.covered and plan is not None and not plan.refuse
    if answered and len(other.gaps) >= len(plan.gaps):  # type: ignore[union-attr]
        return None
    first = other.evidence.papers[0].source
    if plan is not None and plan.evidence.papers and not on_topic(question, first, plan.evidence.papers[0].source, bot.retriever.idf(question)):
        return None
    got = bot.store.collection.get(where={"paper_id": first.paper_id}, limit=1, include=["metadatas"])
    if not got["metadatas"] or filters.matches(got["metadatas"][0]):
        return None  # it passes the filters: not excluded, only ranked lower
    would = "which would answer this" if not other.gaps else "which states more of what is asked"
    return f"{LEAD} ({filters.describe()}) excludes “{first.title}”, {would}; clear the filter to include it."


def on_topic(question: str, paper: Source, scoped: Source, idf: dict[str, float]) -> bool:
    """Whether ``paper`` (outside the filters) holds at least as much of the question's topic as the
    paper the filtered answer quotes (:func:`~assistant.question_terms.topic_share`): an OCR paper was
    named as "would answer" a question on audio-visual question answering asked of CAT (new-user trial 15)."""
    return topic_share(question, paper, idf) >= topic_share(question, scoped, idf)


# "Which other papers use modality-aware sparsity?" asked inside "Ask about this paper".
_OTHERS = re.compile(r"\b(?:other|another|else|besides)\b.{0,40}?\b(?:papers?|works?|studies|study|models?|methods?|approaches)\b|"
                     r"\b(?:papers?|works?|studies|models?|methods?|approaches)\b.{0,20}?\b(?:else|besides (?:this|it))\b",
                     re.IGNORECASE)


def others_outside_scope(question: str, given: Filters | dict[str, Any] | None) -> str | None:
    """The sentence saying that a question about *other* papers was asked inside a scope of
    chosen papers (the Library's "Ask about this paper"), or None. The scope holds only those
    papers, so the answer can only quote them (a new user got four sentences of Mixture-of-Mamba
    for "Which other papers use modality-aware sparsity?")."""
    filters = Filters.of(given)
    if filters is None or not filters.paper_ids or not _OTHERS.search(question):
        return None
    return (
        f"{LEAD} ({filters.describe()}) limits this answer to the chosen papers, so it cannot name "
        "other ones; ask the whole collection to find them."
    )


def with_filter_note(answer: Answer, note: str) -> Answer:
    """A not-covered refusal led by ``note`` (the filter that excludes the paper that would answer), its
    refusal said of the papers the filter lets through: "… excludes “Wings …”, which would answer this.
    The collection does not cover this question." said both (new-user trial 15). When no paper passes
    the filters at all, that alone follows the note (trial 16 read three sentences saying nearly the same)."""
    from assistant.writers import (  # writers imports what imports this module
        FILTERED_NOT_COVERED,
        NOT_COVERED,
    )

    none_pass = f"{NOT_COVERED} {NONE_PASS}"
    rest = answer.answer
    rest = rest.replace(none_pass, NONE_PASS, 1) if none_pass in rest else rest.replace(NOT_COVERED, FILTERED_NOT_COVERED, 1)
    return answer.model_copy(update={"answer": f"{note} {rest}", "gaps": [note, *answer.gaps]})
