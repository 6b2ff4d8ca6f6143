"""JSON Lines (one object per line) and JSON (an array of objects, or an object holding one).

Both stream: JSONL line by line, a top-level JSON array element by element with
``json.JSONDecoder.raw_decode`` over a sliding buffer (of lines decoded as UTF-8 or
Windows-1252, a long line in pieces), so memory is bounded by the
largest record, not the file. A top-level JSON *object* (``{"papers": [...]}`` or a
single paper) is loaded whole; use an array or JSONL for large collections.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from assistant.types import Paper
from ingest.readers.common import (
    Repaired,
    Skipped,
    UnreadableFile,
    json_kind,
    lower_keys,
    paper_from_record,
    require_file,
    unread_year,
    wrong_types,
)
from ingest.readers.fields import WINDOWS_1252, LineDecoder, byte_lines, decode_line, decoded_lines

_CHUNK = 1 << 16
_MAX_RECORD = 64 << 20  # a single JSON element larger than this is not a paper
_WS = re.compile(r"[ \t\r\n]*")
# Keys under which a top-level JSON object may hold its list of papers.
_LIST_KEYS = ("papers", "items", "records", "entries", "data", "results")


def _record(obj: Any, source: str) -> Iterator[Paper | Skipped | Repaired]:
    if not isinstance(obj, dict):
        yield Skipped(source=source, reason=f"not a JSON object but {json_kind(obj)}")
        return
    paper = paper_from_record(obj, source)
    dropped = wrong_types(lower_keys(obj))
    year = unread_year(lower_keys(obj))
    if isinstance(paper, Paper) and (dropped or year):  # the note goes first, as read_papers' do
        fields = "; ".join(f"{key!r} is {kind}" for key, kind in dropped.items())
        why = [f"dropped fields that are not text: {fields}"] if dropped else []
        yield Repaired(source=source, reason="; ".join([*why, *([year] if year else [])]))
    yield paper


def read_jsonl(path: Path) -> Iterator[Paper | Skipped]:
    """Read JSON Lines: one paper object per line; blank lines are ignored.

    A line that is not valid JSON, or not an object, is skipped
    with its ``file:line``; so is an object without title or abstract.

    Raises:
        UnreadableFile: the file is missing.
    """
    require_file(path)
    with path.open("rb") as handle:
        for lineno, raw in enumerate(byte_lines(handle), start=1):
            source = f"{path}:{lineno}"
            line, legacy = decode_line(raw, first=lineno == 1)
            if not line.strip():
                continue
            try:
                obj = json.loads(line.rstrip("\r\n"))  # else an error at the line end reads "column 1"
            except json.JSONDecodeError as exc:
                yield Skipped(
                    source=source,
                    reason=f"malformed JSON ({exc.msg.removesuffix(' at')} at column {exc.colno})",
                )
                continue
            items = list(_record(obj, source))
            if legacy and any(isinstance(item, Paper) for item in items):
                yield Repaired(
                    source=source,
                    reason=f"the line is not UTF-8: {WINDOWS_1252}",
                )
            yield from items


class _Buffer:
    """A sliding window over a file's decoded lines, tracking the line number of its cursor."""

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.text = ""
        self.pos = 0
        self.line = 1
        self.eof = False

    def fill(self) -> None:
        """Append at least :data:`_CHUNK` characters (whole lines), or set ``eof``."""
        chunk: list[str] = []
        size = 0
        for line in self.lines:
            chunk.append(line)
            size += len(line)
            if size >= _CHUNK:
                break
        self.eof = not chunk
        self.text = self.text[self.pos :] + "".join(chunk)
        self.pos = 0

    def advance(self, to: int) -> None:
        self.line += self.text.count("\n", self.pos, to)
        self.pos = to

    def peek(self) -> str:
        """The next non-whitespace character ('' at the end of the file)."""
        while True:
            self.advance(_WS.match(self.text, self.pos).end())  # type: ignore[union-attr]
            if self.pos < len(self.text) or self.eof:
                return self.text[self.pos : self.pos + 1]
            self.fill()


def _array_elements(path: Path, buf: _Buffer) -> Iterator[tuple[int, Any]]:
    decoder = json.JSONDecoder()
    buf.advance(buf.pos + 1)  # past "["
    if buf.peek() == "]":
        return
    while True:
        while True:
            try:
                obj, end = decoder.raw_decode(buf.text, buf.pos)
                if end < len(buf.text) or buf.eof:
                    break
            except json.JSONDecodeError as exc:
                if buf.eof or len(buf.text) - buf.pos > _MAX_RECORD:
                    line = buf.line + buf.text.count("\n", buf.pos, exc.pos)
                    raise UnreadableFile(
                        f"{path}:{line}: invalid JSON ({exc.msg}); the file is not a well-formed JSON array. "
                        "Nothing from it was stored."
                    ) from None
            buf.fill()
        line = buf.line
        buf.advance(end)
        yield line, obj
        after = buf.peek()
        if after == "]":
            buf.advance(buf.pos + 1)
            if buf.peek():
                raise UnreadableFile(f"{path}:{buf.line}: text after the end of the JSON array")
            return
        if after != ",":
            raise UnreadableFile(
                f"{path}:{buf.line}: invalid JSON (expected ',' or ']' after an element, found "
                f"{after or 'the end of the file'!r}). Nothing from it was stored."
            )
        buf.advance(buf.pos + 1)
        buf.peek()


def read_json(path: Path) -> Iterator[Paper | Skipped]:
    """Read a JSON file: an array of paper objects (streamed), or one object holding them.

    The object form is ``{"papers": [...]}`` (or ``items``, ``records``, ``entries``,
    ``data``, ``results``) or a single paper. An element that is not an object, or
    lacks title or abstract, is skipped with the line it starts on. A line that is not
    UTF-8 is read as Windows-1252 (:class:`LineDecoder`; one note for the file, after its
    records); bytes valid in neither are kept for :func:`ingest.readers.read_papers` to repair.

    Raises:
        UnreadableFile: the file is missing or is not well-formed JSON (anywhere in it).
    """
    require_file(path)
    decoder = LineDecoder()
    yield from _json_records(path, decoder)
    if (notice := decoder.notice()) is not None:
        yield Repaired(source=f"{path}:{notice[0]}", reason=notice[1])


def _json_records(path: Path, decoder: LineDecoder) -> Iterator[Paper | Skipped | Repaired]:
    with path.open("rb") as handle:
        buf = _Buffer(decoded_lines(handle, decoder, limit=_CHUNK))
        first = buf.peek()
        if first == "[":
            for line, obj in _array_elements(path, buf):
                yield from _record(obj, f"{path}:{line}")
            return
        if first != "{":
            raise UnreadableFile(f"{path}: not JSON (starts with {first or 'nothing'!r}, not '[' or '{{')")
        try:
            whole = json.loads(buf.text[buf.pos :] + "".join(buf.lines))
        except json.JSONDecodeError as exc:
            raise UnreadableFile(
                f"{path}:{buf.line + exc.lineno - 1}: invalid JSON ({exc.msg}). Nothing from it was stored."
            ) from None
    items = next((whole[k] for k in _LIST_KEYS if isinstance(whole.get(k), list)), None)
    if items is None:
        yield from _record(whole, f"{path}:{buf.line}")
        return
    for i, obj in enumerate(items):  # no line numbers once loaded whole: say which element
        yield from _record(obj, f"{path}:element {i}")
