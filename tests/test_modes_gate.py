"""Gate: overview selection on the dev split (tuned) and the test split (reported only).

Measured 2026-11-30 after pool-IDF selection (`python -m eval modes --split dev|test`, and
`--questions eval/questions/dev-overviews.jsonl` for the 12 dev topics added with it):
dev           summary cov 0.826 prec 0.768, related work cov 0.722 prec 0.767;
dev-overviews summary cov 0.806 prec 0.878, related work cov 0.778 prec 0.682, compare cov 0.759 prec 0.683;
test          summary cov 0.770 prec 0.703, related work cov 0.735 prec 0.677, compare cov 0.494 prec 0.751;
citation validity 1.000 everywhere. Issue 12's test targets for coverage (summary 0.85, related
work 0.80) and related-work precision (0.70) are NOT met yet; these floors hold the measured level.
"""

from __future__ import annotations

import pytest

from assistant.ask import Assistant
from eval.modes import run_modes
from eval.questions import QUESTIONS_DIR, SPLITS, load_questions

SPLITS_AND_EXTRA = {**SPLITS, "dev-overviews": QUESTIONS_DIR / "dev-overviews.jsonl"}
FLOORS = {
    "dev": {"summary": (0.82, 0.76), "related_work": (0.72, 0.76)},
    "dev-overviews": {"summary": (0.80, 0.87), "related_work": (0.77, 0.68), "compare": (0.75, 0.68)},
    "test": {"summary": (0.76, 0.70), "related_work": (0.73, 0.67), "compare": (0.49, 0.75)},
}


@pytest.mark.parametrize("split", ["dev", "dev-overviews", "test"])
def test_overview_coverage_precision_and_validity(bot: Assistant, split: str) -> None:
    if not SPLITS_AND_EXTRA[split].exists():
        pytest.skip(f"no {split} split")
    by_kind = run_modes(bot, load_questions(SPLITS_AND_EXTRA[split]))["by_kind"]
    for kind, (coverage, precision) in FLOORS[split].items():
        assert by_kind[kind]["coverage"] >= coverage, (kind, by_kind[kind])
        assert by_kind[kind]["citation_precision"] >= precision, (kind, by_kind[kind])
    assert all(row["citation_validity"] == 1.0 for row in by_kind.values())
