"""Time to the first answer as a user meets it: a real Chromium on the running app.

``python bench/first_answer.py [--url http://127.0.0.1:7860/] [--question Q]`` opens the page,
asks, and prints seconds from page load to the chat being ready, from Enter to the first
streamed words, and to the finished answer (its status line). Start the app first
(``make run`` in a fresh clone measures a new user's first run). Needs playwright and
Debian's chromium (``make test`` installs both).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere
from tests.test_ui_browser import CHROMIUM, CHROMIUM_ARGS, STATUS, textbox  # noqa: E402

MMVP_Q = "Which paper introduces the MMVP benchmark and what does it reveal about CLIP?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:7860/")
    parser.add_argument("--question", default=MMVP_Q)
    args = parser.parse_args()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        page = browser.new_context().new_page()
        page.set_default_timeout(600_000)
        started = time.perf_counter()
        page.goto(args.url)
        expect(textbox(page)).to_be_editable()
        ready = time.perf_counter() - started
        box = textbox(page)
        box.fill(args.question)
        asked = time.perf_counter()
        box.press("Enter")
        message = page.get_by_test_id("bot").first
        expect(message).not_to_be_empty()
        first = time.perf_counter() - asked
        expect(message).to_contain_text(STATUS)
        full = time.perf_counter() - asked
        print(f"page ready {ready:.2f} s · first words {first:.2f} s · full answer {full:.2f} s")
        print(message.inner_text()[:400])
        browser.close()


if __name__ == "__main__":
    main()
