"""The answer's plan before any words: the evidence to quote, its gaps, refusal, relevance.

:func:`plan_answer` runs the gap check (:mod:`assistant.gaps`) on the evidence's first
paper (:mod:`assistant.evidence`) and folds the sentences that state what is asked into
what is quoted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from assistant.answerability import focus
from assistant.asked import question_names
from assistant.embed import Embedder
from assistant.evidence import Evidence, PaperEvidence, answer_relevance, choose_sentences, gather_evidence
from assistant.gap_checks import joined_gaps
from assistant.gaps import GapReport, TermMatcher, check_gaps
from assistant.kinds import KIND_PAPERS, asked_kind, quote_kind
from assistant.names import alternatives, states_name
from assistant.question_terms import asks_for_several
from assistant.sentence_vectors import SentenceVectors
from assistant.superlative import compare_amounts
from assistant.types import Source


@dataclass
class AnswerPlan:
    """What the answer will say before any words: evidence, gaps, refusal, relevance."""

    evidence: Evidence
    gaps: list[str] = field(default_factory=list)
    refuse: bool = False
    closest: tuple[Source, str] | None = None  # for a refusal: the nearest sentence the target states
    off_target: bool = False  # the first paper lacks a name or topic the question asks about
    # The paper the question is about states nothing asked in the question's words: the answer
    # leads with the gaps, then quotes what it states closest (not a refusal, see plan_answer).
    unstated: bool = False
    seconds: float = 0.0  # time taken to gather the evidence and check the gaps
    lead: str = ""  # a line before the quotes saying how they were chosen (superlative.compare_amounts)

    @property
    def relevance(self) -> float:
        return self.evidence.relevance


def plan_answer(evidence: Evidence, matcher: TermMatcher, idf: dict[str, float]) -> AnswerPlan:
    """Run the gap check on the evidence's first paper and fold in its stating sentences."""
    plan = AnswerPlan(evidence)
    if not evidence.papers:
        plan.refuse = True
        return plan
    every = [p.source for p in evidence.candidates]

    def report_of(paper: PaperEvidence) -> GapReport:
        others = [p.source for p in evidence.papers if p is not paper]
        return check_gaps(evidence.question, paper.source, others, matcher, idf, paper.scores[0], every, evidence.focused)

    report = report_of(evidence.papers[0])
    unstated_by: list[str] = []
    if report.refuse and evidence.focused:
        # Several papers asked about ("Do these papers release code?" after SPHINX and VIMI): one
        # that states what is asked leads, and the others' gaps are named (VIMI's gap alone refused
        # the question although SPHINX releases its code; bad-input trial 9).
        for paper in evidence.papers[1:]:
            other = report_of(paper)
            if not other.refuse:
                unstated_by = [g for g in report.gaps if g.startswith("The abstract of")]
                evidence.papers.remove(paper)
                evidence.papers.insert(0, paper)
                report = other
                break
    first = evidence.papers[0]
    best = int(np.argmax(first.scores[0]))
    plan.closest = (first.source, first.sentences[best])
    plan.gaps = joined_gaps(report.gaps + unstated_by)
    plan.off_target = report.off_target
    # A paper the question is about that states none of what is asked, in the question's words,
    # is answered with its closest sentences and the gap named, not refused: on fresh paraphrase
    # sets the gap check missed the answer in other words ("drops by" for "lose", "neural sites"
    # for "recording sites") for about one question in ten. A missing name or topic still refuses.
    plan.refuse = report.refuse and (report.off_target or set(report.missing_parts) <= set(report.kindless_parts))
    plan.unstated = report.refuse and not plan.refuse
    if report.off_target or (report.refuse and set(report.missing_parts) <= set(report.kindless_parts)):
        # the target is not what the question names, or holds no answer of the asked kind at all:
        # nothing of it is "closest"
        plan.closest = None  # the target is not what the question names: nothing of it is "closest"
    if report.stating:
        first.chosen = choose_sentences(first, keep=3, required=report.stating, expand_weak=True)
    # A part's row in the evidence scores: 0 for a one-part question, else 1 + its index.
    shift = 1 if len(evidence.parts) > 1 else None  # a part's row in the scores: 1 + its index, or 0 alone
    stated: dict[int, set[int]] = {}
    for part, sentence in zip(report.stated_parts, report.stating, strict=True):
        stated.setdefault(part + shift if shift else 0, set()).add(sentence)
    missing = {part + shift if shift else 0 for part in report.missing_parts}
    evidence.relevance = answer_relevance(evidence, idf, stated, missing)
    return plan


def named_paper(question: str, sources: list[Source], names: list[str], gather: Callable[[list[str]], Evidence]) -> tuple[Source | None, Evidence]:
    """The paper a name of the question singles out (:func:`~assistant.answerability.focus`), and the
    evidence gathered with it first; ``gather(focus_ids)`` gathers evidence.

    A name singles out its owner only when neither the first retrieved paper nor another candidate
    that also states the name answers the question better (a higher best answer score): "a model
    that beat both Chameleon and GPT-4o" uses Chameleon as a baseline, and the paper owning a
    "Chameleon setting" (Mixture-of-Mamba, best sentence 0.24) is not the one asked about when
    MedMax, which states Chameleon too, answers at 0.68; "the corpus ... rewritten by an OpenAI
    chat model" is WavCaps (0.48), first retrieved, not the study owning OpenAI (0.09). Then the
    question's next name is tried, else no paper is named."""
    every, names = list(names), list(names)
    while True:
        named = focus(question, sources, names)
        if named is None:
            return None, gather([])
        evidence = gather([named.paper_id])
        used = next(n for n in names if focus(question, sources, [n]) is named)
        first = evidence.candidates[0] if evidence.candidates else None
        lead = next((p for p in evidence.candidates[1:] if p.source.paper_id == sources[0].paper_id), None)
        if first is None or not any(
            p.best > first.best and (states_name(used, p.source) or p is lead) for p in evidence.candidates[1:]
        ):
            also = _named_beside(question, used, named, sources, every)
            return named, gather([named.paper_id, *[s.paper_id for s in also]]) if also else evidence
        names.remove(used)


# A question setting two named papers against each other, however far apart it names them.
_COMPARING = re.compile(
    r"\b(?:compar\w*|differ\w*|versus|vs\.?|contrast\w*|over|than|between|relative to|improve\w* (?:on|upon))\b",
    re.IGNORECASE,
)


def _named_beside(question: str, used: str, named: Source, sources: list[Source], names: list[str]) -> list[Source]:
    """Other papers the question names in one breath with ``used`` ("What are SPHINX and VIMI?",
    "SPHINX vs. VIMI"): each name owned by another source and joined to ``used`` by "and", "or",
    "vs" or a comma. Both are asked about: VIMI alone was quoted, with "does not mention SPHINX;
    that of SPHINX does" (bad-input trial 9)."""
    out: list[Source] = []
    comparing = _COMPARING.search(question) is not None  # "What does 4M-21 add over 4M?": both asked
    for name in names:
        owner = focus(question, sources, [name]) if name != used else None
        a, b = re.escape(used), re.escape(name)
        link = r"\s*(?:,|and|&|or|vs\.?|versus)\s*(?:the\s+)?"
        beside = comparing or re.search(f"{a}{link}{b}|{b}{link}{a}", question)
        if owner is not None and owner is not named and owner not in out and beside:
            out.append(owner)
    return out


def holder(evidence: Evidence, matcher: TermMatcher, idf: dict[str, float]) -> Source | None:
    """The first candidate after the evidence's first paper that holds every name and topic the
    question asks about and states all it asks (no gap), for a plan whose first paper is off target:
    "Which paper uses EEG or brain signals?" is answered by the paper on SEEG signals, not by the
    first retrieved one on fMRI. None when no candidate does."""
    every = [p.source for p in evidence.candidates]
    # Every name as the question writes it (a misspelling the gap check forgives, "MVBench" for
    # MIBench, is no reason to prefer another paper), but an alternative ("EEG or brain signals"),
    # which may be missing when another is stated (the gap check sees to that).
    offered = {item.split()[0] for group in alternatives(evidence.question) for item in group}
    names = [n for n in question_names(evidence.question, idf) if n not in offered]
    for paper in evidence.candidates[1:]:
        if not all(states_name(n, paper.source) for n in names):
            continue
        report = check_gaps(evidence.question, paper.source, [], matcher, idf, paper.scores[0], every, evidence.focused)
        if not report.off_target and not report.refuse and not report.gaps:
            return paper.source
    return None


def plan_question(
    question: str,
    sources: list[Source],
    focus_ids: list[str],
    embedder: Embedder,
    sentence_vectors: SentenceVectors,
    idf: dict[str, float],
) -> AnswerPlan:
    """The plan for ``question`` over the retrieved ``sources``: evidence from the papers in
    ``focus_ids`` (a follow-up's), else from the paper a name singles out (:func:`named_paper`),
    else from the first retrieved; then the gap check (:func:`plan_answer`), and when the first
    paper lacks a name or topic asked, the plan of another retrieved paper that holds it
    (:func:`holder`)."""

    def gather(papers: list[Source], ids: list[str]) -> Evidence:  # a kind question reads (and may quote) every retrieved paper
        kind = asked_kind(question) if not ids else None  # "Which papers propose benchmarks?"
        # "Which papers study audio or speech?" reads every retrieved paper, up to KIND_PAPERS, as a
        # kind question does: it cited 4 of the 8 audio papers retrieved (bad-input trial 10, M3).
        wide = KIND_PAPERS if kind or (not ids and asks_for_several(question)) else None
        evidence = gather_evidence(question, papers, embedder, sentence_vectors, idf, ids,
                                   max_papers=wide or 4, candidates=wide or 5)  # fmt: skip
        if kind:
            quote_kind(evidence, kind, idf)
        return evidence

    if focus_ids:  # a follow-up is about the papers it refers to
        evidence = gather(sources, focus_ids)
    else:  # a word of the field ("Transformer") names no paper, though one title holds it
        named, evidence = named_paper(question, sources, question_names(question, idf), lambda ids: gather(sources, ids))
        focus_ids = [named.paper_id] if named is not None else []
    matcher = TermMatcher(sentence_vectors)
    plan = plan_answer(evidence, matcher, idf)
    better = holder(evidence, matcher, idf) if plan.off_target and not focus_ids else None
    if better is not None:  # another retrieved paper holds what the first one lacks
        plan = plan_answer(gather([better, *[s for s in sources if s.paper_id != better.paper_id]], []), matcher, idf)
    if not focus_ids and (lead := compare_amounts(question, plan.evidence)):  # "the biggest dataset"
        plan.lead, plan.refuse, plan.unstated, plan.closest = lead, False, False, None
        plan.evidence.relevance = answer_relevance(plan.evidence, idf)
    return plan
