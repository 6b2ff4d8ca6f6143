"""The Chat tab: mode above the chat, one settings panel, answers with linked [n], sources beside.

The conversation is kept in the browser (Gradio's saved history), and each answer carries
its papers (ui/transcript.py), so follow-ups, feedback and the Markdown export work after
a reload. Thumbs up/down on an answer are stored with assistant/feedback.py.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from pydantic import ValidationError

from assistant.ask import Assistant
from assistant.feedback import MAX_COMMENT_CHARS, FeedbackStore, feedback_path
from assistant.filters import filter_error
from assistant.store import StoreError
from ui.downloads import _DOWNLOADS, write_downloads
from ui.glyphs import ERROR
from ui.look import CHAT_MIN_WIDTH, CHAT_SCALE, CITE_JS, CSS, SOURCES_SCALE, widen_saved_chats
from ui.render import render_message, render_sources
from ui.settings_panel import box_filters, filters_note, model_choices
from ui.shared import Shared
from ui.transcript import conversation_markdown, meta_comment, rated_answer, restored_answer, turns
from ui.upload import build_upload

EXAMPLES = [
    "Which paper introduces the MMVP benchmark and what does it reveal about CLIP?",
    "What does the Wings paper propose?",
    # Reads right in every mode: Ask answers it from several papers; a bare topic was answered in Ask
    # mode from one paper's sentences (IMP alone; new-user trial).
    "Summarize mixture-of-experts approaches in multimodal models",
]
# The chat box's hint in each mode: what to type there (a new user saw "Type a message..." in
# every mode and had to guess what Related work wanted).
PLACEHOLDERS = {
    "Ask": "Ask a question about the papers, e.g. What does the Wings paper propose?",
    "Summarize": "A topic to summarize, e.g. mixture-of-experts in multimodal models",
    # One line: a longer hint ("… (describe your own work in the box above)") was cut off on its
    # second line (new-user trial 10); the box above has its own label.
    "Related work": "The topic of your related-work section, e.g. benchmarks for multimodal LLMs",
    "Compare": "What to compare, e.g. mixture-of-experts multimodal models in terms of modalities and efficiency",
}
ABOUT_PLACEHOLDER = "e.g. We propose a benchmark of multi-image reasoning for multimodal LLMs."


def modes(bot: Assistant) -> dict[str, str]:
    """The modes offered, label → ``Assistant`` mode."""
    return {"Ask": "ask", "Summarize": "summary", "Related work": "related_work", "Compare": "compare"}


class HintedChat(gr.ChatInterface):
    """``gr.ChatInterface`` whose chat box keeps its hint after an answer: Gradio 6.31 blanks the
    placeholder on submit (``ChatInterface._clear_and_save_textbox``) and never restores it, so a
    new user saw an empty box after the first answer."""

    def _clear_and_save_textbox(self, message: Any) -> tuple[Any, Any]:
        _, saved = super()._clear_and_save_textbox(message)
        return type(self.textbox)("", interactive=False), saved  # placeholder left as it was


def build_chat(shared: Shared) -> None:
    """The chat tab's components and events (inside the current Blocks/Tab context)."""
    bot = shared.bot
    mode_map = modes(bot)
    models = model_choices(bot)
    feedback = FeedbackStore(feedback_path(bot.settings))

    def respond(
        message: str,
        history: list[dict],
        top_k: int = bot.settings.top_k,
        has_code: bool = False,
        mode: str = "Ask",
        about: str = "",
        year_min: float | None = None,
        year_max: float | None = None,
        author: str = "",
        title: str = "",
        model: str = "",
        scope: list[str] | None = None,
    ) -> Iterator[tuple[str, str, list[str] | None, list[str]]]:
        if not message.strip():
            yield "Please type a question about the papers.", "", None, []
            return
        try:
            filters = box_filters(has_code, year_min, year_max, author, title, scope)
        except (ValidationError, ValueError) as exc:
            yield f"{ERROR} Check the filters: {filter_error(exc)}.", "", None, []
            return
        task = mode_map.get(mode, "ask")
        extra: dict[str, Any] = {}
        if model:
            extra["model"] = model
        try:
            if task == "ask":
                stream = bot.ask_stream(message, turns(history), top_k=int(top_k), filters=filters, **extra)
            else:
                # The "your work" box shows in Related work mode only, so only that mode reads it.
                work = (about or "") if task == "related_work" else ""
                stream = bot.overview_stream(task, message, work, filters=filters, **extra)  # type: ignore[arg-type]
            for answer in stream:
                if answer.done:
                    downloads = write_downloads(answer) if answer.citations else None
                    cited = [c.paper_id for c in answer.citations]
                    yield render_message(answer) + meta_comment(answer), render_sources(answer), downloads, cited
                else:  # the sources are known before the first word of the answer
                    yield render_message(answer), render_sources(answer), None, []
        except Exception as exc:  # the chat must stay usable and keep the question
            yield f"{ERROR} {type(exc).__name__}: {exc}", "", None, []

    def rate(
        data: gr.LikeData, history: list[dict], top_k: int, has_code: bool, mode: str, year_min: float | None,
        year_max: float | None, author: str, title: str, model: str,
    ) -> tuple[tuple[int, str] | None, Any, Any, str]:  # fmt: skip
        index = data.index if isinstance(data.index, int) else data.index[0]
        found = rated_answer(history, index)
        if found is None or data.liked in (None, ""):
            return None, gr.update(visible=False), gr.update(visible=False), ""
        answer, earlier = found
        rating = 1 if data.liked is True or data.liked == "Like" else -1
        settings = {
            "top_k": top_k, "mode": mode, "model": model or bot.settings.llm_model if bot.settings.llm_configured else "",
            "writer": "llm" if bot.settings.llm_configured else "extractive", "embedder": bot.embedder.model_id,
            "filters": {"has_code": has_code, "year_min": year_min, "year_max": year_max, "author": author, "title": title},
        }  # fmt: skip
        feedback_id = feedback.add(answer, rating, history=earlier, settings=settings)
        # What was rated, in the user's words: "#1" (the feedback row) read as nothing (new-user trial 12).
        # Words, not 👍/👎: Debian's Chromium has no emoji font (see ui/glyphs.py).
        rated = f"your {'thumbs-up' if rating > 0 else 'thumbs-down'} on answer {len(earlier) + 1}"
        note = f"Thanks: {rated} is saved. Add a comment if you like."
        return (feedback_id, rated), gr.update(visible=True, value=""), gr.update(visible=True), note

    def save_comment(rated: tuple[int, str] | None, comment: str) -> tuple[Any, Any, str]:
        """``rated``: the feedback row and what it rates ("your thumbs-down on answer 1"), from :func:`rate`."""
        if rated is None:
            return gr.update(), gr.update(), ""
        feedback_id, what = rated
        stored = feedback.set_comment(feedback_id, comment)
        cut = f" (its first {len(stored):,} characters)" if len(comment.strip()) > MAX_COMMENT_CHARS else ""
        return gr.update(visible=False), gr.update(visible=False), f"Comment saved with {what}{cut}."

    def export(history: list[dict]) -> Any:
        if not history:
            return gr.update(value=None, visible=False)
        path = Path(tempfile.mkdtemp(dir=_DOWNLOADS.name)) / "conversation.md"
        path.write_text(conversation_markdown(history), encoding="utf-8")
        return gr.update(value=str(path), visible=True)

    mode = gr.Radio(list(mode_map), value="Ask", show_label=False, container=False, elem_id="mode")
    with gr.Accordion("Settings: top-k, filters" + (", model" if models else ""), open=False, elem_id="settings"):
        with gr.Row():
            top_k = gr.Slider(1, 20, value=bot.settings.top_k, step=1, label="Papers to retrieve (top-k)")
            model = gr.Dropdown(
                models or [""], value=bot.settings.llm_model if models else "", label="Model",
                visible=bool(models), elem_id="model",
            )  # fmt: skip
        with gr.Row():
            has_code = gr.Checkbox(False, label="Only papers with code", elem_id="has-code")
            # An empty box shows 0 (Gradio 6.31, placeholder or not), which a new user read as "year 0".
            year_min = gr.Number(None, precision=0, label="From year (0: any)", elem_id="year-min")
            year_max = gr.Number(None, precision=0, label="To year (0: any)", elem_id="year-max")
        with gr.Row():
            author = gr.Textbox("", label="Author contains", elem_id="author")
            title = gr.Textbox("", label="Title contains", elem_id="title")
    in_force = gr.Markdown("", elem_id="filters-in-force")
    # Shown under the mode while Related work is chosen: inside the collapsed settings panel a
    # new user did not find it (new-user trial).
    about = gr.Textbox(
        "", label="Your work, in a paragraph (optional): the draft puts the closest papers first and says how they differ",
        placeholder=ABOUT_PLACEHOLDER, lines=2, visible=False, elem_id="about",
    )  # fmt: skip
    with gr.Row():
        with gr.Column(scale=CHAT_SCALE, min_width=CHAT_MIN_WIDTH):
            sources = gr.HTML(render=False, elem_id="sources", js_on_load=CITE_JS, css_template=CSS)
            downloads = gr.File(
                # Names no file: the box lists the answer's own (a table adds table.csv and
                # table.tex; a fixed list of three misled a new user).
                label="Download this answer's files",
                file_count="multiple",
                render=False,
                elem_id="downloads",
            )
            chatbot = gr.Chatbot(elem_id="chat", label="Paper Assistant", height=560)
            chat = HintedChat(
                respond,
                chatbot=chatbot,
                additional_inputs=[top_k, has_code, mode, about, year_min, year_max, author, title, model, shared.scope],
                additional_outputs=[sources, downloads, shared.cited],
                examples=[[q, *([None] * 10)] for q in EXAMPLES],
                save_history=True,
                api_name="chat",
            )  # fmt: skip
            widen_saved_chats(chat)
            chat.textbox.placeholder = PLACEHOLDERS["Ask"]  # the mode's value at load
            with gr.Row():
                export_btn = gr.Button("Export conversation (.md)", size="sm", elem_id="export")
                exported = gr.File(label="Conversation", visible=False, elem_id="export-file")
            feedback_note = gr.Markdown(elem_id="feedback-note")
            feedback_id = gr.State(None)
            with gr.Row():
                comment = gr.Textbox(label="Comment on your rating (optional)", visible=False, elem_id="comment")
                send_comment = gr.Button("Save comment", size="sm", visible=False, elem_id="save-comment")
        with gr.Column(scale=SOURCES_SCALE):
            gr.Markdown("### Sources")
            sources.render()
            downloads.render()
            build_upload(shared)

    def switch_mode(chosen: str) -> tuple[Any, Any]:
        return gr.update(placeholder=PLACEHOLDERS.get(chosen, PLACEHOLDERS["Ask"])), gr.update(
            visible=chosen == "Related work"
        )

    mode.change(switch_mode, mode, [chat.textbox, about], api_visibility="undocumented", queue=False)

    # Not the panel's own title: updating an Accordion re-renders it, and a year typed just
    # before was then lost from the request (seen in a browser test under load).
    filter_boxes = [has_code, year_min, year_max, author, title]
    for box in filter_boxes:
        box.change(filters_note, filter_boxes, in_force, api_visibility="undocumented", queue=False, show_progress="hidden")

    def reset() -> tuple[str, None, list[str], Any]:
        return "", None, [], gr.update(value=None, visible=False)

    def records(paper_ids: list[str]) -> dict[str, dict[str, Any]]:
        try:
            return bot.store.paper_records(paper_ids)
        except StoreError:  # the cards then show titles only, and the BibTeX has no authors
            return {}

    def reopen(index: int | None, saved: list[list[dict]] | None) -> tuple[str, list[str] | None, list[str], Any]:
        """A saved chat's last answer's sources, downloads and cited papers (a new user saw the
        other chat's); empty when it has no answer."""
        conversation = saved[index] if saved and isinstance(index, int) and 0 <= index < len(saved) else []
        return last_answer_shown(conversation or [])

    def undone(data: gr.UndoData, history: list[dict]) -> tuple[str, list[str] | None, list[str], Any]:
        """After Undo, the sources of the answer now last, or none (the removed answer's card
        stayed; new-user trial 12). ``data.index`` is the undone question's: the history before it
        is the same whether Gradio's own undo has run yet or not."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        return last_answer_shown(history[:index])

    def last_answer_shown(conversation: list[dict]) -> tuple[str, list[str] | None, list[str], Any]:
        restored = restored_answer(conversation, records)
        if restored is None:
            return reset()
        answer, marks = restored
        downloads = write_downloads(answer) if answer.citations else None
        cited = [c.paper_id for c in answer.citations]
        return render_sources(answer, marks), downloads, cited, gr.update(value=None, visible=False)

    cleared = [sources, downloads, shared.cited, exported]
    chatbot.clear(reset, None, cleared, api_visibility="undocumented", queue=False)
    chat.new_chat_button.click(reset, None, cleared, api_visibility="undocumented", queue=False)
    chatbot.undo(undone, chatbot, cleared, api_visibility="undocumented", queue=False, show_progress="hidden")
    chat.chat_history_dataset.click(
        reopen, [chat.chat_history_dataset, chat.saved_conversations], cleared, api_visibility="undocumented",
        show_progress="hidden",
    )  # fmt: skip
    # The rating note and comment box belong to an answer of the chat they were given in: a new
    # user saw "your thumbs-down is saved" and its comment box still there after New chat.
    def forget_rating() -> tuple[None, Any, Any, str]:
        return None, gr.update(value="", visible=False), gr.update(visible=False), ""

    rating = [feedback_id, comment, send_comment, feedback_note]
    for event in (chatbot.clear, chat.new_chat_button.click, chat.chat_history_dataset.click):
        event(forget_rating, None, rating, api_visibility="undocumented", queue=False, show_progress="hidden")
    # "Your work" describes the paper of one draft: after New chat a new user's mixup draft named
    # papers "closest" to the mixture-of-experts paragraph still in the box (new-user trial 17).
    for event in (chatbot.clear, chat.new_chat_button.click):
        event(lambda: "", None, about, api_visibility="undocumented", queue=False, show_progress="hidden")
    chatbot.like(
        rate,
        [chatbot, top_k, has_code, mode, year_min, year_max, author, title, model],
        [feedback_id, comment, send_comment, feedback_note],
        api_visibility="undocumented",
    )
    send_comment.click(save_comment, [feedback_id, comment], [comment, send_comment, feedback_note], api_visibility="undocumented")
    export_btn.click(export, chatbot, exported, api_visibility="undocumented")
    # The example chips ask about other papers: under a one-paper scope ("Ask about this paper") a
    # click would ask them of that paper (new-user trial 13). Shown again with the whole collection.
    # ([] hides them: None is read as "no change" by Gradio 6.31.)
    shared.scope.change(
        lambda scope: gr.update(examples=[] if scope else chat.examples_messages), shared.scope, chatbot,
        api_visibility="undocumented", queue=False, show_progress="hidden",
    )  # fmt: skip
