"""Readers: turn a file of papers into :class:`~assistant.types.Paper` records.

Every reader is a generator of ``Paper | Skipped``, so a bad record is reported
with its ``file:line`` and the rest is still read, and a large file streams with
bounded memory. A file that cannot be read at all raises :class:`UnreadableFile`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from assistant.types import Paper

# A URL as it appears in running text; trailing punctuation and the digest's
# stray "{link}}" template residue are cut off afterwards.
_URL = re.compile(r"https?://[^\s{}<>\"']+")
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co/spaces")
# Shortest line taken for an abstract rather than a title; digest titles are
# under 200 characters, its abstracts over 600.
_MIN_ABSTRACT_CHARS = 200


class Skipped(BaseModel):
    """A record a reader could not turn into a paper."""

    source: str  # "file:line"
    reason: str


class UnreadableFile(ValueError):
    """The whole file cannot be parsed; nothing from it may be stored."""


def find_urls(text: str) -> tuple[str | None, str | None]:
    """The first code URL and the first other URL mentioned in ``text``.

    Returns ``(code_url, url)``; either is None when absent.
    """
    code_url = url = None
    for raw in _URL.findall(text):
        link = raw.rstrip(".,;:)]")
        if any(host in link for host in _CODE_HOSTS):
            code_url = code_url or link
        else:
            url = url or link
    return code_url, url


def _is_abstract(line: str) -> bool:
    return len(line) >= _MIN_ABSTRACT_CHARS


def read_digest(path: Path) -> Iterator[Paper | Skipped]:
    """Read the daily-papers digest: a page header, then title / abstract line pairs.

    Blank lines are ignored. Short lines before the first title/abstract pair are
    the page header and are dropped silently; after it, a title with no abstract
    or an abstract with no title is reported as :class:`Skipped`.

    Raises:
        UnreadableFile: the file is missing, not a file, or holds no paper at all.
    """
    if not path.is_file():
        raise UnreadableFile(f"{path}: no such file")
    pending: tuple[int, str] | None = None  # a title line waiting for its abstract
    found = 0
    with path.open("rb") as handle:
        for lineno, raw in enumerate(handle, start=1):
            try:
                line = raw.decode("utf-8").strip()
            except UnicodeDecodeError as exc:
                yield Skipped(source=f"{path}:{lineno}", reason=f"not valid UTF-8 ({exc.reason})")
                pending = None
                continue
            if not line:
                continue
            if not _is_abstract(line):
                if pending is not None and found:
                    yield Skipped(
                        source=f"{path}:{pending[0]}",
                        reason=f"title {pending[1][:60]!r} has no abstract",
                    )
                pending = (lineno, line)
                continue
            if pending is None:
                yield Skipped(source=f"{path}:{lineno}", reason="abstract with no title line")
                continue
            title_line, title = pending
            pending = None
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
    if not found:
        raise UnreadableFile(
            f"{path}: no title/abstract pairs found; is this a daily-papers digest "
            "(a title line, then an abstract line, per paper)?"
        )


def read_papers(path: Path) -> Iterator[Paper | Skipped]:
    """Read any supported file of papers, chosen by its extension and content."""
    return read_digest(path)
