"""``python -m eval retrieval|answers|modes [--questions FILE] [--json]``: measure on a question set.

``feedback [--drafts FILE]`` lists the answers' 👍/👎 ratings (see eval/feedback.py).

``retrieval`` writes ``eval/reports/retrieval.json`` and ``retrieval.png``; ``answers``
writes ``eval/reports/answers.json`` (or under --out).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.ask import Assistant
from assistant.settings import Settings
from assistant.store import StoreError
from eval.answers import format_answers_table, run_answers
from eval.modes import format_modes_table, run_modes
from eval.questions import DEFAULT_QUESTIONS, load_questions
from eval.retrieval import format_table, run_retrieval, save_chart


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=["retrieval", "answers", "modes", "feedback"])
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    parser.add_argument("--store", type=Path, help="store folder (env PA_STORE)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "reports")
    parser.add_argument("--json", action="store_true", help="print the JSON report")
    parser.add_argument("--fusions", action="store_true", help="also compare every fusion method")
    parser.add_argument("--drafts", type=Path, help="feedback: write the 👎 ones as draft questions (JSONL)")
    args = parser.parse_args(argv)
    if args.what == "feedback":
        from eval.feedback import run_feedback

        print(run_feedback(Settings(**({"store": args.store} if args.store else {})), args.drafts, args.json))
        return 0
    try:
        questions = load_questions(args.questions)
        bot = Assistant(Settings(**({"store": args.store} if args.store else {})))
        if args.what == "answers":
            report = run_answers(bot, questions)
        elif args.what == "modes":
            report = run_modes(bot, questions)
        else:
            report = run_retrieval(bot, questions, fusions=args.fusions)
    except (ValueError, StoreError) as exc:
        print(f"eval: {exc}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    if args.what in ("answers", "modes"):
        (args.out / f"{args.what}.json").write_text(json.dumps(report, indent=2))
        table = format_answers_table if args.what == "answers" else format_modes_table
        print(json.dumps(report, indent=2) if args.json else table(report))
        return 0
    (args.out / "retrieval.json").write_text(json.dumps(report, indent=2))
    save_chart(report, str(args.out / "retrieval.png"))
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(format_table(report))
        print(f"\nreport: {args.out / 'retrieval.json'}, chart: {args.out / 'retrieval.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
