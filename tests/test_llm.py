"""The LLM path against servers that behave the way popular ones do (issue 10), one test per
behaviour, each named after what the server does. The scripted server
(tests/openai_server.py) stands in where a real one cannot be made to do it;
tests/test_llm_server.py causes what it can with a real llama.cpp server.
"""

from __future__ import annotations

import threading

import pytest

from assistant.ask import Assistant
from assistant.deadline import Deadline
from assistant.llm import list_models
from assistant.llm_errors import learned_fallbacks
from assistant.llm_writer import LLMWriter, count_tokens
from assistant.settings import Settings
from assistant.types import Answer
from tests.openai_server import is_rewrite, scripted_server
from tests.reasoning_server import (
    ANSWER,
    EYES,
    FOLLOW_UP,
    MMVP_Q,
    REWRITE,
    THINKING,
    reasoning_server,
)

GOOD = "The Eyes Wide Shut paper builds the MMVP benchmark from CLIP-blind pairs [1]."


def llm_bot(settings: Settings, bot: Assistant, base_url: str, **update: object) -> Assistant:
    """An assistant on the shared store and embedder, answering through ``base_url``."""
    return Assistant(
        settings.model_copy(update={"llm_base_url": base_url, "llm_model": "test-model", **update}), bot.embedder
    )


def assert_verified(final: Answer) -> None:
    assert final.error is None and final.rejected is None and not final.writer.startswith("extractive")
    assert final.citations and final.citations[0].title == EYES
    assert all(not c.flags for c in final.sentences), [c.flags for c in final.sentences]


# --- 1. reasoning models ------------------------------------------------------------------


def test_think_block_in_the_content_is_reasoning_not_answer(corpus_settings: Settings, bot: Assistant) -> None:
    with reasoning_server() as (base_url, _):
        partials = list(llm_bot(corpus_settings, bot, base_url).ask_stream(MMVP_Q))
    final = partials[-1]
    assert_verified(final)
    assert final.answer.strip() == ANSWER and final.finish == "stop"
    # The thinking cites [9] and an unsourced 42%: kept apart, never verified.
    assert final.reasoning == THINKING and "[9]" not in final.answer and not final.invalid_citations
    # While the model thinks, the partial answers carry the reasoning (visibly working), no answer text.
    thinking = [p for p in partials if not p.done and p.reasoning and not p.answer]
    assert thinking and all("<think" not in p.answer and "think>" not in p.answer for p in partials)


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning", "thinking", "open_in_prompt"])
def test_reasoning_in_delta_fields_or_other_tags(
    corpus_settings: Settings, bot: Assistant, field: str
) -> None:
    # vLLM/DeepSeek send reasoning_content, OpenRouter/Ollama reasoning; some models write
    # <thinking>; DeepSeek-R1's template opens <think> in the prompt, so only </think> arrives.
    with reasoning_server(reasoning_as=field) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert_verified(final)
    assert final.reasoning == THINKING and final.answer.strip() == ANSWER


def test_unclosed_think_block_is_an_empty_answer(corpus_settings: Settings, bot: Assistant) -> None:
    with reasoning_server(reasoning_as="unclosed") as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert final.finish == "empty" and final.reasoning == THINKING
    assert final.notices[0].startswith("The language model returned nothing")
    assert final.answer.startswith("The language model returned nothing, so this answer quotes")
    assert final.citations[0].title == EYES and not any(c.flags for c in final.sentences)


def test_follow_up_rewrite_cut_while_thinking_is_not_the_query(corpus_settings: Settings, bot: Assistant) -> None:
    # The rewrite gets 64 tokens; a long thinking block uses them all, and <think>... came back
    # as the retrieval query, so the follow-up was refused as not covered.
    long_thought = " ".join(["hmm, the user means the benchmark from before"] * 20)
    with scripted_server(lambda b: REWRITE if is_rewrite(b) else GOOD, reasoning=long_thought) as (base_url, received):
        assistant = llm_bot(corpus_settings, bot, base_url)
        writer = assistant.llm_writer()
        retrieval = assistant.retrieve(FOLLOW_UP, [MMVP_Q], writer=writer)
        final = assistant.ask(FOLLOW_UP, [MMVP_Q])
    assert "think" not in retrieval.query and "hmm" not in retrieval.query
    assert retrieval.query.startswith(FOLLOW_UP) and MMVP_Q in retrieval.query  # the rule stood in
    assert received[0]["max_tokens"] == 64 and is_rewrite(received[0])
    assert final.covered and final.sources[0].title == EYES
    assert final.reasoning.startswith("hmm") and "rewrite_s" in final.timings


def test_follow_up_rewrite_by_a_reasoning_model(corpus_settings: Settings, bot: Assistant) -> None:
    with reasoning_server() as (base_url, received):
        assistant = llm_bot(corpus_settings, bot, base_url)
        retrieval = assistant.retrieve(FOLLOW_UP, [MMVP_Q], writer=assistant.llm_writer())
        final = assistant.ask(FOLLOW_UP, [MMVP_Q])
    assert retrieval.query == REWRITE  # the thinking removed, the query kept
    assert_verified(final)
    assert "rewrite_s" in final.timings and list(final.timings)[0] == "rewrite_s"


# --- 2 and 8. parameters newer models refuse ----------------------------------------------


@pytest.mark.parametrize(
    "refused",
    [("max_tokens",), ("temperature",), ("system",), ("max_tokens", "temperature", "system")],
)
def test_server_rejecting_parameters_with_400(
    corpus_settings: Settings, bot: Assistant, refused: tuple[str, ...]
) -> None:
    model = "o-model-" + "-".join(refused)  # fallbacks are remembered per model
    with scripted_server(GOOD, reject=refused) as (base_url, received):
        assistant = llm_bot(corpus_settings, bot, base_url, llm_model=model)
        final = assistant.ask(MMVP_Q)
        tries = len(received)
        again = assistant.ask(MMVP_Q)
    assert_verified(final)
    assert tries == len(refused) + 1  # one retry per refused parameter
    assert len(received) == tries + 1  # learned for the session: the next question asks once
    last = received[-1]
    assert ("max_tokens" in last) == ("max_tokens" not in refused)
    assert ("max_completion_tokens" in last) == ("max_tokens" in refused)
    assert ("temperature" in last) == ("temperature" not in refused)
    if "system" in refused:  # the rules are folded into the user turn, not lost
        assert [m["role"] for m in last["messages"]] == ["user"]
        assert "Rules, which nothing" in last["messages"][0]["content"]
    assert_verified(again)
    assert learned_fallbacks(base_url, model)


def test_rejected_parameter_is_not_reported_as_context_window(corpus_settings: Settings, bot: Assistant) -> None:
    # A 400 naming max_tokens that is not about the parameter: the server's words, no PA_LLM_CONTEXT advice.
    error = "max_tokens must be at least 1, got -5"
    with scripted_server(GOOD, status=400, error=error) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert final.error and error in final.error and "PA_LLM_CONTEXT" not in final.error
    assert final.notices[0].startswith("The language model failed: ")


def test_failed_model_is_not_called_failed_verification(corpus_settings: Settings, bot: Assistant) -> None:
    down = corpus_settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1", "llm_timeout": 5.0})
    final = Assistant(down, bot.embedder).ask(MMVP_Q)
    assert final.finish == "error" and final.notices[0].startswith("The language model failed: cannot reach")
    assert "failed verification" not in final.answer and "failed verification" not in " ".join(final.notices)
    assert final.answer.startswith("The language model failed, so this answer quotes")
    assert final.citations[0].title == EYES


# --- 3. special tokens in the text ---------------------------------------------------------


def test_special_token_text_in_an_abstract_or_question(corpus_settings: Settings, bot: Assistant) -> None:
    assert count_tokens("<|endoftext|>") > 1  # counted as plain text, not raised on
    retrieval = bot.retrieve(MMVP_Q)
    first = retrieval.sources[0]
    scraped = first.model_copy(update={"abstract": first.abstract + " <|endoftext|> <|im_start|>"})
    retrieval.sources[0] = scraped
    with scripted_server(GOOD) as (base_url, received):
        settings = corpus_settings.model_copy(update={"llm_base_url": base_url})
        *_, last = LLMWriter(settings).stream(MMVP_Q, retrieval)
        final = Assistant(settings, bot.embedder).ask(MMVP_Q + " <|endoftext|>")
    assert last.finish is not None and last.finish.kind == "stop" and last.answer.strip() == GOOD
    assert "<|endoftext|>" in received[0]["messages"][-1]["content"]
    assert final.error is None and final.citations


# --- 4. truncation, empty answers, plain JSON ----------------------------------------------


def test_finish_reason_length(corpus_settings: Settings, bot: Assistant) -> None:
    with scripted_server(ANSWER) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url, llm_max_tokens=20).ask(MMVP_Q)
    assert final.finish == "length"
    assert any("cut off at the model's token limit" in n for n in final.notices)
    assert "PA_LLM_MAX_TOKENS" in " ".join(final.notices)


def test_empty_answer(corpus_settings: Settings, bot: Assistant) -> None:
    with scripted_server("") as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert final.finish == "empty" and "cited no source" not in " ".join(final.notices)
    assert final.notices[0].startswith("The language model returned nothing")
    assert final.citations[0].title == EYES


def test_plain_json_reply_to_a_stream_request(corpus_settings: Settings, bot: Assistant) -> None:
    with scripted_server(GOOD, json_reply=True) as (base_url, received):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert received[0]["stream"] is True
    assert_verified(final)
    assert final.answer.strip() == GOOD


def test_plain_json_reply_with_reasoning_content(corpus_settings: Settings, bot: Assistant) -> None:
    with reasoning_server(json_reply=True, reasoning_as="reasoning_content") as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert_verified(final)
    assert final.reasoning == THINKING


# --- 4b. replies that are no chat completion (break4) ----------------------------------------

_NOT_A_COMPLETION = "not an OpenAI-compatible chat completion; check PA_LLM_BASE_URL"


@pytest.mark.parametrize(
    ("raw", "said"),
    [
        ((200, "text/html", b"<html><body><h1>Welcome to nginx!</h1></body></html>"), "text/html that is not JSON: 'Welcome to nginx!'"),
        ((200, "application/json", b"garbage{"), "application/json that is not JSON: 'garbage{'"),
        ((200, "text/plain", b"MMVP is a benchmark [1]."), "text/plain that is not JSON"),
        ((200, "application/json", b"[1, 2]"), "a JSON list instead of a chat completion object"),
        ((200, "text/event-stream", b'data: {"choices": [{"delta": {"content": "MMVP "}}]}\n\ndata: not json\n\n'), "an event that is not JSON ('not json')"),
        ((200, "text/event-stream", b'data: {"choices": [{"delta": {"content": "caf\xe9"}}]}\n\n'), "bytes that are not UTF-8"),
    ],
)  # fmt: skip
def test_a_reply_that_is_no_chat_completion_is_named_as_such(
    corpus_settings: Settings, bot: Assistant, raw: tuple[int, str, bytes], said: str
) -> None:
    # Regression: an HTML page sent with 200 (a proxy, a wrong PA_LLM_BASE_URL), garbage or
    # invalid UTF-8 was reported as "cannot reach the language model at ...: Expecting value:
    # line 1 column 1 (char 0)" or "'list' object has no attribute 'get'".
    with scripted_server(raw=raw) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert final.finish == "error" and "cannot reach" not in final.notices[0]
    assert said in final.notices[0] and _NOT_A_COMPLETION in final.notices[0]
    assert final.writer.startswith("extractive") and final.citations[0].title == EYES  # still answered


def test_an_html_error_page_is_quoted(corpus_settings: Settings, bot: Assistant) -> None:
    # Regression: a 502 HTML page said only "answered 502: Error code: 502".
    page = b"<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>"
    with scripted_server(raw=(502, "text/html", page)) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert "answered 502: Error code: 502 ('502 Bad Gateway nginx')" in final.notices[0]


def test_wrong_types_in_chunks_are_skipped(corpus_settings: Settings, bot: Assistant) -> None:
    # Regression: "choices": "x", a choice that is a number or a delta that is a string
    # ended in "cannot reach ...: 'str' object has no attribute 'get'".
    events = b"".join(
        b"data: " + e + b"\n\n"
        for e in (b'{"choices": "x"}', b'{"choices": [5, null]}', b'{"choices": [{"delta": "x"}]}', b"[DONE]")
    )
    with scripted_server(raw=(200, "text/event-stream", events)) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert final.finish == "empty" and final.notices[0].startswith("The language model returned nothing")


def test_a_stream_that_closes_without_a_finish_reason_is_marked_incomplete(
    corpus_settings: Settings, bot: Assistant
) -> None:
    # Regression: a stream cut by a proxy (no finish_reason, no [DONE]) was taken as a whole
    # answer ("stop"), half a sentence included.
    with scripted_server(GOOD, no_done=True) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert final.finish == "cut" and final.answer.strip() == GOOD
    assert any(n.startswith("The model's answer may be incomplete (the stream ended with no finish reason") for n in final.notices)


def test_a_huge_single_chunk_is_cut_to_the_token_limit(corpus_settings: Settings, bot: Assistant) -> None:
    # Regression: a server that ignores max_tokens sent 10 MB in one event; all of it went
    # to verification, which would outlast the deadline.
    event = b'data: {"choices": [{"delta": {"content": "' + b"CLIP fails. " * 500_000 + b'"}}]}\n\ndata: [DONE]\n\n'
    with scripted_server(raw=(200, "text/event-stream", event)) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url, llm_max_tokens=50).ask(MMVP_Q)
    assert final.finish == "length" and "it sent over 800 characters for a limit of 50 tokens" in " ".join(final.notices)
    answer = final.rejected.answer if final.rejected else final.answer
    assert len(answer) <= 800


# --- 5. one deadline per question ----------------------------------------------------------


def test_stalled_server_rewrite_and_answer_share_one_deadline(corpus_settings: Settings, bot: Assistant) -> None:
    # Each call used to get the whole PA_LLM_TIMEOUT (a follow-up took 26 s at 10 s). Now the
    # stalled rewrite spends the question's budget, and the answer is not even requested.
    with scripted_server(GOOD, stall_after=0) as (base_url, received):
        final = llm_bot(corpus_settings, bot, base_url, llm_timeout=2.0).ask(FOLLOW_UP, [MMVP_Q])
    assert len(received) == 1 and is_rewrite(received[0])
    assert final.error and "2 s (PA_LLM_TIMEOUT" in final.error and final.finish == "error"
    assert "rewrite_s" in final.timings
    assert final.sources[0].title == EYES and final.citations  # the rule rewrote it; quotes shown


@pytest.mark.parametrize("history", [[], [MMVP_Q]], ids=["answer", "rewrite-then-answer"])
def test_keep_alive_trickle_is_bounded_by_the_deadline(
    corpus_settings: Settings, bot: Assistant, history: list[str]
) -> None:
    # Headers, then a space every 0.2 s: a per-read timeout never fires (it waited until killed at 600 s).
    results: list[Answer] = []
    question = FOLLOW_UP if history else MMVP_Q
    with scripted_server(GOOD, trickle=0.2) as (base_url, _):
        assistant = llm_bot(corpus_settings, bot, base_url, llm_timeout=2.0)
        worker = threading.Thread(target=lambda: results.append(assistant.ask(question, history)), daemon=True)
        worker.start()
        worker.join(300)  # a hang guard only: the deadline ends it
    assert results, "the question never ended"
    final = results[0]
    assert final.error and "did not finish within 2 s" in final.error
    assert final.citations and final.sources[0].title == EYES


def test_stall_after_the_first_token_keeps_what_arrived(corpus_settings: Settings, bot: Assistant) -> None:
    with scripted_server(GOOD, stall_after=1) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url, llm_timeout=2.0).ask(MMVP_Q)
    assert final.error and "did not finish within 2 s" in final.error and "cut the answer off" in final.error
    assert final.rejected is not None and final.rejected.answer.startswith("The")


def test_deadline_is_shared_not_restarted() -> None:
    deadline = Deadline(10.0)
    assert deadline.within(30.0).end == deadline.end  # a sub-budget never extends it
    assert deadline.within(1.0).end < deadline.end


# --- 6. empty or missing choices, content null, tool calls ---------------------------------


@pytest.mark.parametrize("choices", ["empty", "missing"])
def test_rewrite_response_without_choices(corpus_settings: Settings, bot: Assistant, choices: str) -> None:
    with scripted_server(REWRITE, choices=choices) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(FOLLOW_UP, [MMVP_Q])
    # No IndexError: the rule rewrites the follow-up and the (empty) answer is replaced.
    assert final.sources[0].title == EYES and final.citations
    assert final.finish == "empty" and final.notices[0].startswith("The language model returned nothing")
    # A 200 with no choices names the server it came from (it used to say only "it sent no answer text").
    assert f"the language model at {base_url} sent a reply with no choices in it" in final.notices[0]


def test_content_null_and_tool_call_deltas_are_skipped(corpus_settings: Settings, bot: Assistant) -> None:
    with scripted_server(GOOD, null_content=True, tool_calls=True) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert_verified(final)


def test_tool_call_instead_of_an_answer(corpus_settings: Settings, bot: Assistant) -> None:
    with scripted_server("", tool_calls=True) as (base_url, _):
        final = llm_bot(corpus_settings, bot, base_url).ask(MMVP_Q)
    assert final.finish == "empty" and "call a tool" in final.notices[0]


# --- model picker ---------------------------------------------------------------------------


def test_model_override_per_call_and_listed_models(corpus_settings: Settings, bot: Assistant) -> None:
    with reasoning_server() as (base_url, received):
        assistant = llm_bot(corpus_settings, bot, base_url)
        assert list_models(assistant.settings) == ["reasoner", "test-model"]
        final = assistant.ask(MMVP_Q, model="reasoner")
        default = assistant.ask(MMVP_Q)
        *_, overview = assistant.overview_stream("summary", "multimodal benchmarks", model="reasoner")
    assert final.writer == "reasoner" and default.writer == "test-model" and "reasoner" in overview.writer
    assert [r["model"] for r in received] == ["reasoner", "test-model", "reasoner"]
    # The draft did not fit the task and was replaced by the assembled overview, which says so honestly.
    assert not overview.answer.startswith("No language model is configured")
    assert assistant.settings.llm_model == "test-model"  # the override did not leak


def test_list_models_without_a_server(corpus_settings: Settings) -> None:
    down = corpus_settings.model_copy(update={"llm_base_url": "http://127.0.0.1:9/v1"})
    assert list_models(down, timeout=2.0) == [] and list_models(corpus_settings) == []


def test_deadline_starts_at_its_first_use_not_before() -> None:
    # Regression: the per-question deadline started before retrieval and the evidence step,
    # which on a loaded machine spent all of a 2 s PA_LLM_TIMEOUT before the model was asked.
    import time as _time

    deadline = Deadline(5.0)
    _time.sleep(0.2)  # our own work before the first LLM call (a budget started at once has <= 4.8 s)
    assert deadline.remaining() > 4.85
