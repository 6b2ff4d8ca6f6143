"""The one door to LLM servers: the only code that calls the ``openai`` client.

Whatever the server does, callers see :class:`Reply` snapshots: the answer text,
the reasoning split from it (:mod:`assistant.reasoning`), and on the last one a
typed :class:`Finish` — ``stop``, ``length`` (cut at the token limit), ``cut`` (the
stream ended with no finish reason: the connection closed mid-answer), ``empty`` (no
answer text) or ``error`` — with the reason in words for the user. This layer

- learns parameter fallbacks from the server's 400 (:mod:`assistant.llm_errors`) and
  remembers them per endpoint and model for the life of the process: ``max_tokens`` → ``max_completion_tokens``
  (OpenAI's o-series and later), no ``temperature``, no ``system`` role (folded into
  the user turn);
- enforces one wall-clock :class:`Deadline` per question, whatever the server sends
  (keep-alive bytes included): the request runs in a worker thread and the caller
  stops waiting when the deadline passes;
- accepts an event stream or a plain JSON completion for either kind of request;
- tolerates empty or missing ``choices``, ``content: null`` and tool-call deltas;
- names a reply that is not an OpenAI chat completion (an HTML page, bytes that are not
  UTF-8, an event that is not JSON) as such, not as a connection failure.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from assistant.deadline import Deadline
from assistant.llm_errors import (
    BACKOFF_S,
    BadResponse,
    explain,
    fold_system,
    learn_fallback,
    learned_fallbacks,
    retry_wait,
)
from assistant.llm_replies import choice_events, completion_json
from assistant.reasoning import ReasoningSplitter
from assistant.settings import Settings

# Most characters read per token asked for: English runs ~4 characters a token; more than
# 4x that means the server ignores max_tokens, and the rest is not read.
MAX_CHARS_PER_TOKEN = 16
FinishKind = Literal["stop", "length", "cut", "empty", "error"]


@dataclass(frozen=True)
class Finish:
    """How a reply ended: ``kind`` and, unless it simply stopped, why (for the user)."""

    kind: FinishKind
    why: str = ""


@dataclass
class Reply:
    """A snapshot of the reply so far; ``finish`` is set on the last one only."""

    answer: str = ""
    reasoning: str = ""
    finish: Finish | None = None
    seconds: float = 0.0


@lru_cache(maxsize=16)
def _client(base_url: str, api_key: str) -> Any:  # openai.OpenAI, shared: it is thread-safe
    from openai import OpenAI

    return OpenAI(base_url=base_url, api_key=api_key, max_retries=0)


def _missing(exc: BaseException) -> bool:
    return getattr(exc, "status_code", None) == 404  # no such model (or path): name what it lists


def list_models(settings: Settings, timeout: float = 5.0) -> list[str]:
    """Model ids the configured endpoint lists (``GET /v1/models``); ``[]`` when there is no
    endpoint or it does not answer within ``timeout`` seconds."""
    if not settings.llm_base_url:
        return []
    try:
        page = _client(settings.llm_base_url, settings.llm_api_key).models.list(timeout=timeout)
        return sorted({m.id for m in page.data if getattr(m, "id", None)})
    except Exception:  # any failure: the picker shows the configured model only
        return []


class LLM:
    """One model at one OpenAI-compatible endpoint (``settings.llm_base_url``).

    ``model`` overrides ``settings.llm_model`` for this object only.
    """

    def __init__(self, settings: Settings, model: str | None = None) -> None:
        if not settings.llm_base_url:
            raise ValueError("no LLM endpoint configured (PA_LLM_BASE_URL)")
        self.settings = settings
        self.base_url = settings.llm_base_url
        self.model = model or settings.llm_model
        self.where = f"the language model at {self.base_url}"
        self.client = _client(self.base_url, settings.llm_api_key)

    def _params(self, messages: list[dict[str, str]], max_tokens: int, stream: bool) -> dict[str, Any]:
        learned = learned_fallbacks(self.base_url, self.model)
        params: dict[str, Any] = {
            "model": self.model,
            "messages": fold_system(messages) if "no_system" in learned else messages,
            "stream": stream,
        }
        params["max_completion_tokens" if "max_completion_tokens" in learned else "max_tokens"] = max_tokens
        if "no_temperature" not in learned:
            params["temperature"] = 0.0
        return params

    def _request(
        self,
        messages: list[dict[str, str]],
        max_tokens: int,
        stream: bool,
        deadline: Deadline,
        hold: list,
        stop: threading.Event,
    ) -> Iterator[tuple[str, str, str | None]]:
        """Send (retrying with learned fallbacks) and yield events; runs in the worker thread."""
        import openai

        waits = iter(BACKOFF_S)
        while True:
            params = self._params(messages, max_tokens, stream)
            try:
                with self.client.chat.completions.with_streaming_response.create(
                    **params, timeout=max(0.05, deadline.remaining())
                ) as response:
                    hold.append(response)
                    if stop.is_set():  # the caller gave up before the headers came: it closed nothing
                        return
                    ctype = response.headers.get("content-type", "")
                    if "text/event-stream" in ctype:
                        chunks = openai.Stream(
                            cast_to=object, response=response.http_response, client=self.client
                        )
                        try:
                            for chunk in chunks:
                                if isinstance(chunk, dict):
                                    yield from choice_events(chunk)
                        except UnicodeDecodeError as exc:
                            raise BadResponse(
                                f"bytes that are not UTF-8 ({exc.reason} at byte {exc.start})"
                            ) from None
                        except json.JSONDecodeError as exc:
                            raise BadResponse(f"an event that is not JSON ({exc.doc[:80]!r})") from None
                    else:  # a plain JSON completion, whether or not a stream was asked for
                        body = response.read().strip()
                        for content, thinking, reason in choice_events(completion_json(body, ctype)):
                            yield content, thinking, reason or "stop"  # whole: not cut, whatever it says
                return
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                if not learn_fallback(self.base_url, self.model, exc.message):
                    raise
            except (openai.RateLimitError, openai.InternalServerError) as exc:
                wait = retry_wait(exc, waits, deadline.remaining())
                if wait is None or stop.wait(wait):
                    raise

    def stream(
        self, messages: list[dict[str, str]], max_tokens: int, deadline: Deadline, stream: bool = True
    ) -> Iterator[Reply]:
        """Snapshots of the reply as it arrives; the last has ``finish`` set. Never raises
        for what a server does: failures end in ``Finish('error', why)``."""
        started = time.monotonic()
        splitter = ReasoningSplitter()
        if deadline.remaining() <= 0:
            why = (
                f"{self.where} did not finish within {deadline.seconds:.0f} s (PA_LLM_TIMEOUT, one "
                "budget per question): the follow-up's query rewrite used it all, so no answer was asked for."
            )
            yield Reply(finish=Finish("error", why))
            return
        events: queue.Queue = queue.Queue()
        hold: list = []  # the open response, closed when the caller gives up
        stop = threading.Event()
        done = object()

        def work() -> None:
            try:
                for event in self._request(messages, max_tokens, stream, deadline, hold, stop):
                    if stop.is_set():
                        return
                    events.put(event)
                events.put(done)
            except BaseException as exc:  # handed to the caller's thread
                events.put(exc)

        worker = threading.Thread(target=work, name="llm-request", daemon=True)
        worker.start()
        raw_finish: str | None = None
        finish: Finish | None = None
        kept: str | None = None  # the answer cut to MAX_CHARS_PER_TOKEN, when the server sent more
        choices = 0  # choices read: none at all is a reply with an empty or missing "choices"
        try:
            while finish is None:
                try:
                    item = events.get(timeout=deadline.remaining())
                except queue.Empty:
                    state = "cut the answer off" if splitter.answer else "sent no answer"
                    finish = Finish(
                        "error",
                        f"{self.where} did not finish within {deadline.seconds:.0f} s "
                        f"(PA_LLM_TIMEOUT, one budget per question); it {state}.",
                    )
                    break
                if item is done:
                    break
                if isinstance(item, BaseException):
                    listed = list_models(self.settings, min(3.0, deadline.remaining())) if _missing(item) else None
                    why = explain(item, self.where, self.model, deadline.seconds, listed)
                    if splitter.answer and why.startswith("cannot reach"):
                        why = f"{self.where} cut the answer off mid-stream ({item.__cause__ or item})."
                    finish = Finish("error", why)
                    break
                content, thinking, reason = item
                choices += 1
                splitter.add_reasoning(thinking)
                splitter.feed(content)
                raw_finish = reason or raw_finish
                if len(splitter.answer) + len(splitter.reasoning) > max_tokens * MAX_CHARS_PER_TOKEN:
                    # A server that ignores max_tokens (one 10 MB chunk): verifying that would
                    # outlast the deadline. Keep what fits and say so.
                    limit = max_tokens * MAX_CHARS_PER_TOKEN
                    kept = splitter.answer[:limit]
                    finish = Finish(
                        "length",
                        f"it sent over {limit:,} characters for a limit of {max_tokens} tokens "
                        "(PA_LLM_MAX_TOKENS); the rest was not read",
                    )
                    break
                if content or thinking:
                    yield Reply(splitter.answer, splitter.reasoning, seconds=time.monotonic() - started)
        finally:
            stop.set()
            for response in hold:
                response.close()  # unblocks a worker waiting on a stalled or trickling server
        splitter.close()
        if finish is None:
            finish = self._finish(splitter, raw_finish, max_tokens, choices)
        answer = splitter.answer if kept is None else kept
        yield Reply(
            answer, splitter.reasoning[: max_tokens * MAX_CHARS_PER_TOKEN], finish, time.monotonic() - started
        )

    def _finish(self, splitter: ReasoningSplitter, raw: str | None, max_tokens: int, choices: int) -> Finish:
        answer = splitter.answer.strip()
        if not answer and not choices:  # a 200 with "choices": [] or an empty body: name the server
            return Finish(
                "empty",
                f"{self.where} sent a reply with no choices in it; check PA_LLM_BASE_URL and PA_LLM_MODEL",
            )
        if not answer:
            if raw == "length":
                return Finish("empty", f"it used all {max_tokens} tokens (PA_LLM_MAX_TOKENS) reasoning")
            if raw == "tool_calls":
                return Finish("empty", "it asked to call a tool instead of answering")
            return Finish(
                "empty", "it sent no answer text" + (" after its reasoning" if splitter.reasoning else "")
            )
        if raw == "length":
            return Finish("length", f"it reached its limit of {max_tokens} tokens (PA_LLM_MAX_TOKENS)")
        if raw is None:  # every server we know ends with a reason; none means the stream was cut
            return Finish("cut", "the stream ended with no finish reason: it may have been cut off")
        if raw == "content_filter":
            return Finish("stop", "the server's content filter stopped it")
        return Finish("stop")

    def complete(
        self, messages: list[dict[str, str]], max_tokens: int, deadline: Deadline, stream: bool = False
    ) -> Reply:
        """The whole reply at once (see :meth:`stream`)."""
        *_, last = self.stream(messages, max_tokens, deadline, stream=stream)
        return last
