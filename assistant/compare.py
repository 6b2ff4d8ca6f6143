"""Comparison tables: one row per paper, one column per aspect, every cell from that paper's abstract.

Columns are the aspects a question names ("Compare the fusion strategies (early, late,
intermediate) ..." → "Fusion strategies"; "... in terms of data and results" → two
columns), else :data:`DEFAULT_ASPECTS`. A cell is either quoted (the abstract's sentence
that says most about the aspect, cut to a window of about ``WINDOW`` words around its
cue) or derived (the modalities an abstract names, the code link), and carries the
paper's ``[n]``; where the abstract is silent the cell says "not stated".
"""

from __future__ import annotations

import re

from assistant.overview_select import topic_terms
from assistant.prose import clean_latex, contribution_sentence, is_scene_setting, short_name
from assistant.text import split_sentences, stemmed_terms, weighted_share
from assistant.types import Source, Table, TableCell

DEFAULT_ASPECTS = ("task", "modalities", "method", "data or benchmark", "reported result", "code")
NOT_STATED = "not stated"
WINDOW = 28
MIN_ASPECT_SHARE = 0.3  # share of a named aspect's terms a sentence must hold to be quoted
_CUES: dict[str, re.Pattern[str]] = {
    "task": re.compile(
        r"\b(?:tasks?|problem|challeng\w*|address\w*|tackl\w*|aims? (?:to|at)|for (?:the )?[\w-]+ "
        r"(?:recognition|detection|generation|understanding|retrieval|segmentation|classification|"
        r"answering|captioning|translation|reasoning|summari[sz]ation|separation|recommendation))\b",
        re.IGNORECASE,
    ),
    "data or benchmark": re.compile(
        r"\b(?:datasets?|benchmarks?|corpus|corpora|collect\w*|curat\w*)\b", re.I
    ),
    "reported result": re.compile(
        r"\b(?:outperform\w*|surpass\w*|state-of-the-art|SOTA|improv\w*|achiev\w*|gains?|accuracy|"
        r"reduc\w*|speed-?ups?|better|superior|competitive)\b",
        re.IGNORECASE,
    ),
    "code": re.compile(r"\b(?:code|github|publicly available|open-source\w*|released?)\b", re.IGNORECASE),
}
_MODALITIES = {
    "text": r"texts?|textual|language",
    "image": r"images?|visual|vision|pictures?|photos?",
    "video": r"videos?",
    "audio": r"audio|sounds?|acoustic",
    "speech": r"speech|spoken",
    "music": r"music",
    "3D": r"3D|point clouds?",
    "depth": r"depth",
    "tabular": r"tabular",
    "time series": r"time[- ]series",
    "graph": r"graphs?",
    "code": r"source code|code generation|programming languages?",
    "brain signals": r"fMRI|EEG|brain",
    "medical images": r"medical imag\w*|radiolog\w*|X-rays?|MRI|CT scans?",
}
_ASPECT_LIST = re.compile(r"\bin terms of (.+?)(?:[.?!]|$)", re.IGNORECASE)
_COMPARE = re.compile(
    r"\b(?:compare|contrast|comparison of|table of)\s+(?:the\s+)?(.+?)"
    r"(?:\s+(?:discussed|used|proposed|described|reported|adopted|found|across|among|between|in|of|for)\b.*)?[.?!]?$",
    re.IGNORECASE,
)
# A subject that names a set of papers ("mixture-of-experts models"), not an aspect of them.
_GENERIC = re.compile(
    r"(?:^|\s)(?:papers?|approaches|methods|works?|models?|studies|systems|architectures|benchmarks|"
    r"datasets|LLMs|MLLMs|LVLMs|LMMs|techniques|frameworks)$",
    re.IGNORECASE,
)


def aspects_from_question(question: str) -> list[str]:
    """The aspects a comparison request names, or the default ones.

    "Compare the fusion strategies (early, late, intermediate) discussed across these
    papers." → ["fusion strategies (early, late, intermediate)"]; "Compare X in terms of
    data, results and code" → ["data", "results", "code"].
    """
    listed = _ASPECT_LIST.search(question)
    if listed:
        parts = re.split(r",\s*(?:and\s+)?|\s+and\s+", listed.group(1))
        return [p.strip() for p in parts if p.strip()]
    match = _COMPARE.search(question.strip())
    if match:
        subject = match.group(1).strip(" ,")
        if subject and not _GENERIC.search(subject):
            return [subject]
    return list(DEFAULT_ASPECTS)


def column_name(aspect: str) -> str:
    """ "fusion strategies (early, late, intermediate)" → "Fusion strategies (early, late, intermediate)"."""
    return aspect[:1].upper() + aspect[1:]


def _window(sentence: str, cue: re.Match[str] | None) -> str:
    words = sentence.split()
    if len(words) <= WINDOW:
        return sentence
    at = len(sentence[: cue.start()].split()) if cue else 0
    start = max(0, min(at - WINDOW // 3, len(words) - WINDOW))
    piece = " ".join(words[start : start + WINDOW])
    return ("…" if start else "") + piece + ("…" if start + WINDOW < len(words) else "")


def _quote(source: Source, sentence: str, cue: re.Match[str] | None) -> TableCell:
    text = clean_latex(_window(sentence, cue), short_name(source.title)).replace("|", "/")
    return TableCell(text=f"“{text}”", n=source.n, quoted=True)


def _sentences(source: Source) -> list[str]:
    return [s for s in split_sentences(source.abstract) if not is_scene_setting(s)]


def cell(source: Source, aspect: str, idf: dict[str, float]) -> TableCell:
    """The cell for one paper and aspect (see the module docstring)."""
    key = aspect.lower().strip()
    sentences = _sentences(source)
    if key == "modalities":
        found = [m for m, pattern in _MODALITIES.items() if re.search(rf"\b(?:{pattern})\b", source.abstract)]
        return TableCell(text=", ".join(found), n=source.n) if found else TableCell(text=NOT_STATED)
    if key == "code" and source.code_url:
        return TableCell(text=source.code_url, n=source.n)
    if key == "method":
        text = re.sub(
            r"^\S.*?\(\*.*?\*\)\s*|^In \*.*?\*:\s*|^\*[^*]+\*\s+", "", contribution_sentence(source)
        )
        text = _window(text, None).replace("|", "/")
        return TableCell(text=text[:1].upper() + text[1:], n=source.n)
    if key in _CUES:
        for sentence in sentences:
            cue = _CUES[key].search(sentence)
            if cue and (
                key != "reported result" or re.search(r"\d|outperform|surpass|state-of-the-art", sentence)
            ):
                return _quote(source, sentence, cue)
        if key == "reported result":
            for sentence in sentences:
                cue = _CUES[key].search(sentence)
                if cue:
                    return _quote(source, sentence, cue)
        return TableCell(text=NOT_STATED)
    # "fusion strategies (early, late, intermediate)": the head must be stated; the listed
    # values are alternatives, any one of which counts.
    head, _, listed = aspect.partition("(")
    terms = topic_terms(head) or topic_terms(aspect)
    alternatives = [topic_terms(a) for a in re.split(r",|\bor\b|\band\b", listed.strip(") ")) if a.strip()]
    best, share = "", 0.0
    for sentence in sentences:
        found = stemmed_terms(sentence)
        value = weighted_share(terms, found, idf)
        if value and any(a and a <= found for a in alternatives):
            value = min(1.0, value + 0.5)
        if value > share:
            best, share = sentence, value
    if share < MIN_ASPECT_SHARE:
        return TableCell(text=NOT_STATED)
    strongest = max(terms, key=lambda t: idf.get(t, 0.0), default="")
    cue = re.search(rf"\b{re.escape(strongest[:5])}", best, re.IGNORECASE) if strongest else None
    return _quote(source, best, cue)


def build_table(sources: list[Source], aspects: list[str], idf: dict[str, float]) -> Table:
    """One row per source: its short name, then one cell per aspect."""
    rows = [
        [TableCell(text=short_name(s.title), n=s.n), *(cell(s, a, idf) for a in aspects)] for s in sources
    ]
    return Table(columns=["Paper", *(column_name(a) for a in aspects)], rows=rows)


def relevant_rows(table: Table, named: bool) -> Table:
    """For named aspects, only the papers whose abstract states at least one of them."""
    if not named:
        return table
    kept = [r for r in table.rows if any(c.n is not None for c in r[1:])]
    return table.model_copy(update={"rows": kept})


def cell_markdown(c: TableCell) -> str:
    return f"{c.text} [{c.n}]" if c.n is not None else c.text


def table_markdown(table: Table) -> str:
    """The table in GitHub-flavoured Markdown, each cell with its [n]."""
    lines = ["| " + " | ".join(table.columns) + " |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(cell_markdown(c) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)
