"""End to end in a real headless Chromium against `streamlit run`."""

import os
import subprocess
from pathlib import Path

import pytest
from docx import Document

from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS, running_app
from tests.support.pages import new_plan_in_browser
from tests.support.pages import say_in_browser as _say

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium missing: `make test` installs it"),
]


@pytest.fixture
def page(kb_copy: Path):
    from playwright.sync_api import sync_playwright

    with running_app(kb_copy) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(90_000)
        new_plan_in_browser(page, url)
        yield page
        browser.close()


def test_question_in_the_browser_gets_a_cited_answer(page) -> None:
    page.get_by_text("Lifecycle Assistant").first.wait_for()
    box = page.get_by_test_id("stChatInputTextArea")
    box.fill("What is a model card?")
    box.press("Enter")

    # Message 0 is the interview's welcome, 1 the question, 2 the answer.
    messages = page.get_by_test_id("stChatMessage")
    messages.nth(2).get_by_text("[1]").first.wait_for()
    answer = messages.nth(2).inner_text()
    assert "model card" in answer.lower()

    messages.nth(2).get_by_text("Sources (").click()
    page.get_by_text("knowledge/03-choosing-an-existing-model-or-pretraining.md").first.wait_for()


def test_brief_to_plan_and_download_in_the_browser(page, tmp_path: Path) -> None:
    page.get_by_text("Question 1 of 9").first.wait_for()
    brief = (
        "We want to classify incoming support emails into 12 categories so they reach the right team. "
        "We have 50,000 emails already labelled by category, and the classifier must run inside our own data centre."
    )
    _say(page, brief, "Please confirm")
    # A brief says several things at once: one click takes every reading as shown.
    page.locator(".st-key-proposals-confirm-all").get_by_role("button").click()
    page.get_by_test_id("stSidebar").get_by_text("Labelled examples: 50,000").wait_for()
    _say(page, "finish", "Stage 2 — Select")
    _say(page, "yes", "Stage 3 — Adapt & align")
    _say(page, "yes", "Stage 4 — Application integration")
    _say(page, "yes", "The plan is complete")
    page.get_by_text("The plan is complete").first.wait_for()
    assert "plan=" in page.url  # the shareable link

    with page.expect_download() as info:
        page.get_by_test_id("stSidebar").get_by_text("⬇ Markdown").click()
    path = tmp_path / "plan.md"
    info.value.save_as(path)
    markdown = path.read_text()
    assert markdown.startswith(
        "# Classify incoming support emails into 12 categories"
    )  # a noun phrase, not the first words
    assert "encoder-only" in markdown and "F1" in markdown and "## Sources" in markdown

    # The documents a team circulates: built on click from the saved plan, with the Gantt image.
    page.get_by_test_id("stSidebar").get_by_role(
        "button", name="⬇ PDF", exact=True
    ).click()  # built on click, then saved
    with page.expect_download() as info:
        page.get_by_test_id("stSidebar").get_by_role("button", name="Save PDF").first.click()
    pdf = tmp_path / "plan.pdf"
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "6. Risk register" in text and "encoder-only" in text
    page.get_by_test_id("stSidebar").get_by_role("button", name="⬇ Word", exact=True).click()
    with page.expect_download() as info:
        page.get_by_test_id("stSidebar").get_by_role("button", name="Save Word").first.click()
    docx = tmp_path / "plan.docx"
    info.value.save_as(docx)
    assert len(Document(str(docx)).inline_shapes) == 1  # the Gantt chart

    # Another teammate opening the link sees the same conversation.
    other = page.context.browser.new_page()
    other.goto(page.url)
    other.get_by_text("The plan is complete").first.wait_for(timeout=90_000)
    other.close()


def test_fake_llm_backend_in_the_browser(kb_copy: Path) -> None:
    from playwright.sync_api import sync_playwright

    with running_app(kb_copy, extra_env={"LLM_BACKEND": "fake"}) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.set_default_timeout(90_000)
        new_plan_in_browser(page, url)
        page.get_by_test_id("stSidebar").get_by_text("Fake LLM").first.wait_for()
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill("what is qlora")
        box.press("Enter")
        answer = page.get_by_test_id("stChatMessage").nth(2)
        answer.get_by_text("Sources (1)").wait_for()
        assert answer.inner_text().count("[1]") == 1
        browser.close()
