"""Decisions, risks, sign-offs (and actions) edited in the Plan tab: through the sessions layer, with authors,
without losing what another participant added meanwhile; and the same through the real page (AppTest)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.bootstrap import build
from assistant.errors import WorkshopEditError
from assistant.plan.workshop import SignOff
from assistant.sessions import PlanSessions
from assistant.settings import PROJECT_ROOT
from tests.conftest import make_settings
from tests.support.fake_embedder import FakeEmbedder

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture
def sessions(tmp_path: Path) -> PlanSessions:
    return build(make_settings(tmp_path / "data"), embedder=FakeEmbedder()).sessions


def _plan_with_records(sessions: PlanSessions) -> str:
    stored, _ = sessions.create()
    sessions.handle(stored.id, "decision: hosted model for now, revisit after pilot", author="Ana")
    sessions.handle(stored.id, "risk: hallucinated policy answers", author="Bo")
    sessions.handle(stored.id, "risk: salary data leaks, low likelihood, high impact", author="Bo")
    sessions.handle(stored.id, "sign-off: legal pending", author="Ana")
    return stored.id


def test_decisions_are_edited_added_and_removed_with_their_author(sessions: PlanSessions) -> None:
    plan_id = _plan_with_records(sessions)
    _, state = sessions.load(plan_id)
    [decision] = state.workshop.decisions
    rows = [
        {
            "id": decision.id,
            "question": "Which model do we start with?",
            "options": "hosted API; open weights on our GPUs",
            "choice": decision.choice,
            "reason": "fastest to a pilot",
            "stage": "select",
        },
        {"id": None, "question": "", "options": "", "choice": "Dutch and English at launch", "reason": "", "stage": ""},
        {"id": None, "choice": None},  # the empty row a table shows at the bottom is not a record
    ]
    turn = sessions.update_records(plan_id, "decisions", rows, by="Cem", seen_ids=[decision.id])
    first, added = turn.state.workshop.decisions
    assert first.id == decision.id and first.who == "Ana" and first.edited_by == "Cem"
    assert first.options == ["hosted API", "open weights on our GPUs"]
    assert (first.question, first.reason, first.stage) == (
        "Which model do we start with?",
        "fastest to a pilot",
        "select",
    )
    assert added.choice == "Dutch and English at launch" and added.who == "Cem" and added.stage is None
    assert turn.state.messages[-1].content == "Cem edited the decisions: 1 added, 1 changed."
    # Saved as a new version, reloadable.
    _, reloaded = sessions.load(plan_id)
    assert [d.choice for d in reloaded.workshop.decisions] == [decision.choice, "Dutch and English at launch"]

    turn = sessions.update_records(
        plan_id,
        "decisions",
        [rows[0] | {"id": decision.id}],
        by="Ana",
        seen_ids=[d.id for d in reloaded.workshop.decisions],
    )
    assert [d.id for d in turn.state.workshop.decisions] == [decision.id]
    assert turn.state.messages[-1].content == "Ana edited the decisions: 1 removed."


def test_the_risk_register_is_edited_row_by_row(sessions: PlanSessions) -> None:
    plan_id = _plan_with_records(sessions)
    _, state = sessions.load(plan_id)
    hallucination, leak = state.workshop.risks
    assert (hallucination.category, leak.category, leak.impact) == ("hallucination", "privacy", "high")
    rows = [
        {
            "id": hallucination.id,
            "description": hallucination.description,
            "category": "hallucination",
            "likelihood": "high",
            "impact": "high",
            "mitigation": "answer only from cited policy passages",
            "owner": "Ana",
        },
        {
            "id": None,
            "description": "Works council objects to logging",
            "category": "privacy",
            "likelihood": "low",
            "impact": "medium",
            "mitigation": "",
            "owner": "Bo",
        },
    ]
    turn = sessions.update_records(plan_id, "risks", rows, by="Cem", seen_ids=[hallucination.id, leak.id])
    risks = turn.state.workshop.risks
    assert [r.description for r in risks] == [hallucination.description, "Works council objects to logging"]
    assert risks[0].likelihood == "high" and risks[0].owner == "Ana" and risks[0].edited_by == "Cem"
    assert risks[0].who == "Bo", "who recorded it stays"
    assert risks[1].who == "Cem" and risks[1].category == "privacy"
    assert "risk register: 1 added, 1 changed, 1 removed" in turn.state.messages[-1].content


def test_sign_offs_change_status_and_a_bad_value_saves_nothing(sessions: PlanSessions) -> None:
    plan_id = _plan_with_records(sessions)
    _, state = sessions.load(plan_id)
    [legal] = state.workshop.sign_offs
    assert (legal.party, legal.status, legal.who) == ("legal", "pending", "Ana")
    rows = [
        {"id": legal.id, "party": "legal", "status": "approved", "note": "mail from J. de Vries"},
        {"id": None, "party": "works council", "status": "pending"},
    ]
    turn = sessions.update_records(plan_id, "sign_offs", rows, by="Bo", seen_ids=[legal.id])
    assert [(s.party, s.status) for s in turn.state.workshop.sign_offs] == [
        ("legal", "approved"),
        ("works council", "pending"),
    ]
    assert turn.state.workshop.sign_offs[0].edited_by == "Bo"
    before = sessions.store.version(plan_id)
    with pytest.raises(WorkshopEditError, match="sign-off row 1: status"):
        sessions.update_records(plan_id, "sign_offs", [{"id": legal.id, "status": "maybe"}], by="Bo")
    assert sessions.store.version(plan_id) == before


def test_an_edit_keeps_rows_someone_else_added_meanwhile(sessions: PlanSessions) -> None:
    plan_id = _plan_with_records(sessions)
    _, seen_by_ana = sessions.load(plan_id)
    seen = [r.id for r in seen_by_ana.workshop.risks]
    # Bo adds a risk from the chat while Ana's table is open.
    sessions.handle(plan_id, "risk: the pilot group is too small to measure anything", author="Bo")
    # Ana deletes the first risk and saves the table she saw (which does not have Bo's risk).
    rows = [{"id": r.id, "description": r.description} for r in seen_by_ana.workshop.risks[1:]]
    turn = sessions.update_records(plan_id, "risks", rows, by="Ana", seen_ids=seen)
    descriptions = [r.description for r in turn.state.workshop.risks]
    assert descriptions == [
        seen_by_ana.workshop.risks[1].description,
        "the pilot group is too small to measure anything",
    ]


def test_a_sign_off_saved_before_ids_gets_the_same_id_on_every_load() -> None:
    old = {"party": "IT security", "status": "pending", "note": ""}
    assert SignOff.model_validate(old).id == SignOff.model_validate(old).id != ""


def test_actions_keep_their_editor_too(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    turn = sessions.handle(stored.id, "action: Ana drafts golden set by fri", author="Bo")
    [action] = turn.state.workshop.actions
    assert action.owner == "Ana" and action.due is not None and action.due.weekday() == 4
    turn = sessions.update_actions(stored.id, [{"id": action.id, "status": "done"}], by="Ana")
    assert turn.state.workshop.actions[0].status == "done" and turn.state.workshop.actions[0].edited_by == "Ana"


# ------------------------------------------------------------------ the real page
def test_the_plan_tab_tables_save_edits_through_the_sessions_layer(
    kb_copy: Path, embedder: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATA_DIR", str(kb_copy))
    sessions = build(make_settings(kb_copy), embedder=embedder).sessions  # type: ignore[arg-type]
    plan_id = _plan_with_records(sessions)
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["plan"] = plan_id
    at.session_state["participant"] = "Dana"
    at.run()
    assert not at.exception, at.exception
    version = sessions.store.version(plan_id)
    keys = {e.key for e in at.data_editor}
    assert {f"decisions-{version}", f"risks-{version}", f"sign_offs-{version}", f"actions-{version}"} <= keys

    # Dana approves the legal sign-off and adds one for IT security.
    at.session_state[f"sign_offs-{version}"] = {
        "edited_rows": {0: {"status": "approved"}},
        "added_rows": [{"party": "IT security", "status": "pending"}],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception, at.exception
    next(b for b in at.button if b.label == "Save sign-offs").click().run()
    assert not at.exception, at.exception
    _, state = sessions.load(plan_id)
    assert [(s.party, s.status) for s in state.workshop.sign_offs] == [
        ("legal", "approved"),
        ("IT security", "pending"),
    ]
    assert state.workshop.sign_offs[1].who == "Dana"
    assert state.messages[-1].content == "Dana edited the sign-offs: 1 added, 1 changed."

    # Then deletes the first risk and raises the other's likelihood.
    version = sessions.store.version(plan_id)
    at.session_state[f"risks-{version}"] = {
        "edited_rows": {1: {"likelihood": "high"}},
        "added_rows": [],
        "deleted_rows": [0],
    }
    at.run()
    next(b for b in at.button if b.label == "Save risk register").click().run()
    assert not at.exception, at.exception
    _, state = sessions.load(plan_id)
    [risk] = state.workshop.risks
    assert risk.description.startswith("salary data leaks") and risk.likelihood == "high" and risk.edited_by == "Dana"


def test_undo_takes_back_a_note_but_not_the_people_in_the_room(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    sessions.join(stored.id, "Ana", "facilitator")
    sessions.handle(stored.id, "decision: hosted model for now, revisit after pilot", author="Ana")
    sessions.join(stored.id, "Bo", "ml")
    sessions.handle(stored.id, "risk: hallucinated policy answers", author="Bo")
    turn = sessions.undo(stored.id)
    assert [r.description for r in turn.state.workshop.risks] == []
    assert [d.choice for d in turn.state.workshop.decisions] == ["hosted model for now, revisit after pilot"]
    assert [p.name for p in turn.state.workshop.participants] == ["Ana", "Bo"]
