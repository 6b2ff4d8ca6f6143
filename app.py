"""The chat UI: ``python app.py [--store DIR] [--host H] [--port P]``.

Thin by design: it turns a message into :meth:`Assistant.ask_stream` and renders
the :class:`Answer`. It binds to 127.0.0.1 unless told otherwise, with no share link.
On first start with an empty store it ingests the bundled corpus.
"""

from __future__ import annotations

import argparse
import html
import tempfile
from collections.abc import Iterator
from pathlib import Path

import gradio as gr

import assistant  # noqa: F401  (offline set-up before gradio and llama-index import)
from assistant.ask import Assistant
from assistant.export import answer_bibtex, answer_latex, answer_markdown
from assistant.llm_server import local_llm
from assistant.settings import BUNDLED_CORPUS, Settings
from assistant.store import EmptyStore, StoreError, describe
from assistant.types import Answer
from ingest.pipeline import ingest_paths
from ingest.readers import UnreadableFile


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


def render_checked(answer: Answer) -> str:
    """The answer text rebuilt from its verified sentences, flagged ones visibly marked."""
    out: list[str] = []
    for check in answer.sentences:
        if check.text.startswith("**"):  # a paper heading of the extractive writer
            out.append(f"\n\n{check.text}\n")
        elif check.flags:
            out.append(f"⚠️ *{check.text}* `{', '.join(check.flags)}` ")
        else:
            out.append(check.text + " ")
    return "".join(out).strip()


def render_message(answer: Answer) -> str:
    """Chat message: the answer (flags marked), notices, cited papers, and a status line."""
    body = render_checked(answer) if answer.done and answer.sentences else answer.answer.strip()
    parts = [body]
    if answer.done:
        parts += [f"> ⚠️ {n}" for n in answer.notices]
        if answer.error:
            parts.append(f"> ❌ **{answer.error}** The retrieved papers are listed in the sources panel.")
        if answer.rejected is not None:
            parts.append(
                "**The model's rejected answer, as verified:**\n\n> " + render_checked(answer.rejected)
            )
        if answer.citations:
            parts.append("**Cited papers**\n" + "\n".join(f"{c.n}. {c.title}" for c in answer.citations))
        timing = ", ".join(f"{k.removesuffix('_s')} {v:.2f} s" for k, v in answer.timings.items())
        parts.append(f"<sub>writer: {answer.writer} · {timing}</sub>")
    return "\n\n".join(p for p in parts if p)


def render_sources(answer: Answer) -> str:
    """Sources panel (HTML): each retrieved paper, its abstract with the evidence marked."""
    if not answer.sources:
        return "<p><em>No sources: nothing in the collection is relevant enough.</em></p>"
    cited = {c.n for c in answer.citations}
    evidence: dict[int, set[str]] = {}
    for check in answer.sentences:
        if check.evidence is not None:
            evidence.setdefault(check.evidence.n, set()).add(check.evidence.sentence)
    items = []
    for s in answer.sources:
        abstract = html.escape(s.abstract)
        marks = evidence.get(s.n) or ({s.evidence.strip()} if s.evidence else set())
        for sentence in marks:  # the sentences that support the answer
            escaped = html.escape(sentence)
            if escaped and escaped in abstract:
                abstract = abstract.replace(escaped, f'<mark class="pa-evidence">{escaped}</mark>', 1)
        links = " · ".join(
            f'<a href="{html.escape(u)}" target="_blank" rel="noopener">{label}</a>'
            for label, u in (("code", s.code_url), ("page", s.url))
            if u
        )
        badge = "cited" if s.n in cited else "retrieved, not cited"
        items.append(
            f'<details class="pa-source" data-n="{s.n}" {"open" if s.n in cited else ""}>'
            f"<summary><b>[{s.n}]</b> {html.escape(s.title)} <small>({badge}; "
            f"cosine similarity of its best chunk {s.dense:.2f})</small></summary>"
            f"<p>{abstract}</p><p>{links}</p></details>"
        )
    return "\n".join(items)


def message_text(content: object) -> str:
    """The text of a chat message as Gradio sends it: a string, or (Gradio 6) a list of
    parts like ``[{"type": "text", "text": ...}]``."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict) and p.get("type") == "text")
    return ""


MODES = {"Ask": "ask", "Summarize": "summary", "Related work": "related_work"}


# Drafts written for download; the folder is removed when the app exits (Gradio copies
# what it serves into its own cache, which delete_cache on the Blocks clears).
_DOWNLOADS = tempfile.TemporaryDirectory(prefix="paper-assistant-")


def write_downloads(answer: Answer) -> list[str]:
    """The answer as draft.md, draft.tex and references.bib in a fresh folder; their paths."""
    folder = Path(tempfile.mkdtemp(dir=_DOWNLOADS.name))
    section = {"related_work": "Related Work", "summary": "Overview"}.get(answer.mode, "Answer")
    files = {
        "draft.md": answer_markdown(answer),
        "draft.tex": answer_latex(answer, section),
        "references.bib": answer_bibtex(answer),
    }
    for name, content in files.items():
        (folder / name).write_text(content, encoding="utf-8")
    return [str(folder / name) for name in files]


def llm_status(bot: Assistant) -> str:
    """One line on which writer answers: the LLM endpoint, or the extractive default."""
    if bot.settings.llm_configured:
        return f"LLM connected: {bot.settings.llm_model} at {bot.settings.llm_base_url}"
    return "No LLM configured: answers quote the abstracts (set PA_LLM_BASE_URL or --llm-gguf)"


def add_papers(bot: Assistant, file: str | None, progress: gr.Progress | None = None) -> str:
    """Ingest an uploaded file of papers into the store; returns the ingest report as Markdown."""
    if not file:
        return "Choose a file first: digest .txt, .jsonl/.json, .csv, arXiv Atom .xml or .bib."
    path = Path(file)
    try:
        report = ingest_paths([path], bot.settings, bot.embedder, progress=progress is not None)
    except (UnreadableFile, StoreError) as exc:
        return f"❌ Nothing was added. {exc}"
    bot.retriever.invalidate()  # BM25 must see the new papers on the next question
    return f"**{path.name}**\n\n```\n{report.summary()}\n```"


def build_app(bot: Assistant, status: str) -> gr.Blocks:
    """The Gradio app around one :class:`Assistant`; each browser session has its own history."""

    def upload(file: str | None, progress: gr.Progress = gr.Progress(track_tqdm=True)) -> str:  # noqa: B008
        return add_papers(bot, file, progress)

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

    with gr.Blocks(title="Paper Assistant", delete_cache=(3600, 86400)) as demo:
        gr.Markdown(
            f"## Paper Assistant\nAnswers from the abstracts in the collection, with citations "
            f"you can check. <small>{html.escape(status)} · {html.escape(llm_status(bot))}</small>",
            elem_id="status",
        )
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
                        [
                            "Summarize mixture-of-experts approaches in multimodal models",
                            5,
                            False,
                            "Summarize",
                            "",
                        ],
                    ],
                    api_name="chat",
                )
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources.render()
                downloads.render()
                with gr.Accordion("Add papers to the collection", open=False):
                    paper_file = gr.File(
                        label="A file of papers",
                        file_types=[".txt", ".jsonl", ".json", ".csv", ".xml", ".atom", ".bib"],
                        type="filepath",
                        elem_id="paper-file",
                    )
                    add = gr.Button("Add to collection", elem_id="add-papers")
                    report = gr.Markdown(elem_id="ingest-report")
                    add.click(upload, inputs=paper_file, outputs=report, api_name="add_papers")
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
        limit = settings.llm_concurrency if settings.llm_configured else settings.queue_concurrency
        build_app(bot, status).queue(default_concurrency_limit=limit).launch(
            server_name=settings.host, server_port=settings.port, share=False
        )


if __name__ == "__main__":
    main()
