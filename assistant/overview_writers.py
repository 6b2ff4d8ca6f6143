"""The extractive writers of summaries and related-work drafts, from an :class:`OverviewPlan`.

Each paper contributes what it says about the topic (:func:`assistant.prose_topic.paper_sentences`);
themes are named by noun phrases (:mod:`assistant.themes`); with a description of the
user's work, the closing names the closest papers and how they differ from it, in
the words of their own titles (:mod:`assistant.overview_focus`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.open_problems import open_problems
from assistant.overview_closest import DIFFERS_LEAD as DIFFERS_LEAD  # re-exported: finalize's non-claims
from assistant.overview_closest import LIKE_LEAD as LIKE_LEAD  # re-exported: finalize's non-claims
from assistant.overview_closest import SAME_MEANING_COSINE as SAME_MEANING_COSINE  # re-exported
from assistant.overview_closest import (
    modality_difference,
    names_something,
    restates,
    same_focus,
    shared_focus,
    shared_in_meaning,
)
from assistant.overview_focus import (
    focus_clause,
    own_statements,
    title_focus,
    title_parts,
    without_shared_purpose,
)
from assistant.prose import label, paper_name, short_name, third_person
from assistant.retrieve import Retrieval
from assistant.text import stemmed_terms
from assistant.themes import UNNAMED, Theme, noun_phrases
from assistant.types import Source

if TYPE_CHECKING:
    from assistant.embed import Embedder

OVERVIEW_NOTICE = (
    "No language model is configured, so this overview is assembled from the abstracts: themes "
    "come from clustering the papers' embeddings, and each paper's sentences are its own abstract's."
)
# Our own list of the relevant papers a summary leaves out: titles, not claims.
LEFT_OUT_LEAD = "Also relevant, not summarized above:"
# Our own sentences relating the papers to the user's description: the phrases come from
# the abstracts, the comparison is ours, so verification treats them as non-claims.
CLOSEST_LEAD = "Closest to the work described here"  # then "is" or "are"
SAME_LEAD = "The abstracts state no difference from the work described here for"
SAME_ALL = "their abstracts state no difference from it"
SAME_ONE = "its abstract states no difference from it"
TRANSITIONS = (
    "A first line of work concerns",
    "A second line of work concerns",
    "A third line of work concerns",
    "Prior work concerns",  # the lead of a draft with one theme
)


@dataclass
class OverviewPlan:
    """What an overview covers: themes of the selected papers (closest to ``about`` first
    when given), the relevant ones left out, each paper's sentences, and the closest papers."""

    themes: list[Theme]
    left_out: list[Source]
    sentences: dict[str, list[str]] = field(default_factory=dict)
    about: str = ""
    closest: list[Source] | None = None
    idf: dict[str, float] = field(default_factory=dict)
    embedder: Embedder | None = None  # to drop differences the description states in other words

    def themes_line(self) -> str:
        """ "name: [1], [3]; name: [2]" for prompts."""
        return "; ".join(f"{t.name}: " + ", ".join(f"[{s.n}]" for s in t.sources) for t in self.themes)

    def lines(self, source: Source) -> list[str]:
        """The paper's sentences, each ending in its citation."""
        return [_end(f"{s} [{source.n}]") for s in self.sentences.get(source.paper_id, [])]




def differing_focus(
    source: Source, about: str, embedder: Embedder | None = None
) -> str:
    """The part of the paper's title focus (:func:`assistant.overview_focus.title_focus`) that the
    user's description does not state: without a "for <purpose>" the description shares in words or
    meaning (:func:`assistant.overview_focus.without_shared_purpose`); ``""`` if there is none."""
    focus = title_focus(source)
    if not focus:
        return ""
    mine = stemmed_terms(about)

    def shared(text: str) -> bool:
        return bool(stemmed_terms(text) & mine) or bool(embedder and shared_in_meaning([text], about, embedder))

    return without_shared_purpose(focus, shared)


def differences(
    source: Source, about: str, idf: dict[str, float], most: int = 2, embedder: Embedder | None = None
) -> list[str]:
    """Noun phrases of the paper's own focus (:func:`differing_focus`) that the user's description does
    not share, rarest first: not in its words and, with ``embedder``, not in its meaning
    (:func:`shared_in_meaning`).

    Only the title is read: other abstract sentences also describe baselines and prior work, and a
    phrase cut from "parallel fusion baselines ... suffer catastrophic failure" became MultiModN's."""
    mine = stemmed_terms(about)
    focus = differing_focus(source, about, embedder)
    phrases = {p for p in noun_phrases(focus) if _words(p) >= 2} if focus else set()
    # a method named by a capitalised compound ("through Thumbnail-and-Sampling"), which noun_phrases
    # leaves out (a head in -ing): without it TS-LLaVA's closing said its abstract states no difference
    phrases |= set(_NAMED_COMPOUND.findall(focus))

    def weight(p: str) -> float:
        return sum(idf.get(t, 1.0) for t in stemmed_terms(p)) + 0.5 * len(p.split())

    candidates = [
        p
        for p in sorted(phrases, key=lambda p: (-weight(p), p))
        if not stemmed_terms(p) & mine and names_something(p, short_name(source.title))
    ]
    shared = shared_in_meaning(candidates, about, embedder) if embedder is not None else set()
    out: list[str] = []
    for phrase in candidates:
        if phrase in shared or any(stemmed_terms(phrase) & stemmed_terms(o) for o in out):
            continue
        out.append(phrase)
        if len(out) == most:
            break
    return out


def closing(plan: OverviewPlan) -> str:
    """The closest papers, and how each differs from the user's work.

    A difference is what the paper itself is about, in its title's words
    (:func:`assistant.overview_focus.focus_clause`), when that focus holds a phrase the description
    lacks (:func:`differences`); else what its abstract says it puts forward ("we propose a Mixture of
    Features (MoF) approach"), when that holds such a phrase (:func:`abstract_difference`). With
    neither, the closing says no difference is stated: it never quotes a sentence the draft already
    holds (the contribution sentence used to be repeated here), nor invents a difference."""
    if not (plan.about and plan.closest):
        return ""
    names = " and ".join(f"{_name(s)} [{s.n}]" for s in plan.closest)
    verb = "are" if len(plan.closest) > 1 else "is"  # "Closest … are Eyes Wide Shut [1]" read wrong
    lines = [f"{CLOSEST_LEAD} {verb} {names}."]
    drafted = " ".join(line for lines in plan.sentences.values() for line in lines)
    same = []
    for s in plan.closest:
        clause = focus_clause(s, differing_focus(s, plan.about, plan.embedder))
        if not (clause and differences(s, plan.about, plan.idf, embedder=plan.embedder)) or restates(clause, plan.about):
            clause = abstract_difference(s, plan.about, drafted, plan.embedder)
        # which modalities it works with, in its abstract's words, beside the description's
        clause = ", and ".join(filter(None, [clause, modality_difference(s, plan.about)]))
        like, unsaid = ("", []) if clause else same_focus(s, plan.about)  # no difference: what it shares, what it lacks
        if clause:
            lines.append(f"{DIFFERS_LEAD} {_name(s)} [{s.n}] {clause}.")
        elif (like or unsaid) and len(plan.closest) == 1:  # one sentence naming it once
            return f"{CLOSEST_LEAD} {verb} {names}{shared_focus(_name(s), like, unsaid, alone=True)}.\n"
        elif like or unsaid:
            lines.append(shared_focus(_name(s), like, unsaid))
        else:
            same.append(f"{_name(s)} [{s.n}]")
    if same and len(same) == len(plan.closest):  # one sentence naming each paper once
        return f"{CLOSEST_LEAD} {verb} {names}; {SAME_ALL if len(same) > 1 else SAME_ONE}.\n"
    if same:
        lines.append(f"{SAME_LEAD} {' and '.join(same)}.")
    return " ".join(lines) + "\n"


def abstract_difference(source: Source, about: str, drafted: str = "", embedder: Embedder | None = None) -> str:
    """ "proposes a Mixture of Features (MoF) approach": the first thing the paper's abstract says it
    puts forward (:func:`assistant.overview_focus.own_statements`) whose object holds a noun phrase of
    two or more words that the description shares neither in words nor (with ``embedder``) in meaning;
    one not already in ``drafted`` (the draft's sentences) first; ``""`` if none.

    Only the paper's own "we propose/introduce/construct ..." objects are read: other sentences also
    describe baselines and prior work (see :func:`differences`)."""
    mine = stemmed_terms(about)
    found = []
    for _, verb, obj in own_statements(source):
        phrases = [
            p
            for p in noun_phrases(obj)
            if _words(p) >= 2 and not stemmed_terms(p) & mine and names_something(p, short_name(source.title))
        ]
        if phrases and embedder is not None:
            phrases = [p for p in phrases if p not in shared_in_meaning(phrases, about, embedder)]
        if phrases and not restates(obj, about):
            found.append(f"{verb} {obj}")
    # Not a clause the draft already holds: repeated in the closing it states no difference.
    # The draft may quote it as "M3CoL is a ..." for "proposes M3CoL, a ...": compared without the name.
    own = re.escape(paper_name(source) or short_name(source.title))
    fresh = [f for f in found if re.sub(rf"^{own}\W*\s", "", f.split(" ", 1)[1]) not in drafted]
    return (fresh or [""])[0]


_COINED = re.compile(r"\b[Ww]e (?:propose|introduce|present)\s+([A-Z][\w-]*(?:[A-Z]|\d)[\w-]*)(?=[\s,.(])")


def _name(source: Source) -> str:
    """The paper's short name, without a question mark that would end the sentence it opens:
    "Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs" → "Eyes Wide Shut"."""
    name = short_name(source.title)
    if name == source.title and (coined := _COINED.search(source.abstract)):
        return coined.group(1)  # "we propose M3CoL, ...": the name the paper gives itself, not its whole title
    if re.search(r"[?!]", name):
        name = title_parts(source.title)[0] or re.sub(r"[?!]", "", name)
    return name


class SummaryWriter:
    """Extractive subfield summary: themed topic sentences, open problems, left-out papers."""

    name = "extractive"

    def __init__(self, plan: OverviewPlan) -> None:
        self.plan = plan

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        yield OVERVIEW_NOTICE + "\n\n"
        for theme in self.plan.themes:
            lines = [f"- {' '.join(self.plan.lines(s))}" for s in theme.sources]
            yield f"**Theme: {theme.name}**\n" + "\n".join(lines) + "\n\n"
        problems = open_problems([s for t in self.plan.themes for s in t.sources])
        if problems:
            yield "**Open problems stated in the abstracts**\n"
            yield (
                "\n".join(
                    f"- {_end(f'{label(s)}: {third_person(sentence)} [{s.n}]')}" for s, sentence in problems
                )
                + "\n\n"
            )
        if self.plan.left_out:
            listed = "; ".join(f"{s.title} [{s.n}]" for s in self.plan.left_out)
            yield f"{LEFT_OUT_LEAD} {listed}.\n\n"
        if self.plan.about:
            yield closing(self.plan)


class RelatedWorkWriter:
    """Extractive related-work draft: one paragraph per theme (at most three), plain transitions."""

    name = "extractive"

    def __init__(self, plan: OverviewPlan) -> None:
        self.plan = plan

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        yield OVERVIEW_NOTICE + "\n\n"
        # The papers no phrase describes come last and get no lead: "A second line of work concerns
        # further related approaches" says nothing they share.
        named = [t for t in self.plan.themes if t.name.lower() != UNNAMED.lower()]
        rest = [s for t in self.plan.themes if t not in named for s in t.sources]
        if len(named) > 3:  # fold the smallest themes into the third paragraph
            named = named[:2] + [Theme(named[2].name, [s for t in named[2:] for s in t.sources])]
        themes = [*named, *([Theme(UNNAMED, rest)] if rest else [])]
        # With the user's work, the draft opens on the closest work even when no phrase describes its theme.
        if self.plan.about and rest and self.plan.themes and self.plan.themes[0].name.lower() == UNNAMED.lower():
            themes = themes[-1:] + themes[:-1]
        for theme in themes:
            name = theme.name[:1].lower() + theme.name[1:] if not _acronym(theme.name) else theme.name
            i = named.index(theme) if theme in named else 0
            lead = f"{TRANSITIONS[i]} {name}." if len(named) > 1 else f"{TRANSITIONS[-1]} {name}."
            if theme.name.lower() == UNNAMED.lower():
                lead = ""
            sentences = [line for s in theme.sources for line in self.plan.lines(s)]
            yield " ".join([x for x in (lead, *sentences) if x]) + "\n\n"
        text = closing(self.plan)
        if text:
            yield text


def _acronym(name: str) -> bool:
    first = name.split()[0] if name.split() else ""
    return sum(c.isupper() for c in first) > 1 or any(c.isdigit() for c in first)


def _end(sentence: str) -> str:
    """Move the final [n] inside the sentence's full stop: "... results. [3]" → "... results [3]."."""
    sentence = sentence.strip()
    moved = re.sub(r"([.!?])\s*((?:\[\d+\])+)$", r" \2\1", sentence)
    return moved if moved != sentence or re.search(r"[.!?]$", sentence) else sentence + "."


_NAMED_COMPOUND = re.compile(r"\b[A-Z][a-z]+(?:-[A-Za-z]+)+\b")


def _words(phrase: str) -> int:
    """Words in ``phrase``, a hyphenated compound by its parts: "Thumbnail-and-Sampling" (TS-LLaVA's method,
    its one difference from a token-pruning method) is three, not one generic word."""
    return len([w for w in re.split(r"[\s-]+", phrase) if w])
