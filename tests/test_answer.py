"""Retrieval and answers on the real corpus: right papers, resolvable citations, refusals."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from assistant.ask import Assistant
from assistant.settings import PROJECT_DIR, Settings
from assistant.types import Source
from assistant.verify import resolve_citations
from tests.openai_server import scripted_server

EYES = "Eyes Wide Shut? Exploring the Visual Shortcomings of Multimodal LLMs"
MMVP_Q = "Which paper introduces the MMVP benchmark and what does it reveal about CLIP?"


@pytest.mark.parametrize(
    ("question", "title"),
    [
        # None of these shares a content word with its paper's title.
        (
            "How can a model stop losing its skill on purely written conversations after it is taught to see pictures?",
            "Wings: Learning Multimodal LLMs without Text-only Forgetting",
        ),
        (
            "a Chinese dataset of school exercises with figures, across twelve grades",
            "CMM-Math: A Chinese Multimodal Math Dataset To Evaluate and Enhance the Mathematics Reasoning of Large Multimodal Models",
        ),
    ],
)
def test_dense_retrieval_finds_paper_without_title_words(bot: Assistant, question: str, title: str) -> None:
    titles = [s.title for s in bot.retrieve(question, mode="dense").sources[:3]]
    assert title in titles


@pytest.mark.parametrize(
    ("question", "title"),
    [
        ("image pairs that look alike to a contrastive encoder yet differ clearly", EYES),
        (
            "a model that keeps handling text-only dialogue after it is trained on images",
            "Wings: Learning Multimodal LLMs without Text-only Forgetting",
        ),
        # Regression: with plain RRF, BM25's hits on generic words pushed Wings out of the top 3.
        (
            "How can a model stop losing its skill on purely written conversations after it is taught to see pictures?",
            "Wings: Learning Multimodal LLMs without Text-only Forgetting",
        ),
        (
            "a Chinese dataset of school exercises with figures, across twelve grades",
            "CMM-Math: A Chinese Multimodal Math Dataset To Evaluate and Enhance the Mathematics Reasoning of Large Multimodal Models",
        ),
    ],
)
def test_hybrid_retrieval_finds_paper_without_title_words(bot: Assistant, question: str, title: str) -> None:
    titles = [s.title for s in bot.retrieve(question).sources[:3]]
    assert title in titles


def test_papers_are_listed_once(bot: Assistant) -> None:
    sources = bot.retrieve("mixture of experts for multimodal models", top_k=10).sources
    assert len({s.paper_id for s in sources}) == len(sources) == 10
    assert [s.n for s in sources] == list(range(1, 11))


def test_mmvp_answer_cites_eyes_wide_shut(bot: Assistant) -> None:
    answer = bot.ask(MMVP_Q)
    assert answer.covered and answer.writer == "extractive"
    assert answer.citations[0].title == EYES
    assert "MMVP" in answer.answer and "CLIP-blind pairs" in answer.answer
    assert "No language model is configured" in answer.answer


def test_answer_does_not_pad_with_unrelated_papers(bot: Assistant) -> None:
    # Regression: MMIE was quoted for sharing "introduces" and "benchmark".
    for question in [MMVP_Q, "Which paper introduces the MMVP benchmark?"]:
        assert [c.title for c in bot.ask(question).citations] == [EYES]


def test_multi_paper_answer_quotes_several_papers(bot: Assistant) -> None:
    cited = {c.title.split(":")[0] for c in bot.ask("Which papers use mixture-of-experts?").citations}
    assert (
        len(
            cited
            & {
                "MoMa",
                "Uni-MoE",
                "Alternating Gradient Descent and Mixture-of-Experts for Integrated Multimodal Perception",
                "PILL",
            }
        )
        >= 3
    )


def test_every_citation_resolves_to_a_listed_source(bot: Assistant) -> None:
    for question in [MMVP_Q, "Which papers use mixture-of-experts?", "benchmarks for video understanding"]:
        answer = bot.ask(question)
        listed = {s.n: s for s in answer.sources}
        cited = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
        assert cited and cited <= set(listed)
        assert {c.n for c in answer.citations} == cited
        for c in answer.citations:
            assert (c.paper_id, c.title) == (listed[c.n].paper_id, listed[c.n].title)


def test_off_topic_question_is_refused(bot: Assistant) -> None:
    answer = bot.ask("What is the boiling point of water at high altitude?")
    assert not answer.covered
    assert answer.citations == [] and answer.sources == []
    assert "does not cover" in answer.answer


def test_invalid_citations_are_removed() -> None:
    sources = [
        Source(n=1, paper_id="a", title="A", score=1.0),
        Source(n=2, paper_id="b", title="B", score=0.5),
    ]
    text, citations, dropped = resolve_citations("X holds [1]. Y holds [7]. Z [1, 2][9].", sources)
    assert text == "X holds [1]. Y holds . Z [1][2]."
    assert [c.n for c in citations] == [1, 2] and dropped == [7, 9]


def test_llm_writer_streams_through_openai_client(corpus_settings: Settings, bot: Assistant) -> None:
    reply = "The Eyes Wide Shut paper builds the MMVP benchmark from CLIP-blind pairs [1]."
    with scripted_server(reply) as (base_url, received):
        settings = corpus_settings.model_copy(update={"llm_base_url": base_url, "llm_model": "test-model"})
        partials = list(Assistant(settings, bot.embedder).ask_stream(MMVP_Q))
    final = partials[-1]
    assert len(partials) > 3 and not partials[0].done and final.done  # streamed
    assert final.writer == "test-model" and final.error is None and final.rejected is None
    assert [c.title for c in final.citations] == [EYES]
    assert [c.flags for c in final.sentences] == [[]]
    request = received[0]
    assert request["stream"] is True and request["model"] == "test-model"
    assert "[1] " + EYES in request["messages"][-1]["content"]


def test_llm_answer_citing_unlisted_source_falls_back(corpus_settings: Settings, bot: Assistant) -> None:
    reply = "Eyes Wide Shut builds MMVP from CLIP-blind pairs [1]. It was also shown in [8]."
    with scripted_server(reply) as (base_url, _):
        settings = corpus_settings.model_copy(update={"llm_base_url": base_url, "llm_model": "test-model"})
        final = Assistant(settings, bot.embedder).ask(MMVP_Q)
    assert final.writer == "extractive (fallback from test-model)"
    assert final.rejected is not None and final.rejected.invalid_citations == [8]
    assert "[8]" not in final.rejected.answer and "[8]" in final.notices[0]
    assert [c.title for c in final.citations] == [EYES]


def test_llm_endpoint_errors_keep_sources(corpus_settings: Settings, bot: Assistant) -> None:
    with scripted_server("", status=404) as (base_url, _):
        settings = corpus_settings.model_copy(update={"llm_base_url": base_url, "llm_model": "nope"})
        final = Assistant(settings, bot.embedder).ask(MMVP_Q)
    assert final.error and "404" in final.error and "nope" in final.error
    assert final.sources and final.sources[0].title == EYES
    down = corpus_settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1", "llm_timeout": 5.0})
    final = Assistant(down, bot.embedder).ask(MMVP_Q)
    assert final.error and "cannot reach" in final.error and final.sources


def ask_json(settings: Settings, *args: str) -> dict:
    """Run ``python -m assistant ask ... --json`` on the store; the parsed answer."""
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", *args, "--json", "--store", str(settings.store)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_ask_json_shape(corpus_settings: Settings, bot: Assistant) -> None:
    data = ask_json(corpus_settings, MMVP_Q)
    assert isinstance(data["answer"], str) and data["covered"] is True and data["writer"] == "extractive"
    for c in data["citations"]:
        assert set(c) >= {"n", "paper_id", "title"} and isinstance(c["n"], int)
    for s in data["sources"]:
        assert set(s) >= {"n", "paper_id", "title", "score"} and isinstance(s["score"], float)
    assert data["citations"][0]["title"] == EYES
    # Regression (new-user trial): the JSON text began with the writer notice and put "[1]"
    # after the full stop ("embeddings. [1] First"), unlike the printed answer and the UI.
    assert not data["answer"].startswith("No language model")
    assert data["notices"][0].startswith("No language model is configured")
    assert not re.search(r"[.!?] \[\d+\]", data["answer"]), data["answer"]


def test_cli_followup_uses_history(corpus_settings: Settings, bot: Assistant) -> None:
    data = ask_json(
        corpus_settings,
        "How does it make the learners efficient?",
        "--history",
        "What does the Wings paper propose?",
    )
    assert data["sources"][0]["title"].startswith("Wings")


def test_cli_chat_keeps_history(corpus_settings: Settings, bot: Assistant) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "chat", "--store", str(corpus_settings.store)],
        input="What does the Wings paper propose?\nHow does it make the learners efficient?\nexit\n",
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    turns = result.stdout.split("\n> ")
    assert len(turns) >= 3
    assert "Wings" in turns[2] and "LoRRA" in turns[2]  # the follow-up found Wings' efficiency sentence


def test_llm_failure_falls_back_to_the_extractive_answer(corpus_settings: Settings, bot: Assistant) -> None:
    down = corpus_settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1", "llm_timeout": 5.0})
    final = Assistant(down, bot.embedder).ask(MMVP_Q)
    assert final.error and final.writer.startswith("extractive (fallback")
    assert final.citations and final.citations[0].title == EYES
    assert final.notices[0].startswith("The language model failed: cannot reach")


def test_ingest_from_another_process_is_seen_by_an_open_assistant(embedder, tmp_path) -> None:  # noqa: ANN001
    # Regression: an embedded Chroma client failed with "InternalError: Error finding id"
    # on every read after another process wrote to its folder.
    from tests.conftest import write_digest

    settings = Settings(store=tmp_path / "store", store_recheck_s=0.0)
    first = write_digest(
        tmp_path / "a.txt", [("Graph Paper", "We study graph learning for molecules. " * 10)]
    )
    assert subprocess.run([sys.executable, "-m", "ingest", str(first), "--store", str(settings.store), "--quiet"],
                          cwd=PROJECT_DIR, capture_output=True).returncode == 0  # fmt: skip
    open_bot = Assistant(settings, embedder)
    assert open_bot.ask("graph learning for molecules").covered
    second = write_digest(
        tmp_path / "b.txt",
        [
            (
                "Zebra Nets: Striped Attention for Savanna Video",
                "We introduce Zebra Nets for savanna video. " * 6,
            )
        ],
    )
    assert subprocess.run([sys.executable, "-m", "ingest", str(second), "--store", str(settings.store), "--quiet"],
                          cwd=PROJECT_DIR, capture_output=True).returncode == 0  # fmt: skip
    answer = open_bot.ask("What do Zebra Nets introduce for savanna video?")
    assert answer.citations and answer.citations[0].title.startswith("Zebra Nets")


@pytest.mark.parametrize(
    ("status", "error", "expected"),
    [
        (401, "Incorrect API key provided", "rejected the API key (401"),
        # llama.cpp's server words a too-long prompt like this (a 400):
        (400, "Requested tokens (9000) exceed context window of 2048", "longer than its context window"),
    ],
)
def test_llm_http_errors_are_explained(
    corpus_settings: Settings, bot: Assistant, status: int, error: str, expected: str
) -> None:
    with scripted_server("", status=status, error=error) as (base_url, _):
        settings = corpus_settings.model_copy(update={"llm_base_url": base_url})
        final = Assistant(settings, bot.embedder).ask(MMVP_Q)
    assert final.error and expected in final.error
    assert final.sources and final.citations  # sources shown, extractive answer instead


def test_prompt_is_trimmed_to_the_context_window(corpus_settings: Settings, bot: Assistant) -> None:
    from assistant.writers import count_tokens

    reply = "The Eyes Wide Shut paper builds the MMVP benchmark from CLIP-blind pairs [1]."
    with scripted_server(reply) as (base_url, received):
        settings = corpus_settings.model_copy(
            update={"llm_base_url": base_url, "llm_context": 700, "llm_max_tokens": 100}
        )
        final = Assistant(settings, bot.embedder).ask(MMVP_Q)
    prompt = "".join(m["content"] for m in received[0]["messages"])
    assert count_tokens(prompt) <= 700 - 100  # never a request the server must reject
    assert "[1] " + EYES in prompt  # the best source stays, trimmed to its evidence
    assert final.error is None and final.writer == "test-model" or final.citations
