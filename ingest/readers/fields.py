"""Parsing one field's value as the readers meet it: text clean-up and repair, URLs, arXiv ids,
DOIs, years, author names and lists.

Split out of :mod:`ingest.readers.common`, which maps whole records onto papers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, BinaryIO

from assistant.types import visible

# A URL as it appears in running text; trailing punctuation and the digest's
# stray "{link}}" template residue are cut off afterwards.
_URL = re.compile(r"https?://[^\s{}<>\"']+")
CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co/spaces")
# arXiv identifiers: new style 2401.06209 (4+4 or 4+5 digits), old style cs/0112017 or math.GT/0309136.
_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}"
_ARXIV_ID = re.compile(rf"(?<![\w./])({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?(?![\w])")
_ARXIV_EXACT = re.compile(rf"^({_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?$")
_DOI = re.compile(r"10\.\d{4,9}/\S+")
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d|2100)(?!\d)")
# Bytes that were not UTF-8 (kept as U+DC80..U+DCFF by "surrogateescape"), or a lone
# surrogate from a JSON "\\ud800" escape: neither can be stored as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")


def find_urls(text: str) -> tuple[str | None, str | None]:
    """The first code URL and the first other URL mentioned in ``text``.

    Returns ``(code_url, url)``; either is None when absent.
    """
    code_url = url = None
    for raw in _URL.findall(text):
        link = raw.rstrip(".,;:)]")
        if any(host in link for host in CODE_HOSTS):
            code_url = code_url or link
        else:
            url = url or link
    return code_url, url


def clean(text: str) -> str:
    """Whitespace collapsed to single spaces (line-wrapped XML and BibTeX fields), control and
    invisible format characters (zero-width, bidi overrides, soft hyphen) and terminal escape
    sequences dropped (:func:`assistant.types.visible`)."""
    return " ".join(visible(text).split())


def decode_line(raw: bytes, first: bool = False) -> tuple[str, bool]:
    """One line of a file as text, and whether it was read as Windows-1252.

    UTF-8 first (a BOM dropped on the ``first`` line). A line that is not UTF-8 but is
    valid Windows-1252 (a record pasted from Excel or an old Windows tool into a UTF-8
    file: "caf\\xe9", "\\x93quoted\\x94") is read as such, so its accents and quotes
    survive; callers report it. Otherwise the bytes that are not UTF-8 are kept as
    surrogates, which :func:`repair_text` turns into U+FFFD and reports.
    """
    encoding = "utf-8-sig" if first else "utf-8"
    try:
        return raw.decode(encoding), False
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252"), True
    except UnicodeDecodeError:
        return raw.decode(encoding, errors="surrogateescape"), False


# What a reader says when it read lines as Windows-1252 (after "the line/file is not UTF-8: ").
WINDOWS_1252 = (
    "read as Windows-1252 (Excel's and old Windows tools' encoding); "
    "save the file as UTF-8 if its accents look wrong"
)


class LineDecoder:
    """Decodes a file's lines with :func:`decode_line`, counting those read as Windows-1252.

    For the readers that report a file once (CSV, BibTeX, JSON, digest) rather than per record (JSONL):
    call it on every line in order, then :meth:`notice` for the file's one note.
    """

    def __init__(self) -> None:
        self.legacy = 0
        self.first: int | None = None  # the first line read as Windows-1252
        self._last: int | None = None  # the last one (a long line comes in pieces, counted once)

    def __call__(self, raw: bytes, lineno: int) -> str:
        text, legacy = decode_line(raw, first=lineno == 1)
        if legacy and lineno != self._last:
            self.legacy += 1
            self.first = self.first or lineno
            self._last = lineno
        return text

    def notice(self) -> tuple[int, str] | None:
        """``(first line, reason)`` when any line was read as Windows-1252, else None."""
        if self.first is None:
            return None
        lines = f"{self.legacy} of its lines are" if self.legacy > 1 else "1 of its lines is"
        return self.first, f"the file is not UTF-8 ({lines}, this one first): {WINDOWS_1252}"


def byte_lines(handle: BinaryIO, limit: int = -1) -> Iterator[bytes]:
    """The lines of a binary file, ending at ``\\n`` (and so at CRLF), or at ``\\r`` in a file
    whose first 64 KiB hold a CR and no LF (old Mac line ends, which would make it one line).
    With a ``limit``, an LF-ended line longer than it comes in pieces of at most ``limit`` bytes."""
    head = handle.read(1 << 16)
    handle.seek(0)
    if b"\n" in head or b"\r" not in head:
        yield from iter(lambda: handle.readline(limit), b"")
        return
    rest = b""
    while block := handle.read(1 << 16):
        *lines, rest = (rest + block).split(b"\r")
        yield from (line + b"\r" for line in lines)
    if rest:
        yield rest


# Bytes in a UTF-8 character, by the high nibble of its lead byte.
_UTF8_LENGTH = {0xC: 2, 0xD: 2, 0xE: 3, 0xF: 4}


def decoded_lines(handle: BinaryIO, decoder: LineDecoder, limit: int = -1) -> Iterator[str]:
    """The lines of a binary file (:func:`byte_lines`) as text, each decoded by ``decoder``
    (UTF-8, else Windows-1252, counted for its :meth:`LineDecoder.notice`).

    With a ``limit`` (bytes), a longer line (a minified JSON file is one line) is decoded in
    pieces, each cut before a UTF-8 lead byte so no character is split, and memory stays bounded.
    """
    lineno, carry = 1, b""
    for piece in byte_lines(handle, limit):
        raw, carry = carry + piece, b""
        whole = raw.endswith((b"\n", b"\r"))
        if not whole:  # a UTF-8 character cut at the piece's end waits for the next piece
            cut = len(raw) - 1
            while cut > max(len(raw) - 4, 0) and 0x80 <= raw[cut] <= 0xBF:
                cut -= 1
            if len(raw) - cut < _UTF8_LENGTH.get(raw[cut] >> 4, 1):
                raw, carry = raw[:cut], raw[cut:]
                if not raw:
                    continue
        yield decoder(raw, lineno)
        lineno += whole
    if carry:
        yield decoder(carry, lineno)


def has_bad_bytes(text: str) -> bool:
    """True when ``text`` holds bytes that were not UTF-8 (decoded with surrogateescape) or lone surrogates."""
    return bool(_SURROGATE.search(text))


def repair_text(text: str) -> tuple[str, int]:
    """``text`` storable as UTF-8, and how many characters were replaced.

    A high+low surrogate pair (UTF-16 written out as two code points, as broken
    PDF-to-text tools emit for math letters such as U+1D400) becomes the character
    it encodes; every other surrogate, lone or standing for a byte that was not
    UTF-8 (``surrogateescape``), becomes U+FFFD REPLACEMENT CHARACTER.
    """
    if not _SURROGATE.search(text):
        return text, 0
    fixed = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    # U+DC80..U+DCFF from surrogateescape decode to themselves above; replace those too.
    fixed = _SURROGATE.sub("\ufffd", fixed)
    return fixed, fixed.count("\ufffd") - text.count("\ufffd")


def arxiv_id_of(value: str) -> str | None:
    """The versionless arXiv id in ``value`` (an id, ``arXiv:`` id, abs/pdf URL or arXiv DOI), else None.

    >>> arxiv_id_of("http://arxiv.org/abs/2401.06209v2")
    '2401.06209'
    """
    value = value.strip()
    lowered = value.lower()
    if lowered.startswith("arxiv:"):
        value = (value[6:].split() or [""])[0]
    elif "arxiv" in lowered:  # a URL or "10.48550/arXiv.2401.06209"
        match = _ARXIV_ID.search(re.sub(r"(?i)^.*?arxiv[./:]?(?:org/(?:abs|pdf)/)?", "", value))
        return match.group(1) if match else None
    match = _ARXIV_EXACT.match(value.removesuffix(".pdf"))
    return match.group(1) if match else None


def doi_of(value: str) -> str | None:
    """The bare DOI in ``value`` (``doi:``, ``https://doi.org/`` prefixes dropped), else None."""
    match = _DOI.search(value.strip())
    return match.group(0).rstrip(".,;") if match else None


def year_of(value: Any) -> int | None:
    """A plausible year from an int or any date-like string (``2024``, ``2024-01-22T18:59:59Z``)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):  # JSON's 1e400, NaN, Infinity
        return None
    if isinstance(value, int | float):
        year = int(value)
        return year if 1500 <= year <= 2100 else None
    match = _YEAR.search(str(value))
    return int(match.group(1)) if match else None


def split_names(value: Any) -> list[str]:
    """Authors from a list (of names, or of ``{"name"}`` / ``{"given","family"}`` objects) or a string.

    A string is split on `` and `` (BibTeX style, ``Last, First`` turned to
    ``First Last``), else on ``;``, else on ``,``.
    """
    if value is None:
        return []
    if isinstance(value, str):
        text = clean(value)
        if not text:
            return []
        if re.search(r"\s+and\s+", text):
            parts = re.split(r"\s+and\s+", text)
            return [" ".join(reversed(p.split(", ", 1))) if ", " in p else p for p in parts if p]
        if ";" in text:  # Zotero's CSV: "Last, First; Last, First"
            parts = [p.strip() for p in text.split(";")]
            return [" ".join(reversed(p.split(", ", 1))) if p.count(",") == 1 else p for p in parts if p]
        return [p.strip() for p in text.split(",") if p.strip()]
    names: list[str] = []
    for item in value if isinstance(value, Iterable) and not isinstance(value, Mapping) else [value]:
        if isinstance(item, Mapping):
            lowered = {str(k).lower(): v for k, v in item.items()}
            name = lowered.get("name") or " ".join(
                str(lowered[k]) for k in ("given", "firstname", "family", "lastname") if lowered.get(k)
            )
            if name:
                names.append(clean(str(name)))
        elif item not in (None, ""):
            names.append(clean(str(item)))
    return names


def split_list(value: Any) -> list[str]:
    """Categories or keywords from a list or a ``,``/``;``-separated string, order kept, no repeats."""
    if value is None:
        return []
    items = value if isinstance(value, list | tuple) else re.split(r"[;,]", str(value))
    seen: dict[str, None] = {}
    for item in items:
        text = clean(str(item["term"] if isinstance(item, Mapping) and "term" in item else item))
        if text:
            seen.setdefault(text, None)
    return list(seen)
