"""What the chat tells a screen reader, and Retry under a fast hand (helper ingest15), in real
Chromium. Skips like tests/test_ui_browser.py, whose fixtures and helpers it uses."""

from __future__ import annotations

from tests.test_ui_browser import (  # noqa: F401 (fixtures)
    MMVP_Q,
    STATUS,
    WAIT_MS,
    WATCH_RESTART,
    WINGS_Q,
    app_url,
    ask,
    browser,
    page,
    send,
    textbox,
    user_messages,
    wait_answer,
)

try:
    from playwright.sync_api import Page, expect
except ImportError:  # tests.test_ui_browser has skipped the module already
    pass

# Records every text Gradio's status trackers put in their screen-reader live regions
# (a visually hidden <div role="status" aria-live="polite">, emptied again after a second).
RECORD_ANNOUNCEMENTS = """() => {
  window.__paSaid = [];
  const record = () => {
    for (const region of document.querySelectorAll('[role="status"][aria-live]')) {
      const text = region.textContent.trim();
      if (text && window.__paSaid[window.__paSaid.length - 1] !== text) window.__paSaid.push(text);
    }
  };
  new MutationObserver(record).observe(document.body, {subtree: true, childList: true, characterData: true});
}"""


def test_a_finished_answer_is_announced_as_done_not_as_an_i18n_key(page: Page) -> None:  # noqa: F811
    # Regression (ingest15): after every answer a screen reader read "common.complete", a Gradio
    # translation key that has no English text in Gradio 6.31's status tracker.
    page.evaluate(RECORD_ANNOUNCEMENTS)
    ask(page, MMVP_Q, 1)
    # Gradio announces completion up to 5 s after its previous announcement: wait for it.
    said = page.wait_for_function(
        """() => window.__paSaid.some(t => /complete|done/i.test(t)) && window.__paSaid""",
        timeout=WAIT_MS,
        polling="raf",
    ).json_value()
    assert "Done" in said, said
    assert not [text for text in said if "common." in text or "." in text.strip(".")], said


# Records each moment the last Retry button would take a click (pointer events) while the chat box
# is still disabled, i.e. before Gradio has copied the finished chat into the state Retry reads.
WATCH_EARLY_RETRY = """() => {
  window.__paEarly = 0;
  window.__paRetryShown = 0;
  const check = () => {
    const buttons = document.querySelectorAll('#chat button[aria-label="Retry"]');
    const retry = buttons[buttons.length - 1];
    const box = document.querySelector('.input-container textarea');
    if (!retry || retry.disabled || !box) return;
    window.__paRetryShown += 1;
    if (box.disabled && getComputedStyle(retry).pointerEvents !== 'none') window.__paEarly += 1;
  };
  new MutationObserver(check).observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
}"""


def test_retry_takes_no_click_until_the_chat_state_has_the_answer(page: Page) -> None:  # noqa: F811
    # Regression (ingest15): Retry clicked the moment the second answer ended re-asked the first
    # question under it (user messages MMVP, Wings, MMVP): Retry read the chat state before Gradio
    # had copied the finished chat into it.
    ask(page, MMVP_Q, 1)
    expect(textbox(page)).to_be_editable(timeout=WAIT_MS)
    page.evaluate(WATCH_EARLY_RETRY)
    send(page, WINGS_Q)
    wait_answer(page, 2)
    expect(textbox(page)).to_be_editable(timeout=WAIT_MS)
    page.wait_for_function("window.__paRetryShown > 0", timeout=WAIT_MS)
    assert page.evaluate("window.__paEarly") == 0
    page.locator("#chat").get_by_label("Retry").last.click()  # a real click: waits until it is taken
    expect(page.get_by_test_id("user")).to_have_count(2)
    assert "Wings" in wait_answer(page, 2)
    expect(textbox(page)).to_be_editable(timeout=WAIT_MS)
    assert user_messages(page) == [MMVP_Q, WINGS_Q]
