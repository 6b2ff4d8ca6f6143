"""A scripted OpenAI-compatible chat server on 127.0.0.1 that behaves like popular servers do.

It speaks the real wire protocol (``POST /v1/chat/completions`` answered with
server-sent events, or a JSON completion for ``stream: false``; ``GET /v1/models``),
so the ``openai`` client path runs end to end. The reply is fixed by the test, which
makes it possible to check what verification does with invented citations, and the
server can misbehave on cue in the ways real ones do:

- reasoning models: ``<think>`` or ``<thinking>`` blocks in the content (closed or
  not), or ``reasoning_content`` / ``reasoning`` delta fields;
- OpenAI's newer models: a 400 for ``max_tokens``, ``temperature`` or the system role,
  worded as OpenAI words it;
- ``max_tokens`` respected (one word = one token), cut with ``finish_reason: "length"``;
- empty or missing ``choices``, ``content: null`` and tool-call deltas;
- a plain JSON completion where an event stream was asked for;
- headers then keep-alive spaces and nothing else; a stall after N words;
- a body that is no chat completion (an HTML page with 200, bytes that are not UTF-8,
  an event that is not JSON), and a stream that closes without a finish reason or [DONE].

Tests against a real model server (llama.cpp) live beside it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

Text = str | Callable[[dict], str]  # fixed, or computed from the request body

# OpenAI's own 400 messages (2024-2025) for parameters its reasoning models refuse.
REJECTIONS = {
    "max_tokens": (
        "max_tokens",
        "Unsupported parameter: 'max_tokens' is not supported with this model. "
        "Use 'max_completion_tokens' instead.",
    ),
    "temperature": (
        "temperature",
        "Unsupported value: 'temperature' does not support 0.0 with this model. "
        "Only the default (1) value is supported.",
    ),
    "system": (
        "messages[0].role",
        "Unsupported value: 'messages[0].role' does not support 'system' with this model.",
    ),
}


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler], release: threading.Event) -> Iterator[str]:
    """``handler`` served on a free port of 127.0.0.1 in a thread; yields the ``/v1`` base URL.
    On exit ``release`` is set (so stalled handlers return) and the server is shut down."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        release.set()
        server.shutdown()
        server.server_close()


def is_rewrite(body: dict) -> bool:
    """True for the follow-up rewrite request (``prompts/condense.md``), not the answer."""
    return "standalone search query" in body["messages"][-1]["content"]


def _text(value: Text, body: dict) -> str:
    return value(body) if callable(value) else value


@contextmanager
def scripted_server(
    reply: Text = "",
    status: int = 200,
    stall_after: int | None = None,
    error: str | None = None,
    *,
    reasoning: Text = "",
    reasoning_as: str = "think",
    reject: Collection[str] = (),
    finish_reason: str = "stop",
    choices: str = "normal",
    null_content: bool = False,
    tool_calls: bool = False,
    json_reply: bool = False,
    trickle: float | None = None,
    models: Collection[str] = ("test-model",),
    raw: tuple[int, str, bytes] | None = None,
    no_done: bool = False,
    busy: tuple[int, dict[str, str]] | None = None,
) -> Iterator[tuple[str, list[dict]]]:
    """Serve ``reply`` word by word; yields ``(base_url, received_request_bodies)``.

    Args:
        reply: the answer text, or a function of the request body (e.g. one text for
            the follow-up rewrite, see :func:`is_rewrite`, another for the answer).
        status, error: answer every chat request with this HTTP status and message.
        stall_after: send this many words, then go silent with the connection open
            (0: silent before the first word; a ``stream: false`` request gets nothing).
        reasoning: thinking sent before the reply, as ``reasoning_as`` says: ``"think"``
            or ``"thinking"`` (tags in the content, each tag split over two chunks),
            ``"unclosed"`` (``<think>`` never closed, no reply), ``"open_in_prompt"``
            (only ``</think>``, as DeepSeek-R1's template leaves it), or the delta
            field ``"reasoning_content"`` / ``"reasoning"``.
        reject: parameters answered with OpenAI's 400 while the request has them:
            ``"max_tokens"``, ``"temperature"``, ``"system"`` (a system message).
        finish_reason: the last chunk's reason when the token limit was not hit.
        choices: ``"normal"``, ``"empty"`` (``[]`` in every chunk) or ``"missing"``.
        null_content: open the stream with a ``content: null`` role delta.
        tool_calls: send a tool-call delta (``content: null``) before the text.
        json_reply: answer stream requests with a plain JSON completion.
        trickle: send headers, then a space every ``trickle`` seconds, never an answer.
        models: ids listed by ``GET /v1/models``.
        raw: ``(status, content type, body)`` sent as is to every chat request, then the
            connection closes (an HTML error page, an event stream of broken events).
        no_done: end the event stream after the last word, with no finish reason nor [DONE].
        busy: ``(n, headers)``: the first ``n`` chat requests get OpenAI's 429 ("Rate limit
            reached …") with these headers (``{"Retry-After": "0"}``), later ones the reply.
    """
    release = threading.Event()
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: object) -> None:  # keep test output clean
            pass

        def send_json(self, code: int, payload: dict, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            if self.path.rstrip("/").endswith("/models"):
                data = [{"id": m, "object": "model", "created": 0, "owned_by": "test"} for m in models]
                self.send_json(200, {"object": "list", "data": data})
            else:
                self.send_json(404, {"error": {"message": "not found"}})

        def do_POST(self) -> None:  # noqa: N802
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            received.append(body)
            if raw is not None:
                self.send_response(raw[0])
                self.send_header("Content-Type", raw[1])
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(raw[2])
                self.close_connection = True
                return
            if busy is not None and len(received) <= busy[0]:
                message = "Rate limit reached for requests per min (RPM): Limit 3, Used 3, Requested 1."
                error_body = {"message": message, "type": "requests", "code": "rate_limit_exceeded"}
                self.send_json(429, {"error": error_body}, busy[1])
                return
            if status != 200:
                self.send_json(status, {"error": {"message": error or f"status {status}", "code": status}})
                return
            for name in reject:
                param, message = REJECTIONS[name]
                present = (
                    any(m["role"] == "system" for m in body["messages"]) if name == "system" else name in body
                )
                if present:
                    error_body = {"message": message, "type": "invalid_request_error", "param": param}
                    self.send_json(400, {"error": error_body | {"code": "unsupported_parameter"}})
                    return
            pieces, fields, finish = self.script(body)
            if trickle is not None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream" if body.get("stream") else "application/json")
                self.end_headers()
                while not release.wait(trickle):  # keep-alive bytes until the test ends
                    self.wfile.write(b" ")
                    self.wfile.flush()
                return
            if body.get("stream") and not json_reply:
                self.stream(body, pieces, fields, finish)
            else:
                if stall_after is not None:
                    release.wait(60)
                    return
                self.send_completion(body, pieces, fields, finish)

        def script(self, body: dict) -> tuple[list[str], list[str], str]:
            """The reply as pieces, the delta field of each, and the finish reason."""
            answer = [w + " " for w in _text(reply, body).split(" ") if w]
            thought = [w + " " for w in _text(reasoning, body).split(" ") if w]
            if not thought:
                pieces, fields = answer, ["content"] * len(answer)
            elif reasoning_as in ("reasoning_content", "reasoning"):
                pieces, fields = thought + answer, [reasoning_as] * len(thought) + ["content"] * len(answer)
            else:
                tag = "thinking" if reasoning_as == "thinking" else "think"
                opening = [] if reasoning_as == "open_in_prompt" else [f"<{tag[:3]}", f"{tag[3:]}>"]
                closing = [] if reasoning_as == "unclosed" else [f"</{tag[:2]}", f"{tag[2:]}>\n\n"]
                body_words = [] if reasoning_as == "unclosed" else answer
                pieces = opening + thought + closing + body_words
                fields = ["content"] * len(pieces)
            limit = body.get("max_completion_tokens") or body.get("max_tokens")
            if limit is not None and len(pieces) > limit:
                return pieces[:limit], fields[:limit], "length"
            return pieces, fields, finish_reason

        def chunk(self, body: dict, delta: dict, finish: str | None = None) -> bytes:
            payload: dict = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": body["model"]}
            if choices == "normal":
                payload["choices"] = [{"index": 0, "delta": delta, "finish_reason": finish}]
            elif choices == "empty":
                payload["choices"] = []
            return f"data: {json.dumps(payload)}\n\n".encode()

        def stream(self, body: dict, pieces: list[str], fields: list[str], finish: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            if null_content:
                self.wfile.write(self.chunk(body, {"role": "assistant", "content": None}))
            if tool_calls:
                call = {"index": 0, "id": "call_1", "type": "function", "function": {"name": "search", "arguments": "{}"}}
                self.wfile.write(self.chunk(body, {"content": None, "tool_calls": [call]}))
            for i, (piece, field) in enumerate(zip(pieces, fields, strict=True)):
                if stall_after is not None and i == stall_after:
                    self.wfile.flush()
                    release.wait(60)  # silent, connection open
                    return
                self.wfile.write(self.chunk(body, {field: piece}))
                self.wfile.flush()
            if no_done:  # the connection closes: no finish reason, no [DONE]
                self.close_connection = True
                return
            self.wfile.write(self.chunk(body, {}, "tool_calls" if tool_calls and not pieces else finish))
            self.wfile.write(b"data: [DONE]\n\n")

        def send_completion(self, body: dict, pieces: list[str], fields: list[str], finish: str) -> None:
            message: dict = {"role": "assistant", "content": None if null_content else ""}
            for piece, field in zip(pieces, fields, strict=True):
                message[field] = (message.get(field) or "") + piece
            payload: dict = {"id": "x", "object": "chat.completion", "created": 0, "model": body["model"]}
            if choices == "normal":
                payload["choices"] = [{"index": 0, "message": message, "finish_reason": finish}]
            elif choices == "empty":
                payload["choices"] = []
            self.send_json(200, payload)

    with serving(Handler, release) as base_url:
        yield base_url, received
