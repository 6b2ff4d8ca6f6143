"""The Chat tab: ask, summarize or draft related work; sources and downloads beside the answer."""

from __future__ import annotations

from collections.abc import Iterator

import gradio as gr

from assistant.store import StoreError
from ui.downloads import write_downloads
from ui.render import message_text, render_message, render_sources
from ui.shared import Shared
from ui.upload import build_upload

MODES = {"Ask": "ask", "Summarize": "summary", "Related work": "related_work"}


def build_chat(shared: Shared) -> None:
    """The chat tab's components and events (inside the current Blocks/Tab context)."""
    bot = shared.bot

    def respond(
        message: str, history: list[dict], top_k: int, has_code: bool, mode: str = "Ask", about: str = ""
    ) -> Iterator[tuple[str, str, list[str] | None]]:
        earlier = [message_text(m.get("content")) for m in history if m.get("role") == "user"]
        if not message.strip():
            yield "Please type a question about the papers.", "", None
            return
        filters = {"has_code": True} if has_code else None
        task = MODES.get(mode, "ask")
        try:
            if task == "ask":
                stream = bot.ask_stream(message, earlier, top_k=int(top_k), filters=filters)
            else:
                stream = bot.overview_stream(task, message, about or "", filters=filters)  # type: ignore[arg-type]
            for answer in stream:
                if answer.done:
                    downloads = write_downloads(answer) if answer.citations else None
                    yield render_message(answer), render_sources(answer), downloads
                else:  # the sources are known before the first word of the answer
                    yield render_message(answer), render_sources(answer), None
        except StoreError as exc:
            yield f"❌ {exc}", "", None

    with gr.Row():
        with gr.Column(scale=3):
            sources = gr.HTML(render=False, elem_id="sources")
            downloads = gr.File(
                label="Download: draft.md, draft.tex, references.bib",
                file_count="multiple",
                render=False,
                elem_id="downloads",
            )
            top_k = gr.Slider(
                1, 10, value=bot.settings.top_k, step=1, label="Papers to retrieve (top-k)", render=False
            )
            has_code = gr.Checkbox(False, label="Only papers with code", render=False)
            mode = gr.Radio(list(MODES), value="Ask", label="Mode", render=False, elem_id="mode")
            about = gr.Textbox(
                label="Your work, in a paragraph (Related work mode)",
                lines=3,
                render=False,
                elem_id="about",
            )
            gr.ChatInterface(
                respond,
                chatbot=gr.Chatbot(elem_id="chat", label="Paper Assistant"),
                additional_inputs=[top_k, has_code, mode, about],
                additional_outputs=[sources, downloads],
                additional_inputs_accordion=gr.Accordion("Settings: mode, top-k, filters", open=True),
                examples=[
                    [
                        "Which paper introduces the MMVP benchmark and what does it reveal about CLIP?",
                        5,
                        False,
                        "Ask",
                        "",
                    ],
                    ["Summarize mixture-of-experts approaches in multimodal models", 5, False, "Summarize", ""],
                ],
                api_name="chat",
            )
        with gr.Column(scale=2):
            gr.Markdown("### Sources")
            sources.render()
            downloads.render()
            build_upload(shared)
