"""An answer as downloadable files (draft.md, draft.tex, references.bib; table.csv/.tex for a table)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from assistant.export import answer_files
from assistant.types import Answer

# Drafts written for download; the folder is removed when the app exits (Gradio copies
# what it serves into its own cache, which delete_cache on the Blocks clears).
_DOWNLOADS = tempfile.TemporaryDirectory(prefix="paper-assistant-")


def write_downloads(answer: Answer) -> list[str]:
    """The answer's files (:func:`assistant.export.answer_files`) in a fresh folder; their paths."""
    folder = Path(tempfile.mkdtemp(dir=_DOWNLOADS.name))
    paths = []
    for name, content in answer_files(answer).items():
        (folder / name).write_text(content, encoding="utf-8")
        paths.append(str(folder / name))
    return paths
