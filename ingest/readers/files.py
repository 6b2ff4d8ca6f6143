"""Whether a path is a file of papers at all: missing, a directory, a pipe, unreadable, empty
or blank is named here, before any reader parses it (re-exported by :mod:`ingest.readers.common`)."""

from __future__ import annotations

from pathlib import Path


class UnreadableFile(ValueError):
    """The whole file cannot be parsed; nothing from it may be stored."""


def require_file(path: Path) -> None:
    """Check that ``path`` is a regular file this process can read.

    Raises:
        UnreadableFile: naming what ``path`` is instead (missing, a directory, a device or
            pipe) or why it cannot be opened (permission), so no reader fails mid-way.
    """
    if path.is_dir():
        raise UnreadableFile(f"{path}: is a directory, not a file of papers; give the files in it")
    if not path.exists():
        raise UnreadableFile(f"{path}: no such file")
    if not path.is_file():
        raise UnreadableFile(f"{path}: not a regular file (a pipe, socket or device)")
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as exc:
        raise UnreadableFile(f"{path}: cannot be read ({exc.strerror or exc})") from None


def require_content(path: Path) -> None:
    """Check that the regular file ``path`` holds something besides whitespace.

    Raises:
        UnreadableFile: the file is empty (0 bytes) or holds only blank lines (and a BOM),
            named as such rather than as a file of the wrong format.
    """
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(f"{path}: is empty (0 bytes); nothing to read")
    if size <= 1 << 16:
        with path.open("rb") as handle:
            if not handle.read().strip(b" \t\r\n\x0b\x0c\xef\xbb\xbf"):
                raise UnreadableFile(f"{path}: holds only blank lines ({size} bytes); nothing to read")
