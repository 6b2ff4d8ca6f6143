"""The "Add papers to the collection" panel: check an uploaded file, keep a copy, ingest it, report.

Only admins may add papers: the handler checks the signed-in user's role on the server
(``request.username``), whatever the page shows. A file is refused before it is read when
it is larger than ``max_upload_mb``, has an extension no reader takes, or is not text
(a PDF, an archive, an image); the readers' own format detection then names its format.
Accepted files are copied into the upload folder under a sanitised name, and ingested
from there, so the reports name the user's file, not a temporary path.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

import gradio as gr
from gradio.utils import get_upload_folder

from assistant.ask import Assistant
from assistant.settings import Settings
from assistant.store import StoreError
from assistant.text import plural
from ingest.pipeline import SyncReport, ingest_paths
from ingest.readers import UnreadableFile, detect_format
from ui.glyphs import ERROR
from ui.shared import Shared
from ui.status import collection_line, status_line

EXTENSIONS = (".txt", ".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".xml", ".atom", ".bib", ".bibtex")
_HEAD = 1 << 16  # bytes read to tell text from binary, as ingest.readers.detect_format sniffs
_BINARY_MAGIC = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "a gzip archive",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x7fELF": "a program",
}


class UploadRefused(ValueError):
    """The uploaded file may not be ingested; the message says why and what is accepted."""


def check_upload(path: Path, name: str, settings: Settings) -> str:
    """The format of an uploaded file (see :mod:`ingest.readers`), after the size and content checks.

    ``name`` is the user's file name (the extension is checked on it).

    Raises:
        UploadRefused: too large, an extension no reader takes, empty or blank, or binary content.
    """
    size = path.stat().st_size
    if size > settings.max_upload_mb * 2**20:
        raise UploadRefused(
            f"{name} is {size / 2**20:.1f} MiB; uploads may be at most {settings.max_upload_mb:g} MiB "
            "(PA_MAX_UPLOAD_MB). Larger collections: `python -m ingest FILE` on the server."
        )
    if Path(name).suffix.lower() not in EXTENSIONS:
        raise UploadRefused(f"{name}: not a file of papers; accepted: {' '.join(EXTENSIONS)}")
    if size == 0:
        raise UploadRefused(f"{name} is empty (0 bytes); choose the file with the papers")
    with path.open("rb") as handle:
        head = handle.read(_HEAD)
    if size <= len(head) and not head.strip(b" \t\r\n\x0b\x0c\xef\xbb\xbf"):
        raise UploadRefused(f"{name} holds only blank lines ({size} bytes); choose the file with the papers")
    for magic, what in _BINARY_MAGIC.items():
        if head.startswith(magic):
            raise UploadRefused(f"{name} is {what}, not a text file of papers")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = head.decode("utf-16", errors="replace").encode()  # readers say UTF-16 is not taken
    if b"\x00" in head:
        raise UploadRefused(f"{name} holds binary data (NUL bytes), not a text file of papers")
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not just a character cut at the end of the sniffed head
            raise UploadRefused(f"{name}: byte {exc.start} is not UTF-8; save the file as UTF-8") from exc
    return detect_format(path)


def safe_name(name: str) -> str:
    """``name`` reduced to a plain file name: no folders, only ``[A-Za-z0-9._-]``, no leading dot."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", Path(name.replace("\\", "/")).name).lstrip(".")
    return base[-100:] or "upload"


def keep_upload(path: Path, name: str, settings: Settings, user: str | None) -> Path:
    """Copy an upload into the upload folder as ``<UTC time>-<user>-<name>``; returns the copy.

    Raises:
        UploadRefused: the destination would be outside the upload folder (never, by construction).
    """
    folder = settings.upload_folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    dest = (folder / f"{stamp}-{safe_name(user or 'local')}-{safe_name(name)}").resolve()
    if not dest.is_relative_to(folder):
        raise UploadRefused(f"{name}: refusing to write outside {folder}")
    shutil.copyfile(path, dest)
    return dest


def format_report(report: SyncReport, name: str, kept: Path) -> str:
    """The ingest report as wrapping Markdown, naming ``name`` where the report names the kept copy."""

    def where(source: str) -> str:
        return source.replace(str(kept), name)

    skipped = max(report.skipped_count, len(report.skipped))
    lines = [
        f"**{name}**: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} unchanged, {skipped} skipped. "
        f"The collection now holds {plural(report.papers, 'paper')}."
    ]
    lines += [f"- added *{ref.title}*" for ref in report.added_papers[:10]]
    if report.added > 10:
        lines.append(f"- … and {report.added - 10} more added")
    lines += [f"- updated *{ref.title}*" for ref in report.updated_papers[:10]]
    lines += [f"- merged `{where(m.source)}`: {m.reason}" for m in report.merged[:10]]
    lines += [f"- skipped `{where(s.source)}`: {s.reason}" for s in report.skipped]
    if skipped > len(report.skipped):
        lines.append(f"- … and {skipped - len(report.skipped)} more skipped")
    return "\n".join(lines)


def add_papers(
    bot: Assistant, file: str | None, user: str | None = None, progress: gr.Progress | None = None
) -> str:
    """Check, keep and ingest an uploaded file of papers; returns the report as Markdown.

    The caller has checked that ``user`` may add papers. Nothing is stored when the
    file is refused or cannot be read.
    """
    if not file:
        return "Choose a file first: digest .txt, .jsonl/.json, .csv, arXiv Atom .xml or .bib."
    path = Path(file)
    name = safe_name(path.name)
    kept: Path | None = None
    try:
        fmt = check_upload(path, name, bot.settings)
        kept = keep_upload(path, name, bot.settings, user)
        report = ingest_paths([kept], bot.settings, bot.embedder, fmt=fmt, progress=progress is not None)
    except (UploadRefused, UnreadableFile, StoreError) as exc:
        message = str(exc).replace(str(path), name)
        if kept is not None:
            message = message.replace(str(kept), name)  # the user's name, not the server's path
            if isinstance(exc, UnreadableFile):  # the store is untouched: keep no copy of it
                kept.unlink(missing_ok=True)
        return f"{ERROR} Nothing was added. {message}"
    bot.retriever.invalidate()  # BM25 must see the new papers on the next question
    return format_report(report, name, kept)


def in_upload_folder(file: str) -> bool:
    """True when ``file`` lies in Gradio's upload folder (where every browser upload lands)."""
    return Path(file).resolve().is_relative_to(Path(get_upload_folder()).resolve())


def build_upload(shared: Shared) -> None:
    """The upload panel (inside the current Blocks context); refreshes the status line after an ingest.

    The panel is listed in ``shared.admin_only``: ``app.build_app`` shows it to admins only.
    """
    bot = shared.bot

    def upload(
        file: str | None,
        request: gr.Request,
        progress: gr.Progress = gr.Progress(track_tqdm=True),  # noqa: B008
    ) -> tuple[str, str]:
        user = getattr(request, "username", None)
        if not shared.access.is_admin(request):
            report = (
                f"{ERROR} Nothing was added: only admins may add papers, and {user or 'this visitor'} is not one."
            )
        elif file and not in_upload_folder(file):
            report = f"{ERROR} Nothing was added: the file did not come through the upload."
        else:
            report = add_papers(bot, file, user, progress)
        return report, status_line(bot, collection_line(bot))

    with gr.Accordion("Add papers to the collection", open=False, elem_id="add-papers-panel") as panel:
        paper_file = gr.File(
            label=f"A file of papers (at most {bot.settings.max_upload_mb:g} MiB)",
            file_types=list(EXTENSIONS),
            type="filepath",
            elem_id="paper-file",
        )
        add = gr.Button("Add to collection", elem_id="add-papers")
        report = gr.Markdown(elem_id="ingest-report")
        add.click(upload, inputs=paper_file, outputs=[report, shared.status], api_name="add_papers")
    shared.admin_only.append(panel)
