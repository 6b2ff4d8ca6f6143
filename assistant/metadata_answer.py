"""Questions about a paper's record, not its abstract: who wrote it, when it was published.

An abstract rarely says who wrote it or when, so quoting its closest sentences answers nothing
("Who wrote the MMTrail paper?" quoted "the authority of visual context"). Such a question is
answered from the stored metadata (``authors``, ``year`` of an ingested JSONL record), with the
paper cited; when the collection stores none, that is said plainly as a gap. One answer type:

- of a paper (named, or pointed back to by a follow-up): its authors and/or year;
- a list by year ("Which papers were published in 2024?"): the stored papers of that year.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from assistant.answerability import focus
from assistant.asked import question_names
from assistant.evidence import question_parts
from assistant.filters import Filters
from assistant.library import list_papers
from assistant.negation import negation_text
from assistant.text import english_list
from assistant.types import Answer, Source
from assistant.verify import resolve_citations

if TYPE_CHECKING:
    from assistant.retrieve import Retrieval
    from assistant.store import Store

# "Who wrote / authored ...", "who are the authors of ...", "the author list"; not "what did the
# authors conclude", which asks for the abstract's finding.
_AUTHORS = re.compile(
    r"\bwho\b[^?.]*\b(?:wrote|write|writes|authored|authors?|created|published)\b|"
    r"\b(?:what|which) (?:are|were|is|was) the (?:names of the )?authors?\b|\bauthor (?:list|names?)\b|"
    r"\b(?:list|name|give) (?:me )?the authors?\b|\bauthors? of\b",
    re.IGNORECASE,
)
# "When was it published", "what year", "published in 2024", "papers from 2023".
_YEAR = re.compile(
    r"\bwhen\b[^?.]*\b(?:published|released|written|appear(?:ed|s)?|come out|came out|out)\b|"
    r"\b(?:what|which) year\b|\b(?:published|released|written|appeared)\s+(?:in|during|since|after|before)\s+(?:19|20)\d\d\b|"
    r"\bpapers? (?:from|of) (?:19|20)\d\d\b|\bpublication (?:year|date)\b",
    re.IGNORECASE,
)
# "Which papers do not release code?", "papers without code": the complement of the has-code filter.
# (Asked as "which release code", a release statement or code link answers: assistant/answer_type.py.)
_NO_CODE = re.compile(
    r"\b(?:do|does|did|have|has)(?:n't| not)\b[^?.]*\b(?:releas|publish|shar|provid|open[- ]?sourc|mak)\w*\b[^?.]*"
    r"\b(?:code|implementation|source)\b|\b(?:without|no|lack(?:ing)?) (?:a |any )?(?:public |released )?code\b",
    re.IGNORECASE,
)
_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


@dataclass(frozen=True)
class MetadataAsk:
    """What a question asks of the papers' records: ``fields`` among "authors" and "year", and a
    ``year`` to list papers by ("Which papers were published in 2024?" -> 2024), else None."""

    fields: tuple[str, ...]  # "authors", "year", "no code" (papers with no code link)
    year: int | None = None


def asked_metadata(question: str) -> MetadataAsk | None:
    """The record fields every part of ``question`` asks for, or None when a part asks for anything
    else ("Who wrote the original LVLM-eHub benchmark, and how many LVLMs did it evaluate?" also
    asks the abstract, so it is answered as usual)."""
    fields: list[str] = []
    for part in question_parts(question):
        fields_of = (("authors", _AUTHORS), ("year", _YEAR), ("no code", _NO_CODE))
        asked = [f for f, pattern in fields_of if pattern.search(part)]
        if not asked:
            return None
        fields += [f for f in asked if f not in fields]
    year = _A_YEAR.search(question) if "year" in fields else None
    return MetadataAsk(tuple(fields), int(year.group(0)) if year else None) if fields else None


def _cite(source: Source) -> str:
    return f"“{source.title}” [{source.n}]"


def paper_metadata_text(ask: MetadataAsk, papers: Sequence[Source]) -> tuple[str, list[str]]:
    """The answer for ``papers`` (numbered sources) and its gaps: each paper's stored authors and
    year as asked ("“Wings: …” [1] was published in 2024."), and for what is not stored, the gap
    "The collection stores no authors or year for “MMTrail …” [1]." Returns ``(text, gaps)``."""
    lines: list[str] = []
    gaps: list[str] = []
    for paper in papers:
        said = []
        if "authors" in ask.fields and paper.authors:
            said.append(f"{_cite(paper)} is by {english_list(paper.authors)}.")
        if "year" in ask.fields and paper.year is not None:
            said.append(f"{_cite(paper)} was published in {paper.year}.")
        if "no code" in ask.fields and paper.code_url:
            said.append(f"{_cite(paper)} has a code link: {paper.code_url}")
        stored = {"authors": bool(paper.authors), "year": paper.year is not None, "no code": bool(paper.code_url)}
        missing = [("code link" if f == "no code" else f) for f in ask.fields if not stored[f]]
        if missing:
            gap = f"The collection stores no {' or '.join(missing)} for {_cite(paper)}."
            gaps.append(gap)
            said.append(gap)
        lines.append(" ".join(said))
    return "\n\n".join(lines), gaps


def year_list_text(year: int, papers: Sequence[Source]) -> tuple[str, list[str]]:
    """The answer listing ``papers`` (numbered sources, those stored with ``year``) and its gaps
    (when none is of that year). Returns ``(text, gaps)``."""
    if papers:
        items = "\n".join(f"- {_cite(p)}" for p in papers)
        return f"The collection stores {len(papers)} paper(s) published in {year}:\n{items}", []
    gap = f"No paper in the collection is stored with the year {year}."
    return gap, [gap]


def no_code_text(papers: Sequence[Source], total: int, scope: str = "") -> tuple[str, list[str]]:
    """The answer listing ``papers`` (numbered sources), those of the ``total`` stored papers with no
    code link: the complement of the has-code filter. An abstract may still say its code is released
    without a link being stored, and the gap says so. ``scope``: the active filters, described, when
    they limit the papers read. Returns ``(text, gaps)``."""
    of = f"the {total} papers the active filter ({scope}) lets through" if scope else f"the {total} papers"
    gap = (
        f"Whether a paper does not release code is read from its stored code link: {len(papers)} of "
        f"{of} have none (the has-code filter keeps the other {total - len(papers)}); an abstract "
        "may still say that its code is released."
    )
    items = "\n".join(f"- {_cite(p)}" for p in papers)
    return f"{gap}\n{items}" if papers else gap, [gap]


def no_year_stored(year: int, total: int) -> str:
    """The gap when none of the ``total`` stored papers has a year: the question cannot be answered
    from the collection, and the year filters would exclude every paper."""
    return (
        f"The collection stores no year for any of its {total} papers, so it cannot tell which were "
        f"published in {year}; a year filter would exclude them all."
    )


def metadata_answer(
    question: str, ask: MetadataAsk, asked_of: list[Source], retrieved: list[Source], stored: Callable[[], list[Source]], writer: str,
    scope: str = "",
) -> Answer | None:
    """The answer to a record question (:func:`asked_metadata`), or None to answer it as usual.

    ``asked_of``: the papers the question is about (named, or a follow-up's earlier papers), among
    ``retrieved`` (the numbered sources shown); ``stored()``: every stored paper, read only for a
    list by year; ``scope``: the active filters ``stored()`` applies, described. None when the question
    names no paper and asks for no year's list."""
    if asked_of:
        text, gaps = paper_metadata_text(ask, asked_of)
        sources = retrieved
    elif "no code" in ask.fields:
        every = stored()
        codeless = [p for p in every if not p.code_url]
        sources = [p.model_copy(update={"n": i}) for i, p in enumerate(codeless, start=1)]
        text, gaps = no_code_text(sources, len(every), scope)
    elif ask.year is not None:
        every = stored()
        dated = [p for p in every if p.year == ask.year]
        sources = [p.model_copy(update={"n": i}) for i, p in enumerate(dated, start=1)]
        if any(p.year is not None for p in every):
            text, gaps = year_list_text(ask.year, sources)
        else:
            text = no_year_stored(ask.year, len(every))
            gaps = [text]
    else:
        return None
    return _listed(question, text, sources, gaps, writer)


def _listed(question: str, text: str, sources: list[Source], gaps: list[str], writer: str) -> Answer:
    """The record answer: ``text`` with its ``[n]`` resolved against ``sources``."""
    clean, citations, _ = resolve_citations(text, sources)
    return Answer(
        question=question, answer=clean, covered=True, writer=writer, mode="ask", sources=sources,
        citations=citations, gaps=gaps,
    )  # fmt: skip


def record_answer(
    question: str, paper_ids: Sequence[str], retrieval: Retrieval, store: Store, idf: dict[str, float], writer: str,
    given: Filters | dict[str, Any] | None = None,
) -> Answer | None:
    """:func:`metadata_answer` for an asked question: about the follow-up's earlier papers
    (``paper_ids``), else the retrieved papers its names single out, each name its own
    (:func:`~assistant.answerability.focus`: "Who wrote WavCaps and MMTrail?" asks of both). A list
    (by year, without code) is of the papers the ``given`` filters let through. None when it asks for no record field."""
    filters = Filters.of(given)
    scope = filters.describe() if filters is not None else ""

    def stored() -> list[Source]:
        return [
            Source(n=0, paper_id=r.paper_id, title=r.title, score=0.0, abstract=r.abstract, url=r.url,
                   code_url=r.code_url, authors=r.authors, year=r.year)
            for r in list_papers(store, filters)
        ]  # fmt: skip

    ask = asked_metadata(question)
    if ask is None:  # "Which papers do not use an LLM?": the papers whose abstracts do not mention it
        negated = negation_text(question, stored, scope)
        return None if negated is None else _listed(question, *negated, writer)
    asked_of = [s for s in retrieval.sources if s.paper_id in paper_ids]
    if not asked_of:
        named = [focus(question, retrieval.sources, [n]) for n in question_names(question, idf)]
        asked_of = list({s.paper_id: s for s in named if s is not None}.values())
        named_one = focus(question, retrieval.sources) if not asked_of else None
        asked_of = asked_of or ([named_one] if named_one is not None else [])
    return metadata_answer(question, ask, asked_of, retrieval.sources, stored, writer, scope)
