"""A paper's fields as Chroma chunk metadata, and the paper back from chunk 0's metadata."""

from __future__ import annotations

import json
from typing import Any

from assistant.store import decode_list
from assistant.types import Paper


def paper_metadata(paper: Paper) -> dict[str, Any]:
    """The paper's fields as Chroma metadata (str/int/float/bool only).

    Lists (``authors``, ``categories``) are JSON strings; missing values (None, "",
    []) are omitted rather than stored as a placeholder. :func:`stored_paper`
    inverts it.
    """
    meta: dict[str, Any] = {
        "paper_id": paper.paper_id,
        "title": paper.title,
        "content_hash": paper.content_hash,
        "has_code": bool(paper.code_url),
        "source": paper.source,
    }
    for key in ("url", "code_url", "year", "arxiv_id", "doi"):
        value = getattr(paper, key)
        if value not in (None, ""):
            meta[key] = value
    for key in ("authors", "categories"):
        values = getattr(paper, key)
        if values:
            meta[key] = json.dumps(values, ensure_ascii=False)
    return meta


def stored_paper(meta: dict[str, Any]) -> Paper:
    """The Paper that chunk 0's metadata was written from (the inverse of :func:`paper_metadata`).

    Raises:
        KeyError: ``meta`` is not a chunk 0 (it has no ``abstract``).
    """
    fields = {
        k: meta[k]
        for k in ("title", "abstract", "url", "code_url", "year", "arxiv_id", "doi", "source")
        if k in meta
    }
    for key in ("authors", "categories"):
        if key in meta:
            fields[key] = decode_list(meta[key])
    if "abstract" not in fields:
        raise KeyError("abstract")
    return Paper(**fields)
