"""Comparison tables in GitHub-flavoured Markdown (split from :mod:`assistant.compare`, which
builds them): each cell carries its paper's ``[n]``, and a ``|`` or line break in a cell or
column name stays inside its cell."""

from __future__ import annotations

import re

from assistant.text import escape_brackets
from assistant.types import Table, TableCell

__all__ = ["cell_markdown", "table_markdown"]


# Most words of a cell in a wide table's view (six default columns in a chat column; new-user trial 15).
SHORT_WORDS = 14
_BOUNDARY = re.compile(r"[,;:]\s+|\s+[—–]\s+")


def clause_at(text: str, at: int, most: int = SHORT_WORDS) -> str:
    """The clause of ``text`` holding character ``at`` (one more when it has under five words), at most
    ``most`` words around ``at``, with "…" where it was cut; ``""`` when that is the whole text.

    "…which spans 27 dimensions, including the evaluation of both text and image generation." at
    "27" → "…which spans 27 dimensions…"."""
    cuts = [0, *(m.end() for m in _BOUNDARY.finditer(text)), len(text)]
    start = max(c for c in cuts if c <= at)
    ends = [c for c in cuts if c > at] or [len(text)]
    # a clause of under five words, or one that opens what follows ("Our main findings reveal that:"),
    # is read with the next one
    alone = len(text[start : ends[0]].split()) >= 5 and not text[start : ends[0]].rstrip().endswith(":")
    end = ends[0] if alone or len(ends) == 1 else ends[1]
    words = text[start:end].split()
    skip = len(text[start:at].split())
    first = max(0, min(skip - most // 3, len(words) - most))
    kept = " ".join(words[first : first + most]).strip(" ,;:").lstrip("…")
    if first + most < len(words):
        end = -1  # cut inside the clause
    head = "…" if start > 0 or first > 0 or text.startswith("…") else ""
    tail = "" if end == len(text) or (end != -1 and kept.endswith(".")) else "…"
    short = f"{head}{kept}{tail}"
    return "" if short.strip("…") == text.strip("…") else short


def cell_markdown(c: TableCell, short: bool = False) -> str:
    """A cell with its ``[n]``; with ``short``, its text cut to the clause that answers (:attr:`TableCell.short`)."""
    text = (c.short or c.text) if short else c.text
    return f"{text} [{c.n}]" if c.n is not None else text


def _md(text: str) -> str:
    """A cell's text on one line with ``|`` escaped, so it stays one cell of its row."""
    return re.sub(r"(?<!\\)\|", r"\\|", " ".join(text.split()))


def table_markdown(table: Table, short: bool = False) -> str:
    """The table in GitHub-flavoured Markdown, each cell with its [n]; a ``|`` or a line
    break in a column name or cell (a user's aspect "data | split") is escaped / a space,
    and so are a column name's brackets ("score [9]" is no citation). With ``short``, each cell
    is cut to the clause that answers its column (a wide table's view; exports keep the whole text)."""
    # A column name is the user's text: its "[9]" is not a citation (escaped, it renders unchanged).
    header = " | ".join(_md(escape_brackets(c)) for c in table.columns)
    lines = [f"| {header} |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(_md(cell_markdown(c, short)) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)
