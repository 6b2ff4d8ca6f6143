"""BibTeX entries and LaTeX text for cited papers.

Keys are stable and unique: the first word of the title (letters and digits) plus
six characters of the paper id, e.g. ``moma_66dd29``. Entries are ``@misc`` with only
the fields we have (title; author, year, eprint, doi, url and code URL when known);
nothing is invented.
"""

from __future__ import annotations

import re

from assistant.text import unescape_brackets
from assistant.types import Source

# Characters special to LaTeX, escaped only where not already escaped: abstracts
# often carry LaTeX of their own ("model \& task", "$\alpha$"), which must survive.
_SPECIAL = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_"}
_UNESCAPED = re.compile(r"(?<!\\)([&%#_])")
_CITES = re.compile(r"((?:\[\d+\])+)")


def latex_escape(text: str) -> str:
    """Escape ``& % # _`` unless already escaped; ``~`` and ``^`` outside math too.

    ``$...$``, braces and backslash commands are kept: they are LaTeX already.
    Straight double quotes become LaTeX quotes.
    """
    parts = re.split(r"(\$[^$]*\$)", text)  # leave inline math alone
    for i in range(0, len(parts), 2):
        part = _UNESCAPED.sub(lambda m: _SPECIAL[m.group(1)], parts[i])
        part = part.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")
        parts[i] = re.sub(r'"([^"]*)"', r"``\1''", part)
    return "".join(parts)


def bibtex_key(source: Source) -> str:
    """Stable, unique key: first title word (ASCII letters/digits) + '_' + 6 chars of the id."""
    words = re.findall(r"[A-Za-z0-9]+", source.title)
    return f"{(words[0] if words else 'paper').lower()}_{source.paper_id[:6]}"


def bibtex_entry(source: Source) -> str:
    """One ``@misc`` entry with every field we know, LaTeX-escaped."""
    fields = [("title", "{" + latex_escape(source.title) + "}")]  # double braces keep capitals
    if source.authors:
        fields.append(("author", " and ".join(latex_escape(a) for a in source.authors)))
    if source.year:
        fields.append(("year", str(source.year)))
    if source.arxiv_id:
        fields += [("eprint", source.arxiv_id), ("archivePrefix", "arXiv")]
    if source.doi:
        fields.append(("doi", source.doi))
    if source.url:
        fields.append(("url", source.url))
    if source.code_url:
        fields.append(("note", f"Code: \\url{{{source.code_url}}}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(source)},\n{body}\n}}\n"


def bibtex(sources: list[Source]) -> str:
    """A .bib file for ``sources`` (each once, in the order given)."""
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(s.paper_id, s)
    return "\n".join(bibtex_entry(s) for s in seen.values())


def to_latex(text: str, sources: list[Source]) -> str:
    """Answer text with ``[n]`` as ``\\cite{key}`` (adjacent ones merged), LaTeX-escaped.

    Markdown ``*italics*`` become ``\\emph{}``, ``**bold**`` markers are dropped, and
    ``[n]`` not naming a source are dropped.
    """
    keys = {s.n: bibtex_key(s) for s in sources}
    out = []
    for part in _CITES.split(text):
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", part)] if _CITES.fullmatch(part) else None
        if numbers is None:
            # (answers/issue 9) quoted abstract brackets are Markdown-escaped: plain [ ] in LaTeX
            plain = latex_escape(unescape_brackets(part.replace("**", "")))
            out.append(re.sub(r"\*([^*\n]+)\*", r"\\emph{\1}", plain))
        else:
            cited = [keys[n] for n in dict.fromkeys(numbers) if n in keys]
            out.append(f"~\\cite{{{','.join(cited)}}}" if cited else "")
    text = re.sub(r"\s+~\\cite", r"~\\cite", "".join(out))
    return re.sub(r"([.!?])(~\\cite\{[^}]*\})", r"\2\1", text)  # the citation goes before the full stop
