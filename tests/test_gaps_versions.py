"""A name asked as its first version ("the original NoteLLM") is not a later version in the
collection ("NoteLLM-2"): assistant/gaps.py ``mentions_exactly`` and ``asked.ORIGINAL``."""

from __future__ import annotations

import pytest

from assistant.ask import Assistant
from assistant.gaps import mentions_exactly


@pytest.mark.parametrize(
    ("name", "text", "held"),
    [
        ("NoteLLM", "NoteLLM-2: Multimodal Large Representation Models", False),
        ("NoteLLM", "We extend NoteLLM, a note recommender.", True),
        ("LLaVA", "TS-LLaVA constructs visual tokens.", False),
        ("LLaVA", "Unlike LLaVA 1.5, we ...", False),
        ("LLaVA", "Unlike LLaVA-1.5, we ...", False),
        ("LLaVA", "We start from LLaVA's projector.", True),
        ("VITA", "VITA v2 adds speech.", False),
        ("NoteLLM-2", "we propose NoteLLM-2, a framework", True),
        # Regression (dev5 d5-unanswerable-10): the link of SEED-Bench-2's code held "SEED-Bench".
        ("SEED-Bench", "SEED-Bench-2 spans 27 dimensions. Code: https://github.com/AILab-CVC/SEED-Bench", False),
    ],
)
def test_mentions_exactly(name: str, text: str, held: bool) -> None:
    assert mentions_exactly(name, text) is held


def test_the_original_of_a_later_version_in_the_collection_is_refused(bot: Assistant) -> None:
    # Regression (dev d4-unanswerable-08): NoteLLM-2 is in the collection, NoteLLM is not;
    # "NoteLLM" matched inside "NoteLLM-2" and the question was answered from it.
    answer = bot.ask(
        "How did the original NoteLLM (the first version) compress notes into a single token for "
        "item-to-item recommendation?"
    )
    assert not answer.covered
    assert any("original NoteLLM" in g for g in answer.gaps), answer.gaps
    answer = bot.ask("How many questions and evaluation dimensions were in the original SEED-Bench (the first version)?")
    assert any("original SEED-Bench" in g for g in answer.gaps), answer.gaps
    # The later version asked for itself is answered; so is "original" meaning new.
    for question in (
        "How does NoteLLM-2 enhance the focus on visual information?",
        "What original training framework does NoteLLM-2 propose?",
    ):
        answer = bot.ask(question)
        assert answer.covered and answer.citations[0].title.startswith("NoteLLM-2"), question
