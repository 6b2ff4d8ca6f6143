"""Conversation state for the interfaces: earlier turns as :class:`Turn`, and the answer text as shown.

Shared by the CLI and the web UI so both pass the same history and place ``[n]`` the same way.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from typing import Any

from assistant.types import Answer, Turn

# "… a claim. [1][2] Next" -> "… a claim [1][2]. Next": the verifier writes each checked
# sentence with its citations before the full stop; streamed writer text may not.
_CITE_AFTER_STOP = re.compile(r"(?<=[^\s.!?])([.!?])[ \t]+((?:\[\d+\](?:[ \t]*,?[ \t]*\[\d+\])*))(?=\s|$)")
# The writer's notices that the interfaces show once (in the status line), not in every answer.
WRITER_NOTICE_PREFIX = "No language model is configured"


def cite_before_stop(text: str) -> str:
    """Move ``[n]`` that follow a sentence's full stop to before it, as the UI shows them."""
    return _CITE_AFTER_STOP.sub(lambda m: f" {m.group(2)}{m.group(1)}", text)


def without_writer_notice(text: str) -> str:
    """The answer text without a leading "No language model is configured…" paragraph."""
    stripped = text.lstrip()
    if not stripped.startswith(WRITER_NOTICE_PREFIX):
        return text
    _, sep, rest = stripped.partition("\n\n")
    return rest.lstrip() if sep else ""  # (while streaming: the notice is still arriving)


def accepts_turns(method: Callable[..., Any]) -> bool:
    """True when ``method``'s ``history`` parameter is annotated to take :class:`Turn` objects
    (``Assistant.ask_stream`` after the conversation-state change); else pass plain strings."""
    try:
        param = inspect.signature(method).parameters.get("history")
    except (TypeError, ValueError):
        return False
    return param is not None and "Turn" in str(param.annotation)


def accepts_keyword(method: Callable[..., Any], name: str) -> bool:
    """True when ``method`` takes the keyword argument ``name`` (e.g. ``model``)."""
    try:
        params = inspect.signature(method).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def history_for(method: Callable[..., Any], turns: list[Turn]) -> list[Turn] | list[str]:
    """``turns`` as ``method`` wants its history: Turns when it accepts them, else the questions."""
    return list(turns) if accepts_turns(method) else [t.question for t in turns]


def turn_of(answer: Answer) -> Turn:
    """The state one answered question leaves for follow-ups: the cited papers, in order."""
    return Turn(
        question=answer.question,
        answer=answer.answer,
        paper_ids=[c.paper_id for c in answer.citations],
    )
