"""The status line: how many papers the collection holds and which writer answers.

The writer's "No language model is configured" notice lives here, once, instead of at the
top of every answer (ui/render.py leaves it out of the messages).
"""

from __future__ import annotations

import html

import gradio as gr

from assistant.ask import Assistant
from assistant.store import StoreError, describe
from assistant.text import plural


def llm_status(bot: Assistant) -> str:
    """One line on which writer answers: the LLM endpoint, or the extractive default."""
    if bot.settings.llm_configured:
        return f"LLM connected: {bot.settings.llm_model} at {bot.settings.llm_base_url}"
    return (
        "No language model is configured: answers quote the most relevant sentences of the "
        "abstracts (set PA_LLM_BASE_URL or --llm-gguf)"
    )


def status_line(bot: Assistant, collection: str) -> str:
    """Markdown for the header: the collection line (e.g. from ``app.ensure_ingested``) and the writer."""
    return (
        "## Paper Assistant\nAnswers from the abstracts in the collection, with citations "
        f"you can check. <small>{html.escape(collection)} · {html.escape(llm_status(bot))}</small>"
    )


def collection_line(bot: Assistant) -> str:
    """``"<store>: N papers"`` as it is now, or the store's error."""
    try:
        count = bot.store.paper_count()
    except StoreError as exc:
        return str(exc)
    return f"{describe(bot.settings)}: {plural(count, 'paper')}"


def refresh_on_load(demo: gr.Blocks, bot: Assistant, header: gr.Markdown) -> None:
    """Re-read the collection when a page opens, so a fresh page shows papers added since launch."""
    demo.load(lambda: status_line(bot, collection_line(bot)), None, header, api_visibility="undocumented", queue=False)
