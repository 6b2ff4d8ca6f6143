"""What every reader shares: the skip record, the fatal error, and record → Paper mapping.

A *record* is a flat mapping read from any structured format (a JSON object, a
CSV row, an arXiv Atom entry, a BibTeX entry). :func:`paper_from_record` maps its
fields, under the names those formats use, onto :class:`~assistant.types.Paper`,
or says in one :class:`Skipped` why it cannot.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from pydantic import BaseModel
from pylatexenc.latex2text import LatexNodes2Text

from assistant.text import clipped
from assistant.types import Paper
from ingest.readers.fields import (
    CODE_HOSTS,
    arxiv_id_of,
    clean,
    doi_of,
    find_urls,
    repair_text,
    split_list,
    split_names,
    year_of,
)
from ingest.readers.files import (  # re-exported: every reader imports them from here
    UnreadableFile as UnreadableFile,
)
from ingest.readers.files import require_content as require_content
from ingest.readers.files import require_file as require_file

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


def json_kind(value: Any) -> str:
    """What a JSON value is, in JSON's words: ``an object``, ``a list``, ``a number (12345)``, ``null``."""
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, Mapping):
        return "an object"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    return {str: "a string", list: "a list"}.get(type(value), f"a {type(value).__name__}")


def _scalar(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool))


def wrong_types(record: Mapping[str, Any]) -> dict[str, str]:
    """The fields of a JSON record (keys as :func:`lower_keys` gives them) holding a value of a
    type no paper field can be read from, e.g. ``{"title": {"en": ...}}``, as key → what it is.

    Text fields take a string or a number (a title or abstract also a list of strings, as
    CSL-JSON writes them; a bare number is not a title or abstract); ``authors`` a string, an object or a list of them; ``categories``
    a string or a list. Anything else would be stored as Python's text of the value.
    """
    found: dict[str, str] = {}
    for field, keys in ALIASES.items():
        for key in keys:
            value = record.get(key)
            if field in ("title", "abstract") and _scalar(value) and not isinstance(value, str):
                found[key] = json_kind(value)  # a number where a title belongs: a shifted column
                continue
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
                    found[key] = f"a list holding {json_kind(bad[0])}"
            elif not (isinstance(value, Mapping) and field == "authors"):
                found[key] = json_kind(value)
    return found


def _visible(text: str) -> bool:
    # Combining marks (M*) show only on a base character: a title of accents alone shows nothing.
    return any(unicodedata.category(ch)[0] not in "ZCM" for ch in text)


def shows_text(text: str) -> bool:
    """Whether ``text`` shows anything once LaTeX markup is read: ``\\textbf{}``, ``{}``, a
    zero-width joiner alone show nothing; ``\\%`` (a "%"), ``🤖`` and ``$\\mathcal{M}^2$``
    (math stays as written) do."""
    if not _visible(text):
        return False
    if ("\\" not in text and "{" not in text) or len(text) > 500:
        return True  # a long text with a visible character shows one; reading its LaTeX costs seconds
    return _visible(_latex_text().latex_to_text(text))


def unread_year(record: Mapping[str, Any]) -> str | None:
    """What to report when a record (keys as :func:`lower_keys` gives them) has a year field
    that is no year (``"abc"``, ``"n.d."``): the paper is kept without one, and says so."""
    value = _first(record, "year")
    if value is None or isinstance(value, Mapping | list) or year_of(value) is not None:
        return None  # none given, read, or a wrong type (wrong_types names those)
    return f"the year {str(value)[:40]!r} is not a year; stored without one"


def shows_nothing(title: str, abstract: str, source: str) -> Skipped | None:
    """A :class:`Skipped` naming the first of ``title`` / ``abstract`` that shows nothing
    (:func:`shows_text`), or None when both show something."""
    for field, text in (("title", title), ("abstract", abstract)):
        if not shows_text(text):
            return Skipped(
                source=source,
                reason=f"field {field!r} shows nothing ({text[:60]!r}: only LaTeX markup, "
                "invisible characters or combining marks)",
            )
    return None


@lru_cache(maxsize=1)
def _latex_text() -> LatexNodes2Text:
    return LatexNodes2Text(math_mode="verbatim")


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
        return Skipped(source=source, reason=f"empty abstract (title {clipped(title, 60)!r})")
    if (blank := shows_nothing(title, abstract, source)) is not None:
        return blank

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
    if url and not code_url and any(host in url for host in CODE_HOSTS):
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
