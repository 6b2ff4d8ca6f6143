"""Peak memory (RSS) of the running app: ``python bench/memory.py [--store DIR ...]``.

For each store (default: a fresh store of the bundled corpus, ingested here), starts
``python app.py --store DIR`` on a free port, asks one question through
``gradio_client``, then reads the app process's VmHWM (peak RSS) and VmRSS from
``/proc``. "ready s" is the app's start-up: from launch until it serves (it opens the
store, the saved BM25 index and the vector index, and warms up, before serving).
A 100k-paper store comes from ``python bench/retrieval.py --papers 100000 --keep DIR``.
Prints MiB and the ratio to the first store's peak.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.llm_server import free_port  # noqa: E402
from bench.load import required_defaults  # noqa: E402


def proc_mib(pid: int, field: str) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(store: Path) -> tuple[float, float, float]:
    """(seconds until the app served, peak RSS MiB, current RSS MiB) after one question."""
    from gradio_client import Client

    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    started = time.perf_counter()
    app = subprocess.Popen(
        [sys.executable, "app.py", "--store", str(store), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        client = None
        while client is None:
            if app.poll() is not None:
                raise RuntimeError(f"app.py exited with {app.returncode} on {store}")
            try:
                client = Client(url, verbose=False)
            except Exception:  # not up yet
                time.sleep(0.5)
        ready = time.perf_counter() - started
        client.predict(
            message="Which papers use mixture-of-experts?", api_name="/chat", **required_defaults(url)
        )
        return ready, proc_mib(app.pid, "VmHWM"), proc_mib(app.pid, "VmRSS")
    finally:
        app.terminate()
        app.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, action="append", default=[], help="extra store folders")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus_store = Path(tmp) / "store"
        # As a user's first `make run`: the app finds no store and ingests the bundled corpus itself.
        first = ("79 papers, first run (app ingests)", *measure(corpus_store))
        rows = [("79 papers, store ready", *measure(corpus_store)), first]
        for store in args.store:
            rows.append((str(store), *measure(store)))
    base = rows[0][2]
    print(f"{'store':<40}{'ready s':>9}{'peak RSS MiB':>14}{'RSS MiB':>10}{'peak ratio':>12}")
    for name, ready, peak, rss in rows:
        print(f"{name:<40}{ready:>9.1f}{peak:>14.0f}{rss:>10.0f}{peak / base:>12.2f}")


if __name__ == "__main__":
    main()
