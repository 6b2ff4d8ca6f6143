"""Theme names (assistant/themes.py): noun phrases, not verbs."""

from __future__ import annotations


def test_a_verb_after_to_names_no_theme() -> None:
    # Regression: a related-work draft on benchmarks read "A first line of work concerns enhance."
    # and "A second line of work concerns evaluate." (CMM-Math's title "... To Evaluate and
    # Enhance the Mathematics Reasoning ..." and abstracts' "to comprehensively evaluate").
    from assistant.themes import noun_phrases

    title = noun_phrases("A Chinese Multimodal Math Dataset To Evaluate and Enhance the Mathematics Reasoning")
    assert "evaluate" not in title and "enhance" not in title and "mathematics reasoning" in title
    assert "evaluate" not in noun_phrases("designed to comprehensively evaluate fine-grained abilities")
    assert "noise" in noun_phrases("robustness to the noise of inputs")  # "to the X": a noun


def _paper(i: int, title: str, abstract: str):
    from assistant.types import Source

    return Source(n=i, paper_id=f"p{i}", title=title, score=1.0, abstract=abstract)


def test_one_papers_title_words_do_not_name_a_theme_of_several() -> None:
    # New-user trial: "A first line of work concerns early multimodal experiments" held MMVP (Eyes Wide
    # Shut) and others; the phrase came from Tiny LVLM-eHub's title alone.
    from assistant.themes import UNNAMED, theme_names

    group = [
        _paper(1, "Tiny LVLM-eHub: Early Multimodal Experiments with Bard", "We evaluate Bard on object hallucination."),
        _paper(2, "Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs", "CLIP-blind pairs fool models."),
        _paper(3, "Seeing is Understanding: Unlocking Causal Attention", "Causal attention reduces errors."),
    ]
    other = [_paper(4, "Sparse Mixture-of-Experts Routing", "Mixture-of-experts routing."),
             _paper(5, "Mixture-of-Experts at Scale", "We scale mixture-of-experts routing.")]
    names = theme_names([group, other], fallback="visual hallucination in multimodal LLMs")
    assert names[0] == "Visual hallucination in multimodal LLMs" and names[1].lower().startswith("mixture")
    assert theme_names([group, other])[0] == UNNAMED[:1].upper() + UNNAMED[1:]


def test_a_single_theme_is_named_by_the_requests_topic() -> None:
    from assistant.themes import theme_names, topic_phrase

    assert topic_phrase("Draft related work on hallucination in multimodal LLMs.") == "hallucination in multimodal LLMs"
    assert topic_phrase("Related work on benchmarks for multimodal LLMs, for a paper that proposes X.") == (
        "benchmarks for multimodal LLMs"
    )
    assert topic_phrase("Write the related-work section for my paper.") == ""
    group = [_paper(1, "Mixup Contrastive Learning", "Mixup."), _paper(2, "Geodesic Mixup", "Mixup for fine-tuning.")]
    assert theme_names([group], fallback="mixup-style interpolation") == ["Mixup-style interpolation"]


def test_a_bare_topic_is_its_own_theme_phrase_and_one_word_names_take_the_papers_plural() -> None:
    # New-user trial (sixth round): `summarize "hallucination in multimodal LLMs"` was one theme
    # headed "Alignment" (two of its four papers' word): a bare topic named no phrase. And a
    # related-work draft read "A second line of work concerns benchmark" (titles hold the singular).
    from assistant.themes import theme_names, topic_phrase

    assert topic_phrase("hallucination in multimodal LLMs") == "hallucination in multimodal LLMs"
    assert topic_phrase("mixture-of-experts in multimodal models.") == "mixture-of-experts in multimodal models"
    assert topic_phrase("What are the benchmarks here?") == ""  # a question, not a topic
    assert topic_phrase("vision-language benchmarks that expose failures of multimodal LLMs in images") == ""
    group = [
        _paper(1, "MMIE: Interleaved Comprehension Benchmark", "We introduce a benchmark; models fail on benchmarks."),
        _paper(2, "MIBench: A Multi-Image Benchmark", "A new benchmark for multi-image inputs."),
        _paper(3, "SEED-Bench-2: A Benchmark", "It evaluates 23 models."),
    ]
    reasoning = [
        _paper(4, "Math Reasoning in LMMs", "Reasoning over diagrams."),
        _paper(5, "Chart Reasoning", "Reasoning over charts."),
    ]
    names = theme_names([group, reasoning])
    assert names == ["Benchmarks", "Reasoning"], names


def test_a_single_theme_is_not_announced_as_a_first_line_of_work(bot) -> None:  # noqa: ANN001
    # Regression (new-user trial 9): a one-theme draft opened "A first line of work concerns further
    # related approaches." with no second line; one named theme reads "Prior work concerns ...".
    *_, answer = bot.overview_stream("related_work", "hallucination in multimodal LLMs")
    assert "line of work" not in answer.answer and "Prior work concerns hallucination" in answer.answer
    *_, answer = bot.overview_stream(
        "related_work",
        "Write the related-work section for my paper.",
        "We show that multimodal LLMs fail on image pairs that CLIP embeds as similar although they differ "
        "visibly, and adding self-supervised DINO features to the vision encoder fixes part of the gap.",
    )
    assert "further related approaches" not in answer.answer.lower()


def test_a_theme_name_describes_most_of_its_papers() -> None:
    # New-user finding: a theme "Reasoning" held HEMM, Eyes Wide Shut, the modality-bias paper and MMTrail,
    # none about reasoning: their abstracts mention it in passing. A name must be held by most papers of
    # the theme, in the title or the sentence saying what the paper does.
    from assistant.themes import UNNAMED, theme_names

    evaluation = [
        _paper(1, "HEMM: Holistic Evaluation of Multimodal Foundation Models",
               "We introduce HEMM to evaluate models. Tasks requiring reasoning remain hard."),
        _paper(2, "Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs",
               "We identify CLIP-blind pairs. Visual reasoning fails on them."),
        _paper(3, "Assessing Modality Bias in Video Question Answering Benchmarks",
               "We introduce a modality importance score. Reasoning over video is biased."),
        _paper(4, "MMTrail: A Multimodal Trailer Video Dataset", "We present MMTrail. It needs reasoning."),
    ]
    reasoning = [_paper(5, "Math Reasoning in LMMs", "We study reasoning over diagrams."),
                 _paper(6, "Chart Reasoning", "We propose chart reasoning.")]
    names = theme_names([evaluation, reasoning])
    assert names[0] != "Reasoning" and names[1] == "Reasoning", names
    # two of five papers do not name a theme, even with a phrase of several words
    five = [
        _paper(7, "Tiny LVLM-eHub: Holistic Evaluation of LVLMs", "We present a holistic evaluation."),
        _paper(8, "HEMM: Holistic Evaluation of Multimodal Models", "We introduce a holistic evaluation."),
        _paper(9, "OmniBench: Omni-Language Models", "We introduce OmniBench."),
        _paper(10, "CMM-Math: A Chinese Math Dataset", "We release CMM-Math."),
        _paper(11, "On the Hidden Mystery of OCR", "We study OCR."),
    ]
    assert theme_names([five, reasoning])[0] == UNNAMED[:1].upper() + UNNAMED[1:]


def test_a_theme_name_keeps_the_head_noun_of_its_compound() -> None:
    # New-user finding (tenth round): a theme "Weakly-supervised audio-visual violence" (of "... for
    # Weakly-Supervised Audio-Visual Violence Detection"): a three-word window cut the head noun off.
    from assistant.themes import noun_phrases

    phrases = noun_phrases("Self-Distillation for Weakly-Supervised Audio-Visual Violence Detection")
    assert "audio-visual violence detection" in phrases and "violence detection" in phrases
    assert not {"weakly-supervised audio-visual violence", "audio-visual violence"} & phrases, phrases
    assert "mixture of experts" in noun_phrases("Scaling with Mixture of Experts")
