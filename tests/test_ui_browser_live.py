"""What the chat tells a screen reader, and Retry under a fast hand (helper ingest15), in real
Chromium. Skips like tests/test_ui_browser.py, whose fixtures and helpers it uses."""

from __future__ import annotations

from tests.test_ui_browser import (  # noqa: F401 (fixtures)
    MMVP_Q,
    WAIT_MS,
    app_url,
    ask,
    browser,
    page,
)

try:
    from playwright.sync_api import Page
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
