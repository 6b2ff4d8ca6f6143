"""A lookup of a figure quotes the sentence stating it alone (assistant/evidence.py): new-user trial 17."""

from __future__ import annotations

from assistant.antecedents import with_antecedents
from assistant.ask import Assistant
from tests.test_answer_quotes import quoted


def test_a_figures_opening_clause_needs_no_antecedent() -> None:
    sentences = ["Such ignorance hurts.", "To fulfill this gap, we present X with 20M clips.", "It works."]
    assert with_antecedents(sentences, {1}) == {0, 1}  # a claim is quoted with what it answers
    assert with_antecedents(sentences, {1}, opening_clause=False) == {1}
    assert with_antecedents(["A.", "These clips total 20M."], {1}, opening_clause=False) == {0, 1}


def test_the_sentence_stating_the_asked_figure_is_quoted_alone(bot: Assistant) -> None:
    # Each quoted background sentences (or two "key insights") before the figure.
    asked = [
        ("How many clips does it contain?", ["What is MMTrail?"], "more than 20M trailer clips"),
        ("How large is its dataset?", ["What does the Symile paper propose?"], "33M image, text and audio samples"),
        ("What accuracy does IMP report on Kinetics-400?", [], "77.0% on Kinetics-400"),
    ]
    for question, history, figure in asked:
        quotes = quoted(bot.ask(question, history).answer)
        assert len(quotes) == 1 and figure in quotes[0], (question, quotes)
