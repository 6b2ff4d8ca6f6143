"""Overview selection rules: pool IDF, stem-prefix fallback, "in terms of" clauses (issue 12)."""

from __future__ import annotations

from assistant.ask import Assistant
from assistant.overview_select import pool_idf, topic_terms
from assistant.types import Source


def _paper(i: int, title: str, abstract: str) -> Source:
    return Source(n=i, paper_id=f"p{i}", title=title, abstract=abstract, score=0.0)


def test_a_word_most_candidates_share_weighs_little() -> None:
    pool = [_paper(i, f"Multimodal model {i}", "A multimodal model for images.") for i in range(8)]
    pool.append(_paper(9, "Multimodal recommendation", "Multimodal recommendation of items."))
    terms, idf = pool_idf(pool, topic_terms("Summarize multimodal recommendation"))
    assert idf["recommend"] > 5 * idf["multimod"]


def test_a_term_no_paper_holds_falls_back_to_its_stem_prefix() -> None:
    # "medicine" stems to "medicin", "medical" to "medic": the bug gave both topic terms
    # weight 0, so every paper held 100% of the topic.
    pool = [_paper(1, "Medical image segmentation", "Medical images."), _paper(2, "Music", "Songs.")]
    terms, idf = pool_idf(pool, topic_terms("Give an overview of multimodal models for medicine"))
    assert "medic" in terms and idf["medic"] > 0
    assert "medicin" not in terms


def test_in_terms_of_lists_aspects_not_the_topic() -> None:
    q = "Compare the benchmarks for multimodal LLMs in terms of modalities, data and reported result."
    assert topic_terms(q) == {"benchmark", "multimod", "llms"}


def test_in_terms_of_comparison_keeps_the_benchmark_papers(bot: Assistant) -> None:
    # Regression: the aspect words were topic terms, so the table's 20 rows held no benchmark paper.
    q = "Compare the benchmarks for multimodal LLMs in terms of modalities, data and reported result."
    *_, answer = bot.overview_stream("compare", q)
    cited = {c.title for c in answer.citations}
    assert answer.table is not None and [c.lower() for c in answer.table.columns[1:]] == [
        "modalities",
        "data",
        "reported result",
    ]
    assert len(cited) <= 15
    assert {t for t in cited if "Bench" in t} >= {
        "MIBench: Evaluating Multimodal Large Language Models over Multiple Images",
        "SEED-Bench-2: Benchmarking Multimodal Large Language Models",
    }
