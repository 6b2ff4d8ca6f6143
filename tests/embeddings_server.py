"""A scripted OpenAI-compatible embeddings server on 127.0.0.1 (``POST /v1/embeddings``).

For behaviour a real endpoint cannot be made to show on demand: a fixed latency per
request, rate limits (429 with ``Retry-After``) and server errors, and a gate that holds
requests until a given number are in flight at once. Vectors are a deterministic
function of each text, so results can be checked for order. It records every request.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

import numpy as np

from tests.openai_server import serving


def vector_of(text: str, dim: int = 32) -> list[float]:
    """The server's embedding of ``text``: [dim] floats seeded by its SHA-256."""
    seed = int.from_bytes(hashlib.sha256(text.encode("utf-8", "replace")).digest()[:8], "little")
    return np.random.default_rng(seed).standard_normal(dim).astype(np.float32).tolist()


@dataclass
class EmbeddingsLog:
    """What the server saw: texts per answered request, times, and the most requests in flight."""

    texts: list[str] = field(default_factory=list)  # every text embedded (answered 200)
    arrivals: list[float] = field(default_factory=list)  # time.monotonic() of each request
    statuses: list[int] = field(default_factory=list)
    max_in_flight: int = 0
    in_flight: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


@contextmanager
def embeddings_server(
    *,
    latency: float = 0.0,
    dim: int = 32,
    script: list[tuple[int, dict[str, str]]] | None = None,
    gate: int = 0,
) -> Iterator[tuple[str, EmbeddingsLog]]:
    """Serve embeddings; yields ``(base_url, log)``.

    Args:
        latency: seconds each request takes (the server sleeps; requests overlap).
        script: ``(status, headers)`` for the first requests, in arrival order; then 200s.
        gate: hold each request until this many are in flight at once (or 120 s pass),
            so a test can see the client's concurrency without racing a clock.
    """
    log = EmbeddingsLog()
    pending = list(script or [])
    opened = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_: object) -> None:
            pass

        def _send(self, status: int, payload: dict, headers: dict[str, str] | None = None) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            for key, value in (headers or {}).items():
                self.send_header(key, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802 (http.server naming)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            with log.lock:
                log.arrivals.append(time.monotonic())
                scripted = pending.pop(0) if pending else None
                log.in_flight += 1
                log.max_in_flight = max(log.max_in_flight, log.in_flight)
                if gate and log.in_flight >= gate:
                    opened.set()
            try:
                if gate:
                    opened.wait(120)
                if latency:
                    time.sleep(latency)
                if scripted is not None and scripted[0] != 200:
                    status, headers = scripted
                    log.statuses.append(status)
                    self._send(status, {"error": {"message": f"scripted {status}", "code": status}}, headers)
                    return
                texts = body["input"] if isinstance(body["input"], list) else [body["input"]]
                with log.lock:
                    log.texts.extend(texts)
                    log.statuses.append(200)
                data = [
                    {"object": "embedding", "index": i, "embedding": vector_of(t, dim)}
                    for i, t in enumerate(texts)
                ]
                data.reverse()  # the spec orders by "index", not by position; clients must sort
                self._send(
                    200,
                    {
                        "object": "list",
                        "data": data,
                        "model": body["model"],
                        "usage": {"prompt_tokens": 0, "total_tokens": 0},
                    },
                )
            finally:
                with log.lock:
                    log.in_flight -= 1

    with serving(Handler, opened) as base_url:
        yield base_url, log


if __name__ == "__main__":  # serve for a manual try: python -m tests.embeddings_server [LATENCY]
    import sys

    with embeddings_server(latency=float(sys.argv[1]) if len(sys.argv) > 1 else 0.0) as (url, _):
        print(url, flush=True)
        threading.Event().wait()
