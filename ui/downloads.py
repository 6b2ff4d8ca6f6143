"""An answer as downloadable files (draft.md, draft.tex, references.bib)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from assistant.export import answer_bibtex, answer_latex, answer_markdown
from assistant.types import Answer

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
