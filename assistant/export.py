"""Drafts to take away: Markdown, LaTeX (``\\cite{key}``) and BibTeX of an :class:`Answer`.

Our own notices (the first paragraph when it is one) are left out of the exports.
"""

from __future__ import annotations

import re

from assistant.bibtex import bibtex, bibtex_key, to_latex
from assistant.types import Answer, Source


def _body(answer: Answer) -> str:
    """The answer text without a leading notice paragraph of ours."""
    paragraphs = answer.answer.strip().split("\n\n")
    ours = ("No language model is configured", "The language model's answer failed verification")
    if paragraphs and paragraphs[0].startswith(ours):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs).strip()


def cited_sources(answer: Answer) -> list[Source]:
    """The sources the answer cites, in the order of their numbers."""
    cited = {c.n for c in answer.citations}
    return [s for s in answer.sources if s.n in cited]


def answer_bibtex(answer: Answer, cited_only: bool = True) -> str:
    """A .bib of the cited sources (or of every source listed with the answer)."""
    return bibtex(cited_sources(answer) if cited_only else answer.sources)


def answer_latex(answer: Answer, section: str = "Related Work") -> str:
    """A LaTeX section: the answer with ``[n]`` as ``\\cite{key}``; pair it with :func:`answer_bibtex`."""
    lines = []
    for line in _body(answer).splitlines():  # a bold line is a heading: theme or paper title
        heading = re.fullmatch(r"\*\*(?:Theme: )?([^*]+)\*\*((?:\s*\[\d+\])*)", line.strip())
        lines.append(f"\n\\paragraph{{{heading.group(1).strip()}}}{heading.group(2)}" if heading else line)
    body = to_latex("\n".join(lines), answer.sources)
    body = body.replace("\n- ", "\n").removeprefix("- ")  # list items become plain sentences
    return f"\\section{{{section}}}\n\n{body}\n"


def answer_markdown(answer: Answer) -> str:
    """The answer as Markdown with a numbered reference list (title, code link, BibTeX key)."""
    refs = []
    for s in cited_sources(answer):
        link = f" Code: {s.code_url}" if s.code_url else ""
        refs.append(f"[{s.n}] {s.title}.{link} (`{bibtex_key(s)}`)")
    return f"{_body(answer)}\n\n## References\n\n" + "\n".join(refs) + "\n"
