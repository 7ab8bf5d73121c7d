"""A kickoff workshop in two real browsers on one plan: live board, notes, facilitator timer, exports."""

import os
import re
import subprocess
import time
from pathlib import Path

import pytest
from docx import Document

from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS, running_app
from tests.support.pages import join_in_browser as _join
from tests.support.pages import send_in_browser as _say

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium missing: `make test` installs it"),
]
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/workshop-shots"))


def _download(page, label: str, target: Path) -> None:
    """Build a document from the sidebar, then save it (see assistant/ui/exports.py)."""
    side = page.get_by_test_id("stSidebar")
    side.get_by_role("button", name=f"⬇ {label}").click()
    with page.expect_download() as info:
        side.get_by_role("button", name=f"Save {label}").first.click()
    info.value.save_as(target)


def _seen_within(page, text: str, timeout_s: float) -> float:
    """Seconds until `text` shows on `page` (which nobody reloads)."""
    start = time.monotonic()
    page.get_by_text(text).first.wait_for(timeout=timeout_s * 1000)
    return time.monotonic() - start


def test_two_participants_run_a_kickoff_on_one_plan(kb_copy: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with running_app(kb_copy) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ana = browser.new_context(accept_downloads=True).new_page()
        bo = browser.new_context().new_page()
        for page in (ana, bo):
            page.set_default_timeout(90_000)
        ana.goto(url)
        ana.get_by_role("button", name="➕ New plan").click()
        ana.get_by_text("Question 1 of 9").first.wait_for()
        plan_url = ana.url
        assert "plan=" in plan_url
        _join(ana, "Ana")
        bo.goto(plan_url)
        bo.get_by_text("Question 1 of 9").first.wait_for()
        _join(bo, "Bo")
        ana.get_by_text("On this plan now: Ana, Bo").first.wait_for(timeout=15_000)

        _say(ana, "Our engineers want to ask questions about the internal wiki and get answers with links.")
        ana.get_by_text("Understood").first.wait_for()
        _say(ana, "decision: we start with a hosted model and revisit after the pilot")
        ana.get_by_text("Recorded the decision").first.wait_for()
        decision_s = _seen_within(bo, "we start with a hosted model and revisit after the pilot", 15)

        _say(bo, "action: Ana drafts the golden test set by Friday")
        bo.get_by_text("Recorded the action for Ana").first.wait_for()
        action_s = _seen_within(ana, "Recorded the action for Ana", 15)
        _say(bo, "risk: the bot leaks salary data, low likelihood, high impact")
        _seen_within(ana, "Added to the risk register (privacy", 15)
        print(f"\nrefresh latency: decision {decision_s:.1f} s, action {action_s:.1f} s")
        assert decision_s < 8 and action_s < 8

        # Exports built from the saved plan, with the workshop's records and the Gantt chart.
        pdf = tmp_path / "plan.pdf"
        _download(ana, "PDF", pdf)
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "drafts the golden test set" in text and "leaks salary data" in text
        pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        print("pdf", next(line for line in pages.splitlines() if line.startswith("Pages")))
        docx = tmp_path / "plan.docx"
        _download(ana, "Word", docx)
        assert len(Document(str(docx)).inline_shapes) == 1
        # The facilitator starts the agenda; the timer counts down on the page by itself.
        ana.get_by_role("tab", name="Plan").click()
        ana.get_by_text("Facilitator — agenda and timer").click()
        ana.get_by_role("button", name="▶ Start workshop").click()
        clock = ana.get_by_text(re.compile(r"\d\d:\d\d left"))
        clock.first.wait_for()
        first = clock.first.inner_text()
        time.sleep(2.5)
        assert clock.first.inner_text() != first
        ana.screenshot(path=str(SHOTS / "plan-tab.png"), full_page=True)

        browser.close()
