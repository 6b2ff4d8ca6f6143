"""BM25 matches a question's topic, not its frame ("Which papers study ...")."""

from __future__ import annotations

import pytest

from assistant.ask import Assistant
from assistant.query_frame import topic_query

ROBUSTNESS = "Robustness of Fusion-based Multimodal Classifiers to Cross-Modal Content Dilution"


@pytest.mark.parametrize(
    "question",
    [
        # Regression: BM25 ranked CMM-Math, Understanding Alignment and Tiny LVLM-eHub first
        # on "papers" / "study" / "address"; the bare topic ranks the robustness paper first.
        "Which papers study robustness of multimodal models?",
        "Which papers address robustness of multimodal models?",
        "Which works study robustness of multimodal models?",
        "Are there any papers in the collection on the robustness of multimodal models?",
        "Can you summarize the work on robustness of multimodal models?",
    ],
)
@pytest.mark.parametrize("mode", ["bm25", "hybrid"])
def test_the_question_frame_does_not_outrank_the_topic(bot: Assistant, question: str, mode: str) -> None:
    sources = bot.retrieve(question, mode=mode).sources  # type: ignore[arg-type]
    assert sources[0].title.startswith(ROBUSTNESS), [s.title for s in sources[:3]]


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Which papers study robustness of multimodal models?", "robustness of multimodal models?"),
        ("What are the papers that address hallucination?", "hallucination?"),
        # A frame word inside the topic stays: here "study" is what is asked about.
        ("Which papers run a user study?", "run a user study?"),
        # Kinds of contribution are often the topic, not the frame.
        ("Give an overview of benchmarks for video LLMs.", "benchmarks for video LLMs."),
        # Names are kept, whatever they spell.
        ("Which method does LLaVA-1.5 use?", "LLaVA-1.5 use?"),
        ("What does Study say?", "Study say?"),
        # All frame: the question is kept whole rather than searched as nothing.
        ("Which papers?", "Which papers?"),
        ("What methods are there?", "What methods are there?"),
    ],
)
def test_topic_query(question: str, topic: str) -> None:
    assert topic_query(question) == topic
