"""The papers a comparison request names: "Compare WavCaps and MMTrail on: size, languages, license".

The table's rows are chosen like a summary's papers, by the share of the request's terms each
abstract holds; a request naming two papers gives each of them about half, under the floor, so
MMTrail silently left a table that named it. A paper the request names by the name it goes by
(:func:`assistant.prose.paper_name`: its title's head, else the name its abstract gives its work)
is a row whatever its share; a request naming two or more compares those papers only.
A name looked up and not found is said in a notice, not dropped in silence.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.asked import question_names
from assistant.prose import paper_name
from assistant.types import Source

if TYPE_CHECKING:
    from assistant.retrieve import Filters, PaperRetriever, Retrieval

# Papers read per name not in the wide pool (BM25 over the name ranks its exact words first).
LOOKUP_HITS = 3


def _runs(name: str) -> list[str]:
    return re.findall(r"[^\W_]+", name.casefold())


def goes_by(source: Source, name: str) -> bool:
    """Whether ``name`` is the name the paper goes by (case, spaces and hyphens ignored):
    "mmtrail" is MMTrail; "4M" is not 4M-21, nor "LLaVA" TS-LLaVA."""
    return bool(_runs(name)) and _runs(paper_name(source)) == _runs(name)


def named_papers(
    request: str, wide: Retrieval, retriever: PaperRetriever, filters: Filters | None
) -> tuple[list[Source], list[str]]:
    """The papers ``request`` names, in the order named, and the names no paper goes by.

    Each name (:func:`assistant.asked.question_names`) is looked for in the wide pool, then by
    itself (BM25, ``filters`` applied). The names not found are returned only when some name
    was: a request naming no paper ("the MLLM benchmarks") names no missing one either."""
    found: list[Source] = []
    missing: list[str] = []
    for name in question_names(request, retriever.idf(request)):
        paper = next((s for s in wide.sources if goes_by(s, name)), None)
        if paper is None:
            hits = retriever.retrieve(name, top_k=LOOKUP_HITS, filters=filters, mode="bm25")
            paper = next((s for s in hits.sources if goes_by(s, name)), None)
        if paper is None:
            missing.append(name)
        elif all(p.paper_id != paper.paper_id for p in found):
            found.append(paper)
    return found, missing if found else []


def with_named(chosen: list[Source], named: list[Source], missing: list[str], limit: int) -> list[Source]:
    """The rows: the named papers first; the topic's other papers too only when the request names
    one paper ("Compare MoMa with other mixture-of-experts models"), not when it names two or more,
    found or ``missing`` ("WavCaps and FooNet": FooNet's row is not another paper's), cut to ``limit``."""
    ids = {p.paper_id for p in named}
    others = [c for c in chosen if c.paper_id not in ids] if len(named) + len(missing) < 2 else []
    return [*named, *others][:limit]


def missing_notice(names: list[str]) -> str:
    """The notice for names no paper in the collection goes by ("" for none)."""
    if not names:
        return ""
    listed = ", ".join(names)
    return f"No paper in the collection goes by {listed}; the table has no row for it." if len(names) == 1 else (
        f"No paper in the collection goes by {listed}; the table has no rows for them."
    )
