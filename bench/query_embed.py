"""CPU per query embedding with ONNX Runtime's spinning intra-op threads on and off.

``python bench/query_embed.py [--queries 400]``: embeds one question at a time (as the app
does per question), from 1 and from 4 threads at once (the app's queue runs several
questions together), with the embedder's session as shipped (``allow_spinning`` off) and
with ONNX Runtime's default (spinning on). Prints queries/s and CPU ms per query, and the
CPU ratio default / shipped in the same run. Source of the setting:
https://onnxruntime.ai/docs/performance/tune-performance/threading.html
"""

from __future__ import annotations

import argparse
import resource
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import assistant  # noqa: E402,F401
from assistant.embed import MiniLMOnnxEmbedder  # noqa: E402


def cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(embedder: MiniLMOnnxEmbedder, questions: list[str], workers: int) -> tuple[float, float]:
    """(queries/s, CPU ms per query) embedding ``questions`` one by one from ``workers`` threads."""
    embedder.embed(questions[:2])  # load the session outside the measurement
    cpu0, t0 = cpu_s(), time.perf_counter()
    threads = [
        threading.Thread(target=lambda k=k: [embedder.embed([q]) for q in questions[k::workers]])
        for k in range(workers)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall, cpu = time.perf_counter() - t0, cpu_s() - cpu0
    return len(questions) / wall, cpu / len(questions) * 1000


def spinning(embedder: MiniLMOnnxEmbedder) -> MiniLMOnnxEmbedder:
    """``embedder`` with ONNX Runtime's default session options (spinning threads)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = embedder.threads
    options.inter_op_num_threads = 1
    embedder.__dict__["session"] = ort.InferenceSession(
        str(embedder._model_path), options, providers=["CPUExecutionProvider"]
    )
    return embedder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    questions = [
        f"What does paper {i} report about hallucination in multimodal LLMs?" for i in range(args.queries)
    ]
    print("workers  session            queries/s  CPU ms/query")
    for workers in (1, 4):
        shipped = measure(MiniLMOnnxEmbedder(), questions, workers)
        default = measure(spinning(MiniLMOnnxEmbedder()), questions, workers)
        print(f"{workers:>7}  shipped (no spin)  {shipped[0]:9.1f}  {shipped[1]:12.1f}")
        print(f"{workers:>7}  ORT default        {default[0]:9.1f}  {default[1]:12.1f}")
        print(f"{workers:>7}  CPU ratio default/shipped: {default[1] / shipped[1]:.2f}")


if __name__ == "__main__":
    main()
