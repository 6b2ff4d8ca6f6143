"""Readers: turn a file of papers into :class:`~assistant.types.Paper` records.

Every reader is a generator of ``Paper | Skipped``, so a bad record is reported
with its ``file:line`` and the rest is still read, and a large file streams with
bounded memory. A file that cannot be read at all raises :class:`UnreadableFile`:
a missing file, a document that is not well-formed as a whole (XML, a JSON array),
a CSV with no title or abstract column, or a file with no paper in it.

Formats (``FORMATS``), detected by :func:`detect_format` from the extension and the
first 64 KiB, or named with ``--format``:

- ``digest``: the daily-papers digest (title line, abstract line);
- ``jsonl`` / ``json``: objects with ``title``, ``abstract``, ``authors``, ``year``,
  ``url``, ``arxiv_id``, ``doi``, ``code_url``, ``categories`` (and common aliases);
- ``csv``: the same fields as columns (also ``.tsv``, ``;`` and ``|`` delimiters);
- ``arxiv``: arXiv API Atom XML;
- ``bibtex``: BibTeX with ``abstract`` fields (Zotero and others).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from assistant.types import Paper
from ingest.readers.arxiv import read_arxiv
from ingest.readers.bibtex import read_bibtex
from ingest.readers.common import (
    Repaired,
    Skipped,
    UnreadableFile,
    paper_from_record,
    repair_paper,
    require_content,
    require_file,
)
from ingest.readers.csvfile import read_csv
from ingest.readers.digest import read_digest
from ingest.readers.fields import find_urls
from ingest.readers.jsonfile import read_json, read_jsonl

Reader = Callable[[Path], Iterator[Paper | Skipped]]
FORMATS: dict[str, Reader] = {
    "digest": read_digest,
    "jsonl": read_jsonl,
    "json": read_json,
    "csv": read_csv,
    "arxiv": read_arxiv,
    "bibtex": read_bibtex,
}
_EXTENSIONS = {
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".csv": "csv",
    ".tsv": "csv",
    ".xml": "arxiv",
    ".atom": "arxiv",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
}
_BIBTEX_BLOCK = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_SNIFF = 1 << 16


def _sniff(head: str) -> str:
    text = head.lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        return "arxiv"
    if text.startswith("["):
        return "json"
    if text.startswith("{"):
        first, _, rest = text.partition("\n")
        try:
            json.loads(first)
        except json.JSONDecodeError:
            return "json"  # one object spread over lines
        return "jsonl" if rest.strip() else "json"
    if _BIBTEX_BLOCK.search(text):
        return "bibtex"
    header = (text.splitlines() or [""])[0].lower()  # CR-only line ends too
    if (
        "title" in header
        and any(d in header for d in ",;\t|")
        and ("abstract" in header or "summary" in header)
    ):
        return "csv"
    return "digest"


def detect_format(path: Path) -> str:
    """The format name of ``path``: from its extension, checked against its first 64 KiB.

    An extension decides unless the content plainly says otherwise (a ``.json`` file
    of one object per line is ``jsonl``; a ``.txt`` holding BibTeX is ``bibtex``).

    Raises:
        UnreadableFile: the file is missing.
    """
    require_file(path)
    with path.open("rb") as handle:
        head = handle.read(_SNIFF).decode("utf-8", errors="replace")
    if head.startswith(("\ufffd\ufffd", "\ufeff")) and "\x00" in head[:200]:
        head = head.replace("\x00", "").lstrip("\ufffd")  # UTF-16: sniff its ASCII letters
    sniffed = _sniff(head)
    by_extension = _EXTENSIONS.get(path.suffix.lower())
    if by_extension == "jsonl" and sniffed == "json" and not head.lstrip("\ufeff \t\r\n").startswith("["):
        return "jsonl"  # one object per line, the first longer than the sniffed head or alone
    if by_extension in ("json", "jsonl") and sniffed in ("json", "jsonl"):
        return sniffed
    return by_extension or sniffed


def _garbled(paper: Paper) -> Skipped | None:
    """A :class:`Skipped` when the (repaired) title or abstract is mostly U+FFFD: a file in an
    encoding that is neither UTF-8 nor Windows-1252 (Shift-JIS, GBK), which no repair can read."""
    for field in ("title", "abstract"):
        text = "".join(getattr(paper, field).split())
        bad = text.count("\ufffd")
        if bad * 2 > len(text):
            return Skipped(
                source=paper.source,
                reason=f"field {field!r} is mostly bytes that are not UTF-8 ({bad} of {len(text)} characters "
                "unreadable): the file is in another encoding (Shift-JIS, GBK, …?); save it as UTF-8",
            )
    return None


def read_papers(path: Path, fmt: str | None = None) -> Iterator[Paper | Skipped]:
    """Read any supported file of papers, in format ``fmt`` or the detected one.

    Yields ``Paper | Skipped`` in file order.

    Raises:
        UnreadableFile: the file is missing, ``fmt`` is unknown, the file cannot be
            parsed as a whole, or it holds no paper (every record skipped: the
            first reasons are in the message).
    """
    name = fmt or detect_format(path)
    if name not in FORMATS:
        raise UnreadableFile(f"unknown format {name!r}; one of: {', '.join(FORMATS)}")
    require_file(path)
    require_content(path)
    if name != "csv":
        with path.open("rb") as handle:
            if handle.read(2) in (b"\xff\xfe", b"\xfe\xff"):
                raise UnreadableFile(f"{path}: the file is UTF-16 encoded; save it as UTF-8")
    papers = 0
    first_skips: list[Skipped] = []
    try:
        for item in FORMATS[name](path):
            if isinstance(item, Paper):
                item, note = repair_paper(item)
                item = _garbled(item) or item
                if isinstance(item, Paper):
                    papers += 1
                    if note is not None:
                        yield note
            if isinstance(item, Skipped) and len(first_skips) < 3:
                first_skips.append(item)
            yield item
    except OSError as exc:  # a read error part-way (EIO, a file gone from a network share)
        raise UnreadableFile(
            f"{path}: cannot be read ({exc.strerror or exc}); nothing from it was stored"
        ) from None
    if not papers:
        why = "; ".join(f"{s.source}: {s.reason}" for s in first_skips)
        raise UnreadableFile(
            f"{path}: no papers found when read as {name}" + (f" (e.g. {why})" if why else "") + "; "
            f"is it the right format? (--format {'|'.join(FORMATS)})"
        )


__all__ = [
    "FORMATS",
    "Repaired",
    "Skipped",
    "UnreadableFile",
    "detect_format",
    "find_urls",
    "paper_from_record",
    "read_arxiv",
    "read_bibtex",
    "read_csv",
    "read_digest",
    "read_json",
    "read_jsonl",
    "read_papers",
]
