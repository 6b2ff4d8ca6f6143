"""BibTeX entries and LaTeX text for cited papers.

Keys follow the usual ``surnameYEARword`` form (Google Scholar's: first author's surname,
year, first significant title word, e.g. ``tong2024eyes``) when authors and year are known,
else a readable title key from the paper's short name (``wings``, ``eyesWideShut``);
:func:`bibtex_keys` makes them unique within one file (``b``, ``c`` … suffixes). Entries
are ``@misc`` (arXiv's own BibTeX form) with every field we know: title, author, year,
eprint/archivePrefix, doi, url, the code link and the abstract; nothing is invented.
"""

from __future__ import annotations

import re
import unicodedata

from assistant.text import STOPWORDS, unescape_brackets
from assistant.types import Source

# Characters special to LaTeX, escaped only where not already escaped: abstracts
# often carry LaTeX of their own ("model \& task", "$\alpha$"), which must survive.
_SPECIAL = {"&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "$": r"\$"}
# Escaped means after an odd number of backslashes: "\\%" is a line break, then "%"
# (which would comment out the rest of the line, a table row's "&"s included).
_UNESCAPED = re.compile(r"(?<!\\)((?:\\\\)*)([&%#_$])")
# A backslash that ends the text (an odd run; a closing quote may follow): before "}",
# "~\cite" or the quote it would make a command of them.
_TRAILING_BACKSLASH = re.compile(r"(?<!\\)((?:\\\\)*)\\(?=[”’\"']?$)")
_CITES = re.compile(r"((?:\[\d+\])+)")
# Math spans: $...$, \(...\), \[...\]. A $...$ span is math only when it reads as math
# (a macro, ^ _ = < > or a short formula), not as prose between two prices ("$5 per GPU-hour versus $12").
_MATH = re.compile(r"(\\\(.*?\\\)|\\\[.*?\\\]|(?<!\\)\$[^$]+(?<!\\)\$)", re.DOTALL)
_PROSE = re.compile(r"[A-Za-z]{3,}[\s-]+[A-Za-z]{3,}")


def _is_math(span: str) -> bool:
    if span.startswith(("\\(", "\\[")):
        return True
    inner = span[1:-1]
    if re.search(r"\\[A-Za-z]|[\^_=<>]", inner):
        return True
    return not _PROSE.search(inner) and len(inner) <= 20 and not re.match(r"\d", inner)


def latex_escape(text: str) -> str:
    """Escape ``$ % & # _`` in text unless already escaped; ``~`` and ``^`` outside math too.

    Math (``$x^2$``, ``\\(...\\)``) and backslash commands are kept: they are LaTeX already.
    A dollar sign that does not open math (a price) is escaped. Straight double quotes
    become LaTeX quotes.
    """
    out = []
    for part in _MATH.split(text):
        if part and _MATH.fullmatch(part) and _is_math(part):
            out.append(part)
            continue
        part = _UNESCAPED.sub(lambda m: m.group(1) + _SPECIAL[m.group(2)], part)
        part = _TRAILING_BACKSLASH.sub(lambda m: m.group(1) + r"\textbackslash{}", part)
        part = part.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")
        out.append(re.sub(r'"([^"]*)"', r"``\1''", part))
    return "".join(out)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _title_words(title: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z0-9]+", _ascii(title)) if w.lower() not in STOPWORDS]


def bibtex_key(source: Source) -> str:
    """``surnameYEARword`` when authors and year are known, else a camelCase title key."""
    words = _title_words(source.title) or ["paper"]
    if source.authors and source.year:
        surname = re.findall(r"[A-Za-z]+", _ascii(source.authors[0].split(",")[0].split()[-1]))
        if surname:
            return f"{surname[-1].lower()}{source.year}{words[0].lower()}"
    head = re.split(r":|\s-\s|-\s", source.title, maxsplit=1)[0]
    name = (_title_words(head) if head != source.title else words)[:3] or words[:3]
    key = name[0].lower() + "".join(w[:1].upper() + w[1:] for w in name[1:])
    return key if key[0].isalpha() else f"p{key}"


def bibtex_keys(sources: list[Source]) -> dict[str, str]:
    """paper_id → key for ``sources``, unique within them (a second ``wings`` becomes ``wingsb``)."""
    keys: dict[str, str] = {}
    used: set[str] = set()
    for s in sources:
        if s.paper_id in keys:
            continue
        base = key = bibtex_key(s)
        suffix = ord("b")
        while key in used:
            key, suffix = f"{base}{chr(suffix)}", suffix + 1
        keys[s.paper_id] = key
        used.add(key)
    return keys


def _braced(value: str) -> str:
    """``value`` with unbalanced braces removed, so the entry always parses."""
    depth, out = 0, []
    for ch in value:
        if ch == "{":
            depth += 1
        elif ch == "}":
            if depth == 0:
                continue
            depth -= 1
        out.append(ch)
    text = "".join(out)
    return text + "}" * depth


def bibtex_entry(source: Source, key: str | None = None) -> str:
    """One ``@misc`` entry with every field we know, LaTeX-escaped."""
    key = key or bibtex_key(source)
    fields = [("title", "{" + latex_escape(source.title) + "}")]  # double braces keep capitals
    if source.authors:
        fields.append(("author", " and ".join(latex_escape(a) for a in source.authors)))
    else:  # BibTeX's styles sort and label by `key` without an author ("to sort, need author or key")
        fields.append(("key", key))
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
    if source.abstract:
        fields.append(("abstract", latex_escape(source.abstract)))
    body = ",\n".join(f"  {name} = {{{_braced(value)}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}\n"


def bibtex(sources: list[Source]) -> str:
    """A .bib file for ``sources`` (each once, in the order given)."""
    keys = bibtex_keys(sources)
    seen: dict[str, Source] = {}
    for s in sources:
        seen.setdefault(s.paper_id, s)
    return "\n".join(bibtex_entry(s, keys[s.paper_id]) for s in seen.values())


def to_latex(text: str, sources: list[Source]) -> str:
    """Answer text with ``[n]`` as ``\\cite{key}`` (adjacent ones merged), LaTeX-escaped.

    Markdown ``*italics*`` become ``\\emph{}``, ``**bold**`` markers are dropped, and
    ``[n]`` not naming a source are dropped. Keys are :func:`bibtex_keys` of ``sources``.
    """
    by_id = bibtex_keys(sources)
    keys = {s.n: by_id[s.paper_id] for s in sources}
    out = []
    for part in _CITES.split(text):
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", part)] if _CITES.fullmatch(part) else None
        if numbers is None:
            # quoted abstract brackets are Markdown-escaped (issue 9): plain [ ] in LaTeX
            plain = latex_escape(unescape_brackets(part.replace("**", "")))
            out.append(re.sub(r"(?<![\\\w])\*([^*\n]+)\*", r"\\emph{\1}", plain))
        else:
            cited = [keys[n] for n in dict.fromkeys(numbers) if n in keys]
            out.append(f"~\\cite{{{','.join(cited)}}}" if cited else "")
    text = re.sub(r"\s+~\\cite", r"~\\cite", "".join(out))
    return re.sub(r"([.!?])(~\\cite\{[^}]*\})", r"\2\1", text)  # the citation goes before the full stop
