"""BibTeX's ``#`` concatenation and ``crossref`` inheritance, which bibtexparser v2 leaves out.

bibtexparser 2.1 resolves a field that is exactly one ``@string`` name, but leaves a
concatenation such as ``author = ann # " and Bob Ray"`` as that raw text (so the
authors were stored as ``ann # "`` and ``Bob Ray"``), and does not resolve ``crossref``
(its source has ``# TODO Middleware to resolve Crossref``). Both rules follow BibTeX
itself (Patashnik, *BibTeXing*, 1988, §4 and the ``crossref`` field): parts joined by
``#`` are concatenated, each part a ``{…}`` or ``"…"`` literal, a number, or a macro
name; an entry with ``crossref = {key}`` takes every field it lacks from the entry
``key``, except the parent's ``title`` (its title is the child's ``booktitle``).
"""

from __future__ import annotations

from typing import Any

from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware

# Standard macros every BibTeX style defines (plain.bst): the month names.
_MONTHS = {
    m[:3].lower(): m
    for m in ("January February March April May June July August September October November December").split()
}
# Fields a child never takes from its cross-referenced parent (a book's title is not a chapter's).
_NOT_INHERITED = {"title", "abstract", "crossref"}


def _split_parts(value: str) -> list[str] | None:
    """Top-level ``#``-separated parts of a raw value, or None when it has no top-level ``#``."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, ch in enumerate(value):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "#" and depth == 0 and not quoted:
            parts.append(value[start:i].strip())
            start = i + 1
    if not parts:
        return None
    parts.append(value[start:].strip())
    return parts


def _unenclose(text: str) -> str:
    if len(text) >= 2 and (text[0], text[-1]) in (("{", "}"), ('"', '"')):
        return text[1:-1]
    return text


def concatenate(value: str, macros: dict[str, str]) -> str | None:
    """The text of a ``#`` concatenation (without enclosing), or None when ``value`` has none.

    An unknown macro name is kept as its name (BibTeX warns and uses nothing; a
    visible name loses less).
    """
    parts = _split_parts(value)
    if parts is None:
        return None
    out = []
    for part in parts:
        if part[:1] in ("{", '"') or part.isdigit():
            out.append(_unenclose(part))
        else:
            key = part.lower()
            out.append(_unenclose(macros[key]) if key in macros else _MONTHS.get(key, part))
    return "".join(out)


class ConcatenateMiddleware(LibraryMiddleware):
    """Resolve ``#`` concatenations in ``@string`` values and entry fields (runs first)."""

    def __init__(self, allow_inplace_modification: bool = True):
        super().__init__(allow_inplace_modification)

    @classmethod
    def metadata_key(cls) -> str:
        return "Concatenate"

    def transform(self, library: Library) -> Library:
        macros: dict[str, str] = {}
        for string in library.strings:  # in file order: a macro may use an earlier one
            joined = concatenate(string.value, macros) if isinstance(string.value, str) else None
            if joined is not None:
                string.value = "{" + joined + "}"
            macros[string.key.lower()] = string.value
        for entry in library.entries:
            for field in entry.fields:
                if isinstance(field.value, str):
                    joined = concatenate(field.value, macros)
                    if joined is not None:
                        field.value = "{" + joined + "}"  # RemoveEnclosing strips these braces
        return library


def inherit(fields: dict[str, Any], parent: dict[str, Any] | None) -> dict[str, Any]:
    """``fields`` plus every field of its ``crossref`` parent it lacks (see the module doc)."""
    if not parent:
        return fields
    merged = dict(fields)
    for key, value in parent.items():
        if key not in _NOT_INHERITED and not merged.get(key):
            merged[key] = value
    return merged
