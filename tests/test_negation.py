"""Negated list questions (assistant/negation.py, new-user trial 15): "Which papers do not use an LLM?"
quoted papers that use one; it is now read as the papers whose abstracts do not mention it, and says so."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.negation import asked_negation, mentions_thing
from assistant.types import Source


def test_negated_list_questions_are_read() -> None:
    assert asked_negation("Which papers do not use an LLM?") == ("papers", "use", "LLM")
    assert asked_negation("Which benchmarks do not include video?") == ("benchmarks", "include", "video")
    assert asked_negation("Which papers use an LLM?") is None
    assert asked_negation("Why does it not use an LLM?") is None


def test_a_mention_counts_plurals_and_spelled_out_acronyms() -> None:
    def paper(abstract: str) -> Source:
        return Source(n=1, paper_id="p", title="T", score=0.0, abstract=abstract)

    assert mentions_thing("LLM", paper("We adapt LLMs to images."))
    assert mentions_thing("LLM", paper("A large language model reads the captions."))
    assert not mentions_thing("LLM", paper("A convolutional network classifies audio."))


def test_which_papers_do_not_use_an_llm_lists_those_not_mentioning_one(bot: Assistant) -> None:
    # Regression: the answer quoted the papers closest to "use an LLM", i.e. papers using one.
    answer = bot.ask("Which papers do not use an LLM?")
    assert answer.answer.startswith("Read as the papers whose title and abstract do not mention “LLM”")
    assert answer.citations and all(not mentions_thing("LLM", s) for s in answer.sources)
    assert not any(s.title.startswith(("PILL", "Eyes Wide Shut")) for s in answer.sources)
    answer = bot.ask("Which benchmarks do not include video?", filters={"title": "bench"})
    assert "the active filter (title ~ 'bench') lets through" in answer.answer
    assert all("video" not in f"{s.title} {s.abstract}".lower() for s in answer.sources)
