"""The reasoning splitter on the shapes reasoning models stream, piece by piece."""

from __future__ import annotations

import pytest

from assistant.llm_errors import fallback_for, fold_system
from assistant.reasoning import ReasoningSplitter, split_reasoning


def feed(pieces: list[str]) -> ReasoningSplitter:
    splitter = ReasoningSplitter()
    for piece in pieces:
        splitter.feed(piece)
    splitter.close()
    return splitter


@pytest.mark.parametrize(
    ("pieces", "answer", "reasoning"),
    [
        (["<think>a [9]</think>\n\nB [1]."], "B [1].", "a [9]"),
        (["<th", "ink>a", "</thi", "nk>B"], "B", "a"),  # tags split across chunks
        (["<THINKING>a</Thinking>B"], "B", "a"),
        (["<think>a</think>B<think>c</think>D"], "BD", "a\nc"),
        (["<think>still thinking when cut"], "", "still thinking when cut"),  # unclosed
        (["a, opened in the prompt</think>B"], "B", "a, opened in the prompt"),  # DeepSeek-R1 template
        (["x < y and y > z"], "x < y and y > z", ""),  # a bare '<' is text
        (["ends with <"], "ends with <", ""),  # flushed at the end
        (["<think>a</think>B</think>C"], "BC", "a"),  # a stray closing tag is dropped
    ],
)
def test_split(pieces: list[str], answer: str, reasoning: str) -> None:
    splitter = feed(pieces)
    assert (splitter.answer, splitter.reasoning) == (answer, reasoning)


def test_partial_tag_is_not_shown_while_streaming() -> None:
    splitter = ReasoningSplitter()
    splitter.feed("Answer <thi")
    assert splitter.answer == "Answer " and splitter.reasoning == ""
    splitter.feed("nk>hidden")
    assert splitter.answer == "Answer " and splitter.reasoning == "hidden" and splitter.thinking


def test_reasoning_field_and_tags_together() -> None:
    assert split_reasoning("<think>b</think>C", reasoning="a") == ("C", "a\nb")


@pytest.mark.parametrize(
    ("message", "fix"),
    [
        ("Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.",
         "max_completion_tokens"),
        ("Unsupported value: 'temperature' does not support 0.0 with this model.", "no_temperature"),
        ("Unsupported value: 'messages[0].role' does not support 'system' with this model.", "no_system"),
        ("System role not supported", "no_system"),  # vLLM / chat templates (Gemma)
        ("Requested tokens (9000) exceed context window of 2048", None),
        ("max_tokens must be at least 1", None),
    ],
)  # fmt: skip
def test_fallback_for_server_messages(message: str, fix: str | None) -> None:
    assert fallback_for(message, set()) == fix


def test_fallback_is_not_repeated() -> None:
    message = "Unsupported parameter: 'max_tokens' is not supported. Use 'max_completion_tokens'."
    assert fallback_for(message, {"max_completion_tokens"}) is None


def test_fold_system_into_the_user_turn() -> None:
    folded = fold_system([{"role": "system", "content": "Rules."}, {"role": "user", "content": "Q?"}])
    assert folded == [{"role": "user", "content": "Rules.\n\nQ?"}]
