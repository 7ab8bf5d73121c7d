"""Undo walks back one turn per step (undo twice = two turns back); Redo brings back what undo took."""

from pathlib import Path

import pytest

from assistant.plan.recommend import Recommender
from assistant.plan.store import PlanStore
from assistant.sessions import PlanSessions


@pytest.fixture
def sessions(tmp_path: Path) -> PlanSessions:
    # Rules-only intents and no knowledge base: undo is about stored versions, not retrieval.
    return PlanSessions(PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}"), None, Recommender())


def _scope(sessions: PlanSessions, plan_id: str) -> dict[str, object]:
    return sessions.load(plan_id)[1].interview.scope.model_dump()


def test_undo_twice_goes_two_turns_back_and_redo_walks_forward(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    sessions.handle(stored.id, "Summarise support tickets for our on-call engineers")
    after_1 = _scope(sessions, stored.id)
    sessions.handle(stored.id, "about 5,000 labelled tickets and a wiki that changes weekly")
    after_2 = _scope(sessions, stored.id)
    sessions.handle(stored.id, "high, the answers go straight to customers")
    after_3 = _scope(sessions, stored.id)
    assert after_1["labelled_examples"] is None and after_2["labelled_examples"] == 5000
    assert after_2["quality_bar"] is None and after_3["quality_bar"] == "high"

    turn = sessions.undo(stored.id)
    assert "Undone" in turn.reply.content
    assert _scope(sessions, stored.id) == after_2
    turn = sessions.handle(stored.id, "undo")  # typed in the chat: one more step back, not a redo
    assert _scope(sessions, stored.id) == after_1
    sessions.undo(stored.id)
    assert sessions.load(stored.id)[1].interview.scope.use_case is None
    turn = sessions.undo(stored.id)
    assert "nothing to undo" in turn.reply.content

    sessions.redo(stored.id)
    assert _scope(sessions, stored.id) == after_1
    turn = sessions.handle(stored.id, "redo")
    assert _scope(sessions, stored.id) == after_2
    sessions.redo(stored.id)
    assert _scope(sessions, stored.id) == after_3
    assert "nothing to redo" in sessions.redo(stored.id).reply.content
    # Undo after a redo steps back again, one turn at a time.
    sessions.undo(stored.id)
    assert _scope(sessions, stored.id) == after_2
    # History is never rewritten: every undo and redo is a new version.
    assert len(sessions.versions(stored.id)) == 13


def test_a_new_turn_after_undo_clears_redo(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    sessions.handle(stored.id, "Summarise support tickets for our on-call engineers")
    sessions.handle(stored.id, "about 5,000 labelled tickets")
    sessions.undo(stored.id)
    assert sessions.load(stored.id)[1].redo
    sessions.handle(stored.id, "we have no labelled data at all")
    state = sessions.load(stored.id)[1]
    assert not state.redo and state.interview.scope.labelled_examples == 0
    assert "nothing to redo" in sessions.redo(stored.id).reply.content
    # The undo after the new turn goes back to before it, then further back past the earlier undo.
    sessions.undo(stored.id)
    assert sessions.load(stored.id)[1].interview.scope.labelled_examples is None
    sessions.undo(stored.id)
    assert sessions.load(stored.id)[1].interview.scope.use_case is None


def test_restore_still_brings_back_any_version_and_can_be_undone(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    sessions.handle(stored.id, "Summarise support tickets for our on-call engineers")
    sessions.handle(stored.id, "about 5,000 labelled tickets")
    sessions.undo(stored.id)
    sessions.undo(stored.id)
    turn = sessions.restore(stored.id, 3)
    assert turn.state.interview.scope.labelled_examples == 5000
    assert not turn.state.redo
    sessions.undo(stored.id)  # undoing the restore
    assert sessions.load(stored.id)[1].interview.scope.use_case is None
