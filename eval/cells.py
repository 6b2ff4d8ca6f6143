"""Cell accuracy of comparison tables: do the cells hold the facts their abstracts state?

``eval/questions/dev-cells.jsonl`` (dev only, written from the abstracts) holds one expected
cell a line: ``{"topic", "q", "paper", "column", "facts"}`` — the comparison request, a title
prefix of the paper, the column name as the table prints it, and strings of which at least one
must appear in that cell (case-insensitive). Each request is run through
:meth:`Assistant.overview_stream` (what the UI and CLI call). A cell is *found* when the
paper has a row, the column exists and the cell's text holds one of the facts; a missing row
or column counts as not found. ``python -m eval modes --split dev`` prints "cells found".
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from assistant.ask import Assistant
from eval.questions import QUESTIONS_DIR

DEV_CELLS = QUESTIONS_DIR / "dev-cells.jsonl"


class ExpectedCell(BaseModel):
    topic: str
    q: str
    paper: str = Field(description="a prefix of the paper's title")
    column: str
    facts: list[str] = Field(min_length=1, description="at least one must appear in the cell")


def load_cells(path: Path = DEV_CELLS) -> list[ExpectedCell]:
    """Every expected cell of a JSONL file. Raises ValueError naming ``file:line`` on a bad one."""
    cells = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cells.append(ExpectedCell.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise ValueError(f"{path}:{lineno}: not a valid expected cell: {exc}") from exc
    return cells


def run_cells(bot: Assistant, cells: list[ExpectedCell]) -> dict[str, Any]:
    """``{"found": share, "n", "no_row", "per_cell": [{topic, paper, column, found, text}]}``."""
    by_q: dict[str, list[ExpectedCell]] = defaultdict(list)
    for c in cells:
        by_q[c.q].append(c)
    per_cell = []
    for q, expected in by_q.items():
        *_, answer = bot.overview_stream("compare", q)
        table = answer.table
        rows = {}
        if table is not None:
            titles = {s.n: s.title for s in answer.sources}
            for row in table.rows:
                rows[titles.get(row[0].n, row[0].text)] = dict(zip(table.columns, row, strict=True))
        for c in expected:
            row = next((r for t, r in rows.items() if t.startswith(c.paper)), None)
            text = row[c.column].text if row and c.column in row else None
            found = text is not None and any(f.lower() in text.lower() for f in c.facts)
            per_cell.append(
                {"topic": c.topic, "paper": c.paper, "column": c.column, "found": found, "text": text}
            )
    n = len(per_cell)
    return {
        "found": sum(r["found"] for r in per_cell) / n if n else None,
        "n": n,
        "no_row": sum(r["text"] is None for r in per_cell),
        "per_cell": per_cell,
    }


def format_cells(report: dict[str, Any], misses: bool = True) -> str:
    """ "cells found 0.600 (36/60; 8 without a row)" and, with ``misses``, each cell not found."""
    n = report["n"]
    found = round((report["found"] or 0.0) * n)
    lines = [f"cells found {report['found'] or 0.0:.3f} ({found}/{n}; {report['no_row']} without a row)"]
    for r in report["per_cell"] if misses else []:
        if not r["found"]:
            shown = "no row" if r["text"] is None else r["text"][:90]
            lines.append(f"  {r['topic']} {r['paper']} / {r['column']}: {shown}")
    return "\n".join(lines)
