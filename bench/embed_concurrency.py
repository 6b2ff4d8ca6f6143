"""Papers/s of ``PA_EMBEDDER=openai`` against the number of requests in flight.

``python bench/embed_concurrency.py [--papers 512] [--latency 0.25] [--batch 16] [--inflight 1 2 4 8 16]``

The endpoint is the repo's scripted embeddings server (tests/embeddings_server.py)
with a fixed latency per request, standing in for a remote GPU server whose time per
batch does not grow while it has spare capacity. For each number in flight it times
(a) embedding the papers' chunks alone and (b) a whole ingest of the papers into a
fresh store (chunking, embedding, Chroma writes, BM25 index). Papers are recombined
sentences of the bundled corpus (seed 0). Ratios are against 1 in flight, same run.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import assistant  # noqa: E402,F401  (offline set-up)
from assistant.embed import OpenAIEmbedder  # noqa: E402
from assistant.settings import BUNDLED_CORPUS, Settings  # noqa: E402
from assistant.text import split_sentences  # noqa: E402
from ingest.pipeline import chunk_paper, collect_papers, ingest_paths, title_prefix  # noqa: E402
from tests.embeddings_server import embeddings_server  # noqa: E402


def write_papers(path: Path, n: int) -> Path:
    papers, _ = collect_papers([BUNDLED_CORPUS])
    sentences = sorted({s for p in papers.values() for s in split_sentences(p.abstract)})
    rng = random.Random(0)
    rows = [
        {"title": f"Synthetic paper {i}", "abstract": " ".join(rng.sample(sentences, 8))} for i in range(n)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=512)
    parser.add_argument("--latency", type=float, default=0.25, help="seconds per request at the server")
    parser.add_argument("--batch", type=int, default=16, help="texts per request (PA_EMBED_BATCH_SIZE)")
    parser.add_argument("--inflight", type=int, nargs="+", default=[1, 2, 4, 8, 16])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, embeddings_server(latency=args.latency) as (url, log):
        path = write_papers(Path(tmp) / "papers.jsonl", args.papers)
        rows = []
        for inflight in args.inflight:
            embedder = OpenAIEmbedder(url, "k", "scripted", args.batch, concurrency=inflight)
            settings = Settings(store=Path(tmp) / f"store-{inflight}", embedder="openai")
            papers, _ = collect_papers([path])
            texts = [
                f"{title_prefix(p.title, embedder)}\n{c}"
                for p in papers.values()
                for c in chunk_paper(p, embedder, settings)
            ]
            started = time.perf_counter()
            embedder.embed(texts)
            embed_s = time.perf_counter() - started
            started = time.perf_counter()
            report = ingest_paths([path], settings, embedder, progress=False)
            ingest_s = time.perf_counter() - started
            assert report.added == args.papers
            rows.append((inflight, len(texts), embed_s, ingest_s))
    print(
        f"{args.papers} papers, {rows[0][1]} chunks, {args.batch} texts per request, "
        f"{args.latency * 1000:.0f} ms per request at the server"
    )
    print(f"{'in flight':>9}{'embed papers/s':>16}{'ratio':>7}{'ingest papers/s':>17}{'ratio':>7}")
    base_e, base_i = args.papers / rows[0][2], args.papers / rows[0][3]
    for inflight, _, embed_s, ingest_s in rows:
        e, i = args.papers / embed_s, args.papers / ingest_s
        print(f"{inflight:>9}{e:>16.0f}{e / base_e:>6.1f}x{i:>17.0f}{i / base_i:>6.1f}x")


if __name__ == "__main__":
    main()
