"""``python -m ingest [PATH ...]``: sync files of papers into the store.

Formats (detected, or ``--format``): the daily-papers digest, JSONL/JSON, CSV/TSV,
arXiv API Atom XML, BibTeX. Exit codes: 0 done; 1 a file could not be parsed
(nothing was written) or the store refused (message on stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

from pydantic import ValidationError

from assistant.embed import EmbeddingError, make_embedder
from assistant.settings import BUNDLED_CORPUS, Settings, settings_errors
from assistant.store import StoreError, describe
from ingest.pipeline import WRITE_BATCH, ingest_paths
from ingest.readers import FORMATS, UnreadableFile


def _at_least(low: float, kind: Callable[[str], float] = float) -> Callable[[str], float]:
    """An argparse type: a number of at least ``low`` (``--batch-size 0`` was taken as the default,
    ``-3`` as 1, ``--wait -1`` as no wait)."""

    def parse(text: str) -> float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not value >= low:  # also refuses NaN
            raise argparse.ArgumentTypeError(f"{text} is not a number of at least {low:g}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ingest", description=__doc__.splitlines()[0])
    parser.add_argument(
        "paths", nargs="*", type=Path, help=f"files of papers (default: {BUNDLED_CORPUS.name})"
    )
    parser.add_argument("--store", type=Path, help="store folder (env PA_STORE)")
    parser.add_argument("--rebuild", action="store_true", help="delete the collection and re-embed")
    parser.add_argument("--prune", action="store_true", help="remove papers not in the given files")
    parser.add_argument("--check", action="store_true", help="parse and report; write nothing")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument(
        "--format", choices=sorted(FORMATS), help="read every PATH in this format (default: detect each)"
    )
    parser.add_argument(
        "--wait",
        type=_at_least(0.0),
        default=0.0,
        metavar="SECONDS",
        help="wait this long for another ingest on the same store to finish (default: refuse at once)",
    )
    parser.add_argument(
        "--batch-size",
        type=_at_least(1, int),
        metavar="N",
        help=f"papers embedded and written per round (default {WRITE_BATCH}, or PA_EMBED_CONCURRENCY x "
        "PA_EMBED_BATCH_SIZE with PA_EMBEDDER=openai); a crash loses at most one round",
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings(**({"store": args.store} if args.store else {}))
    except ValidationError as exc:
        print(f"ingest: bad setting: {settings_errors(exc)}", file=sys.stderr)
        return 2
    paths = args.paths or [BUNDLED_CORPUS]
    started = time.perf_counter()
    try:
        report = ingest_paths(
            paths,
            settings,
            make_embedder(settings),
            rebuild=args.rebuild,
            prune=args.prune,
            check=args.check,
            progress=not (args.quiet or args.json),
            fmt=args.format,
            wait=args.wait,
            batch_size=args.batch_size,
        )
    except (UnreadableFile, StoreError, EmbeddingError) as exc:
        print(f"ingest: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(report.model_dump(), indent=2, ensure_ascii=False))
    else:
        verb = "would be" if args.check else "now"
        print(f"{describe(settings)} {verb}: {report.summary()}")
        print(f"({time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
