"""Retrieval latency (p50/p95) and memory, at 79 real papers and N synthetic ones.

``python bench/retrieval.py [--papers 100000] [--queries 60] [--keep DIR]``;
``python bench/retrieval.py --bm25-only DIR --papers 1000000`` measures BM25 alone
(build, save, open memory-mapped in a fresh process, query), with no Chroma store.

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
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

import assistant  # noqa: E402,F401
from assistant.bm25_index import BM25Index, index_dir, refresh_index, store_version  # noqa: E402
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


def _corpus_parts() -> tuple[list[str], list[str]]:
    papers, _ = collect_papers([BUNDLED_CORPUS])
    sentences = sorted({s for p in papers.values() for s in split_sentences(p.abstract)})
    words = " ".join(p.title for p in papers.values()).split()
    return sentences, words


def synthetic_records(
    n: int, sentences: list[str], words: list[str]
) -> Iterator[tuple[str, dict, str, list[int]]]:
    """``(chunk id, metadata, document, sentence indices)`` of ``n`` synthetic papers (seed 0)."""
    rng = random.Random(0)
    for i in range(n):
        picks = rng.sample(range(len(sentences)), 8)
        title = " ".join(rng.choice(words) for _ in range(8))
        abstract = " ".join(sentences[j] for j in picks)
        pid = f"syn{i:07d}"
        meta = {
            "paper_id": pid,
            "title": title,
            "content_hash": pid,
            "chunk_index": 0,
            "n_chunks": 1,
            "has_code": i % 3 == 0,
            "source": f"synthetic:{i}",
            "abstract": abstract,
        }
        yield f"{pid}:0", meta, f"{title}\n{abstract}", picks


def build_synthetic(settings: Settings, embedder: MiniLMOnnxEmbedder, n: int) -> None:
    """Insert ``n`` synthetic papers into a new store, then save its BM25 index as an ingest does."""
    sentences, words = _corpus_parts()
    vectors = embedder.embed(sentences)
    store = Store(settings, embedder.model_id, create=True)
    batch = 5000
    rows = synthetic_records(n, sentences, words)
    for start in range(0, n, batch):
        part = [next(rows) for _ in range(min(batch, n - start))]
        embs = []
        for _, _, _, picks in part:
            mean = vectors[picks].mean(axis=0)
            embs.append((mean / np.linalg.norm(mean)).tolist())
        store.collection.add(
            ids=[r[0] for r in part],
            metadatas=[r[1] for r in part],
            documents=[r[2] for r in part],
            embeddings=embs,
        )
        print(f"  inserted {start + len(part)} / {n}", end="\r", file=sys.stderr)
    print(file=sys.stderr)
    refresh_index(store)


def bm25_only(n: int, folder: Path, texts: list[str]) -> None:
    """BM25 alone at ``n`` synthetic papers, no Chroma: build and save, then open and query in a fresh process."""
    sentences, words = _corpus_parts()
    started = time.perf_counter()
    index = BM25Index.build_from(
        ((c, m, d) for c, m, d, _ in synthetic_records(n, sentences, words)), "bench"
    )
    build_s = time.perf_counter() - started
    index.save(folder)
    build_rss = rss_mib()
    del index
    size = sum(f.stat().st_size for f in folder.iterdir()) / 2**20
    print(
        f"BM25 over {n} synthetic papers: built in {build_s:.0f} s (peak RSS {build_rss:.0f} MiB), {size:.0f} MiB on disk"
    )
    probe = subprocess.run(
        [sys.executable, __file__, "--bm25-load", str(folder), "--papers", str(n), "--queries", str(len(texts))],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    print(probe.stdout.strip())


def bm25_load(folder: Path, n: int, texts: list[str]) -> None:
    """Open the saved index (memory-mapped) and time queries; peak RSS of this fresh process."""
    before = rss_mib()
    started = time.perf_counter()
    index = BM25Index.load(folder, "bench", n)
    assert index is not None, f"no index for {n} papers in {folder}"
    open_s = time.perf_counter() - started
    index.search(texts[0], 30)
    samples = []
    for text in texts:
        started = time.perf_counter()
        index.search(text, 30)
        samples.append(time.perf_counter() - started)
    p50, p95 = percentiles(samples)
    print(
        f"opened (memory-mapped) in {open_s:.2f} s; BM25 top-30 p50 {p50:.1f} ms, p95 {p95:.1f} ms; "
        f"peak RSS {rss_mib():.0f} MiB (of which {before:.0f} MiB before opening)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument(
        "--keep", type=Path, help="build the synthetic store here and keep it (for bench/memory.py)"
    )
    parser.add_argument(
        "--bm25-only",
        type=Path,
        metavar="DIR",
        help="measure BM25 alone (no Chroma) at --papers: build and save its index in DIR, open, query",
    )
    parser.add_argument("--bm25-load", type=Path, help=argparse.SUPPRESS)  # the fresh process of --bm25-only
    args = parser.parse_args()
    texts = [q.q for q in load_questions()][: args.queries]
    if args.bm25_load:
        return bm25_load(args.bm25_load, args.papers, texts)
    if args.bm25_only:
        return bm25_only(args.papers, args.bm25_only, texts)
    embedder = MiniLMOnnxEmbedder()
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
        started = time.perf_counter()
        retriever = PaperRetriever(Store(small, embedder.model_id), embedder, small)
        retriever.retrieve("warm up", vector=queries[0][1])  # opens the BM25 index and the vector index
        open_small_s = time.perf_counter() - started
        base = time_modes(retriever, queries)
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
        kept = Store(big, embedder.model_id)
        started = time.perf_counter()
        if BM25Index.load(index_dir(big), store_version(kept), kept.count()) is None:
            refresh_index(kept)  # what an ingest does at its end; a store kept from before had none
        index_s = time.perf_counter() - started
        started = time.perf_counter()
        retriever = PaperRetriever(Store(big, embedder.model_id), embedder, big)
        retriever.retrieve("warm up", vector=queries[0][1])  # opens the BM25 index and the vector index
        open_s = time.perf_counter() - started
        large = time_modes(retriever, queries)
        rss_large = rss_mib()

    how = "reused" if reuse else f"inserted in {build_s:.0f} s"
    print(f"synthetic store: {args.papers} papers {how}; BM25 index built and saved in {index_s:.0f} s")
    print(
        f"store opened and first query answered in {open_small_s:.1f} s at 79 papers, "
        f"{open_s:.1f} s at {args.papers} (BM25 index memory-mapped, vector index loaded)"
    )
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
