"""``python -m assistant ask|chat|summarize|related-work|compare``: answer from the store, with citations.

Exit codes: 0 answered (or refused as not covered); 1 the store or the writer failed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from assistant.ask import Assistant
from assistant.export import answer_bibtex, answer_latex, answer_markdown
from assistant.llm_server import LocalLLMError, local_llm
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
    ask.add_argument("--llm-gguf", type=Path, help="GGUF model: answer through a local llama.cpp server")
    for name, help_text in (
        ("summarize", "a themed overview of a subfield, every sentence cited"),
        ("related-work", "a related-work draft with \\cite keys and a .bib"),
    ):
        mode = commands.add_parser(name, help=help_text)
        mode.add_argument("topic")
        if name == "related-work":
            mode.add_argument("--about", default="", help="one paragraph on your own work")
        mode.add_argument("--bib", type=Path, help="write the cited papers' BibTeX here")
        mode.add_argument("--tex", type=Path, help="write the draft as a LaTeX section here")
        mode.add_argument("--md", type=Path, help="write the draft as Markdown here")
        mode.add_argument("--store", type=Path, help="store folder (env PA_STORE)")
        mode.add_argument("--has-code", action="store_true", help="only papers with a code link")
        mode.add_argument("--json", action="store_true", help="print the answer object as JSON")
        mode.add_argument("--llm-gguf", type=Path, help="GGUF model: write through a local llama.cpp server")
        mode.set_defaults(top_k=None, history=[])
    compare = commands.add_parser("compare", help="a comparison table: one row per paper, cited cells")
    compare.add_argument("topic")
    compare.add_argument("--aspects", help="comma-separated columns (default: the question's, else task, ...)")
    compare.add_argument("--store", type=Path, help="store folder (env PA_STORE)")
    compare.add_argument("--has-code", action="store_true", help="only papers with a code link")
    compare.add_argument("--json", action="store_true", help="print the answer object as JSON")
    for flag, what in (("--md", "Markdown"), ("--csv", "CSV"), ("--tex", "LaTeX tabular")):
        compare.add_argument(flag, type=Path, help=f"write the table as {what} here")
    compare.set_defaults(top_k=None, llm_gguf=None, history=[])
    chat = commands.add_parser("chat", help="a terminal chat; follow-ups use the earlier turns")
    chat.add_argument("--store", type=Path, help="store folder (env PA_STORE)")
    chat.add_argument("--top-k", type=int, help="papers to retrieve (env PA_TOP_K)")
    chat.add_argument("--has-code", action="store_true", help="only papers with a code link")
    chat.add_argument("--llm-gguf", type=Path, help="GGUF model: answer through a local llama.cpp server")
    return parser


def chat_loop(bot: Assistant, filters: dict | None) -> int:
    """Read questions from stdin until EOF or 'exit'; each turn sees the earlier ones."""
    history: list[str] = []
    print("Ask about the papers; 'exit' or Ctrl-D quits.")
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            print()
            return 0
        if question.lower() in {"exit", "quit"}:
            return 0
        if question:
            stream_to_terminal(bot, question, history, filters)
            history.append(question)


def write_overview(bot: Assistant, args: argparse.Namespace, filters: dict | None) -> int:
    """Run summarize / related-work, print it, and write the requested exports."""
    mode = "summary" if args.command == "summarize" else "related_work"
    *_, answer = bot.overview_stream(mode, args.topic, getattr(args, "about", ""), filters=filters)
    print(json.dumps(answer.model_dump(), indent=2, ensure_ascii=False) if args.json else render_text(answer))
    for path, content in (
        (args.bib, answer_bibtex(answer)),
        (args.tex, answer_latex(answer, "Related Work" if mode == "related_work" else "Overview")),
        (args.md, answer_markdown(answer)),
    ):
        if path is not None:
            path.write_text(content, encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
    return 1 if answer.error else 0


def write_compare(bot: Assistant, args: argparse.Namespace, filters: dict | None) -> int:
    """Run compare, print the table, and write the requested exports."""
    from assistant.export import table_csv, table_latex

    topic = args.topic
    if args.aspects:  # named columns: "Compare A, B across these papers: TOPIC" is what the parser reads
        topic = f"{args.topic.rstrip('. ')} in terms of {args.aspects}"
    *_, answer = bot.overview_stream("compare", topic, filters=filters)
    print(json.dumps(answer.model_dump(), indent=2, ensure_ascii=False) if args.json else render_text(answer))
    if answer.table is not None:
        for path, content in (
            (args.md, answer.answer.split("\n\n")[0] + "\n"),
            (args.csv, table_csv(answer.table)),
            (args.tex, table_latex(answer.table, answer.sources)),
        ):
            if path is not None:
                path.write_text(content, encoding="utf-8")
                print(f"wrote {path}", file=sys.stderr)
    return 1 if answer.error else 0


def render_text(answer: Answer) -> str:
    """The answer, its flagged sentences, notices and numbered sources, for a terminal."""
    lines = [answer.answer.strip(), ""]
    flagged = [c for c in answer.sentences if c.flags]
    lines += [f"Flagged: {c.text}  [{', '.join(c.flags)}]" for c in flagged]
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


def stream_to_terminal(bot: Assistant, question: str, history: list[str], filters: dict | None) -> Answer:
    """Print the answer as it streams, then the verified version if it differs; returns it."""
    printed = ""
    final: Answer | None = None
    for final in bot.ask_stream(question, history, filters=filters):
        if not final.done:
            sys.stdout.write(final.answer[len(printed) :])
            sys.stdout.flush()
            printed = final.answer
    assert final is not None
    if printed:
        print("\n")
    if printed.strip() != final.answer.strip():
        print(render_text(final))
    else:
        print(render_text(final).split("\n", 1)[1])
    return final


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    overrides = {"store": args.store, "top_k": args.top_k, "llm_gguf": args.llm_gguf}
    settings = Settings(**{k: v for k, v in overrides.items() if v})
    filters = {"has_code": True} if args.has_code else None
    try:
        with local_llm(settings) as served:
            bot = Assistant(served)
            if args.command == "chat":
                return chat_loop(bot, filters)
            if args.command == "compare":
                return write_compare(bot, args, filters)
            if args.command in ("summarize", "related-work"):
                return write_overview(bot, args, filters)
            if args.json:
                answer = bot.ask(args.question, args.history, filters=filters)
                print(json.dumps(answer.model_dump(), indent=2, ensure_ascii=False))
            else:
                answer = stream_to_terminal(bot, args.question, args.history, filters)
    except (StoreError, LocalLLMError) as exc:
        print(f"assistant: {exc}", file=sys.stderr)
        return 1
    return 1 if answer.error else 0


if __name__ == "__main__":
    sys.exit(main())
