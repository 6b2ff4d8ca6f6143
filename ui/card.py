"""The paper card: abstract, links, similar papers, "Ask about this paper" and (admins) "Remove paper".

One builder, used by the Library tab and by the Map tab (``prefix`` keeps their element
ids apart). Opening a card is a function of a paper id, so a table row, a map point or a
similar paper all open it the same way.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.library import PaperRow, get_paper, remove_paper, similar_papers
from assistant.store import StoreError
from ingest.pipeline import ingest_lock
from ui.shared import Shared
from ui.status import collection_line, status_line

SIMILAR = 5  # papers listed under "Similar papers"
EMPTY = "<p class='pa-card-empty'>Click a paper to open its card.</p>"


def card_html(paper: PaperRow) -> str:
    """The card's body: title, authors, year, added, links, abstract (all escaped)."""
    esc = html.escape
    authors = ", ".join(paper.authors) or "authors unknown"
    facts = (
        [authors] + [str(paper.year)] * bool(paper.year) + [f"added {paper.added_text}"] * bool(paper.added)
    )
    links = [
        f"<a href='{esc(u)}' target='_blank' rel='noopener'>{label}</a>"
        for label, u in (("paper", paper.url), ("code", paper.code_url))
        if u
    ]
    return (
        f"<div class='pa-card' data-paper-id='{esc(paper.paper_id)}'>"
        f"<h3 class='pa-card-title'>{esc(paper.title)}</h3>"
        f"<p class='pa-card-facts'>{esc(' · '.join(facts))}</p>"
        + (f"<p class='pa-card-links'>{' · '.join(links)}</p>" if links else "")
        + f"<p class='pa-card-abstract'>{esc(paper.abstract)}</p>"
        f"<p class='pa-card-source'><small>read from {esc(paper.source)}</small></p></div>"
    )


@dataclass
class Card:
    """The card's components; ``open_outputs`` are what :meth:`open` returns values for, in order."""

    paper_id: gr.State
    body: gr.HTML
    similar: gr.Radio
    ask: gr.Button
    remove: gr.Button
    confirm: gr.Button
    shared: Shared
    removed: Any = None  # the removal event, for tabs to chain a refresh with .then()

    @property
    def open_outputs(self) -> list[Any]:
        return [self.paper_id, self.body, self.similar, self.ask, self.remove, self.confirm]

    def open(self, paper_id: str | None, request: gr.Request | None = None) -> tuple[Any, ...]:
        """Values for :attr:`open_outputs` showing ``paper_id``'s card (or the empty card)."""
        paper = get_paper(self.shared.bot.store, paper_id) if paper_id else None
        if paper is None:
            body = EMPTY if not paper_id else "<p>That paper is no longer in the collection.</p>"
            hidden = gr.Button(visible=False)
            return "", body, gr.Radio(choices=[], value=None, visible=False), hidden, hidden, hidden
        near = similar_papers(self.shared.bot.store, paper.paper_id, SIMILAR)
        choices = [(f"{row.title} ({sim:.2f})", row.paper_id) for row, sim in near]
        return (
            paper.paper_id,
            card_html(paper),
            gr.Radio(choices=choices, value=None, visible=bool(choices)),
            gr.Button(visible=True),
            gr.Button(visible=self.shared.access.is_admin(request)),
            gr.Button(visible=False),
        )


def build_card(shared: Shared, prefix: str) -> Card:
    """The card (inside the current Blocks context), with its similar-papers, ask and remove events."""
    paper_id = gr.State("")
    body = gr.HTML(EMPTY, elem_id=f"{prefix}-card")
    with gr.Row():
        ask = gr.Button("Ask about this paper", visible=False, variant="primary", elem_id=f"{prefix}-ask")
        remove = gr.Button("Remove paper", visible=False, variant="secondary", elem_id=f"{prefix}-remove")
        confirm = gr.Button(
            "Remove it for everyone", visible=False, variant="stop", elem_id=f"{prefix}-remove-confirm"
        )
    similar = gr.Radio(
        [],
        label="Similar papers (nearest by embedding; cosine similarity)",
        visible=False,
        elem_id=f"{prefix}-similar",
    )
    card = Card(paper_id, body, similar, ask, remove, confirm, shared)
    card.similar.input(card.open, inputs=card.similar, outputs=card.open_outputs)

    def ask(paper_id: str) -> tuple[list[str], gr.Tabs]:
        return ([paper_id] if paper_id else []), gr.Tabs(selected="chat")

    card.ask.click(ask, inputs=card.paper_id, outputs=[shared.scope, shared.tabs])

    def confirm(paper_id: str, request: gr.Request) -> gr.Button:
        return gr.Button(visible=bool(paper_id) and shared.access.is_admin(request))

    card.remove.click(confirm, inputs=card.paper_id, outputs=card.confirm)

    def remove(paper_id: str, request: gr.Request) -> tuple[Any, ...]:
        bot = shared.bot
        status = status_line(bot, collection_line(bot))
        if not shared.access.is_admin(request):  # the button is hidden too, but the API is not
            gr.Warning("Only admins may remove papers.")
            return (*card.open(paper_id, request), status)
        paper = get_paper(bot.store, paper_id)
        try:
            with ingest_lock(bot.settings, wait=10.0):  # not while an ingest writes
                remove_paper(bot.store, paper_id)
        except StoreError as exc:
            gr.Warning(str(exc))
            return (*card.open(paper_id, request), status)
        bot.retriever.invalidate()  # BM25 must forget the paper
        title = html.escape(paper.title if paper else paper_id)
        hidden = gr.Button(visible=False)
        return (
            "",
            f"<p class='pa-card-removed'>Removed <b>{title}</b> from the collection.</p>",
            gr.Radio(choices=[], value=None, visible=False),
            hidden,
            hidden,
            hidden,
            status_line(bot, collection_line(bot)),
        )

    card.removed = card.confirm.click(
        remove,
        inputs=card.paper_id,
        outputs=[*card.open_outputs, shared.status],
        api_name=f"{prefix}_remove_paper",
    )
    return card
