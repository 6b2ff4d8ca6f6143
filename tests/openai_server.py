"""A minimal OpenAI-compatible chat server on 127.0.0.1 that streams a scripted reply.

It speaks the real wire protocol (``POST /v1/chat/completions`` with server-sent
events), so the ``openai`` client path runs end to end. The reply is fixed by the
test, which makes it possible to check what verification does with invented
citations. Tests against a real model server (llama.cpp) live beside it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@contextmanager
def scripted_server(
    reply: str, status: int = 200, stall_after: int | None = None, error: str | None = None
) -> Iterator[tuple[str, list[dict]]]:
    """Serve ``reply`` in word-sized SSE chunks; yields ``(base_url, received_requests)``.

    With ``stall_after=N`` it sends N chunks and then goes silent without closing.
    """
    release = threading.Event()
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:  # keep test output clean
            pass

        def do_POST(self) -> None:  # noqa: N802 (http.server naming)
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append(body)
            if status != 200:
                message = error or f"status {status}"
                payload = json.dumps({"error": {"message": message, "code": status}}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            for i, word in enumerate(reply.split(" ")):
                if stall_after is not None and i == stall_after:
                    release.wait(60)  # silent, connection open
                    return
                chunk = {
                    "id": "x",
                    "object": "chat.completion.chunk",
                    "created": 0,
                    "model": body["model"],
                    "choices": [{"index": 0, "delta": {"content": word + " "}, "finish_reason": None}],
                }
                self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                self.wfile.flush()
            self.wfile.write(b"data: [DONE]\n\n")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1", received
    finally:
        release.set()
        server.shutdown()
        server.server_close()
