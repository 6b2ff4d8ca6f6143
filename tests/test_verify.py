"""Citation and claim verification (assistant/verify.py), whichever writer produced the text."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.types import Source
from assistant.verify import answer_sentences, flagged_share, verify_answer

EYES_ABSTRACT = (
    "We identify ''CLIP-blind pairs'' - images that CLIP perceives as similar despite their clear "
    "visual differences. With these pairs, we construct the Multimodal Visual Patterns (MMVP) benchmark. "
    "MMVP exposes areas where state-of-the-art systems, including GPT-4V, struggle with straightforward "
    "questions across nine basic visual patterns."
)
SOURCES = [
    Source(
        n=1,
        paper_id="e",
        title="Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs",
        score=1.0,
        abstract=EYES_ABSTRACT,
    ),
]


def checks(text: str):  # noqa: ANN201
    return verify_answer(text, SOURCES, idf={})


def test_supported_sentence_gets_its_evidence() -> None:
    (check,) = checks("The MMVP benchmark is built from CLIP-blind pairs [1].")
    assert check.flags == [] and check.citations == [1]
    assert check.evidence is not None and check.evidence.sentence in EYES_ABSTRACT
    assert check.evidence.support >= 0.5


def test_unsupported_uncited_and_unsourced_claims_are_flagged() -> None:
    unsupported, uncited, number, name = checks(
        "The paper trains a diffusion model on protein folding data [1]. "
        "MMVP was released together with a large video corpus of movie trailers. "
        "MMVP covers 500 visual patterns [1]. "
        "It also beats LLaVA-NeXT on every pattern [1]."
    )
    assert "unsupported" in unsupported.flags
    assert "uncited" in uncited.flags
    assert "unsourced_number:500" in number.flags
    assert "unsourced_name:LLaVA-NeXT" in name.flags
    assert flagged_share([unsupported, uncited, number, name]) == 1.0


def test_numbers_in_the_source_pass() -> None:
    (check,) = checks("MMVP exposes failures of GPT-4V across nine basic visual patterns [1].")
    assert check.flags == []


def test_citation_after_the_period_stays_with_its_sentence() -> None:
    assert answer_sentences("First claim here. [1] Second claim there [2].") == [
        "First claim here [1].",
        "Second claim there [2].",
    ]


def test_extractive_answers_carry_no_flags(bot: Assistant) -> None:
    for question in ["Which papers use mixture-of-experts?", "benchmarks for video understanding"]:
        answer = bot.ask(question)
        claims = [c for c in answer.sentences if c.claim]
        assert claims and all(c.flags == [] and c.evidence and c.evidence.support == 1.0 for c in claims)


def test_json_carries_per_sentence_checks(bot: Assistant) -> None:
    data = bot.ask("Which papers use mixture-of-experts?").model_dump()
    sentence = next(s for s in data["sentences"] if s["claim"])
    assert set(sentence) >= {"text", "citations", "evidence", "flags"}
    assert set(sentence["evidence"]) == {"n", "sentence", "support"}


def test_a_sentence_opening_with_an_italic_title_is_its_own_sentence() -> None:
    # Regression (eighth round): "MoMa introduces MoMa, … [4]. *Alternating Gradient Descent …* presents IMP
    # [5]. *Cross-modal …* investigates …" was checked as one sentence against [4] and flagged unsupported.
    from assistant.verify import answer_sentences

    text = (
        "MoMa introduces MoMa, a model [4]. *Alternating Gradient Descent and Mixture-of-Experts* presents IMP [5]. "
        "*Eyes Wide Shut? Exploring the Visual Shortcomings* finds CLIP-blind pairs [1]."
    )
    assert answer_sentences(text) == [
        "MoMa introduces MoMa, a model [4].",
        "*Alternating Gradient Descent and Mixture-of-Experts* presents IMP [5].",
        "*Eyes Wide Shut? Exploring the Visual Shortcomings* finds CLIP-blind pairs [1].",
    ]
