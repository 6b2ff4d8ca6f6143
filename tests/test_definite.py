"""A bare definite description ("the dataset") refers to the paper in focus (assistant/definite.py)."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.conversation import resolve
from assistant.definite import definite_kind, stored_kind_test
from assistant.types import Turn

WAVCAPS = "WavCaps: A ChatGPT-Assisted Weakly-Labelled Audio Captioning Dataset for Audio-Language Multimodal Research"
BUILT = "How was the dataset built?"


def test_which_definite_descriptions_are_bare() -> None:
    assert definite_kind(BUILT) == "dataset"
    assert definite_kind("How many images does the benchmark have?") == "benchmark"
    assert definite_kind("What does the paper's method do?") == "paper"
    assert definite_kind("How did the model perform?") == ""  # a model: no kind to check
    # What says which one: a name, a complement, a modifier, a kind asked for or introduced before it.
    assert definite_kind("How was the WavCaps dataset built?") is None
    assert definite_kind("How was the dataset of MedMax built?") is None
    assert definite_kind("What is the largest dataset for audio captioning?") is None
    assert definite_kind("Which paper introduces the dataset?") is None
    assert definite_kind("I read a paper on audio. How was the dataset built?") is None
    assert definite_kind("Does the benchmark MMIE have videos?") is None


def test_the_dataset_refers_to_the_one_paper_of_the_previous_answer() -> None:
    turns = [Turn(question="What is WavCaps?", paper_ids=["w"])]
    resolved = resolve(BUILT, turns)
    assert resolved.follow_up and resolved.paper_ids == ["w"]
    assert not resolve(BUILT, []).follow_up  # a first question has no focus: searched as it stands
    # Several papers cited: only when the one in focus is of the noun's kind.
    several = [Turn(question="q", paper_ids=["w", "m"])]
    assert resolve(BUILT, several, of_kind=lambda pid, kind: pid == "w" and kind == "dataset").paper_ids == ["w"]
    assert not resolve(BUILT, several, of_kind=lambda pid, kind: False).follow_up
    assert resolve("What does the paper propose?", several).paper_ids == ["w"]


def test_how_was_the_dataset_built_after_wavcaps_answers_from_wavcaps(bot: Assistant) -> None:
    # New-user trial 17: "the dataset" was searched afresh and answered from PIN.
    answer = bot.ask(BUILT, ["What is WavCaps?"])
    assert answer.citations and answer.citations[0].title == WAVCAPS
    wavcaps = answer.citations[0].paper_id
    mio = bot.replay([Turn(question="What is MIO?")])[0].paper_ids[0]
    is_of_kind = stored_kind_test(bot.store)
    assert is_of_kind(wavcaps, "dataset") and not is_of_kind(mio, "dataset")
    resolved = bot.resolve(BUILT, [Turn(question="q", paper_ids=[wavcaps, mio])])
    assert resolved.paper_ids == [wavcaps]
    assert not bot.resolve(BUILT, [Turn(question="q", paper_ids=[mio, wavcaps])]).follow_up


def test_a_part_of_a_paper_refers_to_the_paper_in_focus() -> None:
    # New-user trial 17: "What were the results?" after "How was it evaluated?" was refused afresh,
    # while "What were its results?" worked. A part of a paper names no subject of its own.
    for question in ("What were the results?", "What are the main findings?", "How was the evaluation done?"):
        assert definite_kind(question) == "part"
        assert resolve(question, [Turn(question="q", paper_ids=["w", "m"])]).paper_ids == ["w"]
    assert definite_kind("What were the results on ImageNet?") is None  # says which results
    assert definite_kind("What are the results of MoMa?") is None
    assert not resolve("What were the results?", []).follow_up


def test_what_were_the_results_after_mixture_of_mamba_answers_from_it(bot: Assistant) -> None:
    history = ["What does Mixture-of-Mamba propose?", "How was it evaluated?"]
    answer = bot.ask("What were the results?", history)
    assert answer.citations and answer.citations[0].title.startswith("Mixture-of-Mamba")
    assert "34.76%" in answer.answer
