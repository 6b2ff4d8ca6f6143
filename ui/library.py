"""The Library tab: every paper in the collection as a searchable, sortable table, and its card.

The table (``gr.Dataframe``; click a column header to sort) lists title, authors, year,
code link and date added; the search box above it narrows the rows on the server
(:func:`matches`), so the line above the table can say how many match ("12 of 79 papers").
Clicking a row opens the paper card (:mod:`ui.card`). The table is read from the store when
the tab is opened, and re-read only when the store's chunk count has changed.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import gradio as gr
import pandas as pd

from assistant.library import PaperRow, list_papers
from assistant.store import Store, StoreError
from assistant.types import folded
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


def matches(row: PaperRow, query: str) -> bool:
    """Whether every word of ``query`` is in the paper's title, authors (all of them, not only
    the table's first three), year, code link or id; any case and accents ("muller" finds "Müller")."""
    text = folded(" ".join([row.title, *row.authors, str(row.year or ""), row.code_url or "", row.paper_id]))
    return all(word in text for word in folded(query).split())


def summary_line(rows: list[PaperRow], shown: int | None = None, query: str = "") -> str:
    """The line above the table: how many papers, and how many of them match the search when
    it narrows them ("**12 of 79 papers** match “clip”"). The Dataframe's own search box
    narrowed the rows in the browser alone, and the line kept saying "79 papers" (new user)."""
    undated = sum(r.added is None for r in rows)
    if query.strip() and shown is not None:
        said = re.sub(r"([\\`*_\[\]<>#|~])", r"\\\1", " ".join(query.split()))  # shown as typed, not as Markdown
        head = f"**{shown} of {len(rows)} papers** match “{said}”."
    else:
        head = f"**{len(rows)} papers.**"
    line = f"{head} Search with the box above the table; click a header to sort, a row to open its card."
    if undated:
        line += (
            f" {undated} papers have no date added: they were ingested before ingest recorded it "
            "(re-ingesting does not change it; `python -m ingest --rebuild` does)."
        )
    return line


def build_library(shared: Shared) -> gr.Tab:
    """The Library tab (inside the current ``gr.Tabs``); returns it so ``app.build_app`` can order tabs."""
    papers = PaperList()

    def refresh(query: str = "") -> tuple[str, Any]:
        try:
            rows = papers.rows(shared.bot.store)
        except StoreError as exc:
            return f"{ERROR} {exc}", library_frame([])
        shown = [r for r in rows if matches(r, query)]
        return summary_line(rows, len(shown), query), library_frame(shown)

    def open_row(evt: gr.SelectData, request: gr.Request) -> tuple[Any, ...]:
        row = evt.row_value or []
        return card.open(str(row[-1]) if row else None, request)

    with gr.Tab("Library", id="library", elem_id="library-tab") as tab:
        with gr.Row():
            with gr.Column(scale=3):
                summary = gr.Markdown(lambda: refresh()[0], elem_id="library-summary")
                search = gr.Textbox(
                    "", show_label=False, container=False, placeholder="Search titles, authors, years, ids",
                    elem_id="library-search",
                )  # fmt: skip
                table = gr.Dataframe(
                    lambda: refresh()[1],
                    headers=COLUMNS,
                    datatype=["str", "str", "str", "markdown", "str", "str"],
                    interactive=False,
                    column_widths=COLUMN_WIDTHS,
                    max_height=640,
                    wrap=True,
                    elem_id="library-table",
                )
            with gr.Column(scale=2):
                card = build_card(shared, "library")

    tab.select(refresh, search, [summary, table])
    # always_last: while one search runs, only the latest text typed meanwhile is searched next.
    search.change(refresh, search, [summary, table], trigger_mode="always_last", show_progress="hidden")
    table.select(open_row, outputs=card.open_outputs)
    card.removed.then(refresh, search, [summary, table])  # re-read: the count changed
    return tab
