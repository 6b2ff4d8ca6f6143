"""An endpoint that rate-limits (429 with or without Retry-After) or lacks the model (404; sixth bad-input round).

The scripted server stands in: a real llama.cpp server does not rate-limit. Waits are
``Retry-After: 0`` or far beyond the deadline, so nothing races the clock.
"""

from __future__ import annotations

import email.utils
import time

from assistant.ask import Assistant
from assistant.settings import Settings
from tests.openai_server import scripted_server
from tests.test_llm import GOOD, MMVP_Q, assert_verified, llm_bot


def test_a_429_with_retry_after_is_retried_and_answered(corpus_settings: Settings, bot: Assistant) -> None:
    # before: the first 429 ended the LLM answer ("answered 429: …"), extractive fallback
    for headers in (
        {"Retry-After": "0"},
        {"retry-after-ms": "0"},
        {"Retry-After": email.utils.formatdate(time.time() - 5, usegmt=True)},
    ):
        with scripted_server(GOOD, busy=(2, headers)) as (base_url, received):
            final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
        assert_verified(final)
        assert final.finish == "stop" and len(received) == 3, headers


def test_a_429_asking_for_a_wait_past_the_deadline_says_so(corpus_settings: Settings, bot: Assistant) -> None:
    with scripted_server(GOOD, busy=(5, {"Retry-After": "3600"})) as (base_url, received):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert len(received) == 1  # no retry that could not finish in time
    assert final.finish == "error" and final.writer.startswith("extractive")
    assert "is rate-limiting requests (429: " in final.error and "it asked to wait 3600 s" in final.error
    assert "PA_LLM_TIMEOUT" in final.error and final.citations  # the extractive answer still cites


def test_a_server_that_keeps_429ing_is_retried_a_bounded_number_of_times(
    corpus_settings: Settings, bot: Assistant
) -> None:
    with scripted_server(GOOD, busy=(100, {"Retry-After": "0"})) as (base_url, received):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert len(received) == 4  # the first request and three retries (llm_errors.BACKOFF_S)
    assert final.finish == "error" and "it asked to wait 0 s" in final.error


def test_a_404_for_the_model_names_what_the_endpoint_lists(corpus_settings: Settings, bot: Assistant) -> None:
    # Regression (sixth round): PA_LLM_MODEL left at its default against an Ollama endpoint said
    # only "has no model 'test-model' (404; PA_LLM_MODEL)"; an endpoint with no model loaded
    # (its model list empty) said the same.
    ollama = 'model "test-model" not found, try pulling it first'
    for models, expected in [
        (
            ("llama3.2:3b", "qwen2.5:7b"),
            "has no model 'test-model' (404; PA_LLM_MODEL); it lists 'llama3.2:3b', 'qwen2.5:7b'.",
        ),
        ((), "it lists no models at all (GET /models is empty): load or pull a model on that server first."),
    ]:
        with scripted_server(GOOD, status=404, error=ollama, models=models) as (base_url, _):
            final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
        assert final.finish == "error" and expected in final.error, final.error
        assert final.citations  # the extractive answer still answers
