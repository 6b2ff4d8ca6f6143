"""The LLM writer: numbered sources and the question in, :class:`~assistant.llm.Reply` snapshots out.

It builds the prompt from ``prompts/`` within the model's context window and asks
:class:`assistant.llm.LLM` (the only code that talks to the server). One
:class:`~assistant.deadline.Deadline` may be shared by the follow-up rewrite and the
answer, so a question never waits longer than ``settings.llm_timeout`` in total.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from functools import lru_cache

from assistant.deadline import Deadline
from assistant.llm import LLM, Finish, Reply
from assistant.prompts import render_prompt
from assistant.retrieve import Retrieval
from assistant.settings import Settings
from assistant.types import Source, Turn

# The rewrite of a follow-up gets at most this much of the question's deadline and
# this many tokens; a reasoning model that is still thinking at the limit gives no
# query, and the rule-based rewrite stands in.
REWRITE_SECONDS = 30.0
REWRITE_TOKENS = 64


class PromptTooLong(ValueError):
    """Even the request with one trimmed source does not fit the context; the message says so."""


RECENT_TURNS = 3  # earlier turns shown to the model
TURN_CHARS = 400  # of each earlier answer


def format_turns(turns: Sequence[Turn]) -> str:
    """The last ``RECENT_TURNS`` turns as context lines for the prompt ("" when there are none)."""
    lines = []
    for turn in list(turns)[-RECENT_TURNS:]:
        lines.append(f"User: {turn.question}")
        if turn.answer:
            answer = " ".join(turn.answer.split())
            lines.append(f"Assistant: {answer[:TURN_CHARS]}{'…' if len(answer) > TURN_CHARS else ''}")
    return "Earlier in this conversation (context only; cite only the sources below):\n" + "\n".join(lines) + "\n" if lines else ""


def format_sources(sources: list[Source], evidence_only: bool = False) -> str:
    """Numbered sources for the prompt: ``[n] Title`` then the abstract (or best chunk)."""
    return "\n\n".join(f"[{s.n}] {s.title}\n{s.evidence if evidence_only else s.abstract}" for s in sources)


@lru_cache(maxsize=1)
def _cl100k():  # noqa: ANN202 - tiktoken.Encoding
    import tiktoken

    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    """Tokens of ``text`` in tiktoken's cl100k_base (offline: see assistant.offline).

    Special-token strings such as ``<|endoftext|>`` (scraped abstracts have them) are
    counted as plain text (``disallowed_special=()``): tiktoken would otherwise raise.
    """
    return len(_cl100k().encode(text, disallowed_special=()))


class LLMWriter:
    """An OpenAI-compatible chat model writing the answer, streamed as :class:`Reply` snapshots.

    Args:
        settings: endpoint, model, context, token limit and timeout.
        task: prompts ``prompts/<task>_system.md`` and ``prompts/<task>_user.md``.
        extra: more placeholders for the user prompt.
        model: overrides ``settings.llm_model`` for this writer only (a per-session choice).
        deadline: shared by :meth:`rewrite` and :meth:`stream`; without one, each call
            gets ``settings.llm_timeout`` seconds of its own.

    Never raises for what the server does: the last snapshot's ``finish`` says how it ended.
    """

    def __init__(
        self,
        settings: Settings,
        task: str = "answer",
        extra: dict[str, str] | None = None,
        model: str | None = None,
        deadline: Deadline | None = None,
    ) -> None:
        self.settings = settings
        self.task = task
        self.extra = extra or {}
        self.llm = LLM(settings, model)
        self.name = self.llm.model
        self.deadline = deadline
        self.timings: dict[str, float] = {}  # the rewrite's share, for Answer.timings

    def _deadline(self) -> Deadline:
        return self.deadline or Deadline(self.settings.llm_timeout)

    def messages(
        self, question: str, retrieval: Retrieval, turns: Sequence[Turn] = ()
    ) -> list[dict[str, str]]:
        """The task's system rules, then the recent turns, the numbered sources and the request,
        within the budget.

        The budget is ``llm_context - llm_max_tokens``, counted with tiktoken's cl100k_base
        plus a 20% margin (the served model's own tokenizer may count more). The earlier
        turns (at most ``RECENT_TURNS``, each answer cut to ``TURN_CHARS``) go first when
        they fit; then sources are trimmed to their best chunk, then the lowest-ranked dropped.

        Raises:
            PromptTooLong: even the request with one trimmed source does not fit.
        """
        system = render_prompt(f"{self.task}_system")
        budget = self.settings.llm_context - self.settings.llm_max_tokens
        earlier = format_turns(turns)
        attempts = ([(earlier, False)] if earlier else []) + [("", False), ("", True)]
        for conversation, evidence_only in attempts:
            sources = list(retrieval.sources)
            while sources:
                user = render_prompt(
                    f"{self.task}_user",
                    sources=format_sources(sources, evidence_only),
                    question=question,
                    conversation=conversation,
                    **self.extra,
                ).strip()
                if count_tokens(system + user) * 1.2 + 16 <= budget:
                    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
                if not evidence_only:
                    break  # trim every source to its evidence before dropping any
                sources.pop()
        raise PromptTooLong(
            f"the request and its sources do not fit the model's context of "
            f"{self.settings.llm_context} tokens (PA_LLM_CONTEXT); shorten the request."
        )

    def rewrite(self, prompt: str, max_tokens: int = REWRITE_TOKENS) -> str:
        """A short completion (the follow-up's standalone query), reasoning removed; ``""``
        when the model failed, ran out of time or only reasoned. Records ``rewrite_s``."""
        started = time.perf_counter()
        reply = self.llm.complete(
            [{"role": "user", "content": prompt}], max_tokens, self._deadline().within(REWRITE_SECONDS)
        )
        self.timings["rewrite_s"] = round(time.perf_counter() - started, 3)
        ok = reply.finish is not None and reply.finish.kind in ("stop", "length", "cut")
        return reply.answer.strip() if ok else ""

    complete = rewrite  # the name ask.py used before

    def stream(self, question: str, retrieval: Retrieval, turns: Sequence[Turn] = ()) -> Iterator[Reply]:
        """Snapshots of the answer (and reasoning) as it streams; the last has ``finish``.
        ``turns``: the conversation so far, shown to the model for context."""
        try:
            messages = self.messages(question, retrieval, turns)
        except PromptTooLong as exc:
            yield Reply(finish=Finish("error", str(exc)))
            return
        yield from self.llm.stream(messages, self.settings.llm_max_tokens, self._deadline())
