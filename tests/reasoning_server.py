"""A scripted reasoning model (DeepSeek-R1 / Qwen3 style ``<think>`` blocks) for the MMVP scenario.

Used by the API, CLI and browser tests: the MMVP question, then the follow-up
"What does it reveal about CLIP?". Its thinking cites a source that is not listed
([9]) and a number from nowhere (42%), so thinking that leaked into the answer
would fail verification; its answers are supported by the Eyes Wide Shut abstract.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from tests.openai_server import is_rewrite, scripted_server

EYES = "Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs"
MMVP_Q = "Which paper introduces the MMVP benchmark and what does it reveal about CLIP?"
FOLLOW_UP = "What does it reveal about CLIP?"

THINKING = (
    "The user asks which paper introduces MMVP. Source [1] builds it from CLIP-blind pairs, "
    "and I recall a paper [9] reporting that 42% of the pairs fail."
)
REWRITE_THINKING = "The user says it, which means the MMVP benchmark of the earlier question."
REWRITE = "What does the MMVP benchmark reveal about CLIP?"
ANSWER = (
    "The Eyes Wide Shut paper constructs the Multimodal Visual Patterns (MMVP) benchmark from "
    "CLIP-blind pairs [1]. MMVP reveals CLIP-blind pairs, images that CLIP perceives as similar "
    "despite their clear visual differences [1]."
)
FOLLOW_UP_ANSWER = (
    "MMVP reveals that CLIP perceives images as similar despite their clear visual differences [1]. "
    "The visual patterns that challenge CLIP models are also problematic for multimodal LLMs [1]."
)


def reply(body: dict) -> str:
    """The rewrite for the rewrite request, else the answer to the question asked."""
    if is_rewrite(body):
        return REWRITE
    last = body["messages"][-1]["content"]
    # The answer request carries the standalone (rewritten) follow-up, or the follow-up itself.
    return FOLLOW_UP_ANSWER if f"Question: {FOLLOW_UP}" in last or f"Question: {REWRITE}" in last else ANSWER


def reasoning(body: dict) -> str:
    return REWRITE_THINKING if is_rewrite(body) else THINKING


@contextmanager
def reasoning_server(**options: object) -> Iterator[tuple[str, list[dict]]]:
    """:func:`tests.openai_server.scripted_server` playing the reasoning model; same yield."""
    with scripted_server(reply, reasoning=reasoning, models=("test-model", "reasoner"), **options) as served:  # type: ignore[arg-type]
        yield served
