"""CSV / TSV with a header row (a spreadsheet export), streamed row by row.

The delimiter (``,`` ``;`` tab ``|``) is sniffed from the start of the file. Header
names are matched case-insensitively against :data:`~ingest.readers.common.ALIASES`;
a title and an abstract column are required. Quoted fields may span lines; the
``file:line`` of a row is the line it starts on.
"""

from __future__ import annotations

import csv
import io
from collections import deque
from collections.abc import Iterator
from pathlib import Path

from assistant.types import Paper
from ingest.readers.common import (
    ALIASES,
    Repaired,
    Skipped,
    UnreadableFile,
    norm_key,
    paper_from_record,
    require_file,
    unread_year,
)
from ingest.readers.fields import LineDecoder, decoded_lines

_MAX_FIELD = 16 << 20  # characters; an unclosed quote stops here instead of swallowing the file
_SAMPLE = 1 << 16


class _Dialect(csv.excel):
    delimiter = ","


def _dialect(sample: str, path: Path) -> type[csv.Dialect]:
    """Excel's dialect with the delimiter the header row uses most (tab for ``.tsv``)."""
    header = sample.split("\n", 1)[0]
    delimiter = "\t" if path.suffix.lower() == ".tsv" else max(",;\t|", key=header.count)
    return type("Sniffed", (_Dialect,), {"delimiter": delimiter})


class _Lines:
    """The physical lines of a CSV file for :func:`csv.reader`, with the ones a row took kept.

    An unclosed quote makes the csv module read on, line after line, until a later
    quote or the end of the file. The lines a row took (``taken``) can be put back,
    so a row that fails that way is given up as its first line only and the lines
    after it are read again as rows of their own.
    """

    def __init__(self, lines: Iterator[str]) -> None:
        self._lines = lines
        self._back: deque[str] = deque()
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._back.popleft() if self._back else next(self._lines)
        self.taken.append(line)
        return line

    def put_back(self, lines: list[str]) -> None:
        """Read ``lines`` again, before the rest of the file."""
        self._back.extendleft(reversed(lines))


def _unclosed(start: int, span: int, why: str) -> str:
    return (
        f"unclosed quote? the quoted field opened on this line runs over lines {start}-{start + span - 1} "
        f"({why}); this line is skipped and reading resumes at line {start + 1}"
    )


def read_csv(path: Path) -> Iterator[Paper | Skipped]:
    """Read a CSV/TSV file whose first row names the columns.

    Rows with a different number of fields than the header, that the csv module
    rejects, or without title/abstract are skipped with ``file:line``. A quoted field
    may span lines; a row whose quote runs on over later lines and then fails (an
    unclosed quote: the csv module reaches the end of the file, or a later quote and
    a malformed row) costs only the line it starts on, and reading resumes at the
    next line. A row the csv module reads whole over several lines but with the wrong
    number of fields is skipped whole (its inner lines are not rows). A line that is not UTF-8 is read as Windows-1252 (:class:`LineDecoder`; one
    note for the file, after its rows); bytes valid in neither are kept for
    :func:`ingest.readers.read_papers` to repair.

    Raises:
        UnreadableFile: the file is missing, empty, or has no title or no abstract column.
    """
    require_file(path)
    csv.field_size_limit(_MAX_FIELD)
    decoder = LineDecoder()
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE)
        handle.seek(0)
        # Excel's "Unicode text" export is UTF-16 with a byte-order mark; everything else is read
        # line by line as UTF-8, or as Windows-1252 where a line is not UTF-8 (reported once).
        utf16 = head[:2] in (b"\xff\xfe", b"\xfe\xff")
        dialect = _dialect(head.decode("utf-16" if utf16 else "utf-8", errors="replace"), path)
        if utf16:
            text = io.TextIOWrapper(handle, encoding="utf-16", errors="surrogateescape", newline="")
            lines = _Lines(iter(text))
        else:
            lines = _Lines(decoded_lines(handle, decoder))
        reader = csv.reader(lines, dialect, strict=True)
        try:
            header = [norm_key(h) for h in next(reader)]
        except StopIteration:
            raise UnreadableFile(f"{path}: empty file, no header row") from None
        except csv.Error as exc:
            raise UnreadableFile(f"{path}:1: the header row is not valid CSV ({exc})") from None
        for field in ("title", "abstract"):
            if not set(ALIASES[field]) & set(header):
                raise UnreadableFile(
                    f"{path}: no {field} column (one of {', '.join(ALIASES[field])}); "
                    f"the header has: {', '.join(header)[:300]}"
                )
        last = len(lines.taken)
        while True:
            start = last + 1
            lines.taken = []
            try:
                row, error = next(reader), None
            except StopIteration:
                break
            except csv.Error as exc:
                row, error = [], f"csv: {exc}"
            span = len(lines.taken)
            source = f"{path}:{start}"
            if span > 1 and error:
                lines.put_back(lines.taken[1:])
                reader = csv.reader(lines, dialect, strict=True)  # a fresh one: no half-read row
                last = start
                yield Skipped(source=source, reason=_unclosed(start, span, error))
                continue
            last = start + span - 1
            if span > 1 and row and len(row) != len(header):
                # The csv module read a whole row over several lines (its quotes closed): a wrong
                # field count drops all of it; re-reading its inner lines made junk papers of them.
                yield Skipped(
                    source=source,
                    reason=f"the row over lines {start}-{last} has {len(row)} fields, the header has "
                    f"{len(header)}; the whole row is skipped and reading resumes at line {last + 1}",
                )
                continue
            if error:
                yield Skipped(source=source, reason=f"malformed CSV row ({error})")
                continue
            if not row or not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield Skipped(
                    source=source, reason=f"row has {len(row)} fields, the header has {len(header)}"
                )
                continue
            record = dict(zip(header, row, strict=True))
            paper = paper_from_record(record, source)
            if isinstance(paper, Paper) and (year := unread_year(record)):
                yield Repaired(source=source, reason=year)  # the note goes before its paper
            yield paper
    if (notice := decoder.notice()) is not None:
        yield Repaired(source=f"{path}:{notice[0]}", reason=notice[1])
