"""Regression gate: hybrid retrieval on the committed eval set must not drop.

Thresholds sit a little under the figures measured when they were set
(`python -m eval retrieval`, 2026-11-29, 82 answerable questions: hybrid recall@5
0.875, MRR 0.908, recall@10 0.926; lookups recall@5 1.000, paraphrases 0.852;
relevance gate 1.2% false refusals). Not a timing test.
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
    assert hybrid["recall@5"] >= 0.85
    assert hybrid["mrr"] >= 0.87
    assert hybrid["recall@10"] >= 0.90
    assert report["by_kind"]["hybrid"]["lookup"]["recall@5"] >= 0.95
    assert report["by_kind"]["hybrid"]["paraphrase"]["recall@5"] >= 0.80
    assert report["by_kind"]["hybrid"]["followup"]["recall@5"] >= 0.95
    assert report["gate"]["false_refusal"] <= 0.05


def test_hybrid_beats_each_retriever_alone(report: dict) -> None:
    hybrid = report["overall"]["hybrid"]
    for alone in ("bm25", "dense"):
        assert hybrid["recall@5"] > report["overall"][alone]["recall@5"], alone
        assert hybrid["mrr"] > report["overall"][alone]["mrr"], alone


def test_history_helps_followups(report: dict) -> None:
    with_history = report["by_kind"]["hybrid"]["followup"]["recall@5"]
    assert with_history > report["followup_without_history"]["recall@5"]
