"""What pdflatex can typeset: the characters its utf8 input has no glyph for, and how the
exports write them so a ``.tex`` or ``.bib`` compiles with pdflatex as well as xelatex/lualatex
(split out of :mod:`assistant.export`; :mod:`assistant.bibtex` uses it for the ``.bib``)."""

from __future__ import annotations

import re
import unicodedata

# Characters pdflatex's utf8 input with T1 + textcomp cannot typeset (checked by compiling
# U+00A1..U+017F), besides everything above U+017F but the punctuation below.
_PDFTEX_MISSING = frozenset("\u0126\u0127\u0138\u013f\u0140\u0149\u0166\u0167\u017f")
_PDFTEX_EXTRA = frozenset("–—‘’‚“”„†‡•…‰‹›€™")
_GREEK_CAPITALS = {"Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"}
_MATH_SYMBOLS = {
    "×": "\\times", "≤": "\\leq", "≥": "\\geq", "≈": "\\approx", "≠": "\\neq", "∼": "\\sim",
    "→": "\\rightarrow", "←": "\\leftarrow", "↔": "\\leftrightarrow", "⇒": "\\Rightarrow",
    "∈": "\\in", "∞": "\\infty", "∑": "\\sum", "−": "-", "√": "\\surd", "∗": "\\ast",
}  # fmt: skip


def _pdftex_fallback(char: str) -> str:
    """What pdflatex prints for ``char``: a Greek letter or a math symbol as math, else
    ``[U+XXXX]`` (xelatex and lualatex print the character itself)."""
    if char in _MATH_SYMBOLS:
        return f"\\ensuremath{{{_MATH_SYMBOLS[char]}}}"
    name = unicodedata.name(char, "")
    if match := re.fullmatch(r"GREEK (SMALL|CAPITAL) LETTER ([A-Z]+)", name):
        letter = match.group(2).capitalize().replace("Lamda", "Lambda")
        if match.group(1) == "SMALL":
            return "o" if letter == "Omicron" else f"\\ensuremath{{\\{letter.lower()}}}"
        if letter in _GREEK_CAPITALS:
            return f"\\ensuremath{{\\{letter}}}"
    return f"[U+{ord(char):04X}]"


def _untypeset(char: str) -> bool:
    return (ord(char) > 0x17F and char not in _PDFTEX_EXTRA) or char in _PDFTEX_MISSING


def portable(latex: str, group: bool = False) -> str:
    """``latex`` safe to ``\\input`` into any document: characters pdflatex cannot typeset become
    math (Greek letters, symbols), or, for other scripts (CJK, Cyrillic, emoji), a run printed as
    it is by xelatex and lualatex and as ``[U+XXXX]`` by pdflatex. A section has no preamble to
    declare them in; a Chinese ``--about`` stopped pdflatex (bad-input round 9). ``group`` braces
    each replacement, as a BibTeX field needs: ``{\\ifdefined … 李\\fi}`` is one letter of a name
    to BibTeX, whose name parser would otherwise split at the spaces inside it."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            shown = "".join(_pdftex_fallback(c) for c in run)
            either = f"\\ifdefined\\pdftexversion {shown}\\else {''.join(run)}\\fi"
            out.append(f"{{{either}}}" if group else f"{either}{{}}")
            run.clear()

    for char in latex:
        fallback = _pdftex_fallback(char) if _untypeset(char) else None
        if fallback is not None and fallback.startswith("[U+"):
            run.append(char)
            continue
        flush()
        out.append(f"{{{fallback}}}" if fallback and group else fallback or char)
    flush()
    return "".join(out)


def unicode_declarations(text: str) -> str:
    """``\\DeclareUnicodeCharacter`` lines for the characters of ``text`` pdflatex cannot typeset
    (CJK, Cyrillic, emoji, Greek), so the document compiles with pdflatex as well as xelatex."""
    chars = sorted({c for c in text if _untypeset(c)}, key=ord)
    return "".join(f"\\DeclareUnicodeCharacter{{{ord(c):04X}}}{{{_pdftex_fallback(c)}}}\n" for c in chars)
