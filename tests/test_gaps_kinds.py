"""Asked phrases that name a kind of answer or a figure, and a follow-up's list question:
no false refusal (assistant/asked.py ROLE_NOUNS and _MEASURE_NOUNS, assistant/gaps.py
``focused``). Abstracts of our own, and the bundled corpus for the conversation."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.embed import MiniLMOnnxEmbedder
from assistant.evidence import SentenceVectors
from assistant.gaps import TermMatcher, check_gaps
from assistant.types import Source

FLOW = Source(
    n=1,
    paper_id="flow",
    title="Information Flow in Vision-Language Models",
    abstract=(
        "We study how vision-language models combine an image with a question. "
        "In the lower layers, the model moves general features of the whole image into the question tokens. "
        "In the middle layers, it moves object-specific features into the question tokens. "
        "Translation improves BLEU scores for four languages by +1.4 to +4.2. "
        "Text retrieval is easier than image retrieval for this system."
    ),
    score=1.0,
)
LISTS = Source(
    n=1,
    paper_id="lists",
    title="Contrasting with Tokens: Learning for Many Modalities",
    abstract="We propose Tokens, an objective for many modalities. Experiments use 33M image, text and audio samples.",
    score=1.0,
)


def _report(embedder: MiniLMOnnxEmbedder, question: str, source: Source, focused: bool = False):
    return check_gaps(question, source, [], TermMatcher(SentenceVectors(embedder)), {}, focused=focused)


def test_a_depth_layer_or_side_asks_which_one_not_for_the_word(embedder: MiniLMOnnxEmbedder) -> None:
    # Regression (dev5 d5-paraphrase-10, -17): "at which depth" and "which retrieval side" were
    # attributes whose words no sentence holds, so answerable paraphrases were refused.
    for question in (
        "At which depth is whole-image information moved into the question tokens?",
        "Which retrieval side was harder?",
    ):
        report = _report(embedder, question, FLOW)
        assert not report.refuse and not report.gaps, (question, report)


def test_a_range_is_a_figure(embedder: MiniLMOnnxEmbedder) -> None:
    # Regression (dev5 d5-paraphrase-12): "What BLEU improvement range" wanted the word "range".
    report = _report(embedder, "What BLEU improvement range did they get across the four languages?", FLOW)
    assert not report.refuse and not report.gaps, report
    report = _report(embedder, "What BLEU improvement range did they get on German?", LISTS)
    assert report.refuse  # no BLEU figure stated at all


def test_a_follow_ups_list_question_is_asked_of_its_paper(embedder: MiniLMOnnxEmbedder) -> None:
    # Regression (dev5 d5-followup-04): "Which datasets did they evaluate it on?" was read as a
    # question for several papers on the topic "datasets ... evaluate", and refused.
    question = "Which datasets did they evaluate it on?"
    assert not _report(embedder, question, LISTS, focused=True).refuse
    assert _report(embedder, question, LISTS, focused=False).off_target  # unfocused: a topic search


def test_the_follow_up_on_the_corpus(bot: Assistant) -> None:
    answer = bot.ask("Which datasets did they evaluate it on?", ["What does the Symile paper propose?"])
    assert answer.covered and "33M" in answer.answer
    assert answer.citations[0].title.startswith("Contrasting with Symile")


def test_a_verb_in_the_present_ends_the_asked_phrase() -> None:
    # Regression (dev5 d5-paraphrase-08): "Which MLLM lets image tokens ..." asked for the
    # attribute "MLLM lets image", a gap on an answered question; "MLLM" names the kind of answer.
    from assistant.asked import asked_heads

    heads = asked_heads("Which MLLM lets image tokens look at later text tokens, and what average improvement did that give?")
    assert [h.phrase for h in heads] == ["figure"]


SIZED = Source(
    n=1,
    paper_id="sized",
    title="MoMa: Efficient Early-Fusion Pre-training with Mixture of Modality-Aware Experts",
    abstract=(
        "We introduce MoMa, a modality-aware mixture-of-experts architecture. "
        "Under a 1-trillion-token training budget, the MoMa 1.4B model, featuring 4 text experts and 4 image experts, "
        "achieves FLOPs savings of 3.7x overall."
    ),
    score=1.0,
)


def test_a_model_size_states_its_parameters(embedder: MiniLMOnnxEmbedder) -> None:
    # Regression (bad-input trial 14): "How many parameters does MoMa have?" got the false gap
    # "… does not state the parameters." though the abstract says "the MoMa 1.4B model".
    report = _report(embedder, "How many parameters does MoMa have?", SIZED)
    assert not report.refuse and not report.gaps, report
    assert report.stating == [1]
    unsized = Source(n=1, paper_id="u", title=SIZED.title, abstract=SIZED.abstract.replace("1.4B ", ""), score=1.0)
    report = _report(embedder, "How many parameters does MoMa have?", unsized)
    assert report.gaps  # "1-trillion-token" and "4 text experts" are no model size


def test_model_sizes_are_read_as_parameter_counts() -> None:
    from assistant.gap_checks import states_model_size

    for sentence in ("the MoMa 1.4B model", "a 7B-parameter LLM", "a three billion parameter model", "125M params"):
        assert states_model_size(["parameters"], sentence), sentence
    for sentence in ("a 1-trillion-token budget", "20M trailer clips", "1B tokens", "3.7x overall"):
        assert not states_model_size(["parameters"], sentence), sentence
    assert not states_model_size(["layers"], "the MoMa 1.4B model")
