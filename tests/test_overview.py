"""Summaries and related-work drafts (extractive), BibTeX and LaTeX exports, on the real corpus."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import bibtexparser
import numpy as np

from assistant.ask import Assistant
from assistant.bibtex import bibtex_entry, bibtex_key, latex_escape, to_latex
from assistant.export import answer_bibtex, answer_latex
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
    assert "A first line of work concerns" in answer.answer
    assert "Closest to the work described here are" in answer.answer
    assert any(c.title.startswith("MIBench") for c in answer.citations)
    assert 1 <= answer.answer.count("\n\n") <= 5  # notice + one to three paragraphs + closing line


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
    assert sentence.startswith(
        "Wings (*Wings: Learning Multimodal LLMs without Text-only Forgetting*) presents Wings"
    )
    assert "its tests" in sentence and " we " not in sentence


def test_clusters_hold_two_to_six_papers() -> None:
    rng = np.random.default_rng(0)
    centers = rng.normal(size=(3, 16))
    rows = np.concatenate([c + 0.05 * rng.normal(size=(4, 16)) for c in centers])
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    groups = cluster_papers(rows)
    assert sorted(sorted(g) for g in groups) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]
    assert all(2 <= len(g) <= 6 for g in cluster_papers(np.repeat(rows, 2, axis=0)))


def test_latex_escaping_keeps_existing_latex() -> None:
    assert (
        latex_escape("model \\& task, 50% of R&D_x, $\\alpha_1$")
        == "model \\& task, 50\\% of R\\&D\\_x, $\\alpha_1$"
    )
    sources = [Source(n=1, paper_id="abcdef123", title="MoMa: Efficient", score=1.0)]
    assert to_latex("MoMa saves 4.2x [1].", sources) == "MoMa saves 4.2x~\\cite{moma_abcdef}."


def test_bibtex_parses_with_keys_stable_unique_and_fields_escaped(bot: Assistant, tmp_path: Path) -> None:
    answer = final(
        bot.overview_stream("summary", "Give an overview of benchmarks for evaluating multimodal LLMs")
    )
    bib = answer_bibtex(answer, cited_only=False)
    library = bibtexparser.parse_string(bib)
    assert not library.failed_blocks
    keys = [e.key for e in library.entries]
    assert len(keys) == len(set(keys)) == len(answer.sources)
    assert keys == [bibtex_key(s) for s in answer.sources]  # stable: derived from the paper id
    for entry in library.entries:
        assert entry.entry_type == "misc"
        assert set(entry.fields_dict) <= {
            "title",
            "author",
            "year",
            "eprint",
            "archivePrefix",
            "doi",
            "url",
            "note",
        }
    tex = answer_latex(answer)
    assert "\\cite{" in tex and "[1]" not in tex
    odd = Source(
        n=1, paper_id="x1", title="Ünïcode & 100% $\\alpha$_test", score=1.0, code_url="https://g/x_y"
    )
    entry = bibtexparser.parse_string(bibtex_entry(odd)).entries[0]
    assert entry.fields_dict["title"].value == "{Ünïcode \\& 100\\% $\\alpha$\\_test}"


def test_cli_related_work_writes_tex_and_bib(
    corpus_settings: Settings, bot: Assistant, tmp_path: Path
) -> None:
    bib, tex = tmp_path / "refs.bib", tmp_path / "rw.tex"
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "related-work", "Related work on benchmarks for multimodal LLMs",
         "--about", "We propose a multi-image reasoning benchmark.", "--bib", str(bib), "--tex", str(tex),
         "--store", str(corpus_settings.store)],
        cwd=PROJECT_DIR, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    library = bibtexparser.parse_string(bib.read_text())
    cited = set()
    for group in __import__("re").findall(r"\\cite\{([^}]*)\}", tex.read_text()):
        cited |= set(group.split(","))
    assert cited and cited <= {e.key for e in library.entries}


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
