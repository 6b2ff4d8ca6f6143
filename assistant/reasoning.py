"""Separate a reasoning model's thinking from its answer, as the text streams in.

Reasoning models put their thinking in the content between ``<think>`` and
``</think>`` (DeepSeek-R1 distills, Qwen3 and QwQ through llama.cpp, Ollama and
vLLM) or ``<thinking>`` tags, or in a separate ``reasoning_content`` / ``reasoning``
field of the message (vLLM, DeepSeek's API, OpenRouter, Ollama). Either way the
thinking is never part of the answer: it is not shown as the answer, not verified
and never used as a retrieval query.
"""

from __future__ import annotations

import re

_OPEN = re.compile(r"<(think|thinking)>", re.IGNORECASE)
_CLOSE = re.compile(r"</(think|thinking)>", re.IGNORECASE)
_TAGS = ("<think>", "<thinking>", "</think>", "</thinking>")


def _partial_tag_start(text: str) -> int:
    """Index where a tag may be starting at the end of ``text`` (held back), else ``len(text)``."""
    start = text.rfind("<")
    if start == -1 or len(text) - start >= max(map(len, _TAGS)):
        return len(text)
    tail = text[start:].lower()
    return start if any(tag.startswith(tail) for tag in _TAGS) else len(text)


class ReasoningSplitter:
    """Feed content pieces in order; read :attr:`answer` and :attr:`reasoning` at any time.

    - ``<think>…</think>`` and ``<thinking>…</thinking>`` blocks (any case, any number)
      go to the reasoning; a block left open at the end is reasoning too (a model cut
      off while thinking has no answer yet);
    - a ``</think>`` with no opening tag (chat templates that put ``<think>`` in the
      prompt, as DeepSeek-R1's does) makes everything before it reasoning;
    - a tag split across pieces (``"<thi"`` + ``"nk>"``) is held back until it is whole.
    """

    def __init__(self) -> None:
        self._answer = ""
        self._reasoning = ""
        self._pending = ""
        self._inside = False
        self._seen_tag = False

    @property
    def answer(self) -> str:
        return self._answer.lstrip()

    @property
    def reasoning(self) -> str:
        return self._reasoning.strip()

    def add_reasoning(self, text: str) -> None:
        """Thinking that arrived in a separate field (``reasoning_content`` / ``reasoning``)."""
        self._reasoning += text

    def feed(self, text: str) -> None:
        """Add the next piece of content."""
        buf = self._pending + text
        self._pending = ""
        while buf:
            if self._inside:
                close = _CLOSE.search(buf)
                if close is None:
                    keep = _partial_tag_start(buf)
                    self._reasoning += buf[:keep]
                    self._pending = buf[keep:]
                    return
                self._reasoning += buf[: close.start()]
                self._inside = False
                buf = buf[close.end() :]
                continue
            opening, closing = _OPEN.search(buf), _CLOSE.search(buf)
            if closing is not None and (opening is None or closing.start() < opening.start()):
                if not self._seen_tag:  # the opening tag was in the prompt: all so far was thinking
                    self._reasoning += self._answer + buf[: closing.start()]
                    self._answer = ""
                else:  # a stray closing tag: drop it
                    self._answer += buf[: closing.start()]
                self._seen_tag = True
                buf = buf[closing.end() :]
                continue
            if opening is not None:
                self._answer += buf[: opening.start()]
                self._inside = self._seen_tag = True
                if self._reasoning and not self._reasoning.endswith("\n"):
                    self._reasoning += "\n"
                buf = buf[opening.end() :]
                continue
            keep = _partial_tag_start(buf)
            self._answer += buf[:keep]
            self._pending = buf[keep:]
            return

    def close(self) -> None:
        """The stream ended: text held back for a possible tag is flushed where it belongs."""
        if self._inside:
            self._reasoning += self._pending
        else:
            self._answer += self._pending
        self._pending = ""

    @property
    def thinking(self) -> bool:
        """True while inside an open reasoning block."""
        return self._inside


def split_reasoning(text: str, reasoning: str = "") -> tuple[str, str]:
    """``(answer, reasoning)`` of a whole reply (see :class:`ReasoningSplitter`)."""
    splitter = ReasoningSplitter()
    splitter.add_reasoning(reasoning)
    splitter.feed(text)
    splitter.close()
    return splitter.answer, splitter.reasoning
