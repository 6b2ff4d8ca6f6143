"""``python -m assistant ask|chat|summarize|related-work|compare``: answer from the store, with citations.

Exit codes: 0 answered (or refused as not covered); 1 the store or the writer failed; 2 a bad flag.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

from pydantic import ValidationError

from assistant.ask import Assistant
from assistant.export import answer_bibtex, answer_latex, answer_markdown
from assistant.filters import Filters, filter_error
from assistant.llm_server import LocalLLMError, local_llm
from assistant.presentation import shown, turn_of
from assistant.settings import Settings, settings_errors
from assistant.store import StoreError
from assistant.terminal import render_text, settled, stream_to_terminal  # noqa: F401 (settled: tests)
from assistant.types import Turn, has_words, repaired


def add_filter_flags(parser: argparse.ArgumentParser) -> None:
    """The metadata filters (see :class:`assistant.filters.Filters`) as flags of a subcommand."""
    group = parser.add_argument_group("filters (a paper must pass all given)")
    group.add_argument("--has-code", action="store_true", help="only papers with a code link")
    group.add_argument("--year-min", type=int, metavar="YEAR", help="only papers from YEAR on")
    group.add_argument("--year-max", type=int, metavar="YEAR", help="only papers up to YEAR")
    group.add_argument("--author", metavar="TEXT", help="an author's name contains TEXT (any case)")
    group.add_argument("--title", metavar="TEXT", help="the title contains TEXT (any case)")


def filters_of(args: argparse.Namespace) -> Filters | None:
    """The filters the flags ask for, or None."""
    return Filters.of(
        {
            "has_code": args.has_code,
            "year_min": args.year_min,
            "year_max": args.year_max,
            "author": args.author,
            "title": args.title,
        }
    )


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
    add_filter_flags(ask)
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
        add_filter_flags(mode)
        mode.add_argument("--json", action="store_true", help="print the answer object as JSON")
        mode.add_argument("--llm-gguf", type=Path, help="GGUF model: write through a local llama.cpp server")
        mode.set_defaults(top_k=None, history=[])
    compare = commands.add_parser("compare", help="a comparison table: one row per paper, cited cells")
    compare.add_argument("topic")
    compare.add_argument("--aspects", help="comma-separated columns (default: the question's, else task, ...)")
    compare.add_argument("--store", type=Path, help="store folder (env PA_STORE)")
    add_filter_flags(compare)
    compare.add_argument("--json", action="store_true", help="print the answer object as JSON")
    for flag, what in (("--md", "Markdown"), ("--csv", "CSV"), ("--tex", "LaTeX longtable")):
        compare.add_argument(flag, type=Path, help=f"write the table as {what} here")
    compare.add_argument("--bib", type=Path, help="write the BibTeX of the papers the table cites (its \\cite keys)")
    compare.set_defaults(top_k=None, llm_gguf=None, history=[])
    chat = commands.add_parser("chat", help="a terminal chat; follow-ups use the earlier turns")
    chat.add_argument("--store", type=Path, help="store folder (env PA_STORE)")
    chat.add_argument("--top-k", type=int, help="papers to retrieve (env PA_TOP_K)")
    add_filter_flags(chat)
    chat.add_argument("--llm-gguf", type=Path, help="GGUF model: answer through a local llama.cpp server")
    return parser


def chat_loop(bot: Assistant, filters: Filters | None, top_k: int | None = None) -> int:
    """Read questions from stdin until EOF or 'exit'; each turn sees the earlier ones
    (as :class:`Turn` with the papers each answer cited, where the assistant takes them).

    Ctrl-C while an answer is written stops that answer (it joins no history) and asks again;
    Ctrl-C at the prompt quits with exit code 130 (the shell's code for an interrupt), without
    a traceback. Returns 0 on EOF (Ctrl-D) or 'exit'."""
    try:  # line editing and arrow keys at the prompt (else they arrive as "^[[A" and are asked)
        import readline  # noqa: F401
    except ImportError:  # not on every platform
        pass
    history: list[Turn] = []
    print("Ask about the papers; 'exit' or Ctrl-D quits.")
    while True:
        try:
            question = input("\n> ").strip()
        except EOFError:
            print()
            return 0
        except KeyboardInterrupt:
            print()
            return 130
        if question.lower().rstrip(" .!") in {"exit", "quit"}:  # "Exit." was asked as a question
            return 0
        if question:
            try:
                answer = stream_to_terminal(bot, question, history, filters, top_k)
            except KeyboardInterrupt:
                print("\n(stopped; this answer is not kept as a turn)", file=sys.stderr)
                continue
            history.append(turn_of(answer))


def write_overview(bot: Assistant, args: argparse.Namespace, filters: Filters | None) -> int:
    """Run summarize / related-work, print it, and write the requested exports."""
    mode = "summary" if args.command == "summarize" else "related_work"
    *_, answer = bot.overview_stream(mode, args.topic, getattr(args, "about", ""), filters=filters)
    print(json.dumps(shown(answer), indent=2, ensure_ascii=False) if args.json else render_text(answer))
    for path, content in (
        (args.bib, answer_bibtex(answer)),
        (args.tex, answer_latex(answer, "Related Work" if mode == "related_work" else "Overview")),
        (args.md, answer_markdown(answer)),
    ):
        if path is not None:
            path.write_text(content, encoding="utf-8")
            print(f"wrote {path}", file=sys.stderr)
    return 1 if answer.error else 0


def write_compare(bot: Assistant, args: argparse.Namespace, filters: Filters | None) -> int:
    """Run compare, print the table, and write the requested exports."""
    from assistant.export import cited_sources, table_csv, table_latex
    from assistant.table_markdown import table_markdown

    topic = args.topic
    if args.aspects is not None:  # named columns: "TOPIC in terms of A, B" is what the parser reads
        aspects = aspect_names(args.aspects)
        wordless = [a for a in aspects if not has_words(a)]  # "?!": nothing to look for in an abstract
        aspects = [a for a in aspects if has_words(a)]
        if not aspects:
            print(f"--aspects {args.aspects!r} names no column; give comma-separated names", file=sys.stderr)
            return 2
        long = [a for a in aspects if len(a.split()) > MAX_COLUMN_WORDS]
        if long:
            words = len(long[0].split())
            print(
                f"--aspects: {long[0][:40]!r}... is {words:,} words; a column name has at most "
                f"{MAX_COLUMN_WORDS} (separate columns with commas)",
                file=sys.stderr,
            )
            return 2
        if wordless:
            print(f"--aspects: left out {', '.join(map(repr, wordless))} (no words)", file=sys.stderr)
        topic = f"{args.topic.rstrip('. ')} in terms of {'; '.join(aspects)}"  # ";": "and" stays inside
    *_, answer = bot.overview_stream("compare", topic, filters=filters)
    print(json.dumps(shown(answer), indent=2, ensure_ascii=False) if args.json else render_text(answer))
    if answer.table is not None:
        for path, content in (
            (args.md, table_markdown(answer.table) + "\n"),  # whole cells: the printed view may cut them
            (args.csv, table_csv(answer.table)),
            # the keys the .bib holds: the UI's downloads (export.answer_files) pair them the same way
            (args.tex, table_latex(answer.table, cited_sources(answer) or answer.sources)),
            (args.bib, answer_bibtex(answer)),
        ):
            if path is not None:
                path.write_text(content, encoding="utf-8")
                print(f"wrote {path}", file=sys.stderr)
    return 1 if answer.error else 0


# Most words of one --aspects column name (a 2,000-word paste was a 10 KB table header).
MAX_COLUMN_WORDS = 12


def aspect_names(listed: str) -> list[str]:
    """``--aspects`` split as one CSV row (Python's csv module), so a quoted name keeps its comma:
    ``'data, "speed, memory"'`` -> ``["data", "speed, memory"]``; line breaks are spaces."""
    row = next(csv.reader([" ".join(listed.split())], skipinitialspace=True), [])
    return [" ".join(a.split()) for a in row if a.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    for name in ("question", "topic", "about", "aspects", "author", "title"):  # bytes not UTF-8 in argv
        if isinstance(getattr(args, name, None), str):
            setattr(args, name, repaired(getattr(args, name)))
    args.history = [repaired(h) for h in getattr(args, "history", [])]
    question = (
        args.topic
        if args.command in ("summarize", "related-work", "compare")
        else getattr(args, "question", "x")
    )
    if not has_words(question):  # before the store is opened or a model loaded
        what = "question" if args.command == "ask" else "topic"
        print(f"assistant: the {what} {question!r} has no words to search for; ask in words", file=sys.stderr)
        return 2
    overrides = {"store": args.store, "top_k": args.top_k, "llm_gguf": args.llm_gguf}
    try:  # --top-k 0 is PA_TOP_K=0, refused by the settings (it used to mean the default)
        settings = Settings(**{k: v for k, v in overrides.items() if v is not None})
    except ValidationError as exc:
        print(f"assistant: bad setting: {settings_errors(exc)}", file=sys.stderr)
        return 2
    try:
        filters = filters_of(args)
    except ValidationError as exc:
        print(f"assistant: bad filter: {filter_error(exc)}", file=sys.stderr)
        return 2
    for key in ("author", "title"):  # a blank one filters nothing (Filters drops it): say so, not silently
        value = getattr(args, key, None)
        if value is not None and not value.strip():
            print(f"assistant: --{key} {value!r} is blank; ignored (no {key} filter)", file=sys.stderr)
    try:
        with local_llm(settings) as served:
            bot = Assistant(served)
            if args.command == "chat":
                return chat_loop(bot, filters, args.top_k)
            if args.command == "compare":
                return write_compare(bot, args, filters)
            if args.command in ("summarize", "related-work"):
                return write_overview(bot, args, filters)
            if args.json:
                answer = bot.ask(args.question, args.history, top_k=args.top_k, filters=filters)
                print(json.dumps(shown(answer), indent=2, ensure_ascii=False))
            else:
                answer = stream_to_terminal(bot, args.question, args.history, filters, args.top_k)
    except (StoreError, LocalLLMError) as exc:
        print(f"assistant: {exc}", file=sys.stderr)
        return 1
    return 1 if answer.error else 0


if __name__ == "__main__":
    sys.exit(main())
