"""Writers turn retrieved papers into answer text with ``[n]`` citations.

One interface, two backends, as the answer's ``writer`` field reports:
- :class:`ExtractiveWriter` (the embedded default): quotes the most relevant
  sentences of the retrieved abstracts, each ending with its ``[n]``; no model.
- :class:`LLMWriter`: any OpenAI-compatible chat endpoint through the ``openai``
  client, streaming, with the prompts in ``prompts/``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from functools import lru_cache
from typing import Protocol

from assistant.gaps import AnswerPlan
from assistant.prompts import render_prompt
from assistant.retrieve import Retrieval
from assistant.settings import Settings
from assistant.text import escape_brackets
from assistant.types import Source

NO_LLM_NOTICE = (
    "No language model is configured, so this answer quotes the most relevant sentences "
    "of the retrieved abstracts."
)
NOT_COVERED = "The collection does not cover this question."
# A near miss: the right papers are there, but their abstracts do not say it.
NOT_STATED = "The retrieved abstracts do not answer this question."
REFUSALS = (NOT_COVERED, NOT_STATED)
CLOSEST_STATED = "The closest it states:"


class WriterError(RuntimeError):
    """The writer could not produce an answer; the message is for the user."""


class Writer(Protocol):
    name: str

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        """Yield the answer text in pieces. Raises :class:`WriterError`."""
        ...


class ExtractiveWriter:
    """Answers by quoting abstract sentences; never states anything not in a source.

    What to quote comes from an :class:`assistant.gaps.AnswerPlan` (sentences chosen by
    how well they answer the question, see :mod:`assistant.evidence`): the paper the
    question is about first, each quoted sentence followed by its ``[n]``. Brackets of
    the abstract are escaped (``\\[0, 1\\]``), so they stay text and never read as citations.
    Gaps the plan found are named after the quotes; a plan that refuses gives the refusal.
    """

    name = "extractive"

    def __init__(self, settings: Settings, notice: str = NO_LLM_NOTICE, plan: AnswerPlan | None = None) -> None:
        self.settings = settings
        self.notice = notice
        self.plan = plan

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        plan = self.plan
        if plan is None:  # no plan (a caller outside Assistant): quote the best chunk of the top paper
            if retrieval.sources:
                top = retrieval.sources[0]
                yield f"{self.notice}\n\n**{escape_brackets(top.title)}** [{top.n}]\n"
                yield f"{escape_brackets(top.evidence)} [{top.n}]\n"
            return
        if plan.refuse:
            yield " ".join([NOT_STATED, *plan.gaps])
            if plan.closest is not None:
                source, sentence = plan.closest
                yield f" {CLOSEST_STATED} “{escape_brackets(sentence)}” [{source.n}]"
            return
        yield self.notice + "\n\n"
        for paper in plan.evidence.papers:
            source = paper.source
            quoted = " ".join(f"{escape_brackets(s)} [{source.n}]" for s in paper.quoted())
            yield f"**{escape_brackets(source.title)}** [{source.n}]\n{quoted}\n\n"
        if plan.gaps:
            yield " ".join(plan.gaps) + "\n"


def format_sources(sources: list[Source], evidence_only: bool = False) -> str:
    """Numbered sources for the prompt: ``[n] Title`` then the abstract (or best chunk)."""
    return "\n\n".join(f"[{s.n}] {s.title}\n{s.evidence if evidence_only else s.abstract}" for s in sources)


@lru_cache(maxsize=1)
def _cl100k():  # noqa: ANN202 - tiktoken.Encoding
    import tiktoken

    return tiktoken.get_encoding("cl100k_base")


def count_tokens(text: str) -> int:
    """Tokens of ``text`` in tiktoken's cl100k_base (offline: see assistant.offline)."""
    return len(_cl100k().encode(text))


class LLMWriter:
    """An OpenAI-compatible chat endpoint, streaming (``openai`` client).

    Raises :class:`WriterError` with a user-facing message when the endpoint is
    down, rejects the key or model, stalls past ``settings.llm_timeout`` seconds
    in total, or cuts the stream.
    """

    def __init__(self, settings: Settings, task: str = "answer", extra: dict[str, str] | None = None) -> None:
        from openai import OpenAI

        self.settings = settings
        self.task = task  # prompts/<task>_system.md and prompts/<task>_user.md
        self.extra = extra or {}
        self.name = settings.llm_model
        self.client = OpenAI(
            base_url=settings.llm_base_url,
            api_key=settings.llm_api_key,
            timeout=settings.llm_timeout,
            max_retries=0,
        )

    def messages(self, question: str, retrieval: Retrieval) -> list[dict[str, str]]:
        """The task's system rules, then the numbered sources and the request, within the budget.

        Prompts are ``prompts/<task>_system.md`` and ``prompts/<task>_user.md``. The budget
        is ``llm_context - llm_max_tokens``, counted with tiktoken's cl100k_base plus a 20%
        margin (the served model's own tokenizer may count more). Sources are trimmed to
        their best chunk first, then the lowest-ranked ones are dropped.

        Raises:
            WriterError: even the request with one trimmed source does not fit.
        """
        system = render_prompt(f"{self.task}_system")
        budget = self.settings.llm_context - self.settings.llm_max_tokens
        for evidence_only in (False, True):
            sources = list(retrieval.sources)
            while sources:
                user = render_prompt(
                    f"{self.task}_user",
                    sources=format_sources(sources, evidence_only),
                    question=question,
                    **self.extra,
                )
                if count_tokens(system + user) * 1.2 + 16 <= budget:
                    return [{"role": "system", "content": system}, {"role": "user", "content": user}]
                if not evidence_only:
                    break  # trim every source to its evidence before dropping any
                sources.pop()
        raise WriterError(
            f"the request and its sources do not fit the model's context of "
            f"{self.settings.llm_context} tokens (PA_LLM_CONTEXT); shorten the request."
        )

    def complete(self, prompt: str, max_tokens: int = 64) -> str:
        """One short non-streamed completion (query rewriting). Raises :class:`WriterError`."""
        import openai

        try:
            response = self.client.chat.completions.create(
                model=self.settings.llm_model,
                messages=[{"role": "user", "content": prompt}],
                max_tokens=max_tokens,
                temperature=0.0,
                timeout=min(self.settings.llm_timeout, 30.0),
            )
        except openai.APIError as exc:
            raise WriterError(f"query rewriting failed: {exc}") from exc
        return response.choices[0].message.content or ""

    def stream(self, question: str, retrieval: Retrieval) -> Iterator[str]:
        import openai

        where = f"the language model at {self.settings.llm_base_url}"
        timeout = self.settings.llm_timeout
        deadline = time.monotonic() + timeout
        started = False  # whether any text arrived (a cut stream vs. an unreachable server)
        expired = threading.Event()
        try:
            response = self.client.chat.completions.create(
                model=self.settings.llm_model,
                messages=self.messages(question, retrieval),
                max_tokens=self.settings.llm_max_tokens,
                temperature=0.0,
                stream=True,
            )

            def expire() -> None:  # a total deadline, not a per-read one
                expired.set()
                response.close()

            watchdog = threading.Timer(max(0.0, deadline - time.monotonic()), expire)
            watchdog.daemon = True
            watchdog.start()
            try:
                for chunk in response:
                    if chunk.choices and chunk.choices[0].delta.content:
                        started = True
                        yield chunk.choices[0].delta.content
            finally:
                watchdog.cancel()
        except WriterError:
            raise
        except Exception as exc:  # map every failure to one message for the user
            if expired.is_set() or isinstance(exc, openai.APITimeoutError):
                raise WriterError(
                    f"{where} did not finish within {timeout:.0f} s (PA_LLM_TIMEOUT); answer cut off."
                ) from exc
            if isinstance(exc, openai.AuthenticationError):
                raise WriterError(f"{where} rejected the API key (401; PA_LLM_API_KEY).") from exc
            if isinstance(exc, openai.NotFoundError):
                raise WriterError(
                    f"{where} has no model {self.settings.llm_model!r} (404; PA_LLM_MODEL)."
                ) from exc
            if isinstance(exc, openai.BadRequestError) and any(
                w in str(exc).lower() for w in ("context", "token")
            ):
                raise WriterError(
                    f"{where} rejected the prompt as longer than its context window; set "
                    f"PA_LLM_CONTEXT to the model's real context size ({exc.message})."
                ) from exc
            if isinstance(exc, openai.APIStatusError):
                raise WriterError(f"{where} answered {exc.status_code}: {exc.message}") from exc
            cause = exc.__cause__ or exc
            if started:
                raise WriterError(f"{where} cut the answer off mid-stream ({cause}).") from exc
            raise WriterError(f"cannot reach {where}: {cause}") from exc
