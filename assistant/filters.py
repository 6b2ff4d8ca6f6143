"""Metadata filters on the papers a question may retrieve: has code, year range, author, title.

One typed model for every interface (CLI flags, the Python API's ``filters=``, the
browser's settings panel). Retrieval applies it twice, and both must agree:

- dense: :meth:`Filters.where` is a Chroma ``where`` clause for the exact parts
  (``has_code``, the year range), evaluated by Chroma itself (embedded or server);
- BM25 and the substring parts: :meth:`Filters.matches` on each chunk's metadata.

Chroma's ``where`` has no substring operator on metadata (``$contains`` exists only in
``where_document``, over the embedded text, case-sensitive), so the substring parts are
evaluated in Python on the stored metadata and reach Chroma as ``paper_id $in [...]``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.store import decode_list
from assistant.types import folded

# Metadata keys a substring filter reads; a paper without the key never matches.
# (No venue: no reader stores one, so a venue filter could only ever match nothing.)
SUBSTRING_KEYS = {"author": "authors", "title": "title"}
# A year filter outside this range is a typo ("-2024", "1e300" through the API), not a year.
YEARS = (0, 9999)
# A substring filter longer than this (a pasted abstract in "Title contains") matches nothing
# and would be echoed whole in every refusal; the longest title in the bundled corpus has 150.
MAX_FILTER_CHARS = 300


class Filters(BaseModel):
    """Which papers may be retrieved. Every field left at its default admits every paper.

    Raises (on construction) ``pydantic.ValidationError`` when ``year_min > year_max``, a
    year is outside :data:`YEARS`, an author/title text is over :data:`MAX_FILTER_CHARS`, or
    on an unknown key (``{"paper_id": ...}`` for ``paper_ids``), which would otherwise filter nothing.
    """

    model_config = ConfigDict(extra="forbid")

    has_code: bool = Field(False, description="only papers with a code link")
    year_min: int | None = Field(None, description="only papers from this year on (inclusive)")
    year_max: int | None = Field(None, description="only papers up to this year (inclusive)")
    author: str | None = Field(None, description="case-insensitive substring of one author's name")
    title: str | None = Field(None, description="case-insensitive substring of the title")
    paper_ids: list[str] | None = Field(
        None, description="only these papers (the chat scoped to papers picked in the Library)"
    )

    @model_validator(mode="after")
    def _check(self) -> Filters:
        for key in SUBSTRING_KEYS:
            value = getattr(self, key)
            if value is not None and not value.strip():
                setattr(self, key, None)  # an empty box in the UI means "no filter"
            elif value is not None and len(value.strip()) > MAX_FILTER_CHARS:
                raise ValueError(
                    f"the {key} filter is {len(value.strip()):,} characters ({value.strip()[:40]!r}…); "
                    f"give a part of one {'name' if key == 'author' else 'title'} (at most {MAX_FILTER_CHARS})"
                )
        for name, year in (("from-year", self.year_min), ("to-year", self.year_max)):
            if year is not None and not YEARS[0] <= year <= YEARS[1]:
                shown = f"{year}" if abs(year) < 10**12 else f"{str(year)[:8]}… ({len(str(year))} digits)"
                raise ValueError(f"the {name} {shown} is not a year ({YEARS[0]}–{YEARS[1]})")
        if self.paper_ids is not None and not self.paper_ids:
            self.paper_ids = None
        if self.year_min is not None and self.year_max is not None and self.year_min > self.year_max:
            raise ValueError(f"the from-year {self.year_min} is after the to-year {self.year_max}")
        return self

    @classmethod
    def of(cls, value: Filters | dict[str, Any] | None) -> Filters | None:
        """``value`` as Filters, or None when it filters nothing. Accepts the older dict form
        ``{"has_code": True}`` (keys are field names)."""
        if value is None:
            return None
        filters = value if isinstance(value, Filters) else cls(**value)
        return None if filters.empty else filters

    @property
    def empty(self) -> bool:
        return self == Filters()

    @property
    def substring(self) -> bool:
        """True when a part of it cannot be said in a Chroma ``where`` clause."""
        return any(getattr(self, key) for key in SUBSTRING_KEYS)

    def key(self) -> tuple:
        """Hashable, for caching masks."""
        return tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in self.model_dump().items())

    def where(self) -> dict[str, Any] | None:
        """The exact parts as a Chroma ``where`` clause, or None when there are none."""
        clauses: list[dict[str, Any]] = []
        if self.has_code:
            clauses.append({"has_code": {"$eq": True}})
        if self.year_min is not None:
            clauses.append({"year": {"$gte": self.year_min}})
        if self.year_max is not None:
            clauses.append({"year": {"$lte": self.year_max}})
        if self.paper_ids:
            clauses.append({"paper_id": {"$in": list(self.paper_ids)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, meta: dict[str, Any]) -> bool:
        """Whether a chunk's stored metadata passes every part (the same test as :meth:`where`)."""
        if self.has_code and meta.get("has_code") is not True:
            return False
        if self.paper_ids and meta.get("paper_id") not in self.paper_ids:
            return False
        year = meta.get("year")
        if self.year_min is not None and (year is None or year < self.year_min):
            return False
        if self.year_max is not None and (year is None or year > self.year_max):
            return False
        for field, key in SUBSTRING_KEYS.items():
            wanted = getattr(self, field)
            if not wanted:
                continue
            values = decode_list(meta.get(key)) if key == "authors" else [str(meta.get(key) or "")]
            if not any(folded(wanted.strip()) in folded(v) for v in values):
                return False
        return True

    def unrecorded(self) -> str:
        """What the refusal adds when no paper passes: a paper without the field never passes a
        filter on it ("" when no year or author filter is set), e.g. " Papers without a
        recorded year or recorded authors never pass a filter on them." """
        fields = [
            name
            for name, on in (
                ("a recorded year", self.year_min is not None or self.year_max is not None),
                ("recorded authors", bool(self.author)),
            )
            if on
        ]
        return f" Papers without {' or '.join(fields)} never pass a filter on them." if fields else ""

    def describe(self) -> str:
        """One line for the user, e.g. ``"with code, year 2024–2025, author ~ 'lecun'"`` (the range named
        as years: "(0–…)" alone read as a count)."""
        parts = ["with code"] if self.has_code else []
        if self.year_min is not None or self.year_max is not None:
            low, high = ("…" if y is None else y for y in (self.year_min, self.year_max))
            parts.append(f"year {low}–{high}")
        parts += [f"{k} ~ {getattr(self, k)!r}" for k in SUBSTRING_KEYS if getattr(self, k)]
        if self.paper_ids:
            n = len(self.paper_ids)
            parts.append(f"{n} chosen paper{'s' if n != 1 else ''}")
        return ", ".join(parts) or "none"


def filter_error(exc: Exception) -> str:
    """The reason(s) in a rejected :class:`Filters` construction, for a person: pydantic's
    ``"1 validation error for Filters ... Value error, ... [type=value_error, input_value=...]
    For further information visit https://errors.pydantic.dev/..."`` becomes
    ``"the from-year 2023 is after the to-year 2022"`` (one line per error, "; "-joined)."""
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    reasons = []
    for error in errors():
        msg = str(error.get("msg", "")).removeprefix("Value error, ")
        where = ".".join(str(part) for part in error.get("loc", ()))
        reasons.append(f"{where}: {msg}" if where else msg)
    return "; ".join(reasons) or str(exc)
