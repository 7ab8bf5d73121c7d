"""Getting onto a plan: the bare address lists the space's plans; a new plan starts from its button."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

NEW_PLAN = "➕ New plan"


def new_plan(at: AppTest) -> AppTest:
    """From the plan list (after `at.run()` on the bare address), start a new plan."""
    assert not at.exception, at.exception
    next(b for b in at.button if b.label == NEW_PLAN).click().run()
    assert not at.exception, at.exception
    return at


def new_plan_in_browser(page: Any, url: str) -> None:
    """Open the app's address in a real browser and start a new plan from the list."""
    page.goto(url)
    page.get_by_role("button", name=NEW_PLAN).click()
    page.get_by_text("Question 1 of 9").first.wait_for()


# --------------------------------------------------------------------------- helpers the page tests share


def say_in_app(at: AppTest, text: str) -> AppTest:
    """Type a chat message in AppTest and run the page; the page must not raise."""
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return at


def chat_text(at: AppTest) -> str:
    return " ".join(m.value for message in at.chat_message for m in message.markdown)


def send_in_browser(page: Any, text: str) -> None:
    """Type a chat message in the browser and press Enter (without waiting for the reply)."""
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill(text)
    box.press("Enter")


def say_in_browser(page: Any, text: str, expect: str) -> None:
    """Send a chat message and wait until a chat message shows `expect`."""
    send_in_browser(page, text)
    page.get_by_test_id("stChatMessage").get_by_text(expect).last.wait_for()


def join_in_browser(page: Any, name: str) -> None:
    """Join the plan under a participant's name."""
    box = page.get_by_label("Your name (recorded with your edits)")
    box.fill(name)
    box.press("Enter")
    page.get_by_text("On this plan now:").first.wait_for()


def sidebar_text(page: Any) -> str:
    return page.get_by_test_id("stSidebar").inner_text()


@contextmanager
def browser_on_new_plan(data_dir: Path, height: int = 1000) -> Iterator[Any]:
    """A real `streamlit run` on `data_dir` and a headless Chromium page on a new plan."""
    from playwright.sync_api import sync_playwright

    from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS, running_app

    with running_app(data_dir) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": height})
        page.set_default_timeout(90_000)
        new_plan_in_browser(page, url)
        yield page
        browser.close()
