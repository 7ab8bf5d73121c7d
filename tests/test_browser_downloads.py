"""Downloads survive live refreshes, in a real browser: another participant's change lands while one
downloads, and the file still arrives (a deferred download's file used to be deleted by Streamlit's
clean-up after the refresh's rerun, and the browser cancelled the download)."""

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


def test_a_change_landing_during_a_download_does_not_cancel_it(kb_copy: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    # The app's own live refresh (every 2 s): each change Bo makes reruns Ana's whole page.
    with running_app(kb_copy) as url, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ana = browser.new_context(accept_downloads=True).new_page()
        bo = browser.new_context().new_page()
        for page in (ana, bo):
            page.set_default_timeout(90_000)
        ana.goto(url)
        ana.get_by_role("button", name="➕ New plan").click()
        ana.get_by_text("Question 1 of 9").first.wait_for()
        _join(ana, "Ana")
        _say(ana, "a bot that answers HR policy questions for employees")
        ana.get_by_text("Understood").first.wait_for()
        _say(ana, "finish")
        ana.get_by_text("Stage 2").first.wait_for()
        bo.goto(ana.url)
        bo.get_by_text("Stage 2").first.wait_for()
        _join(bo, "Bo")
        side = ana.get_by_test_id("stSidebar")

        # The PDF is built on click; Bo's change lands while it is built.
        side.get_by_role("button", name="⬇ PDF").click()
        _say(bo, "decision: hosted model for now, revisit after pilot")
        save = side.get_by_role("button", name="Save PDF").first
        save.wait_for()
        # Ana's page refreshes with Bo's decision; the built PDF stays, saying it is now behind.
        try:
            ana.get_by_text("Recorded the decision").first.wait_for(timeout=60_000)
        except Exception:
            ana.screenshot(path=str(SHOTS / "downloads-failed.png"), full_page=True)
            bo.screenshot(path=str(SHOTS / "downloads-failed-bo.png"), full_page=True)
            raise
        side.get_by_text("The plan has changed since this PDF was built").first.wait_for(timeout=60_000)

        arrived = []
        for n in range(4):
            target = tmp_path / f"plan-{n}.pdf"
            with ana.expect_download(timeout=30_000) as info:
                save.click()
                # Bo's change lands during the download: Ana's page reruns as a whole.
                time.sleep(0.1 * n)
                _say(bo, f"risk: download race number {n}")
            info.value.save_as(target)
            pages = subprocess.run(["pdfinfo", str(target)], capture_output=True, text=True, check=True).stdout
            arrived.append(int(next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages:"))))
            # Bo's change was saved, and Ana's page (which nobody reloads) has caught up with it.
            bo.get_by_text(re.compile(f"Added to the risk register.*download race number {n}")).first.wait_for()
            ana.get_by_text(re.compile(f"Added to the risk register.*download race number {n}")).first.wait_for(
                timeout=60_000
            )
        assert len(arrived) == 4 and min(arrived) >= 2
        text = subprocess.run(["pdftotext", str(tmp_path / "plan-0.pdf"), "-"], capture_output=True, text=True).stdout
        assert "hosted model for now" not in text, "the PDF is the version it says it is (built before the decision)"

        # Markdown (one click) and Word (build, then save) while changes keep landing.
        md = tmp_path / "plan.md"
        with ana.expect_download(timeout=30_000) as info:
            side.get_by_role("button", name="⬇ Markdown").click()
            _say(bo, "park: who owns the golden set after the pilot?")
        info.value.save_as(md)
        assert md.read_text().startswith("# ")
        bo.get_by_text("Parked for later").first.wait_for()
        side.get_by_role("button", name="⬇ Word").click()
        _say(bo, "sign-off: works council pending")
        bo.get_by_text("Sign-off — ").first.wait_for()
        with ana.expect_download(timeout=30_000) as info:
            side.get_by_role("button", name="Save Word").first.click()
            _say(bo, "risk: one more change during the Word download")
        docx = tmp_path / "plan.docx"
        info.value.save_as(docx)
        assert len(Document(str(docx)).inline_shapes) == 1
        ana.screenshot(path=str(SHOTS / "downloads-sidebar.png"))
        browser.close()
