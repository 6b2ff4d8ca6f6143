"""``python -m eval retrieval|answers|modes [--split dev|test|both] [--json]``: measure on the question splits.

``feedback [--drafts FILE]`` lists the answers' 👍/👎 ratings (see eval/feedback.py).

``dev`` is tuned on; ``test`` (written independently) is only reported. ``both`` (the
default) runs each split and prints them side by side. Reports go to
``eval/reports/<what>-<split>.json`` (and ``retrieval-<split>.png``), or under --out.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.ask import Assistant
from assistant.settings import Settings
from assistant.store import StoreError
from eval.answers import ANSWER_SUMMARY, format_answers_table, run_answers, side_by_side
from eval.cells import DEV_CELLS, format_cells, load_cells, run_cells
from eval.modes import MODES as OVERVIEW_KINDS
from eval.modes import format_modes_table, run_modes
from eval.questions import DEV_OVERVIEWS, SPLITS, load_questions
from eval.retrieval import RETRIEVAL_SUMMARY, format_table, run_retrieval, save_chart

MODES_SUMMARY = [
    (f"{kind} {metric.replace('_', ' ')}", f"by_kind.{kind}.{metric}")
    for kind in ("summary", "related_work", "compare")
    for metric in ("coverage", "citation_validity", "citation_precision", "flagged_rate")
] + [("compare cells found (dev-cells.jsonl)", "cells.found")]


def run(what: str, bot: Assistant, questions: list, fusions: bool) -> dict[str, Any]:
    if what == "answers":
        return run_answers(bot, questions)
    if what == "modes":
        return run_modes(bot, questions)
    return run_retrieval(bot, questions, fusions=fusions)


def output_problem(path: Path, folder: bool) -> str | None:
    """Why ``path`` cannot be written (``--out`` a folder, ``--drafts`` a file), or None."""
    if folder and path.exists() and not path.is_dir():
        return f"{path}: --out is a file, not a folder for the reports"
    if not folder and path.is_dir():
        return f"{path}: --drafts is a folder; give a file name (drafts.jsonl)"
    for parent in [path, *path.parents]:  # the first that exists must be a folder we can write in
        if parent.exists():
            if parent != path and not parent.is_dir():
                return f"{path}: {parent} is a file, not a folder"
            return None
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["retrieval", "answers", "modes", "feedback"])
    parser.add_argument(
        "--split", choices=["dev", "test", "both"], default="both", help="question split (default: both)"
    )
    parser.add_argument("--questions", type=Path, help="a question file instead of the splits")
    parser.add_argument("--store", type=Path, help="store folder (env PA_STORE)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "reports")
    parser.add_argument("--json", action="store_true", help="print the JSON report")
    parser.add_argument("--fusions", action="store_true", help="also compare every fusion method")
    parser.add_argument("--drafts", type=Path, help="feedback: write the 👎 ones as draft questions (JSONL)")
    args = parser.parse_args(argv)
    wrong = output_problem(args.out, folder=True) or (args.drafts and output_problem(args.drafts, folder=False))
    if wrong:  # said before a run of minutes, not after it
        print(f"eval: {wrong}", file=sys.stderr)
        return 1
    if args.what == "feedback":
        from eval.feedback import run_feedback

        print(run_feedback(Settings(**({"store": args.store} if args.store else {})), args.drafts, args.json))
        return 0
    if args.questions:
        files = {args.questions.stem: args.questions}
    elif args.split == "both":
        files = {name: path for name, path in SPLITS.items() if path.exists()}
    else:
        files = {args.split: SPLITS[args.split]}
    if args.what == "modes" and "dev" in files and DEV_OVERVIEWS.exists():
        files = {"dev": files["dev"], "dev-overviews": DEV_OVERVIEWS, **files}  # dev's overview topics
    try:  # every file is read and checked before the store is opened (a bad line fails fast)
        loaded = {name: load_questions(path) for name, path in files.items()}
        for name, questions in loaded.items():
            if args.what == "modes" and not any(q.kind in OVERVIEW_KINDS for q in questions):
                kinds = ", ".join(OVERVIEW_KINDS)
                raise ValueError(f"{files[name]}: no {kinds} question in it (modes measures those)")
        bot = Assistant(Settings(**({"store": args.store} if args.store else {})))
        reports = {name: run(args.what, bot, questions, args.fusions) for name, questions in loaded.items()}
        if args.what == "modes" and "dev-overviews" in reports and DEV_CELLS.exists():
            # Cell accuracy of the dev comparison tables (expected cells written from the abstracts).
            reports["dev-overviews"]["cells"] = run_cells(bot, load_cells(DEV_CELLS))
    except (ValueError, StoreError, FileNotFoundError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for name, report in reports.items():
        (args.out / f"{args.what}-{name}.json").write_text(json.dumps(report, indent=2))
        if args.what == "retrieval":
            save_chart(report, str(args.out / f"retrieval-{name}.png"))
    if args.json:
        print(json.dumps(reports, indent=2))
        return 0
    table = {"answers": format_answers_table, "modes": format_modes_table, "retrieval": format_table}[
        args.what
    ]
    for name, report in reports.items():
        # The test split's per-question misses stay in its JSON report: shown, they invite tuning.
        text = table(report, misses=name != "test") if args.what == "modes" else table(report)
        if "cells" in report:
            text += "\n" + format_cells(report["cells"])
        print(f"== {name} ({report.get('questions', '?')} questions)\n{text}\n")
    summary = {"answers": ANSWER_SUMMARY, "modes": MODES_SUMMARY, "retrieval": RETRIEVAL_SUMMARY}[args.what]
    print("== side by side\n" + side_by_side(reports, summary))
    print(f"\nreports: {args.out}/{args.what}-<split>.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
