"""The daily-papers digest: a page header, then a title line and an abstract line per paper."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from assistant.text import clipped
from assistant.types import Paper
from ingest.readers.common import Repaired, Skipped, UnreadableFile, require_file, shows_nothing
from ingest.readers.fields import LineDecoder, clean, decoded_lines, find_urls

# Shortest line taken for an abstract rather than a title; digest titles are
# under 200 characters, its abstracts over 600.
_MIN_ABSTRACT_CHARS = 200


def _is_abstract(line: str) -> bool:
    return len(line) >= _MIN_ABSTRACT_CHARS


def read_digest(path: Path) -> Iterator[Paper | Skipped]:
    """Read the daily-papers digest: a page header, then title / abstract line pairs.

    Blank lines are ignored. Short lines before the first title/abstract pair are
    the page header and are dropped silently; after it, a title with no abstract
    or an abstract with no title is reported as :class:`Skipped`. A line that is not
    UTF-8 is read as Windows-1252 (one note for the file, after its papers).

    Raises:
        UnreadableFile: the file is missing, not a file, or holds no paper at all.
    """
    require_file(path)
    pending: tuple[int, str] | None = None  # a title line waiting for its abstract
    found = skipped = 0  # papers read; pairs skipped (read_papers names them when nothing is read)
    # byte_lines: CRLF and old Mac CR-only files have lines too. A line that is not UTF-8 is
    # read as Windows-1252 (one note for the file); bytes valid in neither survive as surrogates,
    # which read_papers repairs and reports; clean() drops NULs, a BOM, zero-width and bidi
    # characters, as every other reader does.
    decoder = LineDecoder()
    with path.open("rb") as handle:
        for lineno, raw in enumerate(decoded_lines(handle, decoder), start=1):
            line = clean(raw)
            if not line:
                continue
            if not _is_abstract(line):
                if pending is not None and found:
                    yield Skipped(
                        source=f"{path}:{pending[0]}",
                        reason=f"title {clipped(pending[1], 60)!r} has no abstract",
                    )
                pending = (lineno, line)
                continue
            if pending is None:
                yield Skipped(source=f"{path}:{lineno}", reason="abstract with no title line")
                continue
            title_line, title = pending
            pending = None
            if (blank := shows_nothing(title, line, f"{path}:{title_line}")) is not None:
                skipped += 1
                yield blank
                continue
            code_url, url = find_urls(line)
            found += 1
            yield Paper(
                title=title,
                abstract=line,
                code_url=code_url,
                url=url,
                source=f"{path}:{title_line}",
            )
    if pending is not None and found:
        yield Skipped(source=f"{path}:{pending[0]}", reason="title at end of file has no abstract")
    if (notice := decoder.notice()) is not None and found:
        yield Repaired(source=f"{path}:{notice[0]}", reason=notice[1])
    if not found and not skipped:
        raise UnreadableFile(
            f"{path}: no title/abstract pairs found; is this a daily-papers digest "
            "(a title line, then an abstract line, per paper)?"
        )
