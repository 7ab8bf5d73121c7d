"""A click from a page that is behind the plan is caught in a real browser, without a race.

The server runs with a live refresh of an hour, so participant A's page cannot catch up by
itself: it is behind for certain once B has changed the plan. A's click on "Undo" (which
would undo B's decision, not A's own turn) must then not be applied; A is told, and sees the
plan as it now is. A second click, from the refreshed page, is applied.
"""

import os
from pathlib import Path

import pytest

from assistant.plan.store import PlanStore
from tests.support.live_app import CHROMIUM, CHROMIUM_ARGS, running_app
from tests.support.pages import join_in_browser as _join
from tests.support.pages import send_in_browser as _say

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium missing: `make test` installs it"),
]
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", "/tmp/workshop-shots"))
STALE = "The plan changed since your page last refreshed, so that click was not applied"


def _decisions(store: PlanStore, plan_id: str) -> list[str]:
    return [d["choice"] for d in store.get(plan_id).state["workshop"]["decisions"]]


def test_a_click_from_a_page_behind_the_plan_is_not_applied(kb_copy: Path) -> None:
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    store = PlanStore(f"sqlite:///{kb_copy / 'plans.sqlite3'}")
    with (
        running_app(kb_copy, extra_env={"LIVE_REFRESH_S": "3600"}) as url,
        sync_playwright() as pw,
    ):
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        ana = browser.new_context().new_page()
        bo = browser.new_context().new_page()
        for page in (ana, bo):
            page.set_default_timeout(90_000)
        ana.goto(url)
        ana.get_by_role("button", name="➕ New plan").click()
        ana.get_by_text("Question 1 of 9").first.wait_for()
        plan_id = ana.url.split("plan=")[1].split("&")[0]
        _join(ana, "Ana")
        _say(ana, "a bot that answers HR policy questions for employees")
        ana.get_by_text("Understood").first.wait_for()

        bo.goto(ana.url)
        bo.get_by_text("a bot that answers HR policy questions for employees").first.wait_for()
        _join(bo, "Bo")
        _say(bo, "decision: hosted model for now, revisit after pilot")
        bo.get_by_text("Recorded the decision").first.wait_for()
        assert _decisions(store, plan_id) == ["hosted model for now, revisit after pilot"]
        version = store.version(plan_id)

        # Ana's page has not refreshed (an hour between checks): it is behind for certain.
        assert ana.get_by_text("Recorded the decision").count() == 0
        assert ana.get_by_text("On this plan now: Ana").count() == 1
        ana.get_by_role("button", name="↶ Undo", exact=True).click()
        ana.get_by_text(STALE).first.wait_for(timeout=30_000)
        # Not applied: Bo's decision stands, no version was added; Ana now sees it.
        assert store.version(plan_id) == version
        assert _decisions(store, plan_id) == ["hosted model for now, revisit after pilot"]
        ana.get_by_text("Recorded the decision").first.wait_for(timeout=10_000)
        ana.screenshot(path=str(SHOTS / "stale-click.png"), full_page=True)

        # From the refreshed page the same click is what Ana means, and is applied.
        ana.get_by_role("button", name="↶ Undo", exact=True).click()
        ana.get_by_text("Undone: the plan is back").first.wait_for(timeout=30_000)
        assert store.version(plan_id) == version + 1
        assert _decisions(store, plan_id) == []
        browser.close()
