"""Brackets that belong to an abstract ([0, 1], [3], [CLS]) are text, never citations: not in
quotes, not in an LLM's verbatim quote, not in BibTeX or LaTeX. Own input: a small digest."""

from __future__ import annotations

import pytest

from assistant.ask import Assistant
from assistant.embed import MiniLMOnnxEmbedder
from assistant.export import answer_bibtex, answer_latex
from assistant.settings import Settings
from assistant.types import Source
from assistant.verify import resolve_citations
from ingest.pipeline import ingest_paths
from tests.conftest import write_digest

SCORING = (
    "We present ScoreNorm, a calibration method for reward models of vision-language assistants. "
    "All reward scores are normalised to [0, 1] before aggregation, unlike prior work [3] that "
    "clips them. The [CLS] token of the image encoder is pooled into the reward head. "
    "ScoreNorm improves agreement with human preference by 7.5 points."
)
PAPERS = [
    ("ScoreNorm: Calibrated Rewards for Vision-Language Assistants", SCORING),
    (
        "Graph Tokens for Molecule Captioning",
        "We caption molecules by turning their graphs into tokens for a language model. "
        "Captions improve by 4 BLEU points on a chemistry benchmark.",
    ),
    (
        "Speech Adapters for Frozen Language Models",
        "We attach small speech adapters to a frozen language model. The adapters train in one day "
        "on a single GPU and match full fine-tuning on spoken question answering.",
    ),
]


@pytest.fixture(scope="module")
def small_bot(tmp_path_factory: pytest.TempPathFactory, embedder: MiniLMOnnxEmbedder) -> Assistant:
    folder = tmp_path_factory.mktemp("brackets")
    settings = Settings(store=folder / "store")
    ingest_paths([write_digest(folder / "digest.txt", PAPERS)], settings, embedder, progress=False)
    return Assistant(settings, embedder)


def test_quoted_brackets_are_kept_and_cite_nothing(small_bot: Assistant) -> None:
    answer = small_bot.ask("How are the reward scores normalised in ScoreNorm, and what about prior work?")
    assert answer.covered
    assert "\\[0, 1\\]" in answer.answer and "\\[3\\]" in answer.answer  # kept, escaped as Markdown
    assert not answer.invalid_citations and not any("Removed citations" in n for n in answer.notices)
    assert {c.title for c in answer.citations} == {PAPERS[0][0]}
    bib = answer_bibtex(answer)
    assert bib.count("@misc") == 1 and "ScoreNorm" in bib
    latex = answer_latex(answer)
    assert "[0, 1]" in latex and "\\[" not in latex and latex.count("\\cite{") >= 1
    assert not [c for c in answer.sentences if c.flags]


def test_cls_token_is_text(small_bot: Assistant) -> None:
    answer = small_bot.ask("Which token of the image encoder does ScoreNorm pool into the reward head?")
    assert "\\[CLS\\]" in answer.answer
    assert {c.title for c in answer.citations} == {PAPERS[0][0]}


def test_llm_quoting_an_abstract_verbatim_is_not_citing() -> None:
    sources = [
        Source(n=i, paper_id=str(i), title=t, score=1.0, abstract=a) for i, (t, a) in enumerate(PAPERS, 1)
    ]
    text = "ScoreNorm says all reward scores are normalised to [0, 1] before aggregation, unlike prior work [3] [1]."
    clean, citations, dropped = resolve_citations(text, sources)
    assert [c.n for c in citations] == [1] and dropped == []
    assert "\\[0, 1\\]" in clean and "\\[3\\]" in clean
    # A bracket the model adds after its own words is a citation as before.
    clean, citations, dropped = resolve_citations("Prior work clips scores [3].", sources)
    assert [c.n for c in citations] == [3]


def test_escaped_brackets_are_never_citations() -> None:
    source = Source(n=1, paper_id="p", title="T", score=1.0, abstract="x")
    clean, citations, dropped = resolve_citations("scores in \\[0, 1\\] and \\[7\\] [1]", [source])
    assert [c.n for c in citations] == [1] and dropped == []
    assert clean.startswith("scores in \\[0, 1\\] and \\[7\\]")
