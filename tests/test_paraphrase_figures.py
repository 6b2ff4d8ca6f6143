"""Figures and kinds of answer asked by a paraphrase (round 11, fresh dev sets): the paper is described rather than
named, so its description words are not what is asked.

- "How many recording sites ...?" of an abstract counting "neural sites" (recordings named
  elsewhere in it): a compound's modifiers say which paper, its head noun what is counted;
- a name inside a relative clause describing the subject ("the study that predicted ... (SEEG)
  signals") need not stand beside the figure;
- "how much does it lose" is a change, stated by "drops by 23.3%";
- "What did the model that ... gain on average?" asks for a figure by its verb.
"""

from __future__ import annotations

import pytest

from assistant.answer_type import asks_change, expected_type, states_change
from assistant.ask import Assistant
from assistant.asked import describes_subject
from assistant.embed import MiniLMOnnxEmbedder
from assistant.gaps import TermMatcher, check_gaps
from assistant.sentence_vectors import SentenceVectors
from assistant.types import Source

SITES = Source(
    n=1,
    paper_id="sites",
    title="Probing Integration in the Brain",
    abstract="We predict SEEG recordings taken while subjects watched movies. "
    "We identify a sizable number of neural sites (141 out of 1090) where integration occurs.",
    score=1.0,
)


def test_a_compound_head_counted_by_its_noun(embedder: MiniLMOnnxEmbedder) -> None:
    matcher = TermMatcher(SentenceVectors(embedder))
    report = check_gaps("How many recording sites showed integration?", SITES, [SITES], matcher, {})
    assert report.gaps == [] and not report.refuse
    # the modifier must be the paper's: a learning rate is not stated by a count of sites
    report = check_gaps("How many learning sites did they use?", SITES, [SITES], matcher, {})
    assert report.gaps


def test_a_name_in_a_clause_describing_the_subject() -> None:
    assert describes_subject("SEEG", "How many sites were found in the study that predicted intracranial (SEEG) signals?")
    assert not describes_subject("GPT-4o", "What is GPT-4o's score in that study?")


def test_losing_is_a_change() -> None:
    assert asks_change("lose") and asks_change("lost")
    assert states_change("the performance drops by 23.3%")
    assert states_change("models lose 5 points")


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What did the decoder-only MLLM that lets image tokens attend to later text gain on average?", "quantity"),
        ("What does it score on MMMU?", "quantity"),
        ("What did they find?", "conclusion"),
        ("What loss do they use?", None),
    ],
)
def test_a_figure_asked_by_its_verb(question: str, kind: str | None) -> None:
    assert expected_type(question) == kind


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        (
            "How many recording sites showed signs of vision-language integration in the study that predicted "
            "intracranial (SEEG) signals of people watching movies with deep networks?",
            "141 out of 1090",
        ),
        (
            "When extra text that stays on-topic with the image is generated and appended to social-media posts, "
            "how much does a model that labels image+text posts lose on humanitarian crisis data?",
            "23.3%",
        ),
        (
            "What did the decoder-only MLLM that lets image tokens attend to the text that follows them gain on "
            "average across its 12 understanding benchmarks?",
            "+7.2%",
        ),
        (
            "In the work on finding related items (item-to-item, I2I) that builds embedding models end to end by "
            "plugging any LLM into a vision encoder, what problem did the preliminary experiments reveal?",
            "overlook image content",
        ),
        (
            "The paper that splits a mixture-of-experts layer into separate text and image groups for language models "
            "that consume mixed image-text sequences also tried stacking mixture-of-depths on top. What downside did "
            "that combination have?",
            "router accuracy",
        ),
        (
            "When recognizing mixed emotions in unconstrained videos, does converting vocal tone and facial action "
            "cues into text for a language model beat systems that fuse extracted embeddings?",
            "lower accuracy",
        ),
    ],
)
def test_paraphrases_on_the_corpus(bot: Assistant, question: str, fact: str) -> None:
    answer = bot.ask(question)
    assert answer.covered and not answer.gaps
    assert fact in answer.answer


# Round 11, a second fresh dev set (dev12): kinds of answer asked in other words.
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("The paper that stacks mixture-of-depths on its experts: what downside did that combination have?", "limitation"),
        ("When recognizing mixed emotions in videos, does converting cues into text beat fused embeddings?", "comparison"),
        ("What language model did the first openly released model handling video and audio start from?", None),
        ("Did they release their models?", "release"),
    ],
)
def test_kinds_asked_in_other_words(question: str, kind: str | None) -> None:
    assert expected_type(question) == kind


def test_two_capitals_abbreviate_the_field() -> None:
    from assistant.asked import question_names

    assert question_names("Is there work checking whether QA datasets built on video need several modalities?") == []
    assert question_names("How did Google's conversational AI fare on the benchmark?") == []
    assert question_names("What does MMVP measure?") == ["MMVP"]
