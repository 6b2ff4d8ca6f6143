"""Superlatives over amounts: "Which paper has the biggest dataset?" compares the stated numbers.

The answer score ranks sentences by their words, not by the figures they hold: PIN-14M (14 million
samples) was quoted for "the biggest dataset" over MMTrail's 20M clips (new-user trial 15). A
question asking for the largest (smallest) of a thing is answered by reading, in every candidate
paper, the amounts stated in sentences that name the thing (:func:`assistant.sizes.stated_sizes`,
with their scales), and quoting the papers from the largest down, led by a line saying what was
compared. Without two papers stating an amount the plan is left as it was.
"""

from __future__ import annotations

import re

from assistant.evidence import Evidence, PaperEvidence
from assistant.sizes import stated_sizes
from assistant.text import english_list, stemmed_terms

# What a superlative asks for and of what: "the biggest dataset", "the largest benchmark".
_SUPERLATIVE = re.compile(
    r"\b(biggest|largest|most extensive|smallest|tiniest)\s+((?:[a-z][\w-]*\s+){0,2}?[a-z][\w-]*)\b",
    re.IGNORECASE,
)
# The lead of an answer comparing amounts: it names what was compared, it claims nothing itself.
COMPARED_LEAD = "Compared by the amounts the retrieved abstracts state"


def asked_extreme(question: str) -> tuple[bool, str] | None:
    """(largest?, the noun compared) for a superlative over an amount ("Which paper has the biggest
    dataset?" -> (True, "dataset")), else None."""
    match = _SUPERLATIVE.search(question)
    noun = match.group(2).split()[-1].lower() if match else ""
    if not stemmed_terms(noun) or noun in ("one", "ones", "paper", "papers"):  # "the biggest one": no thing named
        return None
    return match.group(1).lower() not in ("smallest", "tiniest"), noun


def _amount(paper: PaperEvidence, noun: set[str]) -> tuple[float, str, int] | None:
    """The largest amount the paper states in a sentence naming the noun: (value, words, sentence)."""
    found = [
        (value, words, i)
        for i, sentence in enumerate(paper.sentences)
        if noun <= stemmed_terms(sentence)
        for value, words in stated_sizes(sentence)
    ]
    return max(found, default=None)


def compare_amounts(question: str, evidence: Evidence) -> str:
    """Quote the candidates that state an amount of what ``question`` asks the largest (smallest)
    of, ordered by it, each with its stating sentence; returns the answer's lead line ("" and
    ``evidence`` unchanged when fewer than two candidates state one)."""
    asked = asked_extreme(question)
    if asked is None:
        return ""
    largest, noun = asked
    stated = [(a, p) for p in evidence.candidates if (a := _amount(p, stemmed_terms(noun)))]
    if len(stated) < 2:
        return ""
    stated.sort(key=lambda x: x[0][0], reverse=largest)
    for (_, _, index), paper in stated:
        paper.chosen = [index]
    evidence.papers = [p for _, p in stated]
    compared = english_list([f"{words} [{p.source.n}]" for (_, words, _), p in stated])
    extreme = "largest" if largest else "smallest"
    return f"{COMPARED_LEAD} for a {noun} ({compared}), the {extreme} first."
