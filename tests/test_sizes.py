"""Sizes asked and compared (assistant/sizes.py, new-user trial 15): an asked size is an amount
(clips, samples), not any figure, and an unstated one is named as a gap."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.sizes import asks_size, stated_sizes
from assistant.superlative import COMPARED_LEAD, asked_extreme


def test_amounts_read_with_their_scales() -> None:
    mmtrail = "we present MMTrail, a dataset incorporating more than 20M trailer clips with visual captions"
    assert stated_sizes(mmtrail) == [(2e7, "20M trailer clips")]
    assert stated_sizes("We present PIN-14M, comprising 14 million samples") == [(1.4e7, "14 million samples")]
    assert stated_sizes("approximately 400k audio clips")[0][0] == 4e5
    # a count word, a list marker, a name's digit, a percentage or a multiple are no size
    assert stated_sizes("CAT enhances MLLM in three ways: 1) besides bridging audio and GPT-4o") == []
    assert stated_sizes("it improves by 5.2% and is 2x faster") == []
    assert asks_size("What is the size of the second one?") and not asks_size("What does it propose?")
    assert not asks_size("Adding details like colour or size breaks models. How big were the relative drops?")


def test_an_unstated_size_of_a_follow_up_is_named(bot: Assistant) -> None:
    # Regression: the second audio dataset paper (CAT) was quoted with no size and no gap
    # (its "three ways" counted as the figure asked).
    answer = bot.ask("What is the size of the second one?", ["Which papers introduce new audio datasets?"])
    assert answer.citations and answer.citations[0].title.startswith("CAT")
    assert any("does not state its size" in g for g in answer.gaps), answer.gaps
    # the first one (WavCaps) states its size: no gap
    answer = bot.ask("What is the size of the first one?", ["Which papers introduce new audio datasets?"])
    assert "400k audio clips" in answer.answer and not answer.gaps, answer.gaps


def test_the_biggest_dataset_compares_the_stated_sizes(bot: Assistant) -> None:
    # Regression: PIN-14M (14 million samples) was quoted alone over MMTrail's 20M clips.
    assert asked_extreme("Which paper has the biggest dataset?") == (True, "dataset")
    assert asked_extreme("Which one is the biggest one?") is None and asked_extreme("What is MMVP?") is None
    answer = bot.ask("Which paper has the biggest dataset?")
    assert answer.citations[0].title.startswith("MMTrail"), [c.title for c in answer.citations]
    assert answer.answer.index("20M trailer clips") < answer.answer.index("14 million samples")
    assert COMPARED_LEAD in answer.answer and not any(s.flags for s in answer.sentences)
