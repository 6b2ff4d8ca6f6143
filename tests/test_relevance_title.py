"""Answer relevance of a question asking which paper it is: the found paper's title answers it too
(assistant/relevance.py). On the bundled corpus."""

from __future__ import annotations

import pytest

from assistant.ask import Assistant
from assistant.evidence import LOW_RELEVANCE
from assistant.relevance import asks_for_a_paper


def test_which_questions_ask_for_a_paper() -> None:
    assert asks_for_a_paper("Which paper studies OCR ability of large multimodal models?")
    assert asks_for_a_paper("Is there a benchmark that tests whether models find a needle?")
    assert asks_for_a_paper("Any surveys on hallucination?")
    # Something of a paper, or no kind asked: the answer is in the abstract, not the title.
    assert not asks_for_a_paper("Which model does best on MMNeedle?")
    assert not asks_for_a_paper("What dataset does WavCaps build?")
    assert not asks_for_a_paper("What accuracy does the model reach?")
    assert not asks_for_a_paper("What is the largest dataset?")


@pytest.mark.parametrize(
    ("question", "title"),
    [
        (
            "Is there a benchmark that tests whether multimodal models can find a small piece of information "
            "hidden in a very long multi-image document?",
            "Multimodal Needle in a Haystack: Benchmarking Long-Context Capability of Multimodal Large Language Models",
        ),
        ("Which paper studies OCR ability of large multimodal models?", "On the Hidden Mystery of OCR in Large Multimodal Models"),
    ],
)
def test_a_right_paper_found_for_which_paper_carries_no_low_relevance_notice(bot: Assistant, question: str, title: str) -> None:
    # New-user trial 17: right answers drew "Low answer relevance (0.24)" and "(0.22)": their quoted
    # sentences hold few of the asked words, which the title holds.
    answer = bot.ask(question)
    assert answer.citations[0].title == title
    assert answer.relevance is not None and answer.relevance >= LOW_RELEVANCE
    assert not any(n.startswith("Low answer relevance") for n in answer.notices)


def test_a_wrong_paper_found_for_which_paper_keeps_the_notice(bot: Assistant) -> None:
    answer = bot.ask("Is there a benchmark for autonomous driving with lidar point clouds?")
    assert any(n.startswith("Low answer relevance") for n in answer.notices)
