"""The "Add papers to the collection" panel: upload a file, ingest it, show the report."""

from __future__ import annotations

from pathlib import Path

import gradio as gr

from assistant.ask import Assistant
from assistant.store import StoreError
from ingest.pipeline import ingest_paths
from ingest.readers import UnreadableFile
from ui.shared import Shared
from ui.status import collection_line, status_line


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


def build_upload(shared: Shared) -> None:
    """The upload panel (inside the current Blocks context); refreshes the status line after an ingest."""
    bot = shared.bot

    def upload(file: str | None, progress: gr.Progress = gr.Progress(track_tqdm=True)) -> tuple[str, str]:  # noqa: B008
        report = add_papers(bot, file, progress)
        return report, status_line(bot, collection_line(bot))

    with gr.Accordion("Add papers to the collection", open=False):
        paper_file = gr.File(
            label="A file of papers",
            file_types=[".txt", ".jsonl", ".json", ".csv", ".xml", ".atom", ".bib"],
            type="filepath",
            elem_id="paper-file",
        )
        add = gr.Button("Add to collection", elem_id="add-papers")
        report = gr.Markdown(elem_id="ingest-report")
        add.click(upload, inputs=paper_file, outputs=[report, shared.status], api_name="add_papers")
