"""The answer's plan before any words: the evidence to quote, its gaps, refusal, relevance.

:func:`plan_answer` runs the gap check (:mod:`assistant.gaps`) on the evidence's first
paper (:mod:`assistant.evidence`) and folds the sentences that state what is asked into
what is quoted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from assistant.evidence import Evidence, answer_relevance, choose_sentences
from assistant.gaps import TermMatcher, check_gaps
from assistant.types import Source


@dataclass
class AnswerPlan:
    """What the answer will say before any words: evidence, gaps, refusal, relevance."""

    evidence: Evidence
    gaps: list[str] = field(default_factory=list)
    refuse: bool = False
    closest: tuple[Source, str] | None = None  # for a refusal: the nearest sentence the target states
    seconds: float = 0.0  # time taken to gather the evidence and check the gaps

    @property
    def relevance(self) -> float:
        return self.evidence.relevance


def plan_answer(evidence: Evidence, matcher: TermMatcher, idf: dict[str, float]) -> AnswerPlan:
    """Run the gap check on the evidence's first paper and fold in its stating sentences."""
    plan = AnswerPlan(evidence)
    if not evidence.papers:
        plan.refuse = True
        return plan
    first = evidence.papers[0]
    best = int(np.argmax(first.scores[0]))
    plan.closest = (first.source, first.sentences[best])
    others = [p.source for p in evidence.papers[1:]]
    every = [p.source for p in evidence.candidates]
    report = check_gaps(evidence.question, first.source, others, matcher, idf, first.scores[0], every, evidence.focused)
    plan.gaps = report.gaps
    plan.refuse = report.refuse
    if report.off_target:
        plan.closest = None  # the target is not what the question names: nothing of it is "closest"
    if report.stating:
        first.chosen = choose_sentences(first, keep=3, required=report.stating, expand_weak=True)
        evidence.relevance = answer_relevance(evidence)
    return plan
