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
