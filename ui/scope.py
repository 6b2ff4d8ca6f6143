"""The scope bar above the tabs: which papers the chat is scoped to, and a button to widen it again.

"Ask about this paper" (:mod:`ui.card`) sets ``shared.scope`` to that paper's id; the chat
restricts retrieval to ``shared.scope`` while it is not empty.
"""

from __future__ import annotations

import html
from typing import Any

import gradio as gr

from assistant.library import get_paper
from ui.shared import Shared


def scope_text(shared: Shared, scope: list[str] | None) -> str:
    titles = []
    for pid in scope or []:
        paper = get_paper(shared.bot.store, pid)
        titles.append(paper.title if paper else pid)
    return "The chat is scoped to: " + "; ".join(f"*{html.escape(t)}*" for t in titles)


def build_scope_bar(shared: Shared) -> None:
    """A row, shown while the scope is not empty, naming the scoped papers, with a clear button."""
    with gr.Row(visible=False, elem_id="scope-bar") as bar:
        text = gr.Markdown(elem_id="scope-text")
        clear = gr.Button("Ask the whole collection", size="sm", scale=0, elem_id="scope-clear")

    def show(scope: list[str] | None) -> tuple[Any, str]:
        return gr.Row(visible=bool(scope)), scope_text(shared, scope) if scope else ""

    shared.scope.change(show, inputs=shared.scope, outputs=[bar, text])
    clear.click(lambda: [], outputs=shared.scope)
