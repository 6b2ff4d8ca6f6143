"""PA_EMBEDDER=openai against a scripted embeddings endpoint: bounded concurrency, order,
retries that honour Retry-After, a clear error, and an ingest that resumes after SIGKILL
without re-embedding what it stored."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.embed import EmbeddingError, OpenAIEmbedder, make_embedder
from assistant.settings import PROJECT_DIR, Settings
from tests.embeddings_server import embeddings_server, vector_of
from tests.test_sync import papers_in, synthetic_papers, write_jsonl


def unit(rows: list[list[float]]) -> np.ndarray:
    v = np.asarray(rows, dtype=np.float32)
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_batches_go_out_concurrently_bounded_and_come_back_in_order() -> None:
    texts = [f"text number {i}" for i in range(40)]
    with embeddings_server(gate=3) as (url, log):  # holds requests until 3 are in flight
        settings = Settings(embedder="openai", embed_base_url=url, embed_batch_size=4, embed_concurrency=3)
        embedder = make_embedder(settings)
        assert isinstance(embedder, OpenAIEmbedder) and embedder.concurrency == 3
        vectors = embedder.embed(texts)
    assert log.max_in_flight == 3  # as many as allowed, never more
    assert len(log.arrivals) == 10 and sorted(log.texts) == sorted(texts)
    np.testing.assert_allclose(vectors, unit([vector_of(t) for t in texts]), rtol=1e-5)


def test_429_and_503_are_retried_honouring_retry_after() -> None:
    script = [(429, {"Retry-After": "1"}), (503, {})]
    with embeddings_server(script=script) as (url, log):
        embedder = OpenAIEmbedder(url, "k", "m", batch_size=8, concurrency=1, max_retries=3)
        vectors = embedder.embed(["a", "b"])
    assert log.statuses == [429, 503, 200]
    assert log.arrivals[1] - log.arrivals[0] >= 1.0  # waited at least what Retry-After asked
    np.testing.assert_allclose(vectors, unit([vector_of("a"), vector_of("b")]), rtol=1e-5)


def test_an_endpoint_that_keeps_failing_gives_a_clear_error() -> None:
    with embeddings_server(script=[(500, {})] * 3) as (url, log):
        embedder = OpenAIEmbedder(url, "k", "model-x", concurrency=2, max_retries=2)
        with pytest.raises(EmbeddingError, match=r"embeddings endpoint .* failed for model 'model-x'"):
            embedder.embed(["a"])
    assert log.statuses == [500, 500, 500]


def test_sigkilled_openai_ingest_resumes_without_re_embedding(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "p.jsonl", synthetic_papers(40, seed=3))
    store = tmp_path / "store"
    with embeddings_server() as (url, log):
        env = os.environ | {
            "PA_EMBEDDER": "openai",
            "PA_EMBED_BASE_URL": url,
            "PA_EMBED_BATCH_SIZE": "4",
            "PA_EMBED_CONCURRENCY": "2",
        }
        cmd = [sys.executable, "-m", "ingest", str(path), "--store", str(store), "--batch-size", "8"]
        proc = subprocess.Popen(
            cmd,
            cwd=PROJECT_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env=env | {"PA_TEST_PAUSE_AFTER_ROUNDS": "2"},
        )
        seen = b""
        assert proc.stderr is not None
        while b"ingest paused after 2 rounds" not in seen:
            chunk = proc.stderr.read1(4096)  # type: ignore[attr-defined]
            assert chunk, seen.decode(errors="replace")
            seen += chunk
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        before = list(log.texts)
        rerun = subprocess.run([*cmd, "--json"], cwd=PROJECT_DIR, capture_output=True, text=True, env=env)
        assert rerun.returncode == 0, rerun.stderr
        again = log.texts[len(before) :]
    report = json.loads(rerun.stdout)
    assert (report["papers"], report["unchanged"], report["added"]) == (40, 16, 24)
    assert not set(before) & set(again)  # nothing stored before the kill was embedded again
    titles = {p.title for p in papers_in(path)}
    assert {t.split("\n", 1)[0] for t in before + again} == titles
