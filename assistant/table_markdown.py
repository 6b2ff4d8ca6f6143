"""Comparison tables in GitHub-flavoured Markdown (split from :mod:`assistant.compare`, which
builds them): each cell carries its paper's ``[n]``, and a ``|`` or line break in a cell or
column name stays inside its cell."""

from __future__ import annotations

import re

from assistant.text import escape_brackets
from assistant.types import Table, TableCell

__all__ = ["cell_markdown", "table_markdown"]


def cell_markdown(c: TableCell) -> str:
    return f"{c.text} [{c.n}]" if c.n is not None else c.text


def _md(text: str) -> str:
    """A cell's text on one line with ``|`` escaped, so it stays one cell of its row."""
    return re.sub(r"(?<!\\)\|", r"\\|", " ".join(text.split()))


def table_markdown(table: Table) -> str:
    """The table in GitHub-flavoured Markdown, each cell with its [n]; a ``|`` or a line
    break in a column name or cell (a user's aspect "data | split") is escaped / a space,
    and so are a column name's brackets ("score [9]" is no citation)."""
    # A column name is the user's text: its "[9]" is not a citation (escaped, it renders unchanged).
    header = " | ".join(_md(escape_brackets(c)) for c in table.columns)
    lines = [f"| {header} |", "|" + "---|" * len(table.columns)]
    lines += ["| " + " | ".join(_md(cell_markdown(c)) for c in row) + " |" for row in table.rows]
    return "\n".join(lines)
