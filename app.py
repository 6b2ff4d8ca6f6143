"""The web app: ``python app.py [--store DIR] [--host H] [--port P] [--llm-gguf FILE]``.

The entry point: it opens the store (ingesting the bundled corpus into an empty one),
builds the tabs of :mod:`ui` around one :class:`Assistant` and launches Gradio. It binds
to 127.0.0.1 unless told otherwise, with no share link.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import gradio as gr

import assistant  # noqa: F401  (offline set-up before gradio and llama-index import)
from assistant.ask import Assistant
from assistant.llm_server import local_llm
from assistant.settings import BUNDLED_CORPUS, Settings
from assistant.store import EmptyStore, describe
from ingest.pipeline import ingest_paths
from ui.chat import build_chat
from ui.shared import Shared
from ui.status import status_line


def ensure_ingested(bot: Assistant) -> str:
    """Ingest the bundled corpus when the store is empty; returns a status line."""
    try:
        count = bot.store.count()
    except EmptyStore:
        print(f"{describe(bot.settings)} is empty: ingesting {BUNDLED_CORPUS.name} ...")
        report = ingest_paths([BUNDLED_CORPUS], bot.settings, bot.embedder)
        print(report.summary())
        count = report.chunks
    return f"{describe(bot.settings)}: {count} chunks"


def build_app(bot: Assistant, status: str) -> gr.Blocks:
    """The Gradio app around one :class:`Assistant`; each browser session has its own history."""
    with gr.Blocks(title="Paper Assistant", delete_cache=(3600, 86400)) as demo:
        header = gr.Markdown(status_line(bot, status), elem_id="status")
        with gr.Tabs() as tabs:
            shared = Shared(bot=bot, status=header, tabs=tabs, scope=gr.State([]), cited=gr.State([]))
            with gr.Tab("Chat", id="chat"):
                build_chat(shared)
    return demo


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Paper Assistant chat UI")
    parser.add_argument("--store", type=Path, help="store folder (env PA_STORE)")
    parser.add_argument("--host", help="bind address (default 127.0.0.1; env PA_HOST)")
    parser.add_argument("--port", type=int, help="port (default 7860; env PA_PORT)")
    parser.add_argument(
        "--llm-gguf", type=Path, help="GGUF model: answer through a local llama.cpp server (env PA_LLM_GGUF)"
    )
    args = parser.parse_args(argv)
    overrides = {k: v for k, v in vars(args).items() if v is not None}
    with local_llm(Settings(**overrides)) as settings:
        bot = Assistant(settings)
        status = ensure_ingested(bot)
        bot.retriever.retrieve("warm-up")  # build BM25 and load the model before the first user
        build_app(bot, status).queue().launch(
            server_name=settings.host, server_port=settings.port, share=False
        )


if __name__ == "__main__":
    main()
