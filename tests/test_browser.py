"""End to end in a real headless Chromium against `streamlit run`."""

import os
from pathlib import Path

import pytest

from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS, running_app

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium missing: `make test` installs it"),
]


@pytest.fixture
def page(kb_copy: Path):  # noqa: ANN201
    from playwright.sync_api import sync_playwright

    with running_app(kb_copy) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(90_000)
        page.goto(url)
        yield page
        browser.close()


def test_question_in_the_browser_gets_a_cited_answer(page) -> None:  # noqa: ANN001
    page.get_by_text("Lifecycle Assistant").first.wait_for()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("What is a model card?")
    box.press("Enter")

    messages = page.get_by_test_id("stChatMessage")
    messages.nth(1).get_by_text("[1]").first.wait_for()
    answer = messages.nth(1).inner_text()
    assert "model card" in answer.lower()

    messages.nth(1).get_by_text("Sources (").click()
    page.get_by_text("knowledge/03-choosing-an-existing-model-or-pretraining.md").first.wait_for()
