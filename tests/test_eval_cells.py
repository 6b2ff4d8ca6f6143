"""The "cells found" figure of ``python -m eval modes`` (eval/cells.py): loading and scoring."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.ask import Assistant
from eval.cells import DEV_CELLS, ExpectedCell, format_cells, load_cells, run_cells

BENCHMARKS = "Compare the benchmarks for multimodal LLMs in terms of benchmark size, number of dimensions and models evaluated."


def test_dev_cells_load_and_a_bad_line_is_named(tmp_path: Path) -> None:
    cells = load_cells(DEV_CELLS)
    assert len(cells) >= 50 and all(c.facts for c in cells)
    bad = tmp_path / "cells.jsonl"
    bad.write_text(
        '{"topic": "t", "q": "Compare X.", "paper": "P", "column": "Task", "facts": ["a"]}\n{"topic": 1}\n'
    )
    with pytest.raises(ValueError, match=r"cells.jsonl:2"):
        load_cells(bad)


def test_cells_found_counts_a_stated_fact_and_a_missing_row(bot: Assistant) -> None:
    cells = [
        ExpectedCell(topic="a", q=BENCHMARKS, paper="SEED-Bench-2", column="Benchmark size", facts=["24K"]),
        ExpectedCell(
            topic="a", q=BENCHMARKS, paper="SEED-Bench-2", column="Number of dimensions", facts=["27"]
        ),
        ExpectedCell(
            topic="a", q=BENCHMARKS, paper="Uni-MoE", column="Benchmark size", facts=["MoE"]
        ),  # no row
    ]
    report = run_cells(bot, cells)
    assert report["n"] == 3 and report["found"] == pytest.approx(2 / 3) and report["no_row"] == 1
    assert format_cells(report).startswith("cells found 0.667 (2/3; 1 without a row)")
    assert "Uni-MoE / Benchmark size: no row" in format_cells(report)
