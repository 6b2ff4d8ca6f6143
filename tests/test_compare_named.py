"""Comparison tables of papers the request names (issue 12, tables14)."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.compare_named import goes_by, missing_notice
from assistant.types import Source


def _rows(answer) -> list[str]:  # type: ignore[no-untyped-def]
    assert answer.table is not None, answer.answer
    return [r[0].text for r in answer.table.rows]


def test_every_paper_a_comparison_names_has_a_row(bot: Assistant) -> None:
    # Regression: "Compare WavCaps and MMTrail on: size, languages, license" gave one row (WavCaps);
    # MMTrail held half of the request's terms, under the selection's floor, and left in silence.
    *_, answer = bot.overview_stream("compare", "Compare WavCaps and MMTrail on: size, languages, license")
    assert _rows(answer) == ["WavCaps", "MMTrail"]
    size = answer.table.rows[1][1]
    assert "20M trailer clips" in size.text and "2M high-quality clips" in size.text
    *_, three = bot.overview_stream("compare", "WavCaps vs MMTrail vs PIN")
    assert _rows(three) == ["WavCaps", "MMTrail", "PIN"]
    assert not three.notices


def test_a_named_paper_not_in_the_collection_is_said(bot: Assistant) -> None:
    *_, answer = bot.overview_stream("compare", "Compare WavCaps and FooNet-7 on: size")
    assert _rows(answer) == ["WavCaps"]
    assert "No paper in the collection goes by FooNet-7; the table has no row for it." in answer.notices


def test_named_papers_compared_on_aspects_without_a_colon(bot: Assistant) -> None:
    # Regression (new-user trial 15): "Compare WavCaps and FooNet on size" made one column of the whole
    # request and said nothing of FooNet; papers compared by name have no topic, so "on" names aspects.
    from assistant.compare_aspects import aspects_from_question

    assert aspects_from_question("Compare WavCaps and MMTrail on size and data source.") == ["size", "data source"]
    assert aspects_from_question("Compare the models on audio-visual tasks") != ["audio-visual tasks"]
    *_, answer = bot.overview_stream("compare", "Compare WavCaps and FooNet on size")
    assert answer.table is not None and answer.table.columns == ["Paper", "Size"]
    assert _rows(answer) == ["WavCaps"]
    assert "No paper in the collection goes by FooNet; the table has no row for it." in answer.notices


def test_a_name_is_the_one_the_paper_goes_by_not_a_longer_one() -> None:
    four = Source(n=1, paper_id="a", score=1.0, title="4M-21: An Any-to-Any Vision Model", abstract="We present 4M-21.")
    assert goes_by(four, "4m-21") and goes_by(four, "4M 21")
    assert not goes_by(four, "4M")
    assert missing_notice([]) == ""
    assert "by A, B;" in missing_notice(["A", "B"]) and "rows for them" in missing_notice(["A", "B"])


def test_a_table_on_an_acronym_keeps_the_papers_holding_it(bot: Assistant) -> None:
    # Regression (tables14): "Compare the MoE papers on: ..." had one row, Uni-MoE: MoMa and IMP hold
    # "MoE" (the topic's every term) but MiniLM does not know the acronym (dense 0.13 and 0.07, under
    # the 0.24 gate). Once the gate lets the topic in, a row holding every topic term stays.
    *_, answer = bot.overview_stream("compare", "Compare the MoE papers on: number of experts, efficiency")
    rows = _rows(answer)
    assert rows[0] == "Uni-MoE" and "MoMa" in rows and "IMP" in rows, rows


def test_a_table_of_a_kind_keeps_papers_on_the_rest_of_the_topic(bot: Assistant) -> None:
    # Regression (new-user trial 15): Compare mode "audio datasets" had 13 rows: every dataset or
    # benchmark paper above the pool's mean joined (PIN, VIMI, MedMax, MIBench, CMM-Math), audio or not.
    *_, answer = bot.overview_stream("compare", "audio datasets")
    rows = " | ".join(_rows(answer))
    for paper in ("WavCaps", "CAT", "MixSpeech", "MMTrail"):
        assert paper in rows
    for off in ("PIN", "VIMI", "MedMax", "MIBench", "CMM-Math"):
        assert off not in rows, rows
