"""Reading what an OpenAI-compatible server sent: a plain JSON completion, and the
``(content, reasoning, finish_reason)`` of each choice of a chunk or completion.

Split out of :mod:`assistant.llm` (the one door to LLM servers), which calls these on every reply.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from assistant.llm_errors import BadResponse


def completion_json(body: bytes, ctype: str) -> Any:
    """A plain (non-streamed) reply parsed as JSON; ``{}`` when empty.

    Raises:
        BadResponse: it is not JSON (an HTML error page sent with 200, plain text) or not UTF-8.
    """
    if not body:
        return {}
    text = body.decode("utf-8", errors="replace")  # bytes not UTF-8 kept as U+FFFD, as the ingest does
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        snippet = " ".join(re.sub(r"<[^>]*>", " ", text).split())[:120]
        raise BadResponse(f"{ctype or 'no content type'} that is not JSON: {snippet!r}") from None
    return data


def choice_events(data: Any) -> Iterator[tuple[str, str, str | None]]:
    """``(content, reasoning, finish_reason)`` of one chunk or completion (as a dict).

    Raises:
        BadResponse: ``data`` is not a JSON object (``[1, 2]``, a string).
    """
    if not isinstance(data, dict):
        raise BadResponse(f"a JSON {type(data).__name__} instead of a chat completion object")
    choices = data.get("choices")
    for choice in choices if isinstance(choices, list) else []:  # empty or missing: nothing to say
        if not isinstance(choice, dict):
            continue
        message = choice.get("delta") or choice.get("message") or {}
        message = message if isinstance(message, dict) else {}
        content = message.get("content")
        reasoning = message.get("reasoning_content") or message.get("reasoning")
        yield (
            content if isinstance(content, str) else "",  # null, or tool-call deltas
            reasoning if isinstance(reasoning, str) else "",
            choice.get("finish_reason") if isinstance(choice.get("finish_reason"), str) else None,
        )
