"""A definite description with no name refers to the paper in focus.

After "What is WavCaps?", "How was the dataset built?" asks about WavCaps' dataset: "the dataset",
with nothing that says which one (no name, no "of ...", no "that ..."), can only mean the one the
conversation is about (new-user trial 17: it was searched afresh and answered from PIN). It refers
back when the earlier answer was about one paper, or the paper in focus is of the noun's kind (a
benchmark for "the benchmark"). A first question has no focus and is searched as it stands.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from assistant.asked import coined_openers
from assistant.compare_rows import of_kind as source_of_kind
from assistant.pointing_words import ASKS_FOR_ONE, INTRODUCES_ONE, OWN_NAME
from assistant.types import Source, Turn

if TYPE_CHECKING:
    from assistant.store import Store

# The nouns a definite description of a paper's contribution uses, and the kind each is checked as
# (:func:`assistant.compare_rows.of_kind`); "paper" fits every paper, None: no kind to check.
_NOUNS: dict[str, str | None] = {
    "paper": "paper", "work": "paper", "study": "paper", "article": "paper",
    "dataset": "dataset", "corpus": "dataset", "benchmark": "benchmark", "survey": "survey",
    "model": None, "method": None, "approach": None, "framework": None, "system": None, "architecture": None,
}
# Nouns for a part of a paper ("the results", "the evaluation"): never a subject of their own, so
# they refer to the paper in focus however many papers the last answer cited, as "its" does
# (new-user trial 17: "What were the results?" after "How was it evaluated?" was refused afresh).
PART = "part"
_PARTS = (
    "results?", "findings?", "experiments?", "evaluations?", "contributions?", "limitations?", "conclusions?",
    "performance", "ablations?", "methods", "methodology",
)
# A modifier that still names nothing ("the main results", "the experimental evaluation").
_MODIFIER = r"(?:(?:main|key|major|overall|experimental|empirical|reported|final|proposed)\s+)?"
# "the dataset" directly ("the largest dataset", "the WavCaps dataset" say which), not followed by
# what says which one ("the dataset of ...", "the benchmark that ...", "the model MoMa"); "the paper's
# method" is the focus paper's.
_DEFINITE = re.compile(
    rf"\bthe\s+{_MODIFIER}({'|'.join([*_NOUNS, *_PARTS])})\b(?!-)"
    r"(?!\s+(?:of|for|on|in|that|which|who|whose|where|from|with|about|by|called|named|behind|here|"
    r"introduced|proposed|used|built\s+(?:by|from|on|for))\b)(?!\s+(?-i:[A-Z0-9]))",
    re.IGNORECASE,
)


def definite_kind(question: str) -> str | None:
    """The kind ("paper", "dataset", "benchmark", "survey", "" for a model or method, :data:`PART` for a
    part of a paper such as "the results") of a bare
    definite description in ``question`` ("How was the dataset built?" → "dataset"), else None: none
    there, or the question introduces a subject of its own ("Which paper introduces the dataset?",
    "Does the model of MoMa ...", a name)."""
    found = _DEFINITE.search(question)
    before = question[: found.start()] if found else ""
    # A kind asked for or introduced before it is the question's own ("I read a paper on X; how was
    # the dataset built?"); "What does the paper propose?" asks nothing before "the paper".
    if not found or ASKS_FOR_ONE.search(before) or INTRODUCES_ONE.search(before):
        return None
    if OWN_NAME.search(question) or coined_openers(question):
        return None
    noun = found.group(1).lower()
    return _NOUNS[noun] or "" if noun in _NOUNS else PART


def refers_to_focus(question: str, turns: Sequence[Turn], of_kind: Callable[[str, str], bool] | None = None) -> bool:
    """Whether ``question``'s bare definite description (:func:`definite_kind`) refers to the paper in
    focus: the first paper of the last turn that cited any, when that turn cited only it, the noun is
    a paper or a part of one, or ``of_kind(paper_id, kind)`` says it is of the noun's kind. False with no earlier paper."""
    kind = definite_kind(question)
    cited = [t.paper_ids for t in turns if t.paper_ids]
    if kind is None or not cited:
        return False
    if len(cited[-1]) == 1 or kind in ("paper", PART):
        return True
    return bool(kind) and of_kind is not None and of_kind(cited[-1][0], kind)


def stored_kind_test(store: Store) -> Callable[[str, str], bool]:
    """``of_kind(paper_id, kind)`` for :func:`refers_to_focus` on ``store``: whether the stored paper's
    title or abstract contributes a ``kind`` ("dataset", "benchmark", "survey"; see
    :func:`assistant.compare_rows.of_kind`); False for a paper no longer stored."""

    def test(paper_id: str, kind: str) -> bool:
        record = store.paper_records([paper_id]).get(paper_id)
        if record is None:
            return False
        title, abstract = record.get("title", ""), record.get("abstract", "")
        return source_of_kind(Source(n=1, paper_id=paper_id, title=title, score=0.0, abstract=abstract), kind)

    return test
