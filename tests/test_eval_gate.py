"""Regression gate: hybrid retrieval on the committed eval set must not drop.

Thresholds sit a little under the figures measured when they were set
(`python -m eval retrieval`, 2026-11-29: hybrid recall@5 0.912, MRR 0.990,
recall@10 0.950 overall; lookups and paraphrases recall@5 1.000; relevance gate
2.9% false refusals). Not a timing test.
"""

from __future__ import annotations

import pytest

from assistant.ask import Assistant
from eval.questions import load_questions
from eval.retrieval import run_retrieval


@pytest.fixture(scope="module")
def report(bot: Assistant) -> dict:
    return run_retrieval(bot, load_questions())


def test_eval_set_is_well_formed() -> None:
    questions = load_questions()
    assert len(questions) >= 60
    assert len({q.id for q in questions}) == len(questions)
    kinds = {q.kind for q in questions}
    assert kinds >= {"lookup", "paraphrase", "multi", "unanswerable", "followup"}


def test_hybrid_meets_thresholds(report: dict) -> None:
    hybrid = report["overall"]["hybrid"]
    assert hybrid["recall@5"] >= 0.88
    assert hybrid["mrr"] >= 0.95
    assert hybrid["recall@10"] >= 0.92
    for kind in ("lookup", "paraphrase"):
        assert report["by_kind"]["hybrid"][kind]["recall@5"] >= 0.95, kind
    assert report["gate"]["false_refusal"] <= 0.05


def test_hybrid_beats_dense_alone(report: dict) -> None:
    hybrid, dense = report["overall"]["hybrid"], report["overall"]["dense"]
    assert hybrid["recall@5"] > dense["recall@5"] and hybrid["mrr"] > dense["mrr"]
