"""Unanswerables that were answered (ninth round, dev d7/d9 questions): a name the question is
about that the collection only mentions, and a list question whose topic words the paper holds
only by its relating verb (assistant/answerability.py, assistant/asked.py, assistant/topic_check.py)."""

from __future__ import annotations

import pytest

from assistant.answerability import owns
from assistant.ask import Assistant
from assistant.asked import SUBJECT, paper_asked
from assistant.question_terms import relating_verb
from assistant.types import Source

MAMBA = Source(
    n=1,
    paper_id="m",
    title="Mixture-of-Mamba: Enhancing Multi-Modal State-Space Models with Modality-Aware Sparsity",
    score=1.0,
    abstract=(
        "We propose Mixture-of-Mamba, a novel SSM architecture. We evaluate Mixture-of-Mamba across three "
        "multi-modal pretraining settings: Transfusion (interleaved text and continuous image tokens with "
        "diffusion loss), Chameleon (interleaved text and discrete image tokens)."
    ),
)


def test_a_paper_owns_what_it_makes_not_what_it_evaluates_on() -> None:
    assert owns(MAMBA, "Mixture-of-Mamba")
    assert not owns(MAMBA, "Transfusion")  # "We evaluate ... settings: Transfusion" uses it
    assert not owns(MAMBA, "Chameleon", family=True)


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("Summarize ImageBind: how does it bind six modalities into one joint embedding space?", "ImageBind"),
        ("What did the full LVLM-eHub evaluate, and how many models did it include?", "LVLM-eHub"),
        ("What does the original, full-size LVLM-eHub benchmark contain?", "LVLM-eHub"),
        ("How does Transfusion combine next-token prediction and diffusion loss?", "Transfusion"),
    ],
)
def test_the_name_a_question_is_about(question: str, subject: str) -> None:
    assert subject in [m.group(1) for m in SUBJECT.finditer(question)]


@pytest.mark.parametrize(
    "question",
    [
        # a describing word after "the" may not be a preposition: these are not about the name
        "In the analysis of how LLaVA-style models combine the image with the question during VQA, at which depth?",
        "How big were the gains over GPT-4o?",
        "Does it use LLaVA?",
    ],
)
def test_a_name_after_a_linking_word_is_not_the_subject(question: str) -> None:
    assert not list(SUBJECT.finditer(question))


def test_a_question_presupposing_a_paper_about_a_name() -> None:
    assert paper_asked("Transfusion", "What model sizes did the original Transfusion paper scale to?")
    assert not paper_asked("Transfusion", "How does Transfusion combine two losses?")


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("Which papers apply multimodal models to recommendation?", "apply"),
        ("Which papers detect hateful memes with multimodal vision-language classifiers?", "detect"),
        ("What methods exist for sign language translation from video to text?", "exist"),
        ("Which papers are primarily about medical or biomedical applications?", None),
        ("How does Transfusion combine two losses?", None),
    ],
)
def test_the_verb_relating_asked_papers_to_their_topic(question: str, verb: str | None) -> None:
    assert relating_verb(question) == verb


@pytest.mark.parametrize(
    ("question", "name"),
    [
        # dev d9-unans-34 / 28 and d7-unans-04: answered from a paper that only mentions the name
        ("How does Transfusion combine next-token prediction and diffusion loss in one transformer?", "Transfusion"),
        (
            "Summarize ImageBind: how does it bind six modalities into one joint embedding space using "
            "image-paired data?",
            "ImageBind",
        ),
        (
            "What model sizes and token budgets did the original Transfusion paper scale to, and how did it "
            "compare with Chameleon?",
            "Transfusion",
        ),
    ],
)
def test_a_name_the_collection_only_mentions_is_refused(bot: Assistant, question: str, name: str) -> None:
    answer = bot.ask(question)
    assert not answer.covered
    assert f"No paper in the collection is about {name}; the abstracts only mention it." in answer.gaps


def test_a_list_question_held_only_by_its_verb_and_field_words_is_refused(bot: Assistant) -> None:
    # dev d9-unans-06: the robustness paper holds "detect" and "classifiers", not hateful memes.
    answer = bot.ask("Which papers detect hateful memes with multimodal vision-language classifiers?")
    assert not answer.covered
    assert any(g.startswith("No retrieved abstract is about") for g in answer.gaps)


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("Which papers apply multimodal models to recommendation?", "Recommendation"),
        (
            "In the analysis of how LLaVA-style models combine the image with the question during VQA, at "
            "which depth is whole-image information moved into the question tokens?",
            "Cross-modal Information Flow",
        ),
    ],
)
def test_answerable_questions_stay_answered(bot: Assistant, question: str, title: str) -> None:
    answer = bot.ask(question)
    assert answer.covered and not answer.gaps
    assert title in answer.citations[0].title


EYES = Source(
    n=1,
    paper_id="e",
    title="Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs",
    score=1.0,
    abstract=(
        "We identify ''CLIP-blind pairs'' - images that CLIP perceives as similar despite their clear visual "
        "differences. We evaluate various CLIP-based vision-and-language models and find that \"LLaVA\" struggles."
    ),
)


def test_a_paper_owns_the_term_it_coins_in_quotes() -> None:
    # Regression (bad-input trial 14): "What is CLIP-blind?" was refused with "No paper in the
    # collection is about CLIP-blind; the abstracts only mention it." though Eyes Wide Shut defines it.
    assert owns(EYES, "CLIP-blind", family=True)
    assert not owns(EYES, "LLaVA")  # quoted far from the verb, in what the paper finds of others' models


def test_what_is_a_coined_term_is_answered(bot: Assistant) -> None:
    # Regression (bad-input trial 14): the definition is quoted, not refused.
    answer = bot.ask("What is CLIP-blind?")
    assert "No paper in the collection is about CLIP-blind" not in answer.answer
    assert "images that CLIP perceives as similar" in answer.answer
