"""A follow-up choosing among the papers referred to ("Which of them ...?") quotes those it holds for
(assistant/question_terms.py ``chosen_among``): new-user trial 17."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.filters import Filters
from assistant.question_terms import chosen_among
from assistant.types import Source, Turn


def _paper(n: int, title: str, abstract: str) -> Source:
    return Source(n=n, paper_id=f"p{n}", title=title, score=0.0, abstract=abstract)


def test_which_of_them_keeps_the_papers_holding_what_it_asks() -> None:
    speech = _paper(1, "MixSpeech: audio-visual stream mixup", "We mix audio and visual streams with curriculum learning.")
    m3col = _paper(2, "Multimodal Mixup Contrastive Learning", "We propose a contrastive learning approach.")
    papers = [speech, m3col]
    idf = {"contrast": 3.0, "learn": 1.0, "use": 0.5}
    assert chosen_among("Which of them uses contrastive learning?", papers, idf, 0.5) == [m3col]
    assert chosen_among("What do they use?", papers, idf, 0.5) == papers  # no choice asked: all, in order


def test_which_of_the_mixup_papers_uses_contrastive_learning(bot: Assistant) -> None:
    mixup = Filters(title="mixup")
    first = bot.ask("What do these papers propose?", filters=mixup)
    turns = [Turn(question="What do these papers propose?", paper_ids=[c.paper_id for c in first.citations])]
    assert any(c.title.startswith("MixSpeech") for c in first.citations)
    answer = bot.ask("Which of them uses contrastive learning?", turns, filters=mixup)
    titles = [c.title for c in answer.citations]
    assert titles and not any(t.startswith("MixSpeech") for t in titles), titles
    assert any("Mixup Contrastive Learning" in t for t in titles), titles


def test_a_comparison_among_them_keeps_them_all() -> None:
    # "Which one has more samples?" after MIBench and MMIE wants both counts (tests/test_conversation.py).
    a = _paper(1, "A benchmark", "It has 13K samples.")
    b = _paper(2, "B benchmark", "We evaluate models.")
    assert chosen_among("Which of them has more samples?", [a, b], {"sampl": 2.0}, 0.5) == [a, b]
    assert chosen_among("Which one has samples?", [a, b], {"sampl": 2.0}, 0.5) == [a, b]
