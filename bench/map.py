"""Map tab build time and memory: ``python bench/map.py [--papers 79 10000] [--tsne-max N]``.

For each size, a fresh Chroma store of synthetic papers (``--chunks`` chunks each, unit
384-d vectors drawn around 12 random theme centres, as MiniLM's are unit-length) is
written by one process; a second process opens it and builds the map
(:func:`assistant.paper_map.build_map`: read every chunk vector, average per paper,
project, cluster, name themes), timing each step and reading its peak RSS
(VmHWM) from ``/proc``. Prints seconds and MiB, and ratios to the first size.
``--tsne-max`` sets the size above which PCA replaces t-SNE (default: the app's).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DIM = 384
THEMES = 12


def proc_mib(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def write_store(folder: Path, papers: int, chunks: int, seed: int = 0) -> None:
    import numpy as np

    from assistant.settings import Settings
    from assistant.store import Store

    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(THEMES, DIM))
    store = Store(Settings(store=folder), "synthetic", create=True)
    words = ["vision", "language", "agents", "speech", "robots", "graphs", "video", "diffusion", "retrieval"]
    batch: dict[str, list] = {"ids": [], "embeddings": [], "metadatas": [], "documents": []}
    for p in range(papers):
        theme = p % THEMES
        title = f"{words[theme % len(words)].title()} paper {p} on {words[(theme * 5) % len(words)]}"
        for c in range(chunks):
            v = centres[theme] + rng.normal(scale=1.5, size=DIM)
            batch["ids"].append(f"p{p}:{c}")
            batch["embeddings"].append((v / np.linalg.norm(v)).tolist())
            meta = {"paper_id": f"p{p}", "title": title, "chunk_index": c, "n_chunks": chunks}
            if c == 0:
                meta["abstract"] = f"Abstract of {title}."
            batch["metadatas"].append(meta)
            batch["documents"].append(title)
        if len(batch["ids"]) >= 4000 or p == papers - 1:
            store.collection.upsert(**batch)
            batch = {k: [] for k in batch}


def build(folder: Path, tsne_max: int) -> dict[str, float | str]:
    import assistant  # noqa: F401  (offline set-up)
    from assistant.library import paper_vectors
    from assistant.paper_map import build_map, project, theme_clusters
    from assistant.settings import Settings
    from assistant.store import Store

    store = Store(Settings(store=folder), "synthetic")
    baseline = proc_mib("VmRSS")  # imports and the opened store
    started = time.perf_counter()
    ids, vectors = paper_vectors(store)
    read_s = time.perf_counter() - started
    t = time.perf_counter()
    _, method = project(vectors, tsne_max)
    project_s = time.perf_counter() - t
    t = time.perf_counter()
    theme_clusters(vectors, [str(i) for i in ids], 8)
    cluster_s = time.perf_counter() - t
    t = time.perf_counter()
    full = build_map(store, 8, tsne_max)  # what the Map tab runs: read + list + project + cluster
    return {
        "papers": len(ids),
        "method": method,
        "read_s": read_s,
        "project_s": project_s,
        "cluster_s": cluster_s,
        "build_map_s": time.perf_counter() - t,
        "points": len(full.paper_ids),
        "baseline_mib": baseline,
        "peak_mib": proc_mib("VmHWM"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, nargs="+", default=[79, 10_000])
    parser.add_argument("--chunks", type=int, default=2, help="chunks per paper (the bundled corpus: 2.2)")
    parser.add_argument("--tsne-max", type=int, default=None)
    parser.add_argument("--child", nargs=2, metavar=("STORE", "TSNE_MAX"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(build(Path(args.child[0]), int(args.child[1]))))
        return
    from assistant.paper_map import TSNE_MAX

    tsne_max = TSNE_MAX if args.tsne_max is None else args.tsne_max
    results = []
    for n in args.papers:
        with tempfile.TemporaryDirectory(prefix="bench-map-") as tmp:
            write_store(Path(tmp), n, args.chunks)
            out = subprocess.run(
                [sys.executable, __file__, "--child", tmp, str(tsne_max)],
                check=True, capture_output=True, text=True, cwd=ROOT,
            )  # fmt: skip
            results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    base = results[0]
    print(f"tsne_max={tsne_max}, {args.chunks} chunks/paper; ratios to the {base['papers']}-paper run")
    print(f"{'papers':>7} {'method':>6} {'read s':>7} {'project s':>9} {'themes s':>8} {'build_map s':>11} "
          f"{'x':>6} {'baseline MiB':>12} {'peak MiB':>8} {'peak-base':>9} {'x':>5}")  # fmt: skip
    for r in results:
        growth = (r["peak_mib"] - r["baseline_mib"]) / max(base["peak_mib"] - base["baseline_mib"], 1)
        print(
            f"{r['papers']:>7} {r['method']:>6} {r['read_s']:>7.2f} {r['project_s']:>9.2f} "
            f"{r['cluster_s']:>8.2f} {r['build_map_s']:>11.2f} {r['build_map_s'] / base['build_map_s']:>6.1f} "
            f"{r['baseline_mib']:>12.0f} {r['peak_mib']:>8.0f} {r['peak_mib'] - r['baseline_mib']:>9.0f} "
            f"{growth:>5.1f}"
        )


if __name__ == "__main__":
    main()
