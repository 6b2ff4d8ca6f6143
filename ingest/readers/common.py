"""What every reader shares: the skip record, the fatal error, and record → Paper mapping.

A *record* is a flat mapping read from any structured format (a JSON object, a
CSV row, an arXiv Atom entry, a BibTeX entry). :func:`paper_from_record` maps its
fields, under the names those formats use, onto :class:`~assistant.types.Paper`,
or says in one :class:`Skipped` why it cannot.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from assistant.types import Paper

# A URL as it appears in running text; trailing punctuation and the digest's
# stray "{link}}" template residue are cut off afterwards.
_URL = re.compile(r"https?://[^\s{}<>\"']+")
_CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co/spaces")
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

# Field names, per Paper field, in the order they are tried (keys are compared lowercased).
ALIASES: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "paper_title"),
    "abstract": ("abstract", "summary", "abstract_note", "abstractnote", "description", "abstract_text"),
    "authors": ("authors", "author", "creators", "author_names"),
    "year": (
        "year",
        "publication_year",
        "published",
        "publishedat",
        "published_date",
        "date",
        "issued",
        "submitted",
    ),
    "url": ("url", "link", "abs_url", "html_url", "pdf_url", "paper_url"),
    "arxiv_id": ("arxiv_id", "arxiv", "arxivid", "eprint", "arxiv_url"),
    "doi": ("doi",),
    "code_url": ("code_url", "code", "github", "github_url", "repo", "repository", "code_link"),
    "categories": (
        "categories",
        "category",
        "tags",
        "keywords",
        "manual_tags",
        "subjects",
        "primary_category",
    ),
}
# Other fields worth scanning for a code URL or an arXiv id when none is given.
_EXTRA_TEXT = ("comment", "comments", "note", "howpublished", "journal", "journal_ref", "id")


class Skipped(BaseModel):
    """A record a reader could not turn into a paper: where it is and why."""

    source: str  # "file:line"
    reason: str


class Repaired(BaseModel):
    """A record stored with characters that cannot be stored as UTF-8 replaced: where, and what."""

    source: str  # "file:line"
    reason: str


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


# Control characters, and invisible format characters that only hide text from search and
# identity: soft hyphen (PDF copy-paste "trans\xadformer"), zero-width space, word joiner,
# BOM, LRM/RLM and the bidi embeddings, overrides and isolates (U+202A-E, U+2066-9, which can
# make a title display reversed). ZWNJ/ZWJ (U+200C/D) are kept: Persian, Indic scripts and
# emoji sequences need them.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u00ad\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def clean(text: str) -> str:
    """Whitespace collapsed to single spaces (line-wrapped XML and BibTeX fields), control and
    invisible format characters (zero-width, bidi overrides, soft hyphen) dropped."""
    return " ".join(_CONTROL.sub("", text).split())


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


def repair_paper(paper: Paper) -> tuple[Paper, Repaired | None]:
    """``paper`` with every text field made storable (:func:`repair_text`), and a note when any was.

    The note names the fields and the count of replaced characters; the paper keeps
    everything else, so one bad character never costs the whole record.
    """
    update: dict[str, Any] = {}
    counts: dict[str, int] = {}
    for name, value in paper:
        if isinstance(value, str):
            fixed, n = repair_text(value)
        elif isinstance(value, list):
            pairs = [repair_text(v) if isinstance(v, str) else (v, 0) for v in value]
            fixed, n = [v for v, _ in pairs], sum(k for _, k in pairs)
        else:
            continue
        if fixed != value:
            update[name], counts[name] = fixed, max(n, 1)
    if not update:
        return paper, None
    total = sum(counts.values())
    fields = ", ".join(f"{k!r} ({n})" for k, n in counts.items())
    note = Repaired(
        source=paper.source,
        reason=f"replaced {total} character{'s' if total > 1 else ''} that cannot be stored as UTF-8 "
        f"(lone surrogates or bytes not UTF-8) with U+FFFD in {fields}",
    )
    return paper.model_copy(update=update), note


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


def _first(record: Mapping[str, Any], field: str) -> Any:
    for key in ALIASES[field]:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):  # e.g. a CSL "title": ["..."]
        value = " ".join(str(v) for v in value)
    return clean(str(value))


def norm_key(key: object) -> str:
    """A field name as :data:`ALIASES` spells it: ``"Abstract Note"`` → ``"abstract_note"``."""
    return re.sub(r"[\s\-]+", "_", str(key).strip().lower())


def lower_keys(record: Mapping[str, Any]) -> dict[str, Any]:
    """``record`` with normalized keys; a nested ``paper`` object (Hugging Face's API) is lifted up."""
    flat = {norm_key(k): v for k, v in record.items()}
    nested = flat.get("paper")
    if isinstance(nested, Mapping):
        flat = {norm_key(k): v for k, v in nested.items()} | {
            k: v for k, v in flat.items() if k != "paper" and v not in (None, "", [])
        }
    return flat


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, Mapping):
        return "an object"
    return f"a {type(value).__name__}"


def _scalar(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool))


def wrong_types(record: Mapping[str, Any]) -> dict[str, str]:
    """The fields of a JSON record (keys as :func:`lower_keys` gives them) holding a value of a
    type no paper field can be read from, e.g. ``{"title": {"en": ...}}``, as key → what it is.

    Text fields take a string or a number (a title or abstract also a list of strings, as
    CSL-JSON writes them); ``authors`` a string, an object or a list of them; ``categories``
    a string or a list. Anything else would be stored as Python's text of the value.
    """
    found: dict[str, str] = {}
    for field, keys in ALIASES.items():
        for key in keys:
            value = record.get(key)
            if value in (None, "", [], {}) or _scalar(value):
                continue
            if isinstance(value, list):
                allowed = (
                    (lambda v: _scalar(v) or isinstance(v, Mapping))
                    if field in ("authors", "categories")
                    else _scalar
                    if field in ("title", "abstract")
                    else None
                )
                if allowed is None:
                    found[key] = "a list"
                elif bad := [v for v in value if not allowed(v)]:
                    found[key] = f"a list holding {_kind(bad[0])}"
            elif not (isinstance(value, Mapping) and field == "authors"):
                found[key] = _kind(value)
    return found


def paper_from_record(record: Mapping[str, Any], source: str) -> Paper | Skipped:
    """Map a record's fields (any of :data:`ALIASES`, case-insensitive) onto a Paper.

    Returns :class:`Skipped` with a reason when the title or abstract is missing or
    empty. Unparseable optional fields (a year of "n.d.", an arXiv id of "n/a") are
    dropped, not fatal. Characters that cannot be stored (lone surrogates) are kept
    here; :func:`ingest.readers.read_papers` repairs and reports them.
    """
    rec = lower_keys(record)
    for key, kind in wrong_types(rec).items():
        if key in ALIASES["title"] + ALIASES["abstract"]:
            return Skipped(source=source, reason=f"field {key!r} is {kind}, not text")
        rec[key] = None  # an optional field: dropped (the JSON reader reports it), not str()-ed
    title = _text(_first(rec, "title"))
    abstract = _text(_first(rec, "abstract"))
    if not title:
        return Skipped(source=source, reason="no title")
    if not abstract:
        return Skipped(source=source, reason=f"empty abstract (title {title[:60]!r})")

    extra = " ".join(_text(rec.get(k)) for k in _EXTRA_TEXT if rec.get(k))
    arxiv_id = None
    for candidate in (_first(rec, "arxiv_id"), rec.get("id"), rec.get("url"), rec.get("doi")):
        if candidate and (arxiv_id := arxiv_id_of(_text(candidate))):
            break
    if not arxiv_id and (match := re.search(r"arXiv:\s*(\S+)", extra)):
        arxiv_id = arxiv_id_of(match.group(1))
    doi = doi_of(_text(_first(rec, "doi"))) if _first(rec, "doi") else None

    url = _text(_first(rec, "url")) or None
    code_url = _text(_first(rec, "code_url")) or None
    if url and not code_url and any(host in url for host in _CODE_HOSTS):
        code_url, url = url, None
    if not code_url:
        code_url, _ = find_urls(f"{extra} {abstract}")
    if not url and arxiv_id:
        url = f"https://arxiv.org/abs/{arxiv_id}"
    elif not url and doi:
        url = f"https://doi.org/{doi}"

    return Paper(
        title=title,
        abstract=abstract,
        url=url,
        code_url=code_url,
        authors=split_names(_first(rec, "authors")),
        year=year_of(_first(rec, "year")) if _first(rec, "year") is not None else None,
        arxiv_id=arxiv_id,
        doi=doi,
        categories=split_list(_first(rec, "categories")),
        source=source,
    )
