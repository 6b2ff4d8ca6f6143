"""Related-work drafts: no vacuous lead for papers no phrase describes; a draft opens on its topic (fix9c)."""

from __future__ import annotations

import numpy as np

from assistant.ask import Assistant
from assistant.overview_writers import OverviewPlan, RelatedWorkWriter
from assistant.prose import contribution_sentence
from assistant.retrieve import Retrieval
from assistant.themes import Theme, topic_phrase
from assistant.types import Source

OCR_TOPIC = "text recognition and text-rich image understanding in multimodal LLMs"
OCR_ABOUT = (
    "We build a benchmark of scanned documents, charts and street signs that tests whether multimodal LLMs "
    "can read the text in an image and answer questions that depend on it."
)


def _paper(i: int, title: str, abstract: str) -> Source:
    return Source(n=i, paper_id=f"p{i}", title=title, abstract=abstract, score=0.0)


def _draft(themes: list[Theme]) -> str:
    plan = OverviewPlan(themes=themes, left_out=[], sentences={s.paper_id: ["It does X."] for t in themes for s in t.sources})
    retrieval = Retrieval(query="q", sources=[], covered=True, query_vector=np.zeros(1))
    return "".join(RelatedWorkWriter(plan).stream("q", retrieval))


def test_papers_no_phrase_describes_come_last_without_a_vacuous_lead() -> None:
    # Regression (new-user finding): "A second line of work concerns further related approaches." said nothing.
    a, b, c = _paper(1, "A", "x"), _paper(2, "B", "x"), _paper(3, "C", "x")
    text = _draft([Theme("Further related approaches", [a]), Theme("Mixture of experts", [b]), Theme("Sparse models", [c])])
    assert "further related approaches" not in text.lower(), text
    paragraphs = text.split("\n\n")[1:-1]
    assert paragraphs[0].startswith("A first line of work concerns mixture of experts."), paragraphs
    assert paragraphs[1].startswith("A second line of work concerns sparse models."), paragraphs
    assert paragraphs[2].startswith("It does X"), paragraphs  # the leftover paper, last, with no lead


def test_a_paper_saying_what_it_did_is_not_quoted_by_its_background() -> None:
    # Regression (new-user trial 10): the OCR study was quoted by "Large models have recently played a dominant
    # role ..." (its opening) and a draft began with it; its own sentence is "We conducted a comprehensive study".
    ocr = _paper(
        1,
        "On the Hidden Mystery of OCR in Large Multimodal Models",
        "Large models have recently played a dominant role in natural language processing. It remains less "
        "explored about their efficacy in text-related visual tasks. We conducted a comprehensive study of existing "
        "publicly available multimodal models, evaluating their performance in text recognition.",
    )
    sentence = contribution_sentence(ocr)
    assert "conducted a comprehensive study" in sentence and "dominant role" not in sentence, sentence


def test_a_bare_topic_of_nine_words_names_the_draft() -> None:
    assert topic_phrase(OCR_TOPIC) == OCR_TOPIC


def test_the_ocr_draft_opens_on_its_topic(bot: Assistant) -> None:
    *_, answer = bot.overview_stream("related_work", OCR_TOPIC, OCR_ABOUT)
    body = answer.answer.split("\n\n")[1]
    first = body.split(". ")[0]
    assert first == f"Prior work concerns {OCR_TOPIC}", body[:300]
    assert "dominant role" not in body.split("[1]")[0], body[:300]


def test_with_the_users_work_the_closest_works_theme_takes_the_topic_name_and_comes_first() -> None:
    # New-user trial 14 ("visual token reduction", about a token-pruning method): the topic's name went to a group
    # of six papers on other things, so TS-LLaVA, the closest, was left "further related approaches" and written 7th.
    from assistant.themes import group_into_themes

    closest = _paper(1, "TS-LLaVA: Thumbnail-and-Sampling", "We compress visual tokens.")
    near = _paper(8, "Dropping Patches Early", "We drop patches.")
    words = ["Alignment Probes", "Interleaved Benchmarks", "Causal Attention", "Information Flow", "Math Reasoning", "Audio Tokens"]
    others = [_paper(i, w, "We do other things.") for i, w in enumerate(words, start=2)]
    vectors = {"p1": np.array([1.0, 0.0]), "p8": np.array([1.0, 0.0])} | {p.paper_id: np.array([0.0, 1.0]) for p in others}
    unled = group_into_themes([closest, *others, near], vectors, "visual token reduction")
    assert unled[0].name == "Visual token reduction" and closest not in unled[0].sources, unled  # the bug
    themes = group_into_themes([closest, *others, near], vectors, "visual token reduction", lead=True)
    assert closest in themes[0].sources and themes[0].name == "Visual token reduction", themes
    # and the writer opens on the closest work even when no phrase names its theme
    plan = OverviewPlan(
        themes=[Theme("Further related approaches", [closest]), Theme("Alignment", others)], left_out=[],
        sentences={s.paper_id: [f"It does {s.n}."] for s in [closest, *others]}, about="We prune visual tokens.",
    )
    retrieval = Retrieval(query="q", sources=[], covered=True, query_vector=np.zeros(1))
    text = "".join(RelatedWorkWriter(plan).stream("q", retrieval))
    paragraphs = text.split("\n\n")[1:]
    assert paragraphs[0].startswith("It does 1 [1]."), paragraphs
    assert paragraphs[1].startswith("Prior work concerns alignment."), paragraphs
