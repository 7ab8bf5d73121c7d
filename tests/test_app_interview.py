"""The interview in the real Streamlit page (AppTest): one-click proposals, undo, versions, scope edits."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from assistant.settings import PROJECT_ROOT
from tests.support.pages import chat_text as _chat_text
from tests.support.pages import new_plan
from tests.support.pages import say_in_app as _say

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 120


def test_unsure_reading_is_fixed_with_one_click_then_undone_and_restored(data_dir: Path) -> None:
    at = new_plan(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    _say(at, "ok so basically - we want a bot that answers HR policy questions for employees")
    assert at.title[0].value == "Answers HR policy questions for employees"
    for _ in range(4):  # skip to the quality question
        if "Quality bar" in at.chat_message[-1].markdown[-1].value:
            break
        _say(at, "skip")
    _say(at, "pretty high I'd think? it's about people's salaries")
    assert "Please confirm" in _chat_text(at)
    control = at.get("button_group")[0]
    assert control.value == ["high"] or control.value == "high"  # prefilled with the guess
    control.set_value("medium").run()  # one click fixes the guess
    assert not at.exception, at.exception
    assert "Quality bar: medium" in " ".join(m.value for m in at.sidebar.markdown)
    assert not at.get("button_group") or all(g.label != "Quality bar" for g in at.get("button_group"))

    at.button(key="undo").click().run()
    assert "Quality bar: medium" not in " ".join(m.value for m in at.sidebar.markdown)

    restore = [b for b in at.button if b.key and b.key.startswith("restore-")]
    assert restore
    versions = sorted(int(b.key.split("-")[1]) for b in restore)
    at.button(key=f"restore-{versions[0]}").click().run()  # the empty plan we started from
    assert not at.exception, at.exception
    assert at.title[0].value == "Untitled plan"


def test_scope_panel_edits_are_the_team_s(data_dir: Path) -> None:
    at = new_plan(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    _say(at, "Summarise support tickets for our on-call engineers")
    box = next(s for s in at.selectbox if s.label.startswith("Quality bar"))
    box.set_value("high").run()
    assert not at.exception, at.exception
    assert "Quality bar: high" in " ".join(m.value for m in at.sidebar.markdown)
    assert any("👥 team" in s.label for s in at.selectbox if s.label.startswith("Quality bar"))
