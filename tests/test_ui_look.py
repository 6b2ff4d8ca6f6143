"""What the chat tab looks like in a real browser (Debian's Chromium through Playwright).

Regressions from a new user's trial: the selected mode's radio lost its dot after an answer,
glyphs rendered as tofu boxes, and hints that were missing or wrong. Uses the browser, app and
page fixtures of tests/test_ui_browser.py (skipped as it is when Chromium is missing).
"""

from __future__ import annotations

import re
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


# Draws each character on a canvas in the page's font (Chromium falls back through fontconfig
# as it does for text) and tells which come out as the tofu box an unassigned code point gets.
TOFU = """([chars, font]) => {
  const canvas = document.createElement('canvas'); canvas.width = canvas.height = 48;
  const g = canvas.getContext('2d', {willReadFrequently: true});
  const draw = (ch) => { g.clearRect(0, 0, 48, 48); g.font = `32px ${font}`; g.fillText(ch, 4, 38);
    return g.getImageData(0, 0, 48, 48).data.join(','); };
  const tofu = draw('\\u0378');  // unassigned: no font has it
  return chars.filter((ch) => draw(ch) === tofu);
}"""


def ui_symbols() -> set[str]:
    """Every symbol character (Unicode category S*, or the emoji selector U+FE0F) in the string
    literals of ui/ and app.py that are not docstrings: what the UI can put on the page."""
    import ast
    import unicodedata

    from assistant.settings import PROJECT_DIR

    found: set[str] = set()
    for path in [*sorted((PROJECT_DIR / "ui").glob("*.py")), PROJECT_DIR / "app.py"]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found |= {
                    ch for ch in node.value
                    if ord(ch) > 0x7F and (unicodedata.category(ch).startswith("S") or ch == "\ufe0f")
                }  # fmt: skip
    return found


def test_message_glyphs_render_in_chromium(page: Page) -> None:
    # Regression (new-user trial): "❌ Check the filters: ..." showed a tofu box: Debian's
    # Chromium has no emoji font. Every symbol the UI writes must have a glyph here.
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    symbols = ui_symbols()
    assert {"\u2718", "\u26a0"} <= symbols  # ui/glyphs.py's ERROR and WARNING are found
    assert page.evaluate(TOFU, [sorted(symbols), font]) == []
    assert page.evaluate(TOFU, [["\u274c"], font]) == ["\u274c"]  # the check does see tofu

    # End to end: the filter error in the chat, drawn in the message's own font.
    page.get_by_text("Settings: top-k, filters").click()
    page.locator("#year-min").locator("input").fill("2024")
    page.locator("#year-max").locator("input").fill("2020")
    expect(page.locator("#filters-in-force")).to_contain_text("Check the filters")  # the server has both
    send(page, TOPIC)
    message = page.get_by_test_id("bot").first
    expect(message).to_contain_text("Check the filters")
    text = message.inner_text()
    font = message.evaluate("(m) => getComputedStyle(m.querySelector('p') || m).fontFamily")
    shown = sorted({ch for ch in text if ord(ch) > 0x7F})
    assert "\u2718" in shown and page.evaluate(TOFU, [shown, font]) == [], shown


# Whether the box's placeholder, in the box's own font, fits its width without padding.
HINT_FITS = """(box) => {
  const style = getComputedStyle(box);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return ctx.measureText(box.placeholder).width <= room;
}"""


def test_each_mode_says_what_to_type_and_related_work_shows_the_work_box(page: Page) -> None:
    # Regression (new-user trial): in Related work mode the "Your work" box sat in the collapsed
    # settings panel and the chat box said "Type a message..." in every mode.
    from assistant.overview_writers import CLOSEST_LEAD
    from ui.chat import PLACEHOLDERS

    box, about = textbox(page), page.locator("#about")
    expect(box).to_have_attribute("placeholder", PLACEHOLDERS["Ask"])
    expect(about).to_be_hidden()
    for label in ("Summarize", "Compare", "Related work"):
        page.locator("#mode").get_by_label(label).check()
        expect(box).to_have_attribute("placeholder", PLACEHOLDERS[label])
        # on one line: the Related work hint was cut off on its second line (new-user trial 10)
        assert box.evaluate(HINT_FITS), label
    assert len(set(PLACEHOLDERS.values())) == 4 and "Type a message" not in PLACEHOLDERS.values()
    expect(about).to_be_visible()  # with the settings panel still closed
    expect(page.locator("#settings #about")).to_have_count(0)
    assert about.bounding_box()["y"] < page.locator("#chat").bounding_box()["y"]  # above the chat
    about.locator("textarea").fill("We propose a benchmark of multi-image reasoning for multimodal LLMs.")
    send(page, "Related work on benchmarks for multimodal LLMs")
    assert CLOSEST_LEAD in wait_answer(page, 1)  # the draft read the box
    # Regression (new-user trial 10): Gradio blanked the hint on submit and never restored it.
    expect(box).to_be_editable()
    expect(box).to_have_attribute("placeholder", PLACEHOLDERS["Related work"])
    # Regression (new-user trial 17): the paragraph outlived New chat and steered the next draft.
    page.locator("#saved-chats").get_by_role("button", name=re.compile("New chat", re.IGNORECASE)).click()
    expect(about.locator("textarea")).to_have_value("")
    page.locator("#mode").get_by_label("Ask").check()
    expect(about).to_be_hidden()
    expect(box).to_have_attribute("placeholder", PLACEHOLDERS["Ask"])


def test_the_download_label_names_no_file_the_box_does_not_list(page: Page) -> None:
    # Regression (new-user trial): the box was labelled "Download: draft.md, draft.tex,
    # references.bib" while it listed table.csv and table.tex too.
    page.locator("#mode").get_by_label("Compare").check()
    send(page, "mixture-of-experts multimodal models")
    wait_answer(page, 1)
    links = page.locator("#downloads").get_by_test_id("download-link")
    expect(links).to_have_count(5)
    listed = {links.nth(i).get_attribute("download") for i in range(links.count())}
    label = page.locator("#downloads").get_by_test_id("block-label").inner_text()
    named = set(re.findall(r"[\w-]+\.(?:md|tex|bib|csv)\b", label))
    assert {"table.csv", "table.tex", "draft.md"} <= listed and named <= listed, (label, listed)


# The newest answer's table: whether its message overflows sideways, and the words of its cells
# that the layout broke over two lines.
TABLE_FIT = """() => {
  const bot = [...document.querySelectorAll('[data-testid="bot"]')].pop();
  const table = bot.querySelector('table'), box = table.closest('.message-content');
  const broken = [], walker = document.createTreeWalker(table, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    // a line may end after a hyphen, a slash or an ellipsis ("“…" then "featuring": a shortened quote)
    for (const m of node.data.matchAll(/[^\\s\\-\\/…]+/g)) {
      const range = document.createRange();
      range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      if (tops.size > 1 && !node.parentElement.closest('a')) broken.push(m[0]);  // a link may wrap anywhere
    }
  }
  const overflow = Math.max(box.scrollWidth - box.clientWidth, table.scrollWidth - table.clientWidth);
  return {overflow, box: box.clientWidth, broken,
          display: getComputedStyle(table).display};
}"""


@pytest.mark.parametrize("width", [1366, 1440, 1920])
def test_a_seven_column_table_fits_the_chat_column(browser: Browser, app_url: str, width: int) -> None:  # noqa: F811
    # Regression (new-user trial): a 7-column comparison table was cut off in the chat column
    # and had to be scrolled sideways (each column kept 10em). It fits, wrapping between words
    # only (an earlier trial saw "modalit/ies"), and stays a table to assistive technology.
    with new_page(browser, app_url) as page:
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#mode").get_by_label("Compare").check()
        send(page, "mixture-of-experts multimodal models in terms of number of experts, modalities, "
                   "efficiency gain, data, results, code")  # fmt: skip
        wait_answer(page, 1)
        table = page.get_by_test_id("bot").first.get_by_role("table")
        expect(table.get_by_role("columnheader")).to_have_count(7)
        expect(table.get_by_role("row").nth(1).get_by_role("cell")).to_have_count(7)
        fit = page.evaluate(TABLE_FIT)
        assert fit["overflow"] <= 1 and fit["display"] == "table", fit
        assert fit["broken"] == [], fit
