"""The Library tab: every paper in the collection as a searchable, sortable table, and its card.

The table (``gr.Dataframe`` with its search box; click a column header to sort) lists
title, authors, year, code link and date added. Clicking a row opens the paper card
(:mod:`ui.card`). The table is read from the store when the tab is opened, and re-read
only when the store's chunk count has changed.
"""

from __future__ import annotations

import threading
from typing import Any

import gradio as gr
import pandas as pd

from assistant.library import PaperRow, list_papers
from assistant.store import Store, StoreError
from ui.card import build_card
from ui.glyphs import ERROR
from ui.shared import Shared

COLUMNS = ["Title", "Authors", "Year", "Code", "Added (UTC)", "id"]
# The id column is wide enough for a 16-hex-digit id in the table's monospace font; where the
# table is narrower still, the id stays on one line and ends in "…" (selecting it copies it
# whole). It wrapped over four lines at 9% (new-user trial).
COLUMN_WIDTHS = ["34%", "17%", "7%", "7%", "13%", "22%"]
_ID = COLUMNS.index("id")
LIBRARY_CSS = f"""
#library-table [role="gridcell"][data-col="{_ID}"] span {{
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; display: block; font-size: 0.9em;
}}
"""


def authors_cell(authors: list[str]) -> str:
    return ", ".join(authors[:3]) + (" et al." if len(authors) > 3 else "")


def library_frame(rows: list[PaperRow]) -> pd.DataFrame:
    """One table row per paper, newest first (papers with no date last, then by title)."""
    rows = sorted(rows, key=lambda r: (-(r.added or 0), r.title.lower()))
    return pd.DataFrame(
        [
            [
                r.title,
                authors_cell(r.authors),
                str(r.year or ""),
                f"[code]({r.code_url})" if r.code_url else "",
                r.added_text,
                r.paper_id,
            ]
            for r in rows
        ],
        columns=COLUMNS,
    )


class PaperList:
    """The store's papers, re-listed only when its chunk count changes."""

    def __init__(self) -> None:
        self._rows: list[PaperRow] = []
        self._count = -1
        self._lock = threading.Lock()

    def rows(self, store: Store) -> list[PaperRow]:
        with self._lock:
            count = store.count()
            if count != self._count:
                self._rows, self._count = list_papers(store), count
            return self._rows


def summary_line(rows: list[PaperRow]) -> str:
    undated = sum(r.added is None for r in rows)
    line = f"**{len(rows)} papers.** Search with the box above the table; click a header to sort, a row to open its card."
    if undated:
        line += (
            f" {undated} papers have no date added: they were ingested before ingest recorded it "
            "(re-ingesting does not change it; `python -m ingest --rebuild` does)."
        )
    return line


def build_library(shared: Shared) -> gr.Tab:
    """The Library tab (inside the current ``gr.Tabs``); returns it so ``app.build_app`` can order tabs."""
    papers = PaperList()

    def refresh() -> tuple[str, Any]:
        try:
            rows = papers.rows(shared.bot.store)
        except StoreError as exc:
            return f"{ERROR} {exc}", library_frame([])
        return summary_line(rows), library_frame(rows)

    def open_row(evt: gr.SelectData, request: gr.Request) -> tuple[Any, ...]:
        row = evt.row_value or []
        return card.open(str(row[-1]) if row else None, request)

    with gr.Tab("Library", id="library", elem_id="library-tab") as tab:
        with gr.Row():
            with gr.Column(scale=3):
                summary = gr.Markdown(lambda: refresh()[0], elem_id="library-summary")
                table = gr.Dataframe(
                    lambda: refresh()[1],
                    headers=COLUMNS,
                    datatype=["str", "str", "str", "markdown", "str", "str"],
                    interactive=False,
                    show_search="search",
                    column_widths=COLUMN_WIDTHS,
                    max_height=640,
                    wrap=True,
                    elem_id="library-table",
                )
            with gr.Column(scale=2):
                card = build_card(shared, "library")

    tab.select(refresh, outputs=[summary, table])
    table.select(open_row, outputs=card.open_outputs)
    card.removed.then(refresh, outputs=[summary, table])  # re-read: the count changed
    return tab
