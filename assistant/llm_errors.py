"""What an LLM server's errors mean: parameter fallbacks to retry with, and sentences for the user.

Used by :mod:`assistant.llm` only.
"""

from __future__ import annotations

import email.utils
import re
import threading
import time
from collections.abc import Iterator

# (base_url, model) -> fallbacks the server asked for: "max_completion_tokens",
# "no_temperature", "no_system". Learned from 400s; kept for the process (the session).
_LEARNED: dict[tuple[str, str], set[str]] = {}
_LEARNED_LOCK = threading.Lock()


def learned_fallbacks(base_url: str, model: str) -> set[str]:
    """The parameter fallbacks remembered for this endpoint and model (a copy)."""
    with _LEARNED_LOCK:
        return set(_LEARNED.get((base_url, model), ()))


def fallback_for(message: str, learned: set[str]) -> str | None:
    """The fallback a 400's message asks for and that is not yet in use, or None.

    Matches what servers say: OpenAI's "Unsupported parameter: 'max_tokens' … Use
    'max_completion_tokens' instead", "Unsupported value: 'temperature' does not support
    0.0 with this model", "'messages[0].role' does not support 'system'"; vLLM's and
    chat templates' "System role not supported".
    """
    text = message.lower()
    if "max_tokens" in text and ("max_completion_tokens" in text or "unsupported" in text):
        if "max_completion_tokens" not in learned:
            return "max_completion_tokens"
    if "temperature" in text and "no_temperature" not in learned:
        return "no_temperature"
    if "system" in text and ("role" in text or "not supported" in text) and "no_system" not in learned:
        return "no_system"
    return None


def fold_system(messages: list[dict[str, str]]) -> list[dict[str, str]]:
    """The system message's text put at the head of the first user turn."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if system and rest and rest[0]["role"] == "user":
        rest[0]["content"] = f"{system}\n\n{rest[0]['content']}"
    elif system:
        rest.insert(0, {"role": "user", "content": system})
    return rest


_CONTEXT_WORDS = ("context length", "context window", "context size", "maximum context", "too long", "exceed")


class BadResponse(ValueError):
    """The server answered, but not as an OpenAI-compatible chat endpoint does (the message says what it sent)."""


# Waits when a 429 names none: the openai client's own backoff (0.5 s doubling); as many
# retries as entries.
BACKOFF_S = (0.5, 1.0, 2.0)


def retry_after(exc: BaseException) -> float | None:
    """Seconds a 429 or 503 asks to wait (``retry-after-ms``, ``Retry-After`` in seconds or
    as an HTTP date, RFC 9110 §10.2.3); None when it names no wait or is another error."""
    response = getattr(exc, "response", None)
    if getattr(exc, "status_code", None) not in (429, 503) or response is None:
        return None
    headers = response.headers
    try:
        if (ms := headers.get("retry-after-ms")) is not None:
            return max(0.0, float(ms) / 1000)
        value = headers.get("retry-after")
        if value is None:
            return None
        try:
            return max(0.0, float(value))
        except ValueError:
            when = email.utils.parsedate_to_datetime(value)
            return max(0.0, when.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError):
        return None  # an unreadable header: as if it named no wait


def retry_wait(exc: BaseException, backoffs: Iterator[float], remaining: float) -> float | None:
    """Seconds to wait before retrying a 429 (or a 503 naming a wait), as the server asks
    (else the next of ``backoffs``); None to give up: another error, no retries left, or a
    wait that would not leave a second of the ``remaining`` deadline."""
    wait = retry_after(exc)
    if wait is None and getattr(exc, "status_code", None) != 429:
        return None
    backoff = next(backoffs, None)
    if backoff is None:
        return None
    wait = backoff if wait is None else wait
    return wait if wait < remaining - 1.0 else None


def _body_text(exc: BaseException) -> str:
    """The first words of an error response's body, tags dropped (an HTML error page's title)."""
    try:
        text = exc.response.text  # type: ignore[attr-defined]
    except Exception:
        return ""
    return " ".join(re.sub(r"<[^>]*>", " ", text or "").split())[:160]


def explain(exc: BaseException, where: str, model: str, timeout: float, listed: list[str] | None = None) -> str:
    """One sentence for the user naming what actually went wrong; for a 404, ``listed`` is what
    the endpoint's ``GET /models`` lists (an empty list: it lists none)."""
    import openai

    if isinstance(exc, BadResponse):
        return (
            f"{where} answered with {exc}, not an OpenAI-compatible chat completion; "
            "check PA_LLM_BASE_URL (an OpenAI-compatible API's address usually ends in /v1)."
        )

    if isinstance(exc, openai.APITimeoutError):
        return f"{where} did not finish within {timeout:.0f} s (PA_LLM_TIMEOUT, one budget per question)."
    if isinstance(exc, openai.AuthenticationError):
        return f"{where} rejected the API key (401; PA_LLM_API_KEY)."
    if isinstance(exc, openai.NotFoundError):
        if listed is None:
            return f"{where} has no model {model!r} (404; PA_LLM_MODEL)."
        if not listed:
            return (
                f"{where} has no model {model!r} (404; PA_LLM_MODEL), and it lists no models at all "
                "(GET /models is empty): load or pull a model on that server first."
            )
        names = ", ".join(repr(m) for m in listed[:8]) + (f" and {len(listed) - 8} more" if len(listed) > 8 else "")
        return f"{where} has no model {model!r} (404; PA_LLM_MODEL); it lists {names}."
    if isinstance(exc, openai.APIStatusError):
        message = exc.message
        if exc.status_code == 400 and any(w in message.lower() for w in _CONTEXT_WORDS):
            return (
                f"{where} rejected the prompt as longer than its context window; set "
                f"PA_LLM_CONTEXT to the model's real context size ({message})."
            )
        if message == f"Error code: {exc.status_code}" and (page := _body_text(exc)):
            message = f"{message} ({page!r})"  # an HTML or plain-text error page: its words
        if exc.status_code == 429:
            wait = retry_after(exc)
            asked = f"it asked to wait {wait:.0f} s" if wait is not None else "it named no wait"
            return (
                f"{where} is rate-limiting requests (429: {message}); {asked}, which does not fit in "
                f"the {timeout:.0f} s for this question (PA_LLM_TIMEOUT) after retries; ask again later."
            )
        return f"{where} answered {exc.status_code}: {message}"
    if isinstance(exc, openai.APIError) and not isinstance(exc, openai.APIConnectionError):
        return f"{where} reported an error mid-stream: {exc.message}"
    cause = exc.__cause__ or exc
    return f"cannot reach {where}: {cause}"


def learn_fallback(base_url: str, model: str, message: str) -> bool:
    """Remember the fallback a 400's ``message`` asks for; False when there is none left to try."""
    with _LEARNED_LOCK:
        learned = _LEARNED.setdefault((base_url, model), set())
        fix = fallback_for(message, learned)
        if fix is not None:
            learned.add(fix)
        return fix is not None
