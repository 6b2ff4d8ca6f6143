"""The terminal side of ``python -m assistant``: an answer streamed as it is written, then its
sources, flags and timings (``[n]`` before the full stop, as in the UI)."""

from __future__ import annotations

import sys

from assistant.ask import Assistant
from assistant.filters import Filters
from assistant.presentation import cite_before_stop, shown_timings
from assistant.types import Answer, Turn


def render_text(answer: Answer) -> str:
    """The answer (``[n]`` before the full stop, as in the UI), then :func:`render_tail`."""
    return cite_before_stop(answer.answer.strip()) + "\n\n" + render_tail(answer)


def render_tail(answer: Answer) -> str:
    """What follows the answer text: flagged sentences, notices, numbered sources, timings."""
    lines = [f"Flagged: {c.text}  [{', '.join(c.flags)}]" for c in answer.sentences if c.flags]
    lines += [f"Note: {n}" for n in answer.notices]
    # a gap the answer already states (it leads the answer, or ends it) is not printed twice
    lines += [f"Missing from the abstracts: {g}" for g in answer.gaps if g not in answer.answer]
    if answer.error:
        lines.append(f"Error: {answer.error}")
    if answer.sources:
        lines.append("Sources:")
        cited = {c.n for c in answer.citations}
        for s in answer.sources:
            mark = "*" if s.n in cited else " "
            link = f"  {s.code_url}" if s.code_url else ""
            lines.append(f" {mark}[{s.n}] {s.title}{link}")
    timings = ", ".join(f"{k} {v}" for k, v in shown_timings(answer).items())
    lines.append(f"({answer.writer}; {timings})" if timings else f"({answer.writer})")
    return "\n".join(lines)


def settled(text: str) -> int:
    """How much of a streaming text can be printed now: up to the last whitespace after a
    sentence end that is not followed by a citation (a later ``[n]`` would move before the stop)."""
    for i in range(len(text) - 1, 0, -1):
        ends = text[i] == "\n" or text[i - 1] in ".!?"
        if text[i].isspace() and ends and i + 1 < len(text) and text[i + 1] not in "[ \t":
            return i
    return 0


def stream_to_terminal(
    bot: Assistant,
    question: str,
    history: list[Turn] | list[str],
    filters: Filters | None,
    top_k: int | None = None,
) -> Answer:
    """Print the answer once, as it streams (sentence by sentence, ``[n]`` placed as in the
    UI), then its sources; returns it. Only when verification replaced the streamed text
    (the LLM's answer failed) is the replacement printed, under a line saying so."""
    turns = [h if isinstance(h, Turn) else Turn(question=h) for h in history]
    printed = ""
    reasoning = False
    final: Answer | None = None
    stream = bot.ask_stream(question, turns, top_k=top_k, filters=filters)
    for final in stream:
        if not final.done and final.reasoning and not reasoning:
            print("(the model is reasoning …)", file=sys.stderr, flush=True)  # said once, not shown
            reasoning = True
        if not final.done:
            text = cite_before_stop(final.answer)
            ready = text[: settled(text)]
            if ready.startswith(printed) and len(ready) > len(printed):
                sys.stdout.write(ready[len(printed) :])
                sys.stdout.flush()
                printed = ready
    assert final is not None
    text = cite_before_stop(final.answer.strip())
    if text.startswith(printed):
        print(text[len(printed) :])
    else:
        print("\n\n(The streamed answer failed verification and was replaced:)\n" + text)
    print("\n" + render_tail(final))
    return final
