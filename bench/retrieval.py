"""Retrieval latency (p50/p95) and memory, at 79 real papers and N synthetic ones.

``python bench/retrieval.py [--papers 100000] [--queries 60]``

The synthetic collection is made reproducibly (seed 0): each abstract is 8
sentences drawn from the bundled corpus, each title 8 words of it. Embedding
100k texts would take hours on 2 CPU cores, so vectors are inserted directly:
a synthetic abstract's vector is the L2-normalised mean of its sentences' real
MiniLM embeddings (embedded once, ~800 sentences), which keeps the geometry of
real text. Stored records have the same fields as ``python -m ingest`` writes.

Latencies exclude the query's own embedding, which is timed separately; the
questions come from ``eval/questions/dev.jsonl``. The ratio column is each figure
over the same retriever's figure at 79 papers, measured in this process.
"""

from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

import assistant  # noqa: E402,F401
from assistant.embed import MiniLMOnnxEmbedder  # noqa: E402
from assistant.retrieve import PaperRetriever  # noqa: E402
from assistant.settings import BUNDLED_CORPUS, Settings  # noqa: E402
from assistant.store import Store  # noqa: E402
from assistant.text import split_sentences  # noqa: E402
from eval.questions import load_questions  # noqa: E402
from ingest.pipeline import collect_papers, ingest_paths  # noqa: E402

MODES = ("bm25", "dense", "hybrid")


def rss_mib() -> float:
    """Peak resident set size of this process so far, MiB (Linux ru_maxrss is KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> tuple[float, float]:
    qs = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples) * 1000, qs[18] * 1000  # ms: p50, p95


def time_modes(
    retriever: PaperRetriever, queries: list[tuple[str, np.ndarray]]
) -> dict[str, tuple[float, float]]:
    out = {}
    for mode in MODES:
        retriever.retrieve(queries[0][0], vector=queries[0][1], mode=mode)  # warm caches
        samples = []
        for text, vector in queries:
            started = time.perf_counter()
            retriever.retrieve(text, vector=vector, mode=mode)
            samples.append(time.perf_counter() - started)
        out[mode] = percentiles(samples)
    return out


def build_synthetic(settings: Settings, embedder: MiniLMOnnxEmbedder, n: int) -> None:
    papers, _ = collect_papers([BUNDLED_CORPUS])
    sentences = sorted({s for p in papers.values() for s in split_sentences(p.abstract)})
    words = " ".join(p.title for p in papers.values()).split()
    vectors = embedder.embed(sentences)
    rng = random.Random(0)
    store = Store(settings, embedder.model_id, create=True)
    batch = 5000
    for start in range(0, n, batch):
        ids, docs, metas, embs = [], [], [], []
        for i in range(start, min(n, start + batch)):
            picks = rng.sample(range(len(sentences)), 8)
            title = " ".join(rng.choice(words) for _ in range(8))
            abstract = " ".join(sentences[j] for j in picks)
            mean = vectors[picks].mean(axis=0)
            pid = f"syn{i:07d}"
            ids.append(f"{pid}:0")
            docs.append(f"{title}\n{abstract}")
            metas.append(
                {
                    "paper_id": pid,
                    "title": title,
                    "content_hash": pid,
                    "chunk_index": 0,
                    "n_chunks": 1,
                    "has_code": i % 3 == 0,
                    "source": f"synthetic:{i}",
                    "abstract": abstract,
                }
            )
            embs.append((mean / np.linalg.norm(mean)).tolist())
        store.collection.add(ids=ids, documents=docs, metadatas=metas, embeddings=embs)
        print(f"  inserted {min(n, start + batch)} / {n}", end="\r", file=sys.stderr)
    print(file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument(
        "--keep", type=Path, help="build the synthetic store here and keep it (for bench/memory.py)"
    )
    args = parser.parse_args()
    embedder = MiniLMOnnxEmbedder()
    texts = [q.q for q in load_questions()][: args.queries]
    embedder.embed(["warm up"])
    started = time.perf_counter()
    for t in texts:
        embedder.embed([t])
    embed_ms = (time.perf_counter() - started) / len(texts) * 1000
    queries = [(t, embedder.embed([t])[0]) for t in texts]
    print(f"query embedding (MiniLM int8, 2 threads): {embed_ms:.1f} ms mean per query")

    with tempfile.TemporaryDirectory() as tmp:
        small = Settings(store=Path(tmp) / "real")
        ingest_paths([BUNDLED_CORPUS], small, embedder, progress=False)
        base = time_modes(PaperRetriever(Store(small, embedder.model_id), embedder, small), queries)
        rss_small = rss_mib()

        big = Settings(store=args.keep or Path(tmp) / "synthetic")
        started = time.perf_counter()
        try:
            reuse = Store(big, embedder.model_id).count() == args.papers  # a store kept by --keep
        except Exception:
            reuse = False
        if not reuse:
            build_synthetic(big, embedder, args.papers)
        build_s = time.perf_counter() - started
        retriever = PaperRetriever(Store(big, embedder.model_id), embedder, big)
        started = time.perf_counter()
        retriever.retrieve("warm up", vector=queries[0][1])  # builds the BM25 index
        bm25_build_s = time.perf_counter() - started
        large = time_modes(retriever, queries)
        rss_large = rss_mib()

    how = "reused" if reuse else f"inserted in {build_s:.0f} s"
    print(f"synthetic store: {args.papers} papers {how}; BM25 index built in {bm25_build_s:.1f} s")
    print(
        f"{'retriever':<10}{'p50 @79':>10}{'p95 @79':>10}{f'p50 @{args.papers}':>14}{f'p95 @{args.papers}':>14}{'p95 ratio':>11}"
    )
    for mode in MODES:
        (a50, a95), (b50, b95) = base[mode], large[mode]
        print(f"{mode:<10}{a50:>8.1f}ms{a95:>8.1f}ms{b50:>12.1f}ms{b95:>12.1f}ms{b95 / a95:>10.1f}x")
    print(
        f"peak RSS: {rss_small:.0f} MiB after the 79-paper store, {rss_large:.0f} MiB after {args.papers} papers"
    )


if __name__ == "__main__":
    main()
