"""How answer text is shown, the same way in the CLI and the web UI: ``[n]`` before the full
stop, the writer notice once (not in every answer), and the :class:`Turn` an answer leaves."""

from __future__ import annotations

import re

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


def shown(answer: Answer) -> dict:
    """``answer`` as a JSON-ready dict whose ``answer`` text reads as the UI and the printed CLI
    show it: ``[n]`` before the full stop, and the writer notice moved to ``notices``."""
    data = answer.model_dump()
    text = without_writer_notice(answer.answer)
    if text != answer.answer:
        notice = answer.answer.lstrip().partition("\n\n")[0]
        data["notices"] = [notice, *data["notices"]]
    data["answer"] = cite_before_stop(text.strip())
    return data


def turn_of(answer: Answer) -> Turn:
    """The state one answered question leaves for follow-ups: the cited papers, in order."""
    return Turn(question=answer.question, answer=answer.answer, paper_ids=[c.paper_id for c in answer.citations])


# Stages that only a language model has: the extractive writer quotes at once, so its "first_token
# 0.00 s, generation 0.01 s" meant nothing to a reader (new-user trial 13).
_MODEL_STAGES = ("first_token_s", "generation_s")


def shown_timings(answer: Answer) -> dict[str, float]:
    """``answer.timings`` (seconds per stage) as the status lines show them: without the language
    model's stages for the extractive writer. ``--json`` keeps them all."""
    if answer.writer != "extractive":
        return dict(answer.timings)
    return {k: v for k, v in answer.timings.items() if k not in _MODEL_STAGES}
