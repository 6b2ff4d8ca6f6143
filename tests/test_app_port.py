"""The app on a port that is taken (new-user trial 4): a clear message naming PA_PORT / --port,
before the store is opened, instead of Gradio's traceback advising GRADIO_SERVER_PORT."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

from assistant.settings import PROJECT_DIR


def test_a_taken_port_is_a_clear_message_before_the_store_is_opened(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        store = tmp_path / "store"
        result = subprocess.run(
            [sys.executable, "app.py", "--port", str(port), "--store", str(store)],
            cwd=PROJECT_DIR, capture_output=True, text=True, timeout=600,
        )
    assert result.returncode == 2, result.stderr
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert f"PA_PORT={port + 1} make run" in result.stderr and f"app.py --port {port + 1}" in result.stderr
    assert "Traceback" not in result.stderr and "GRADIO_SERVER_PORT" not in result.stderr
    assert not store.exists()  # nothing ingested into a store the app would not serve


def test_a_free_port_is_not_reported_taken() -> None:
    from app import port_in_use

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert not port_in_use("127.0.0.1", port)
