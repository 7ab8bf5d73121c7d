"""Getting onto a plan: the bare address lists the space's plans; a new plan starts from its button."""

from __future__ import annotations

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
