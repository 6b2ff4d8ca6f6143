"""What the chat tab looks like in a real browser (Debian's Chromium through Playwright).

Regressions from a new user's trial: the selected mode's radio lost its dot after an answer,
glyphs rendered as tofu boxes, and hints that were missing or wrong. Uses the browser, app and
page fixtures of tests/test_ui_browser.py (skipped as it is when Chromium is missing).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.test_ui_browser import app_url, browser, new_page, send, textbox, wait_answer  # noqa: F401

TOPIC = "Mixture-of-experts approaches in multimodal models"

# The computed look of the mode radios: the checked one and an unchecked one.
RADIO_LOOK = """() => {
  const look = (i) => { const s = getComputedStyle(i);
    return {bg: s.backgroundColor, border: s.borderColor, image: s.backgroundImage}; };
  return {checked: look(document.querySelector('#mode input:checked')),
          unchecked: look(document.querySelector('#mode input:not(:checked)')),
          focused: document.activeElement === document.querySelector('#mode input:checked')};
}"""


@pytest.fixture
def page(browser: Browser, app_url: str) -> Iterator[Page]:  # noqa: F811
    with new_page(browser, app_url) as opened:
        yield opened


def test_the_selected_mode_keeps_its_dot_after_an_answer(page: Page) -> None:
    # Regression (new-user trial): after an answer the chosen mode's radio showed neither dot
    # nor circle. The pointer still rested on it, and once the answer took the focus away,
    # Gradio 6.31's hover style (white fill, transparent border; as specific as the checked
    # style and later) hid the white dot.
    page.locator("#mode").get_by_label("Summarize").click()
    before = page.evaluate(RADIO_LOOK)
    send(page, TOPIC)
    wait_answer(page, 1)
    page.locator("#mode input:checked").hover()  # where it was left (a small screen scrolls)
    expect(page.locator("#mode").get_by_label("Summarize")).to_be_checked()
    after = page.evaluate(RADIO_LOOK)
    assert not after["focused"]
    assert after["checked"]["bg"] != after["unchecked"]["bg"], after  # filled, not white
    assert after["checked"]["bg"] == before["checked"]["bg"], (before, after)
    assert "rgba(0, 0, 0, 0)" not in after["checked"]["border"], after
    assert "svg" in after["checked"]["image"], after  # the dot
