"""Questions and answers in other languages than the (English) collection (issue 10, item 7)."""

from __future__ import annotations

import json

import pytest

from assistant.ask import Assistant
from assistant.crosslingual import NOT_VERIFIED
from assistant.language import NOT_ENGLISH, detect_language
from assistant.settings import PROJECT_DIR, Settings
from tests.openai_server import is_rewrite, scripted_server
from tests.reasoning_server import EYES, MMVP_Q

FR_Q = "Quel article présente le benchmark MMVP et que révèle-t-il sur CLIP ?"
FR_ANSWER = (
    "L'article Eyes Wide Shut construit le benchmark MMVP à partir de paires aveugles pour CLIP [1]. "
    "Le benchmark MMVP révèle que CLIP perçoit comme similaires des images malgré des différences "
    "visuelles claires [1]."
)
# The Wings question of tests/test_answer.py, in Spanish: no name the collection knows.
ES_Q = "¿Cómo evita un modelo olvidar las conversaciones de solo texto después de aprender a ver imágenes?"


def test_french_answer_to_a_french_question_is_kept(corpus_settings: Settings, bot: Assistant) -> None:
    # It was flagged 100% unsupported (lexical support against English abstracts) and replaced.
    with scripted_server(lambda b: MMVP_Q if is_rewrite(b) else FR_ANSWER) as (base_url, received):
        settings = corpus_settings.model_copy(update={"llm_base_url": base_url, "llm_model": "test-model"})
        final = Assistant(settings, bot.embedder).ask(FR_Q)
    assert is_rewrite(received[0]) and received[0]["messages"][0]["content"].endswith(FR_Q)  # put in English
    assert final.writer == "test-model" and final.rejected is None and final.error is None
    assert final.answer.strip() == FR_ANSWER and [c.title for c in final.citations] == [EYES]
    assert final.verification in ("cross-lingual", "not verified (language)")
    assert not any("unsupported" in c.flags for c in final.sentences)
    if final.verification == "not verified (language)":
        assert any("not verified (language)" in n for n in final.notices)
        assert all(set(c.flags) <= {NOT_VERIFIED} for c in final.sentences)


def test_french_answer_with_invented_name_and_number_is_replaced(corpus_settings: Settings, bot: Assistant) -> None:
    invented = "Le benchmark MMVP montre que GPT-5 échoue sur 97% des paires [1]."
    with scripted_server(lambda b: MMVP_Q if is_rewrite(b) else invented) as (base_url, _):
        settings = corpus_settings.model_copy(update={"llm_base_url": base_url})
        final = Assistant(settings, bot.embedder).ask(FR_Q)
    assert final.rejected is not None and final.writer.startswith("extractive (fallback")
    flags = final.rejected.sentences[0].flags
    assert "unsourced_name:GPT-5" in flags and "unsourced_number:97%" in flags
    assert "failed verification" in final.notices[0]


def test_english_answer_is_checked_lexically(corpus_settings: Settings, bot: Assistant) -> None:
    assert bot.ask(MMVP_Q).verification == "lexical"


def test_non_english_question_retrieval_cannot_serve(bot: Assistant) -> None:
    final = bot.ask(ES_Q)
    assert not final.covered and final.answer.startswith(NOT_ENGLISH) and not final.sources
    assert "does not cover" not in final.answer


def test_non_english_question_naming_a_paper_is_served(bot: Assistant) -> None:
    final = bot.ask(FR_Q)  # no LLM: the name MMVP still finds the paper, quoted in English
    assert final.covered and final.citations and final.citations[0].title == EYES


def test_language_detection() -> None:
    dev = PROJECT_DIR / "eval" / "questions" / "dev.jsonl"
    questions = [json.loads(line)["q"] for line in dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert {detect_language(q) for q in questions} == {"en"}
    for short in ("MMVP", "token pruning", "GPT-4V hallucination rates", "MoE-LLaVA", "video LLM benchmarks"):
        assert detect_language(short) == "en", short
    assert detect_language(FR_Q) == "fr" and detect_language(FR_ANSWER) == "fr"
    assert detect_language(ES_Q) == "es"
    assert detect_language("Welches Paper stellt den MMVP-Benchmark vor?") == "de"


@pytest.mark.parametrize("text", ["", "[1][2]", "   "])
def test_language_of_nothing_is_english(text: str) -> None:
    assert detect_language(text) == "en"
