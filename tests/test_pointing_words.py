""""the authors" and a locative "there" point back to the previous answer's paper
(assistant/conversation.py ``points_back``); existential "there" and "the authors of X" do not."""

from __future__ import annotations

import pytest

from assistant.ask import Assistant
from assistant.conversation import points_back
from assistant.types import Turn


@pytest.mark.parametrize(
    ("question", "back"),
    [
        ("What did the authors conclude about the existing datasets?", True),
        ("How did the baseline models do there?", True),
        ("What did the authors of MMVP find?", False),
        ("Are there any papers on audio-visual speech recognition?", False),
        ("Is there a benchmark for omni-language models?", False),
        ("There was an MLLM paper about models losing their text-only ability.", False),
        # Irregular plurals of a kind noun introduce a subject too (one shared list, KIND_NOUNS:
        # "study" + "s?" never matched "studies", nor "approach" + "s?" "approaches").
        ("Which studies look at OCR in LMMs, and what did they find?", False),
        ("Any approaches that fuse audio and video? Which datasets do they use?", False),
    ],
)
def test_points_back(question: str, back: bool) -> None:
    assert points_back(question) is back


def test_the_authors_follow_up_keeps_its_paper(bot: Assistant) -> None:
    # Regression (dev5 d5-followup-05): "What did the authors conclude ...?" started afresh and
    # quoted a trailer-dataset paper instead of the modality-bias paper asked about before.
    history = ["Which paper introduced a score measuring which modality is actually needed to answer video QA questions?"]
    answer = bot.ask("What did the authors conclude about the existing datasets?", history)
    assert answer.citations[0].title.startswith("Assessing Modality Bias")
    assert "unimodal bias" in answer.answer


@pytest.mark.parametrize("question", ["What score does it introduce?", "How does it work?", "What fix does that paper propose?"])
def test_a_first_question_that_only_points_back_asks_which_paper(bot: Assistant, question: str) -> None:
    # Regression (bad-input round 9): with no conversation, "What score does it introduce?" was searched
    # as it stood and refused as not covered (closest paper 0.17). It asks which paper is meant.
    answer = bot.ask(question)
    assert not answer.covered and answer.answer.startswith("There is no earlier answer to refer to")
    assert not answer.sources


@pytest.mark.parametrize(
    "question", ["What datasets do they use for ImageBind?", "What does it mean for multimodal LLMs to hallucinate objects?"]
)
def test_a_first_question_with_its_own_subject_is_answered(bot: Assistant, question: str) -> None:
    answer = bot.ask(question)
    assert not answer.answer.startswith("There is no earlier answer")


@pytest.mark.parametrize(
    ("question", "title"),
    [
        (
            "I remember a study that turns audio tone and facial action units into text so a language model can "
            "recognize mixed emotions in videos. Which dataset did it find textualization worked worse on?",
            "Textualized and Feature-based Models",
        ),
        (
            "There is also a paper on separating sounds using language as the conditioning modality. "
            "What does it need at training time?",
            "Weakly-supervised Audio Separation",
        ),
    ],
)
def test_it_after_a_paper_the_question_introduces_points_at_that_paper(bot: Assistant, question: str, title: str) -> None:
    # Regression (new-user trial 12): after a MoMa question these were answered about MoMa ("it" taken to
    # point at the earlier answer); "a study that ...", "a paper on ..." introduce a new one.
    assert not points_back(question)
    first = bot.ask("How many experts per modality does MoMa use?")
    answer = bot.ask(question, [Turn(question=first.question, paper_ids=[c.paper_id for c in first.citations])])
    assert answer.citations and answer.citations[0].title.startswith(title), answer.answer


def test_a_first_question_under_dict_filters_is_not_dangling() -> None:
    # Regression: typing dangling's filters as Filters (6aa575c) called .describe() on the Python API's
    # dict form ({"title": "Mixture-of-Mamba"}) and raised AttributeError in the loaded suite run.
    from assistant.conversation import Resolved, dangling

    resolved = Resolved(question="What speedup does it report?", follow_up=False, paper_ids=[], turns=[])
    assert not dangling("What speedup does it report?", resolved, None, {"title": "Mixture-of-Mamba"})
    assert dangling("What speedup does it report?", resolved, None, {})  # an empty dict filters nothing
    assert dangling("What speedup does it report?", resolved, None, None)
