"""Can the retrieved abstracts answer this question at all? Two near-miss checks.

Retrieval finds the right neighbourhood even when the collection cannot answer:
1. **Only mentioned.** The question is about a named model, dataset or benchmark
   that no paper in the collection is about: it is in no title and in no sentence
   where a paper states its own contribution, and at most one abstract mentions it
   in passing ("... such as Flamingo").
2. **Figure not stated.** The question asks for a quantity ("how many", "what
   accuracy") and no sentence of the paper it is about has both a number and one
   of the question's terms.
Both are calibrated on the unanswerable questions of ``eval/questions/dev.jsonl``
(``python -m eval answers``).
"""

from __future__ import annotations

import re

from assistant.text import CONTRIBUTION, split_sentences, stemmed_terms
from assistant.types import Source

_QUANTITY = re.compile(
    r"\b(how (?:many|much|large|big|long)|what (?:accuracy|percentage|score|size|number)|number of|size of)\b",
    re.IGNORECASE,
)
# Capitalised question words that are not names.
_NOT_NAMES = frozenset(
    """What Which How Who Whom Whose When Where Why Does Do Did Is Are Was Were Can Could Should Would
    The A An In On For Of And Or To By With From Give List Summarize Compare Explain Tell I""".split()
)
_NAME = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b")
_ENUMERATION = re.compile(r"(?:^|\s)\(?\d{1,2}\)")  # "1) ...", "(2) ..." list markers, not figures
_NUMBER_WORDS = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens?|hundreds?|thousands?|"
    r"millions?|billions?)\b",
    re.IGNORECASE,
)
# The subject of a question about one thing: "What does X propose?", "How was the X built?"
_SUBJECT = re.compile(r"\b(?:does|did|do|is|was|were|are)\s+(?:the\s+)?([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)")
_GENERIC = frozenset({"mani", "much", "larg", "big", "long", "number", "size", "paper", "model", "dataset"})


def question_names(question: str) -> list[str]:
    """Capitalised names in the question (not its first word, not question words)."""
    names = []
    for match in _NAME.finditer(question):
        word = match.group(0)
        if match.start() == 0 or word in _NOT_NAMES or len(word) < 3:
            continue
        names.append(word)
    return names


def owns(source: Source, name: str, family: bool = False) -> bool:
    """Whether the paper is about ``name``: in its title or in a sentence stating its own
    contribution. With ``family``, also about the model family ``name`` is a variant of
    (IMP for IMP-MoE-L)."""
    prefix = name.split("-")[0]
    candidates = {name, prefix} if family and len(prefix) >= 3 else {name}
    for candidate in candidates:
        if candidate.lower() in source.title.lower():
            return True
        if any(candidate in s and CONTRIBUTION.search(s) for s in split_sentences(source.abstract)):
            return True
    return False


def states_quantity(sentence: str) -> bool:
    """Whether a sentence gives a figure: a digit (not a "1)" list marker) or a number word."""
    return bool(re.search(r"\d", _ENUMERATION.sub(" ", sentence)) or _NUMBER_WORDS.search(sentence))


def focus(question: str, sources: list[Source]) -> Source | None:
    """The source the question names (by title or contribution), else None."""
    for name in question_names(question):
        for source in sources:
            if owns(source, name):
                return source
    return None


def unanswerable_reason(question: str, sources: list[Source]) -> str | None:
    """Why the sources cannot answer ``question``, or None when they may."""
    names = question_names(question)
    subject = _SUBJECT.search(question)
    if subject and not any(owns(s, subject.group(1), family=True) for s in sources):
        name = subject.group(1)
        if name not in _NOT_NAMES:
            mentioning = [s for s in sources if name in s.abstract]
            if len(mentioning) <= 1:
                where = (
                    f" It is only mentioned in passing in “{mentioning[0].title}” [{mentioning[0].n}]."
                    if mentioning
                    else ""
                )
                return f"No paper in the collection is about {name}.{where}"
    if _QUANTITY.search(question):
        target = focus(question, sources) or (sources[0] if sources else None)
        if target is not None:
            terms = stemmed_terms(question) - _GENERIC - {t for n in names for t in stemmed_terms(n)}
            stated = [
                s for s in split_sentences(target.abstract) if states_quantity(s) and terms & stemmed_terms(s)
            ]
            if not stated:
                return f"The abstract of “{target.title}” [{target.n}] does not state this figure."
    return None
