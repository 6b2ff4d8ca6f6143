"""The embedder's cache of recent texts: the retrieval eval's time with it and without it.

``python bench/query_cache.py [--questions 200]``: runs ``eval.retrieval.run_retrieval`` (hybrid,
BM25 alone, dense alone and follow-ups without their history, so each question is embedded up to
four times) over the first dev questions on the bundled store, once with the MiniLM embedder's
cache off (``cache_items = 0``) and once as shipped, each on a fresh embedder and assistant, and
prints both times and their ratio, measured in the same run. The figures must be the same.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import assistant  # noqa: E402,F401
from assistant.ask import Assistant  # noqa: E402
from assistant.embed import MiniLMOnnxEmbedder  # noqa: E402
from assistant.settings import Settings  # noqa: E402
from eval.questions import SPLITS, load_questions  # noqa: E402
from eval.retrieval import run_retrieval  # noqa: E402


def timed(cache_items: int, questions: list) -> tuple[float, dict]:
    """(seconds, the hybrid figures) of one retrieval eval with the embedder's cache at ``cache_items``."""
    embedder = MiniLMOnnxEmbedder()
    embedder.cache_items = cache_items
    bot = Assistant(Settings(), embedder)
    bot.ask("warm up: which paper introduces MMVP?")  # sessions, BM25 and the vector index opened
    started = time.perf_counter()
    report = run_retrieval(bot, questions)
    return time.perf_counter() - started, report["overall"]["hybrid"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=200)
    args = parser.parse_args()
    questions = load_questions(SPLITS["dev"])[: args.questions]
    off, figures_off = timed(0, questions)
    on, figures_on = timed(MiniLMOnnxEmbedder.cache_items, questions)
    print(f"{len(questions)} dev questions, retrieval eval (hybrid, BM25, dense, follow-ups without history)")
    print(f"cache off: {off:.1f} s; cache on ({MiniLMOnnxEmbedder.cache_items} texts): {on:.1f} s")
    print(f"time on / off: {on / off:.2f}; same figures: {figures_on == figures_off}")


if __name__ == "__main__":
    main()
