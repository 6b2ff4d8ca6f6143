import pytest

from assistant.text import split_sentences


def test_sentences_do_not_split_after_eg() -> None:
    # Regression: nltk punkt (bundled with llama-index) split after "e.g.".
    text = "With these pairs, e.g. MMVP, we build a benchmark. It has 9 patterns. See Fig. 2 for more."
    assert split_sentences(text) == [
        "With these pairs, e.g. MMVP, we build a benchmark.",
        "It has 9 patterns.",
        "See Fig. 2 for more.",
    ]


def test_decimal_numbers_stay_inside_sentences() -> None:
    assert split_sentences("Savings reach 4.2x overall. Accuracy is 77.0% on K400.") == [
        "Savings reach 4.2x overall.",
        "Accuracy is 77.0% on K400.",
    ]


def test_an_initial_does_not_end_a_sentence() -> None:
    # Regression (new-user trial): the bundled Mixture-of-Mamba abstract was cut at "W." and a
    # quote began "Liang et al. arXiv:2411.04996; 2024), we extend ...".
    text = "Building on Mixture-of-Transformers (W. Liang et al. arXiv:2411.04996; 2024), we extend it. It works."
    assert split_sentences(text) == [
        "Building on Mixture-of-Transformers (W. Liang et al. arXiv:2411.04996; 2024), we extend it.",
        "It works.",
    ]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("We evaluate Method A. Results show gains.", ["We evaluate Method A.", "Results show gains."]),
        ("We give Vitamin C. We test it.", ["We give Vitamin C.", "We test it."]),
        ("Built on Model B. The Model C is new.", ["Built on Model B.", "The Model C is new."]),
        (
            "Proposed by J. W. Liang and J. Smith. We extend it.",
            ["Proposed by J. W. Liang and J. Smith.", "We extend it."],
        ),
    ],
)
def test_a_capital_letter_before_a_sentence_opener_ends_the_sentence(text: str, sentences: list[str]) -> None:
    # Regression (break3): keeping "W. Liang" together also glued "Method A. Results show ..."
    # into one sentence, so a quoted table cell or evidence sentence carried two sentences.
    assert split_sentences(text) == sentences
