"""The status line: how many papers the collection holds and which writer answers."""

from __future__ import annotations

import html

from assistant.ask import Assistant
from assistant.store import StoreError, describe


def llm_status(bot: Assistant) -> str:
    """One line on which writer answers: the LLM endpoint, or the extractive default."""
    if bot.settings.llm_configured:
        return f"LLM connected: {bot.settings.llm_model} at {bot.settings.llm_base_url}"
    return "No LLM configured: answers quote the abstracts (set PA_LLM_BASE_URL or --llm-gguf)"


def status_line(bot: Assistant, collection: str) -> str:
    """Markdown for the header: the collection line (e.g. from ``app.ensure_ingested``) and the writer."""
    return (
        "## Paper Assistant\nAnswers from the abstracts in the collection, with citations "
        f"you can check. <small>{html.escape(collection)} · {html.escape(llm_status(bot))}</small>"
    )


def collection_line(bot: Assistant) -> str:
    """``"<store>: N chunks"`` as it is now, or the store's error."""
    try:
        return f"{describe(bot.settings)}: {bot.store.count()} chunks"
    except StoreError as exc:
        return str(exc)
