"""bench/load.py end to end: a launched app (with PA_QUEUE_CONCURRENCY), concurrent sessions
with follow-ups through gradio_client, no errors and no cross-talk."""

from __future__ import annotations

import subprocess
import sys

from assistant.settings import PROJECT_DIR


def test_load_bench_runs_concurrent_sessions_without_errors_or_cross_talk() -> None:
    done = subprocess.run(
        [sys.executable, "bench/load.py", "--sessions", "4", "--turns", "2", "--topics", "2", "--concurrency", "2"],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=1800,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "4 sessions x 2 turns" in out and "(8 answered in" in out, out
    assert "errors: 0" in out and "cross-talk: 0 turns" in out, out
    assert "time to first output:  p50" in out and "time to full answer:   p50" in out
    assert "connect (page load, before the clock): p50" in out
    assert "CPU per turn while measured: app " in out, out
