"""Several proposals confirmed in one click: one turn, one undo, only what the team saw."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.bootstrap import Assistant
from assistant.interview.machine import QUESTIONS
from assistant.plan.recommend import Recommender, retriever_citations
from assistant.plan.store import PlanStore
from assistant.sessions import PlanSessions
from assistant.settings import PROJECT_ROOT
from tests.support.pages import new_plan, say_in_app

APP = str(PROJECT_ROOT / "app.py")
# A hedged answer on the data question: every reading in it waits for a click.
DATA_ANSWER = "probably about 3,000 labelled forms and the manuals, updated monthly I think"


@pytest.fixture
def sessions(kb: Assistant, tmp_path: Path) -> PlanSessions:
    return PlanSessions(
        PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}"), None, Recommender(retriever_citations(kb.retriever))
    )


def _to_data_question(sessions: PlanSessions) -> str:
    stored, _ = sessions.create()
    sessions.handle(stored.id, "Summarise inspection reports for our site managers")
    state = sessions.load(stored.id)[1]
    for _ in range(len(QUESTIONS)):  # bounded: a reading that fills the data slot must fail, not hang
        if state.interview.current == "data":
            break
        sessions.handle(stored.id, "skip")
        state = sessions.load(stored.id)[1]
    assert state.interview.current == "data"
    return stored.id


def test_confirm_all_writes_every_shown_proposal_in_one_turn(sessions: PlanSessions) -> None:
    plan_id = _to_data_question(sessions)
    turn = sessions.handle(plan_id, DATA_ANSWER)
    shown = [(p.slot, p.value) for p in turn.reply.proposals]
    assert len(shown) >= 2 and turn.state.interview.scope.documents_change is None
    version = sessions.load(plan_id)[0].version
    turn = sessions.confirm_all(plan_id, shown, by="Ana")
    assert not turn.state.interview.proposals
    assert turn.state.interview.scope.documents_change == "monthly"
    assert all(turn.state.plan.scope.slots[slot].origin == "team" for slot, _ in shown)
    assert sessions.load(plan_id)[0].version == version + 1  # one turn: one undo takes it all back
    sessions.undo(plan_id)
    assert sessions.load(plan_id)[1].interview.scope.documents_change is None


def test_confirm_all_skips_a_proposal_that_changed_meanwhile(sessions: PlanSessions) -> None:
    plan_id = _to_data_question(sessions)
    turn = sessions.handle(plan_id, DATA_ANSWER)
    shown = [(p.slot, p.value) for p in turn.reply.proposals]
    stale = [(slot, "daily" if slot == "documents_change" else value) for slot, value in shown]
    turn = sessions.confirm_all(plan_id, stale)
    assert turn.state.interview.scope.documents_change is None  # not what the plan proposed: left alone


def test_the_page_has_one_button_for_all_proposals(data_dir: Path) -> None:
    at = new_plan(AppTest.from_file(APP, default_timeout=120).run())
    say_in_app(at, "Summarise inspection reports for our site managers")
    for _ in range(3):
        if "Data" in at.chat_message[-1].markdown[-1].value:
            break
        say_in_app(at, "skip")
    say_in_app(at, DATA_ANSWER)
    at.button(key="proposals-confirm-all").click().run()
    assert not at.exception, at.exception
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "monthly" in sidebar.lower()
    assert not [b for b in at.button if b.key == "proposals-confirm-all"]
