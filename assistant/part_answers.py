"""Which sentence answers each part of a multi-part question (used by :mod:`assistant.evidence`)."""

from __future__ import annotations

from itertools import product
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from assistant.evidence import PaperEvidence


def part_sentences(paper: PaperEvidence, typed: np.ndarray) -> list[int]:
    """``typed`` [parts + 1, sentences]: answer scores with the type bonus, row 0 the whole question.

    The answering sentence of each part of a multi-part question: its best (of its answer type,
    when it has one), a different one per part: the assignment with the highest summed score.
    "How large is the MedMax dataset, and how does the model compare with GPT-4o?" quoted the
    gains sentence for both parts (its "26%" is a figure), not "With 1.47 million instances ...":
    the gains answer the comparison far better than any other sentence, the size is next best
    answered by the count. Letting a part keep a shared sentence when its next scores under
    KEEP_RATIO of it was measured on dev: 0.08 fewer quotes per answer, one key fact fewer."""
    rows = list(range(1, len(typed)))
    if not rows or len(rows) > 5:  # past five parts, each its best (the search grows as (parts + 1) ** parts)
        return [int(np.argmax(row)) for row in typed[1:]]
    allowed = []
    for r in rows:
        kinds = paper.types[r] if paper.types is not None else np.zeros(len(paper.sentences))
        allowed.append(np.where(kinds > 0, typed[r], -np.inf) if kinds.any() else typed[r])
    # the few best of each part suffice to find the best assignment (a handful of parts)
    shortlists = [[int(i) for i in np.argsort(-row)[: len(rows) + 1] if np.isfinite(row[i])] for row in allowed]
    best: tuple[float, tuple[int, ...]] | None = None
    for picks in product(*shortlists):
        if len(set(picks)) == len(picks):
            total = float(sum(row[i] for row, i in zip(allowed, picks, strict=True)))
            best = max(best, (total, picks)) if best else (total, picks)
    return list(best[1]) if best else [row[0] for row in shortlists if row]


def figure_lead(paper: PaperEvidence, whole: np.ndarray, ranked: list[int], standout: float) -> int | None:
    """``whole`` [sentences]: the whole question's answer scores with the type bonus; ``ranked``: their
    indices, best first. The sentence that answers a question asking for a figure ("How many clips ...?", "What accuracy
    ...?") on its own: the best-scoring sentence stating a figure, when it leads every other sentence
    stating one by ``standout`` and no sentence without a figure scores above it. A sentence without a
    figure cannot answer it, so only figures compete: "How many clips does it contain?" on MMTrail quoted
    three background sentences before "more than 20M trailer clips" (new-user trial 17). None otherwise."""
    if paper.types is None or paper.asked_type != "quantity":
        return None
    figures = [i for i in ranked if paper.types[0][i] > 0]
    if not figures or ranked[0] != figures[0]:
        return None
    runner_up = whole[figures[1]] if len(figures) > 1 else 0.0
    return figures[0] if whole[figures[0]] - runner_up >= standout else None
