"""Answer cards in the app: key sentences emphasised, the rest collapsed (AppTest and a real Chromium)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.settings import PROJECT_ROOT
from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS, running_app
from tests.support.pages import new_plan, new_plan_in_browser
from tests.support.pages import say_in_app as _say

APP = str(PROJECT_ROOT / "app.py")
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp"))


def test_app_shows_the_card_with_emphasised_key_sentences_and_the_rest_collapsed(data_dir: Path) -> None:
    at = new_plan(AppTest.from_file(APP, default_timeout=120).run())
    at = _say(at, "waht does knowledge distilation mean??")
    reply = at.chat_message[-1]
    texts = [m.value for m in reply.markdown]
    key = next(t for t in texts if t.startswith("**"))
    assert "teacher" in key and "[1]" in key
    assert any("Read as:" in c.value and "distillation" in c.value for c in reply.caption)
    more = next(e for e in reply.expander if e.label.startswith("More from"))
    assert "Distillation" in more.label
    assert more.markdown and more.markdown[0].value  # the rest of the section, inside the expander
    assert any(e.label.startswith("Sources (") for e in reply.expander)


def test_app_passes_the_conversation_so_a_follow_up_is_understood(data_dir: Path) -> None:
    at = new_plan(AppTest.from_file(APP, default_timeout=120).run())
    at = _say(at, "What is DDP?")
    at = _say(at, "and FSDP?")
    reply = at.chat_message[-1]
    assert any("What is FSDP" in c.value for c in reply.caption)
    assert "shard" in " ".join(m.value for m in reply.markdown).lower()


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium missing: `make test` installs it")
def test_browser_card_has_bold_key_sentences_and_a_collapsible_rest(kb_copy: Path) -> None:
    from playwright.sync_api import sync_playwright

    with running_app(kb_copy) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1400})
        page.set_default_timeout(90_000)
        new_plan_in_browser(page, url)
        box = page.get_by_test_id("stChatInputTextArea")
        box.fill("whats the diffrence between prompt tuning and LoRA??")
        box.press("Enter")
        answer = page.get_by_test_id("stChatMessage").nth(2)
        answer.locator("strong").first.wait_for()
        bold = answer.locator("strong").all_inner_texts()
        assert any("prompt tuning" in b.lower() for b in bold) and any("lora" in b.lower() for b in bold), bold

        more = answer.get_by_test_id("stExpander").filter(has_text="More from").first
        details = more.locator("details")
        assert details.get_attribute("open") is None  # collapsed at first
        more.locator("summary").click()
        page.wait_for_function("el => el.open", arg=details.element_handle())
        assert more.inner_text().count("[") >= 1
        answer.screenshot(path=str(SCREENSHOTS / "answer_card.png"))
        browser.close()
