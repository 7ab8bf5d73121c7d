"""Approach and candidate overrides in the real Streamlit page (AppTest)."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

from assistant.settings import PROJECT_ROOT
from tests.support.pages import new_plan
from tests.support.pages import say_in_app as _say

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 120


def _plan_text(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown)


def test_approach_and_candidates_are_overridden_in_the_plan_tab(data_dir: Path) -> None:
    at = new_plan(AppTest.from_file(APP, default_timeout=TIMEOUT).run())
    _say(at, "Draft replies to customer emails for our service desk")
    _say(at, "finish")
    removes = [b for b in at.button if b.key and b.key.startswith("rm-candidate-")]
    assert len(removes) >= 2
    at.text_input(key=next(t.key for t in at.text_input if t.key.startswith("model-reason-"))).set_value(
        "no US vendors"
    ).run()
    next(b for b in at.button if b.key and b.key.startswith("rm-candidate-0")).click().run()
    assert not at.exception, at.exception
    assert "The team removed “GPT-4o mini / GPT-4o (OpenAI API)” from the rules' shortlist" in _plan_text(at)

    add = next(s for s in at.selectbox if s.label == "Add a candidate from the catalogue")
    assert "Mistral 7B / Mixtral 8x7B Instruct" in add.options  # picked by catalogue id, shown by name
    add.set_value("mistral").run()
    next(b for b in at.button if b.key and b.key.startswith("add-candidate-btn-")).click().run()
    assert not at.exception, at.exception
    assert "The team added “Mistral 7B / Mixtral 8x7B Instruct”" in _plan_text(at)

    approach = next(g for g in at.get("button_group") if g.label == "Approach")
    assert approach.value == "existing"
    approach.set_value("pretrain").run()
    assert not at.exception, at.exception
    text = _plan_text(at)
    assert "Team choice: pretrain your own model, which departs from the rules' advice" in text
