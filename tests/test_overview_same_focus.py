"""A closest paper with no stated difference: what it shares with the described work and which of the
description's phrases its abstract does not mention (assistant/overview_closest.py), not "its abstract
states no difference from it" (new-user trial 17)."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.overview_closest import unmentioned_focus
from assistant.overview_writers import OverviewPlan, closing
from assistant.prose_topic import paper_sentences
from assistant.types import Source

ABOUT = (
    "We present InterleaveBench-X, a benchmark of 5,000 interleaved image-text documents for evaluating "
    "multi-image reasoning in MLLMs."
)


def _plan(sources: list[Source], bot: Assistant) -> OverviewPlan:
    numbered = [s.model_copy(update={"n": i}) for i, s in enumerate(sources, start=1)]
    sentences = {s.paper_id: paper_sentences(s, set(), {}) for s in numbered}
    return OverviewPlan(themes=[], left_out=[], sentences=sentences, about=ABOUT, closest=numbered, embedder=bot.embedder)


def _paper(bot: Assistant, title_start: str) -> Source:
    return next(s for s in bot.retriever.retrieve(title_start, top_k=10).sources if s.title.startswith(title_start))


def test_seed_bench_2_closing_says_what_it_shares_and_what_it_does_not_mention(bot: Assistant) -> None:
    seed = _paper(bot, "SEED-Bench-2")
    text = closing(_plan([seed], bot)).strip()
    assert text == (
        "Closest to the work described here is SEED-Bench-2 [1], which, like it, centres on benchmarking multimodal "
        "large language models; its abstract does not mention image-text documents or multi-image reasoning."
    ), text
    mibench = _paper(bot, "MIBench")
    both = closing(_plan([seed, mibench], bot))
    assert "states no difference" not in both and "Like the work described here, MIBench centres on evaluating" in both
    assert both.count("[1]") == 1 and both.count("[2]") == 1, both  # each named closest once, cited once


def test_unmentioned_focus_reads_the_descriptions_phrases_not_its_name() -> None:
    paper = Source(
        n=1, paper_id="p", title="A Benchmark of Interleaved Documents", score=0.0,
        abstract="We collect interleaved image-text documents from the web.",
    )
    assert unmentioned_focus(paper, ABOUT) == ["multi-image reasoning"]  # not "InterleaveBench-X"


def test_a_phrase_the_abstract_holds_a_specific_word_of_is_not_called_unmentioned(bot: Assistant) -> None:
    # Regression (new user, sixteenth round): "its abstract does not mention sparse mixture-of-experts layers
    # or scale vision-language models" of Uni-MoE, whose abstract says "a sparse MoE architecture"; the
    # second phrase came from a paragraph that states no "We present ..." (none is named then).
    about = (
        "We study how sparse mixture-of-experts layers can scale vision-language models without raising inference"
        " cost. Our model routes image and text tokens to modality-specific experts, and we evaluate it on visual"
        " question answering and image captioning benchmarks."
    )
    *_, answer = bot.overview_stream("related_work", "mixture-of-experts in multimodal models", about)
    closing = next(line for line in answer.answer.splitlines() if line.startswith("Closest to the work"))
    assert "does not mention" not in closing, closing
    abstract = "We implement a sparse Mixture of Experts (MoE) architecture."
    uni = Source(n=1, paper_id="u", title="Uni-MoE", score=0.0, abstract=abstract)
    assert unmentioned_focus(uni, "We present a model with sparse mixture-of-experts layers.") == []
