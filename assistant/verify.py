"""Check an answer against its sources: every ``[n]`` must name a listed source."""

from __future__ import annotations

import re

from assistant.types import Citation, Source

# [3], [1, 2], [1][2] and [1-3] all occur in model output.
_CITE = re.compile(r"\[(\d+(?:\s*[-,–]\s*\d+)*)\]")


def _numbers(group: str) -> list[int]:
    out: list[int] = []
    for part in re.split(r"\s*,\s*", group):
        bounds = re.split(r"\s*[-–]\s*", part)
        if len(bounds) == 2 and int(bounds[0]) <= int(bounds[1]) <= int(bounds[0]) + 20:
            out.extend(range(int(bounds[0]), int(bounds[1]) + 1))
        else:
            out.extend(int(b) for b in bounds)
    return out


def resolve_citations(text: str, sources: list[Source]) -> tuple[str, list[Citation], list[int]]:
    """Keep the ``[n]`` that name a listed source; drop the others.

    Returns ``(text, citations, dropped)``: the text with every bracket rewritten as
    ``[a][b]`` over valid numbers only, the cited sources in first-cited order, and
    the invalid numbers that were removed.
    """
    by_n = {s.n: s for s in sources}
    cited: dict[int, Citation] = {}
    dropped: list[int] = []

    def rewrite(match: re.Match[str]) -> str:
        kept = []
        for n in _numbers(match.group(1)):
            if n in by_n:
                kept.append(n)
                cited.setdefault(n, Citation(n=n, paper_id=by_n[n].paper_id, title=by_n[n].title))
            elif n not in dropped:
                dropped.append(n)
        return "".join(f"[{n}]" for n in dict.fromkeys(kept))

    clean = _CITE.sub(rewrite, text)
    return clean, list(cited.values()), dropped
