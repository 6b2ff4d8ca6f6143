"""BibTeX, as Zotero, Better BibTeX, Google Scholar or arXiv export it, parsed with bibtexparser v2.

bibtexparser parses a whole string at once, so the file is cut into batches of
whole blocks (a block starts at a line beginning with ``@type{`` or ``@type(``, the
same place bibtexparser itself resynchronises after a broken entry) and each batch
is parsed on its own: memory is bounded by a batch, not the file. ``@string``
macros carry over from batch to batch. LaTeX is decoded to Unicode (``{\\"u}`` → ü,
``\\&`` → &, case-protecting braces dropped), except math (``$\\alpha$``), which is
kept verbatim.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import bibtexparser
from bibtexparser.entrypoint import default_parse_stack
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    LatexDecodingMiddleware,
    MergeNameParts,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    MiddlewareErrorBlock,
    String,
)
from pylatexenc.latex2text import LatexNodes2Text

from assistant.types import Paper
from ingest.readers.bibtex_macros import ConcatenateMiddleware, inherit
from ingest.readers.common import Repaired, Skipped, paper_from_record, require_file
from ingest.readers.fields import LineDecoder, split_list

# bibtexparser logs each broken block; the ingest report already says it, with file:line.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())
logging.getLogger("bibtexparser").propagate = False

_BLOCK_START = re.compile(rb"^\s*@\s*([A-Za-z]+)\s*[{(]")
_BATCH_BLOCKS = 256
# How our own exports write what pdflatex cannot typeset (assistant.pdftex.portable): the
# character as written is the \\else branch, so a re-ingested references.bib keeps "李 雷".
_PORTABLE = re.compile(r"\\ifdefined\\pdftexversion (?:\[U\+[0-9A-F]{4,6}\])+\\else (.*?)\\fi(?:\{\})?")
_CROSSREF = re.compile(rb"""\bcrossref\s*=\s*[{"]?\s*([^\s,{}"]+)""", re.IGNORECASE)


@lru_cache(maxsize=1)
def _name_decoder() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="verbatim")


def _middleware() -> list[Any]:
    # ``#`` concatenations are joined before bibtexparser's own macro resolution and
    # enclosing removal (which would strip the outer quotes of ``"A" # "B"``). Names are
    # split on " and " while their protecting braces are still there; the middleware's
    # LaTeX decoding does not reach lists of names, so we decode those.
    return [
        ConcatenateMiddleware(),
        *default_parse_stack(allow_inplace_modification=True),
        SeparateCoAuthors(),
        SplitNameParts(),
        MergeNameParts(style="first"),
        LatexDecodingMiddleware(),
    ]


def _batches(path: Path, decoder: LineDecoder) -> Iterator[tuple[int, str]]:
    """``(file line of the text's first line, text)`` per batch of entries, decoded by ``decoder``."""
    lines: list[str] = []
    first = 1
    starts: list[int] = []
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            if _BLOCK_START.match(raw):
                if len(starts) >= _BATCH_BLOCKS:
                    yield first, "".join(lines)
                    lines, starts = [], []
                if not starts:
                    first = lineno
                    lines = []  # text before the first block is a comment
                starts.append(lineno)
            elif not starts:
                continue
            lines.append(decoder(raw, lineno))  # bytes valid in neither: repaired by read_papers
    if starts:
        yield first, "".join(lines)


def _record(entry: Entry) -> dict[str, Any]:
    fields = {key.lower(): value for key, value in entry.items() if key not in ("ENTRYTYPE", "ID")}
    authors = fields.get("author")
    if isinstance(authors, list):
        fields["author"] = [" ".join(_name_decoder().latex_to_text(str(a)).split()) for a in authors]
    categories = split_list(fields.get("primaryclass")) + split_list(fields.get("keywords"))
    fields["categories"] = list(dict.fromkeys(categories))
    fields.pop("keywords", None)
    if str(fields.get("archiveprefix", "arxiv")).lower() != "arxiv":
        fields.pop("eprint", None)  # an eprint on another server is not an arXiv id
    return fields


def _crossref_targets(path: Path) -> set[str]:
    """Keys named by a ``crossref`` field anywhere in the file (lowercase)."""
    with path.open("rb") as handle:
        return {m.group(1).decode("utf-8", "replace").lower() for line in handle for m in _CROSSREF.finditer(line)}


def read_bibtex(path: Path) -> Iterator[Paper | Skipped]:
    """Read a BibTeX file: every entry with a title and an ``abstract`` field becomes a paper.

    ``@string`` macros, ``#`` concatenations and ``crossref`` inheritance are resolved
    as BibTeX does (:mod:`ingest.readers.bibtex_macros`); a child whose parent comes
    later in the file (BibTeX's own rule) is yielded after the file is read.

    Entries bibtexparser cannot parse (unbalanced braces, a missing comma), duplicate
    citation keys, and entries with no title or abstract are skipped with
    ``file:line`` and the reason. A line that is not UTF-8 is read as Windows-1252
    (one note for the file, after its entries); bytes valid in neither are repaired by
    :func:`ingest.readers.read_papers`.

    Raises:
        UnreadableFile: the file is missing.
    """
    require_file(path)
    targets = _crossref_targets(path)
    parents: dict[str, dict[str, Any]] = {}
    waiting: list[tuple[dict[str, Any], str]] = []  # children whose parent is further on
    strings: dict[str, String] = {}
    decoder = LineDecoder()
    for first, text in _batches(path, decoder):
        seed = Library(blocks=list(strings.values()))
        text = _PORTABLE.sub(lambda m: m.group(1), text)
        library = bibtexparser.parse_string(text, parse_stack=_middleware(), library=seed)
        for string in library.strings:
            strings.setdefault(string.key.lower(), string)
        found: list[tuple[int, Paper | Skipped]] = []
        for block in library.blocks:
            if isinstance(block, String) or block.start_line is None:
                continue
            line = first + block.start_line
            source = f"{path}:{line}"
            if isinstance(block, Entry):
                entry: Entry | None = block
            elif isinstance(block, MiddlewareErrorBlock) and isinstance(block.ignore_error_block, Entry):
                entry = (
                    block.ignore_error_block
                )  # parsed, but some LaTeX or a name did not decode: keep as is
            elif isinstance(block, DuplicateFieldKeyBlock):
                # bibtexparser's own message points at its API ("available as
                # `failed_block.ignore_error_block`"); BibTeX would silently keep the first.
                names = ", ".join(repr(k) for k in sorted(block.duplicate_keys))
                reason = f"field {names} is given twice in one entry; keep one (BibTeX would use the first)"
                found.append((line, Skipped(source=source, reason=reason)))
                continue
            elif isinstance(block, DuplicateBlockKeyBlock):
                found.append((line, Skipped(source=source, reason=f"duplicate BibTeX key {block.key!r}")))
                continue
            elif hasattr(block, "error"):
                error = block.error
                reason = " ".join(
                    str(
                        getattr(error, "abort_reason", None) or getattr(error, "message", None) or error
                    ).split()
                )
                found.append(
                    (line, Skipped(source=source, reason=f"BibTeX entry cannot be parsed: {reason}"))
                )
                continue
            else:
                continue  # @comment, @preamble, text between entries
            record = _record(entry)
            if entry.key.lower() in targets:
                parents[entry.key.lower()] = record
            ref = str(record.get("crossref") or "").strip().lower()
            if ref and ref not in parents and ref in targets:
                waiting.append((record, source))
                continue
            found.append((line, paper_from_record(inherit(record, parents.get(ref)), source)))
        found.sort(key=lambda item: item[0])
        for _line, item in found:
            yield item
    for record, source in waiting:
        ref = str(record.get("crossref")).strip().lower()
        yield paper_from_record(inherit(record, parents.get(ref)), source)
    if (notice := decoder.notice()) is not None:
        yield Repaired(source=f"{path}:{notice[0]}", reason=notice[1])
