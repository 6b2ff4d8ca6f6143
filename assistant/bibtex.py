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
from functools import lru_cache
from typing import Any

from assistant.pdftex import portable
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


# Commands an abstract's text may keep: formatting and symbols every LaTeX has. Any other
# (an arXiv macro such as "\\sysname", "\\end{document}", "\\input{...}") is printed as text,
# so an export always compiles and never runs what an abstract says.
_TEXT_COMMANDS = frozenset(
    "emph textbf textit texttt textsc textrm textsf textsl textup textnormal underline mbox url "
    "ldots dots LaTeX TeX textbackslash textasciitilde textasciicircum textbar textless textgreater "
    "ss o O ae AE aa AA l L i j oe OE newline paragraph".split()
)
# One-character commands kept as they are: escapes, accents that take a letter, spacing, "\\\\".
_TEXT_SYMBOLS = frozenset("&%#_${}\\ ,;:!'`\".=-/")
# Math keeps commands latex2text knows (symbols, \\frac, \\mathbb: amsmath + amssymb) except
# those that act outside math; a formula with any other is printed as text.
_NOT_IN_MATH = frozenset("input include item section subsection paragraph cite url href footnote".split())
_MATH_EXTRA = frozenset("left right middle boldsymbol operatorname big Big bigg Bigg quad qquad".split())
_BRACE_TEXT = {"{": r"\textbraceleft{}", "}": r"\textbraceright{}"}
_TEXT_FIELDS = ("title", "author", "abstract")  # typeset text; a URL, DOI or key is left as is
_ESCAPED_BRACE = re.compile(r"(?<!\\)((?:\\\\)*)\\([{}])")
_COMMAND = re.compile(r"\\([A-Za-z]+|.?)", re.DOTALL)


@lru_cache(maxsize=1)
def _math_db() -> Any:
    from pylatexenc.latex2text import get_default_latex_context_db

    return get_default_latex_context_db()


def _math_ok(span: str) -> bool:
    """True when a math span compiles: balanced braces, and only commands LaTeX (with
    amsmath and amssymb) defines, as far as pylatexenc's latex2text knows them."""
    if _unbalanced(span):
        return False
    for name in re.findall(r"\\([A-Za-z]+)", span):
        if name in _NOT_IN_MATH or not (name in _MATH_EXTRA or _math_db().get_macro_spec(name)):
            return False
    return True


def _unbalanced(text: str) -> set[int]:
    """Positions of braces in ``text`` that have no partner (escaped ones, ``\\{``, excluded)."""
    stack: list[int] = []
    lone: set[int] = set()
    for m in re.finditer(r"\\.|[{}]", text, re.DOTALL):
        if m.group() == "{":
            stack.append(m.start())
        elif m.group() == "}":
            if stack:
                stack.pop()
            else:
                lone.add(m.start())
    return lone | set(stack)


def _text_commands(text: str) -> str:
    """Unknown commands as text (``\\sysname`` → ``\\textbackslash{}sysname``), known ones kept."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        keep = name in _TEXT_COMMANDS if name[:1].isalpha() else (name != "" and name in _TEXT_SYMBOLS)
        return m.group() if keep else "\\textbackslash{}" + name

    return _COMMAND.sub(one, text)


_OPENING_APOSTROPHES = re.compile(r"(?<![\w'`])''(?=\w)")


def latex_escape(text: str) -> str:
    """``text`` as LaTeX that compiles: ``$ % & # _`` escaped unless already escaped, ``~`` and
    ``^`` outside math too, braces without a partner escaped (``\\{``).

    Math (``$x^2$``, ``\\(...\\)``) and text commands (``\\emph``, ``\\%``) are kept: they are
    LaTeX already. A formula with a command LaTeX does not define (see :func:`_math_ok`), or
    any other command, is printed as text, backslash and all. A dollar sign that does not open
    math (a price) is escaped. Straight double quotes become LaTeX quotes.
    """
    out = []
    for part in _MATH.split(text):
        if part and _MATH.fullmatch(part) and _is_math(part) and _math_ok(part):
            out.append(part)
            continue
        part = _text_commands(part)
        part = _UNESCAPED.sub(lambda m: m.group(1) + _SPECIAL[m.group(2)], part)
        part = _TRAILING_BACKSLASH.sub(lambda m: m.group(1) + r"\textbackslash{}", part)
        part = part.replace("~", r"\textasciitilde{}").replace("^", r"\textasciicircum{}")
        part = re.sub(r'"([^"]*)"', r"``\1''", part)
        # Two apostrophes opening a quotation (''CLIP-blind pairs'', from abstracts typed for
        # LaTeX without the backquotes) would print as a closing quote: open it with ``.
        out.append(_OPENING_APOSTROPHES.sub("``", part))
    joined = "".join(out)
    lone = _unbalanced(joined)  # \\textbraceleft{}, not \\{: BibTeX counts escaped braces too
    return "".join(_BRACE_TEXT[ch] if i in lone else ch for i, ch in enumerate(joined)) if lone else joined


# A link in an abstract or a Code cell: set with the url package's \url{}, which breaks it at "/" and "."
# instead of running it past the page ("https://github.com/DsaltYfish/PILL" in a 3.2 cm table column,
# "Overfull \hbox (71.19202pt too wide)"; new-user trial 12). Characters \url cannot take inside a table
# cell or a moving argument (braces, backslash, %, #, spaces) leave the link as escaped text.
_LINK = re.compile(r"(?:https?://|www\.)[^\s<>\"]+?(?=[.,;:!?)\]]*(?:\s|$))")
_URL_SAFE = re.compile(r"[A-Za-z0-9/:._~?=+\-@()*,;]+")


def latex_with_links(text: str) -> str:
    """:func:`latex_escape` of ``text`` with each web link as ``\\url{...}`` (needs ``\\usepackage{url}``)."""
    out, at = [], 0
    for link in _LINK.finditer(text):
        if not _URL_SAFE.fullmatch(link.group()):
            continue
        out += [latex_escape(text[at : link.start()]), f"\\url{{{link.group()}}}"]
        at = link.end()
    return "".join(out) + latex_escape(text[at:]) if out else latex_escape(text)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _title_words(title: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z0-9]+", _ascii(title)) if w.lower() not in STOPWORDS]


# Longest word kept in a key: a key is typed in \cite{}; a 300-letter title word made a 307-character
# key (bad-input round 9). Google Scholar's keys run to about 25 characters.
KEY_WORD_MAX = 15


def bibtex_key(source: Source) -> str:
    """``surnameYEARword`` when authors and year are known, else a camelCase title key; each
    word cut to :data:`KEY_WORD_MAX` letters."""
    words = [w[:KEY_WORD_MAX] for w in _title_words(source.title)] or ["paper"]
    if source.authors and source.year:
        surname = re.findall(r"[A-Za-z]+", _ascii(source.authors[0].split(",")[0].split()[-1]))
        if surname:
            return f"{surname[-1].lower()[:KEY_WORD_MAX]}{source.year}{words[0].lower()}"
    head = re.split(r":|\s-\s|-\s", source.title, maxsplit=1)[0]
    name = ([w[:KEY_WORD_MAX] for w in _title_words(head)] if head != source.title else words)[:3] or words[:3]
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


def _bib_name(name: str) -> str:
    """One author for BibTeX's ``author`` field. A name with the word "and" in it ("Google
    Research and DeepMind", one team) is braced whole, as BibTeX's docs advise for
    corporate authors (Patashnik, *BibTeXing*, §4); otherwise BibTeX's " and " split would
    list two authors."""
    text = latex_escape(name)
    return "{" + text + "}" if re.search(r"\s+and\s+", name, re.IGNORECASE) else text


def bibtex_entry(source: Source, key: str | None = None) -> str:
    """One ``@misc`` entry with every field we know, LaTeX-escaped."""
    key = key or bibtex_key(source)
    fields = [("title", "{" + latex_escape(source.title) + "}")]  # double braces keep capitals
    if source.authors:
        fields.append(("author", " and ".join(_bib_name(a) for a in source.authors)))
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
    # BibTeX counts "\\{" as a brace: an abstract's escaped brace is written as a command.
    fields = [(n, _ESCAPED_BRACE.sub(lambda m: m.group(1) + _BRACE_TEXT[m.group(2)], v)) for n, v in fields]
    # A .bib is read into documents with no preamble of ours: a CJK author ("李 雷") stopped
    # pdflatex. Characters it cannot typeset are written as the --tex section writes them.
    fields = [(n, portable(v, group=True) if n in _TEXT_FIELDS else v) for n, v in fields]
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
            plain = latex_with_links(unescape_brackets(part.replace("**", "")))
            out.append(re.sub(r"(?<![\\\w])\*([^*\n]+)\*", r"\\emph{\1}", plain))
        else:
            cited = [keys[n] for n in dict.fromkeys(numbers) if n in keys]
            out.append(f"~\\cite{{{','.join(cited)}}}" if cited else "")
    text = re.sub(r"\s+~\\cite", r"~\\cite", "".join(out))
    return re.sub(r"([.!?])(~\\cite\{[^}]*\})", r"\2\1", text)  # the citation goes before the full stop
