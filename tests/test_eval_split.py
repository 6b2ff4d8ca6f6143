"""``python -m eval answers --split dev|test|both``: splits run separately, printed side by side."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import eval.__main__ as eval_cli
from assistant.ask import Assistant
from assistant.settings import Settings

QUESTIONS = {
    "dev": {
        "id": "d1",
        "kind": "lookup",
        "q": "How many samples does the CMM-Math dataset contain?",
        "gold_titles": [
            "CMM-Math: A Chinese Multimodal Math Dataset To Evaluate and Enhance the Mathematics Reasoning of Large Multimodal Models"
        ],
        "must_contain": ["28,000"],
    },
    "test": {
        "id": "t1",
        "kind": "unanswerable",
        "shape": "attribute",
        "q": "What license is the PIN-14M dataset released under?",
    },
}


@pytest.fixture
def splits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    files = {}
    for name, row in QUESTIONS.items():
        files[name] = tmp_path / f"{name}.jsonl"
        files[name].write_text(json.dumps(row) + "\n")
    monkeypatch.setattr(eval_cli, "SPLITS", files)
    return files


def test_both_splits_side_by_side(
    splits: dict[str, Path], corpus_settings: Settings, bot: Assistant, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    out = tmp_path / "reports"
    assert eval_cli.main(["answers", "--store", str(corpus_settings.store), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "== dev (1 questions)" in printed and "== test (1 questions)" in printed
    side = printed.split("== side by side")[1]
    assert side.splitlines()[1].split() == ["dev", "test"]
    assert "unanswerables refused or gap named" in side
    dev = json.loads((out / "answers-dev.json").read_text())
    test = json.loads((out / "answers-test.json").read_text())
    assert dev["overall"]["key_fact_recall"] == 1.0
    assert test["overall"]["refused_or_gap_rate"] == 1.0


def test_one_split(
    splits: dict[str, Path], corpus_settings: Settings, bot: Assistant, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    assert (
        eval_cli.main(
            ["answers", "--split", "test", "--store", str(corpus_settings.store), "--out", str(tmp_path)]
        )
        == 0
    )
    printed = capsys.readouterr().out
    assert "== test" in printed and "== dev" not in printed


def test_modes_both_splits(
    tmp_path: Path, corpus_settings: Settings, bot: Assistant, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # noqa: ANN001
    # Regression: `python -m eval modes` crashed after the modes eval moved to eval/modes.py.
    topic = {"kind": "summary", "q": "Summarize mixture-of-experts approaches in multimodal models"}
    files = {}
    for name in ("dev", "test", "dev-overviews"):
        files[name] = tmp_path / f"{name}.jsonl"
        files[name].write_text(json.dumps({"id": name, **topic}) + "\n")
    monkeypatch.setattr(eval_cli, "DEV_OVERVIEWS", files.pop("dev-overviews"))
    monkeypatch.setattr(eval_cli, "SPLITS", files)
    out = tmp_path / "reports"
    assert eval_cli.main(["modes", "--store", str(corpus_settings.store), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "== side by side" in printed and (out / "modes-test.json").exists()
    # dev's overview topics are reported beside dev, and every block says how many topics it has
    # (the README's dev figures could not be reproduced, and the header said "? questions").
    for name in ("dev", "dev-overviews", "test"):
        assert f"== {name} (1 questions)" in printed
    header = printed.split("== side by side\n")[1].splitlines()[0]
    assert header.split() == ["dev", "dev-overviews", "test"]  # the names used to run together


def test_retrieval_with_fusions(
    splits: dict[str, Path], corpus_settings: Settings, bot: Assistant, tmp_path: Path, capsys
) -> None:  # noqa: ANN001
    out = tmp_path / "reports"
    args = ["retrieval", "--split", "dev", "--fusions", "--store", str(corpus_settings.store), "--out", str(out)]
    assert eval_cli.main(args) == 0
    report = json.loads((out / "retrieval-dev.json").read_text())
    assert "rrf" in json.dumps(report) and "llama-rrf" in json.dumps(report)
