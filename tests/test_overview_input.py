"""Odd ``related-work --about`` and ``compare --aspects`` (fifth bad-input round)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from assistant.__main__ import main as cli
from assistant.ask import Assistant
from assistant.compare_aspects import DEFAULT_ASPECTS, aspects_from_question
from assistant.overview import ABOUT_MAX_WORDS, bounded_about

TOPIC = "visual shortcomings of multimodal LLMs"


@pytest.mark.parametrize("about", ["?!", " … ", "🤖 ❓"])
def test_an_about_with_no_words_is_no_about(bot: Assistant, about: str) -> None:
    # Regression: --about "?!" wrote "Closest to the work described here are Math-PUMA [1] and
    # MIBench [2]. Unlike the work described here, ..." about a description that says nothing.
    *_, alone = bot.overview_stream("related_work", TOPIC, "")
    *_, given = bot.overview_stream("related_work", TOPIC, about)
    assert given.answer == alone.answer and "work described here" not in given.answer


def test_an_about_that_is_only_a_link_is_no_about(bot: Assistant) -> None:
    # Regression (bad-input round 9): --about "https://arxiv.org/abs/2401.00001" named "the closest
    # papers" to a URL that MiniLM cannot read.
    *_, alone = bot.overview_stream("related_work", TOPIC, "")
    *_, given = bot.overview_stream("related_work", TOPIC, "https://arxiv.org/abs/2401.00001")
    assert given.answer == alone.answer and "work described here" not in given.answer
    assert any("only a link" in n for n in given.notices)
    *_, worded = bot.overview_stream("related_work", TOPIC, "A benchmark of CLIP-blind pairs, https://x.org/p")
    assert not any("only a link" in n for n in worded.notices)


def test_a_pasted_paper_as_about_is_read_to_one_paragraph(bot: Assistant) -> None:
    # Regression: a 1 MB --about (a whole paper pasted) took 138 s: every one of its sentences
    # was embedded against each closest paper's focus. Now its first 400 words, and it says so.
    sentence = "We propose a benchmark of CLIP-blind image pairs. "
    huge = sentence * 20000
    *_, answer = bot.overview_stream("related_work", TOPIC, huge)
    first, note = bounded_about(huge)
    assert len(first.split()) == ABOUT_MAX_WORDS and "160,000 words; only its first 400" in note
    assert answer.notices[-1] == note and "Closest to the work described here" in answer.answer
    *_, short = bot.overview_stream("related_work", TOPIC, first)
    assert short.answer == answer.answer and note not in short.notices
    assert bounded_about("one paragraph") == ("one paragraph", "")


def test_an_about_in_another_language_says_the_ordering_is_weak(bot: Assistant) -> None:
    # Regression (break5, left): a Chinese --about got a "closest work" paragraph with no word
    # that MiniLM, trained on English, judged closeness in another language.
    about = "我们提出一个基准，用于测试多模态大语言模型在图像对上的幻觉问题，并分析导致错误的视觉模式。"
    *_, answer = bot.overview_stream("related_work", TOPIC, about)
    assert any("reads as language 'zh', not English" in n for n in answer.notices)
    *_, english = bot.overview_stream("related_work", TOPIC, "We propose a benchmark of CLIP-blind image pairs.")
    assert not any("not English" in n for n in english.notices)


def test_duplicate_and_wordless_aspects_are_one_column_or_none() -> None:
    # Regression: "data, Data,  data ,DATA" made four identical columns; "?!" and "##" were columns.
    assert aspects_from_question("Compare X in terms of data; Data; data ; DATA; method") == ["data", "method"]
    assert aspects_from_question("Compare X in terms of ?!, ##, code") == ["code"]
    assert aspects_from_question("Compare the papers in terms of ?!; ##") == list(DEFAULT_ASPECTS)


def test_compare_cli_drops_duplicate_and_wordless_aspects(bot: Assistant, capsys, tmp_path: Path) -> None:  # noqa: ANN001
    store = str(bot.settings.store)
    out = tmp_path / "t.csv"
    assert cli(["compare", "multimodal fusion", "--aspects", "data,Data, data ,DATA,?!,##", "--csv", str(out), "--store", store]) == 0
    assert next(csv.reader(out.open(encoding="utf-8"))) == ["Paper", "Data"]
    assert "--aspects: left out '?!', '##' (no words)" in capsys.readouterr().err
    assert cli(["compare", "multimodal fusion", "--aspects", "?!,##", "--store", store]) == 2
    assert "names no column" in capsys.readouterr().err


def test_aspects_are_read_as_one_csv_row_and_a_pasted_paragraph_is_no_column(
    bot: Assistant, capsys, tmp_path: Path  # noqa: ANN001
) -> None:
    # Regression: '"speed, memory"' became the columns '"speed' and 'memory"'; a 2,000-word
    # paste in --aspects became one column whose name was the whole paste (a 10 KB header).
    from assistant.__main__ import aspect_names

    assert aspect_names('data, "speed, memory",\n code') == ["data", "speed, memory", "code"]
    store = str(bot.settings.store)
    out = tmp_path / "t.csv"
    assert cli(["compare", "multimodal fusion", "--aspects", 'data, "speed, memory"', "--csv", str(out), "--store", store]) == 0
    assert next(csv.reader(out.open(encoding="utf-8"))) == ["Paper", "Data", "Speed, memory"]
    capsys.readouterr()
    assert cli(["compare", "multimodal fusion", "--aspects", "word " * 2000 + ", data", "--store", store]) == 2
    assert "is 2,000 words; a column name has at most 12" in capsys.readouterr().err
