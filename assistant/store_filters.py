"""Filters applied to the store: the BM25 mask over the indexed chunks and the dense retriever's ``where``.

Both admit the same papers: the exact parts go to Chroma as a ``where``, the substring
parts are tested on the stored metadata with :meth:`assistant.filters.Filters.matches`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
from chromadb import Collection

from assistant.bm25_index import BM25Index
from assistant.filters import Filters as PaperFilters

# A PaperFilters, or its fields as a dict (e.g. {"has_code": True}); see assistant/filters.py.
Filters = PaperFilters | dict[str, Any]


def bm25_mask(collection: Collection, index: BM25Index, filters: Filters | None) -> np.ndarray | None:
    """0/1 per indexed chunk: does its metadata pass ``filters``? None for no filter.

    The exact parts are asked of Chroma as a ``where`` (embedded or server); the
    substring parts (author, title) are tested on the returned metadata with
    :meth:`PaperFilters.matches`, the same test the dense side uses. Cached per filter.
    """
    wanted = PaperFilters.of(filters)
    if wanted is None:
        return None
    where = wanted.where()
    include: list = ["metadatas"] if wanted.substring else []

    def matching() -> Iterator[str]:
        offset = 0
        while True:
            got = collection.get(where=where, include=include, limit=5000, offset=offset)
            if not got["ids"]:
                return
            if wanted.substring:
                yield from (i for i, m in zip(got["ids"], got["metadatas"], strict=True) if wanted.matches(m))
            else:
                yield from got["ids"]
            offset += len(got["ids"])

    return index.mask(repr(wanted.key()), matching())


def dense_where(collection: Collection, filters: Filters | None) -> dict[str, Any] | None:
    """The dense retriever's Chroma ``where``: the exact parts (code, years, papers) as
    Chroma clauses; the substring parts (author, title), which Chroma's ``where`` cannot
    say on metadata, as ``paper_id $in`` the papers whose stored metadata matches
    (the BM25 mask's test, so both retrievers admit the same papers).

    Raises:
        LookupError: no paper matches (Chroma rejects an empty ``$in``).
    """
    wanted = PaperFilters.of(filters)
    if wanted is None:
        return None
    clauses = [w] if (w := wanted.where()) else []
    if wanted.substring:
        ids: set[str] = set()
        offset = 0
        while True:
            got = collection.get(where=wanted.where(), include=["metadatas"], limit=5000, offset=offset)
            if not got["ids"]:
                break
            ids |= {m["paper_id"] for m in got["metadatas"] if wanted.matches(m)}
            offset += len(got["ids"])
        if not ids:
            raise LookupError("no paper matches the filters")
        clauses.append({"paper_id": {"$in": sorted(ids)}})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}
