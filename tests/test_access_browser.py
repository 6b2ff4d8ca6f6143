"""The login in real Chromium, against the app on a non-loopback address (see tests/test_access.py).

A reader signs in and sees no upload panel and no "Remove paper"; an admin signs in,
uploads a file through the page and sees it added. Skips like tests/test_ui_browser.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.ask import Assistant
from tests.test_access import USERS, paper_file, team, team_url, titles  # noqa: F401 (fixtures)
from tests.test_library_browser import open_first_row, open_tab, search_table
from tests.test_ui_browser import WAIT_MS, browser, textbox  # noqa: F401 (fixture)

try:
    from playwright.sync_api import Browser, Page, expect
except ImportError:  # tests.test_ui_browser has skipped the module already
    pass


@contextmanager
def signed_in(browser: Browser, url: str, name: str) -> Iterator[Page]:  # noqa: F811
    context = browser.new_context()
    try:
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        page.goto(url)
        page.get_by_label("username").fill(name)
        page.get_by_label("password").fill(USERS[name][1])
        page.get_by_role("button", name="Login").click()
        expect(textbox(page)).to_be_editable(timeout=WAIT_MS)
        expect(page.locator("#who")).to_contain_text(f"Signed in as {name} ({USERS[name][0]})")
        yield page
    finally:
        context.close()


def test_login_page_refuses_a_wrong_password(browser: Browser, team_url: str) -> None:  # noqa: F811
    page = browser.new_page()
    try:
        page.goto(team_url)
        page.get_by_label("username").fill("alice")
        page.get_by_label("password").fill("wrong")
        page.get_by_role("button", name="Login").click()
        expect(page.get_by_text("Incorrect Credentials", exact=False)).to_be_visible(timeout=WAIT_MS)
        expect(page.locator("#library-tab")).to_have_count(0)
    finally:
        page.close()


def test_reader_sees_no_upload_and_no_remove(browser: Browser, team_url: str) -> None:  # noqa: F811
    with signed_in(browser, team_url, "bob") as page:
        expect(page.locator("#add-papers-panel")).to_be_hidden()
        open_tab(page, "Library")
        search_table(page, "protein")
        open_first_row(page)
        expect(page.locator("#library-card .pa-card-title")).to_have_text("A Paper on protein folding")
        expect(page.locator("#library-ask")).to_be_visible()
        expect(page.locator("#library-remove")).to_be_hidden()
        page.locator("#who").get_by_role("link", name="Log out").click()
        expect(page.get_by_role("button", name="Login")).to_be_visible()  # back at the login page


def test_admin_uploads_through_the_page(
    browser: Browser,  # noqa: F811
    team: Assistant,  # noqa: F811
    team_url: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    with signed_in(browser, team_url, "alice") as page:
        panel = page.locator("#add-papers-panel")
        expect(panel).to_be_visible()
        panel.get_by_text("Add papers to the collection").click()
        page.locator("#paper-file input[type=file]").set_input_files(str(paper_file(tmp_path)))
        page.locator("#add-papers").click()
        expect(page.locator("#ingest-report")).to_contain_text("quokka.jsonl", timeout=WAIT_MS * 2)
        report = page.locator("#ingest-report").inner_text()
        assert "added" in report and "Nothing was added" not in report
        assert "Quokka: Sparse Marsupial Transformers for Bioacoustic Tagging" in titles(team)
        open_tab(page, "Library")
        search_table(page, "protein")
        open_first_row(page)
        expect(page.locator("#library-remove")).to_be_visible()
