"""A reasoning model in the browser: its answer streams with the reasoning collapsed under
"Reasoning", and the final answer is verified (issue 10). Playwright drives Debian's
Chromium against the real app, which answers through the scripted reasoning server
(tests/reasoning_server.py).

Expected markup, rendered by the chat UI from ``Answer.reasoning``:
``<details class="pa-reasoning"><summary>Reasoning</summary>…</details>`` inside the
bot message, closed by default, while streaming too.
"""

from __future__ import annotations

from contextlib import ExitStack

from assistant.ask import Assistant
from assistant.settings import Settings
from tests.reasoning_server import EYES, FOLLOW_UP, MMVP_Q, reasoning_server
from tests.test_ui_browser import (  # noqa: F401
    STATUS,
    WAIT_MS,
    bot_with,
    browser,
    new_page,
    send,
    source_titles,
    wait_answer,
)
from ui.glyphs import WARNING

try:
    from playwright.sync_api import Browser, expect
except ImportError:  # test_ui_browser skips the module first
    pass


def test_reasoning_model_answer_streams_with_reasoning_collapsed(
    browser: Browser,  # noqa: F811
    corpus_settings: Settings,
    bot: Assistant,
) -> None:
    with ExitStack() as app:
        base_url, _ = app.enter_context(reasoning_server())
        llm_bot = bot_with(corpus_settings, bot, llm_base_url=base_url, llm_model="reasoner", llm_timeout=60.0)
        page = app.enter_context(new_page(browser, app.enter_context(_serve(llm_bot))))
        for turn, question in enumerate((MMVP_Q, FOLLOW_UP), start=1):
            send(page, question)
            answer = wait_answer(page, turn)
            message = page.get_by_test_id("bot").nth(turn - 1)
            assert "MMVP" in answer and "[1]" in answer and WARNING not in answer  # verified, no flags
            assert "think>" not in answer and "failed verification" not in answer
            reasoning = message.locator("details.pa-reasoning")
            expect(reasoning).to_have_count(1, timeout=WAIT_MS)
            expect(reasoning.locator("summary")).to_contain_text("Reasoning")
            assert reasoning.get_attribute("open") is None  # collapsed
            expect(reasoning.locator("summary")).to_be_visible()
            # The thinking's [9] and 42% are inside the collapsed block only.
            reasoning.locator("summary").click()
            expect(reasoning).to_contain_text("[9]")
            assert source_titles(page)[0] == EYES


def test_reasoning_shows_collapsed_while_the_model_thinks(
    browser: Browser,  # noqa: F811
    corpus_settings: Settings,
    bot: Assistant,
) -> None:
    # The model stalls eight pieces into its thinking: the page shows that it is working.
    with ExitStack() as app:
        base_url, _ = app.enter_context(reasoning_server(stall_after=8))
        llm_bot = bot_with(corpus_settings, bot, llm_base_url=base_url, llm_model="reasoner", llm_timeout=60.0)
        page = app.enter_context(new_page(browser, app.enter_context(_serve(llm_bot))))
        send(page, MMVP_Q)
        message = page.get_by_test_id("bot").first
        reasoning = message.locator("details.pa-reasoning")
        expect(reasoning).to_have_count(1, timeout=WAIT_MS)
        assert STATUS not in message.inner_text() and reasoning.get_attribute("open") is None


def _serve(llm_bot: Assistant):  # noqa: ANN202 - a context manager
    from tests.conftest import serve

    return serve(llm_bot)
