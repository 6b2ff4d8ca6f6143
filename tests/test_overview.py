"""Summaries and related-work drafts (extractive), BibTeX and LaTeX exports, on the real corpus."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import bibtexparser
import numpy as np

from assistant.ask import Assistant
from assistant.prose import contribution_sentence
from assistant.settings import PROJECT_DIR, Settings
from assistant.themes import cluster_papers
from assistant.types import Answer, Source

MOE = {
    "MoMa",
    "Uni-MoE",
    "PILL",
    "Alternating Gradient Descent and Mixture-of-Experts for Integrated Multimodal Perception",
}


def final(stream) -> Answer:  # noqa: ANN001
    *_, last = stream
    return last


def test_summary_is_themed_cited_and_covers_moe_papers(bot: Assistant) -> None:
    answer = final(
        bot.overview_stream("summary", "Summarize mixture-of-experts approaches in multimodal models")
    )
    assert answer.mode == "summary" and answer.covered
    assert "**Theme:" in answer.answer
    cited = {c.title.split(":")[0] for c in answer.citations}
    assert MOE <= cited
    claims = [c for c in answer.sentences if c.claim]
    assert claims and all(c.citations for c in claims)
    assert all(c.flags == [] for c in claims)


def test_related_work_relates_to_the_users_work(bot: Assistant) -> None:
    answer = final(
        bot.overview_stream(
            "related_work",
            "Related work on benchmarks for multimodal LLMs",
            "We propose a benchmark of questions that need reasoning across several images.",
        )
    )
    # one named theme ("Prior work concerns ...") or several; papers no phrase describes follow with no lead
    assert "A first line of work concerns" in answer.answer or "Prior work concerns benchmarks" in answer.answer
    assert "further related approaches" not in answer.answer.lower()
    assert re.search(r"Closest to the work described here (is|are) ", answer.answer)
    assert any(c.title.startswith("MIBench") for c in answer.citations)
    assert 1 <= answer.answer.count("\n\n") <= 5  # notice + one to three paragraphs + closing line
    assert "Unlike the work described here," in answer.answer  # how the closest differ, in their terms
    sources = {s.n: s for s in answer.sources}
    for n, phrases in re.findall(r"Unlike the work described here, .*? \[(\d+)\] centres on (.*?)\.", answer.answer):
        for phrase in phrases.split(" and "):
            assert phrase.lower() in f"{sources[int(n)].title} {sources[int(n)].abstract}".lower(), phrase


def test_off_topic_overview_is_refused(bot: Assistant) -> None:
    answer = final(bot.overview_stream("summary", "Summarize protein folding with diffusion models"))
    assert not answer.covered and answer.citations == []


def test_contribution_sentence_in_third_person() -> None:
    source = Source(
        n=1,
        paper_id="w",
        title="Wings: Learning Multimodal LLMs without Text-only Forgetting",
        score=1.0,
        abstract="MLLMs forget text. In this paper, we present Wings, a novel MLLM that excels in our tests.",
    )
    sentence = contribution_sentence(source)
    # the sentence names the paper: no title beside the name (new-user finding, eighth round)
    assert sentence.startswith("Wings is a novel MLLM")  # not "Wings presents Wings" (tenth round)
    assert "its tests" in sentence and " we " not in sentence


def test_clusters_hold_two_to_six_papers() -> None:
    rng = np.random.default_rng(0)
    centers = rng.normal(size=(3, 16))
    rows = np.concatenate([c + 0.05 * rng.normal(size=(4, 16)) for c in centers])
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    groups = cluster_papers(rows)
    assert sorted(sorted(g) for g in groups) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    assert all(2 <= len(g) <= 6 for g in cluster_papers(np.repeat(rows, 2, axis=0)))


def test_cli_related_work_writes_tex_and_bib(
    corpus_settings: Settings, bot: Assistant, tmp_path: Path
) -> None:
    bib, tex, md = tmp_path / "refs.bib", tmp_path / "rw.tex", tmp_path / "rw.md"
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "related-work", "Related work on benchmarks for multimodal LLMs",
         "--about", "We propose a multi-image reasoning benchmark.", "--bib", str(bib), "--tex", str(tex),
         "--md", str(md), "--store", str(corpus_settings.store)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    library = bibtexparser.parse_string(bib.read_text())
    cited = set()
    for group in __import__("re").findall(r"\\cite\{([^}]*)\}", tex.read_text()):
        cited |= set(group.split(","))
    assert cited and cited <= {e.key for e in library.entries}
    references = md.read_text().split("## References")[1]  # the Markdown draft lists them by number
    assert len(re.findall(r"^- \[\d+\] ", references, re.M)) == len(library.entries)


def test_llm_overview_uses_its_own_prompts_and_is_verified(corpus_settings: Settings, bot: Assistant) -> None:
    # Regression: the LLM writer sent the Q&A prompt for summaries and related work.
    from assistant.prompts import render_prompt
    from tests.openai_server import scripted_server

    reply = "**Experts**\nMoMa introduces a modality-aware mixture-of-experts architecture [1]."
    with scripted_server(reply) as (base_url, received):
        settings = corpus_settings.model_copy(update={"llm_base_url": base_url, "llm_model": "m"})
        answer = final(
            Assistant(settings, bot.embedder).overview_stream(
                "related_work", "Related work on mixture-of-experts", "We route tokens to experts."
            )
        )
    system, user = received[0]["messages"]
    assert system["content"] == render_prompt("related_work_system")
    assert "Suggested grouping" in user["content"] and "We route tokens to experts." in user["content"]
    assert answer.mode == "related_work" and answer.sentences


# Regression tests for issue 12 (tried as a new user would).
HALLUCINATION = "Draft related work on visual hallucination in multimodal LLMs"


def test_hallucination_draft_cites_the_hallucination_papers_with_their_sentences(bot: Assistant) -> None:
    answer = final(bot.overview_stream("related_work", HALLUCINATION))
    by_title = {c.title.split(":")[0].split("?")[0]: c.n for c in answer.citations}
    for name in ("Eyes Wide Shut", "Tiny LVLM-eHub", "Multimodal Needle in a Haystack"):
        assert name in by_title, name
        sentences = [c.text for c in answer.sentences if by_title[name] in c.citations]
        assert any("hallucinat" in t.lower() for t in sentences), (name, sentences)


def test_fusion_comparison_is_a_table_of_at_least_five_papers(bot: Assistant) -> None:
    question = "Compare the fusion strategies (early, late, intermediate) discussed across these papers."
    answer = final(bot.overview_stream("compare", question))
    assert answer.mode == "compare" and answer.table is not None
    assert answer.table.columns == ["Paper", "Fusion strategies (early, late, intermediate)"]
    assert len(answer.table.rows) >= 5
    first_line = answer.answer.splitlines()[0]
    assert first_line.startswith("| Paper |")
    sources = {s.n: s for s in answer.sources}
    for row in answer.table.rows:
        cell = row[1]
        assert cell.n == row[0].n and cell.quoted
        quote = cell.text.strip("“”").strip("…")
        assert quote.replace("…", "") in sources[cell.n].abstract  # quoted verbatim
        assert f"[{cell.n}]" in answer.answer
    assert all(not c.flags for c in answer.sentences)


def test_default_comparison_columns_and_not_stated() -> None:
    from assistant.compare import DEFAULT_ASPECTS, aspects_from_question, build_table

    assert aspects_from_question("Compare these papers.") == list(DEFAULT_ASPECTS)
    assert aspects_from_question("Compare mixture-of-experts models.") == list(DEFAULT_ASPECTS)  # papers, not an aspect
    assert aspects_from_question("Compare MoE models in terms of data, results and code") == ["data", "results", "code"]
    silent = Source(n=3, paper_id="s", title="Quiet: A Model", score=1, abstract="We study a thing. It is good.")
    table = build_table([silent], list(DEFAULT_ASPECTS), {})
    assert table.columns[1:] == ["Task", "Modalities", "Method", "Data or benchmark", "Reported result", "Code"]
    cells = {c: x for c, x in zip(table.columns, table.rows[0], strict=True)}
    assert cells["Modalities"].text == "not stated" and cells["Modalities"].n is None
    assert cells["Code"].text == "not stated" and cells["Method"].n == 3


def test_theme_names_are_noun_phrases_keeping_non_ascii_letters() -> None:
    from assistant.themes import noun_phrases, theme_names

    assert "müller-style normalization" in {p.lower() for p in noun_phrases("A Müller-Style Normalization for Speech")}
    papers = [
        Source(n=i, paper_id=str(i), title=t, score=1, abstract=a)
        for i, (t, a) in enumerate(
            [
                ("Hallucination Benchmarks for Vision Models", "We build hallucination benchmarks and show models fail."),
                ("POPE: Hallucination Benchmarks Revisited", "Object hallucination benchmarks are studied."),
                ("Mixture-of-Experts Architectures at Scale", "We scale mixture-of-experts architectures."),
                ("Sparse Mixture-of-Experts Architectures", "Routing in mixture-of-experts architectures."),
            ]
        )
    ]
    names = theme_names([papers[:2], papers[2:]])
    assert names == ["Hallucination benchmarks", "Mixture-of-experts architectures"]
    assert all(" and " not in n for n in names)


def test_prose_resolves_macros_agrees_and_skips_scene_setting() -> None:
    from assistant.prose import contribution_sentence
    from assistant.prose_topic import paper_sentences

    s = Source(
        n=1,
        paper_id="p",
        title="ClueNet: Aggregating Clues",
        score=1,
        abstract="The recent advancements in multimodal LLMs have demonstrated promising progress. "
        "In this paper, we propose \\OurMethod, which uses \\textbf{clues}, and show that it helps. "
        "We design a clue aggregator for hallucination and find that our model hallucinates less.",
    )
    first = contribution_sentence(s)
    assert first.startswith("ClueNet uses clues")  # not "ClueNet proposes ClueNet, which uses" (tenth round)
    assert "and shows that" in first and "\\" not in first
    both = paper_sentences(s, {"hallucin"}, {"hallucin": 3.0})
    assert both[1] == "ClueNet designs a clue aggregator for hallucination and finds that its model hallucinates less."
    quiet = Source(n=1, paper_id="q", title="Quiet Paper Title Here Long Enough", score=1,
                   abstract="The recent advancements in X have demonstrated promising progress. Results vary a lot.")  # fmt: skip
    assert "advancements" not in contribution_sentence(quiet)


def test_about_changes_selection_and_order(bot: Assistant) -> None:
    topic = "Related work on benchmarks for multimodal LLMs"
    plain = final(bot.overview_stream("related_work", topic))
    about = final(bot.overview_stream("related_work", topic, "We propose a benchmark for long videos with hours of footage."))
    assert [c.title for c in plain.citations] != [c.title for c in about.citations]
    first = about.citations[0].title
    assert "Video" in first or "Haystack" in first or "Long" in first, first


def test_cli_compare_writes_markdown_csv_and_tex(corpus_settings: Settings, bot: Assistant, tmp_path: Path) -> None:
    md, csv_path, tex = tmp_path / "t.md", tmp_path / "t.csv", tmp_path / "t.tex"
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "compare", "Compare mixture-of-experts models.", "--aspects",
         "data,reported result", "--md", str(md), "--csv", str(csv_path), "--tex", str(tex), "--json",
         "--store", str(corpus_settings.store)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    import csv
    import json

    answer = Answer.model_validate(json.loads(result.stdout))
    assert answer.table is not None and answer.table.columns == ["Paper", "Data", "Reported result"]
    rows = list(csv.reader(csv_path.open(encoding="utf-8")))
    assert rows[0] == ["Paper", "Data", "Reported result"] and len(rows) == len(answer.table.rows) + 1
    assert md.read_text().startswith("| Paper | Data | Reported result |")
    assert tex.read_text().startswith("\\begin{longtable}") and "\\cite{" in tex.read_text()
