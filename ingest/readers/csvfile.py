"""CSV / TSV with a header row (a spreadsheet export), streamed row by row.

The delimiter (``,`` ``;`` tab ``|``) is sniffed from the start of the file. Header
names are matched case-insensitively against :data:`~ingest.readers.common.ALIASES`;
a title and an abstract column are required. Quoted fields may span lines; the
``file:line`` of a row is the line it starts on.
"""

from __future__ import annotations

import csv
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

_MAX_FIELD = 16 << 20  # characters; an unclosed quote stops here instead of swallowing the file
_SAMPLE = 1 << 16


class _Dialect(csv.excel):
    delimiter = ","


def _dialect(sample: str, path: Path) -> type[csv.Dialect]:
    """Excel's dialect with the delimiter the header row uses most (tab for ``.tsv``)."""
    header = sample.split("\n", 1)[0]
    delimiter = "\t" if path.suffix.lower() == ".tsv" else max(",;\t|", key=header.count)
    return type("Sniffed", (_Dialect,), {"delimiter": delimiter})


def read_csv(path: Path) -> Iterator[Paper | Skipped]:
    """Read a CSV/TSV file whose first row names the columns.

    Rows with a different number of fields than the header, with bytes that are
    not UTF-8, that the csv module rejects (e.g. an unclosed quote running to the
    end of the file), or without title/abstract are skipped with ``file:line``.

    Raises:
        UnreadableFile: the file is missing, empty, or has no title or no abstract column.
    """
    require_file(path)
    csv.field_size_limit(_MAX_FIELD)
    with path.open("rb") as raw:
        bom = raw.read(2)
    # Excel's "Unicode text" export is UTF-16 with a byte-order mark; everything else is read as UTF-8.
    encoding = "utf-16" if bom in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    with path.open("r", encoding=encoding, errors="surrogateescape", newline="") as handle:
        sample = handle.read(_SAMPLE)
        handle.seek(0)
        dialect = _dialect(sample, path)
        reader = csv.reader(handle, dialect, strict=True)
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
        last = reader.line_num
        while True:
            start = last + 1
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                last = reader.line_num
                yield Skipped(
                    source=f"{path}:{start}", reason=f"malformed CSV row (lines {start}-{last}): {exc}"
                )
                continue
            last = reader.line_num
            if not row or not any(cell.strip() for cell in row):
                continue
            source = f"{path}:{start}"
            if len(row) != len(header):
                span = f" and spans lines {start}-{last} (an unclosed quote?)" if last > start + 5 else ""
                yield Skipped(
                    source=source, reason=f"row has {len(row)} fields, the header has {len(header)}{span}"
                )
                continue
            record = dict(zip(header, row, strict=True))
            paper = paper_from_record(record, source)
            if isinstance(paper, Paper) and (year := unread_year(record)):
                yield Repaired(source=source, reason=year)  # the note goes before its paper
            yield paper
