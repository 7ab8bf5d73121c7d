"""In a real headless Chromium: fix a misreading with one click, undo a turn, restore a version."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.support.live_app import CHROMIUM
from tests.support.pages import browser_on_new_plan
from tests.support.pages import say_in_browser as _say
from tests.support.pages import sidebar_text as _sidebar

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium missing: `make test` installs it"),
]
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/interview-shots"))


@pytest.fixture
def page(kb_copy: Path):
    with browser_on_new_plan(kb_copy, height=1000) as page:
        yield page


def test_fix_a_misreading_undo_and_restore(page) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.get_by_text("Question 1 of 9").first.wait_for()
    _say(page, "ok so basically - we want a bot that answers HR policy questions for employees", "Understood:")
    page.get_by_role("heading", name="Answers HR policy questions for employees").wait_for()
    _say(page, "skip", "Skipped")
    _say(page, "pretty high I'd think? it's about people's salaries", "Please confirm")
    page.get_by_text("nothing below is in the plan until you click").wait_for()
    page.screenshot(path=str(SHOTS / "1-proposal.png"), full_page=True)
    assert "Quality bar" not in _sidebar(page)

    # One click on the right value fixes the guess.
    page.locator(".st-key-proposals").get_by_role("radio", name="medium", exact=True).click()
    page.get_by_test_id("stSidebar").get_by_text("Quality bar: medium").wait_for()
    page.screenshot(path=str(SHOTS / "2-fixed.png"), full_page=True)

    # Undo the click: the reading is back to a proposal, not in the plan.
    page.get_by_role("button", name="↶ Undo").click()
    page.get_by_text("nothing below is in the plan until you click").wait_for()
    assert "Quality bar: medium" not in _sidebar(page)
    page.screenshot(path=str(SHOTS / "3-undone.png"), full_page=True)

    # Restore version 1 (the empty plan) from the Plan tab's version list.
    page.get_by_role("tab", name="Plan").click()
    restored = page.get_by_role("heading", name="Untitled plan")
    behind = page.get_by_text("so that click was not applied")
    for _ in range(3):
        # A click that lands while the page re-renders (the live board's poll) can be lost, and a page
        # behind the plan refuses it by design and shows the plan as it is: a person clicks again.
        if not page.locator(".st-key-restore-1").is_visible():
            page.get_by_text("Versions (").click()
        page.locator(".st-key-restore-1").get_by_role("button").click()
        try:
            restored.or_(behind).first.wait_for(timeout=20_000)
        except PlaywrightTimeout:
            continue
        if restored.is_visible():
            break
    restored.wait_for()
    page.get_by_role("tab", name="Plan").click()
    page.screenshot(path=str(SHOTS / "4-restored.png"), full_page=True)
    assert "Use case" not in _sidebar(page)
