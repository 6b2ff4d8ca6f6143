"""``python -m assistant ask "QUESTION"``: answer from the store, with citations.

Exit codes: 0 answered (or refused as not covered); 1 the store or the writer failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.ask import Assistant
from assistant.settings import Settings
from assistant.store import StoreError
from assistant.types import Answer


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    ask = commands.add_parser("ask", help="answer one question")
    ask.add_argument("question")
    ask.add_argument(
        "--history",
        action="append",
        default=[],
        metavar="TEXT",
        help="an earlier user turn, oldest first (repeatable)",
    )
    ask.add_argument("--store", type=Path, help="store folder (env PA_STORE)")
    ask.add_argument("--top-k", type=int, help="papers to retrieve (env PA_TOP_K)")
    ask.add_argument("--has-code", action="store_true", help="only papers with a code link")
    ask.add_argument("--json", action="store_true", help="print the answer object as JSON")
    return parser


def render_text(answer: Answer) -> str:
    """The answer, its notices and its numbered sources, for a terminal."""
    lines = [answer.answer.strip(), ""]
    lines += [f"Note: {n}" for n in answer.notices]
    if answer.error:
        lines.append(f"Error: {answer.error}")
    if answer.sources:
        lines.append("Sources:")
        cited = {c.n for c in answer.citations}
        for s in answer.sources:
            mark = "*" if s.n in cited else " "
            link = f"  {s.code_url}" if s.code_url else ""
            lines.append(f" {mark}[{s.n}] {s.title}{link}")
    lines.append(f"({answer.writer}; " + ", ".join(f"{k} {v}" for k, v in answer.timings.items()) + ")")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {k: v for k, v in {"store": args.store, "top_k": args.top_k}.items() if v}
    assistant = Assistant(Settings(**overrides))
    filters = {"has_code": True} if args.has_code else None
    try:
        if args.json:
            answer = assistant.ask(args.question, args.history, filters=filters)
            print(json.dumps(answer.model_dump(), indent=2, ensure_ascii=False))
        else:
            printed = 0
            answer = None
            for answer in assistant.ask_stream(args.question, args.history, filters=filters):
                if not answer.done:  # stream the text as it arrives
                    sys.stdout.write(answer.answer[printed:])
                    sys.stdout.flush()
                    printed = len(answer.answer)
            assert answer is not None
            if printed:
                print("\n")
            print(render_text(answer) if not printed else render_text(answer).split("\n", 1)[1])
    except StoreError as exc:
        print(f"assistant: {exc}", file=sys.stderr)
        return 1
    return 1 if answer.error else 0


if __name__ == "__main__":
    sys.exit(main())
