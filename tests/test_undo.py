"""Undo, restore, start-over confirmation, one-click confirmation and team overrides on saved plans."""

from pathlib import Path

import pytest

from assistant.bootstrap import Assistant
from assistant.interview import IntentClassifier
from assistant.plan.recommend import Recommender, retriever_citations
from assistant.plan.store import PlanStore
from assistant.sessions import PlanSessions


@pytest.fixture
def sessions(kb: Assistant, tmp_path: Path) -> PlanSessions:
    return PlanSessions(
        PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}"),
        kb.answerer,
        Recommender(retriever_citations(kb.retriever)),
        classifier=IntentClassifier(kb.store.embedder.embed),
    )


def test_undo_returns_to_the_state_before_the_last_turn(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    sessions.handle(stored.id, "ok so basically - we want a bot that answers HR policy questions for employees")
    before = sessions.load(stored.id)[1]
    sessions.handle(stored.id, "we don't have labelled data, but the policy wiki changes weekly")
    offered = {p.slot: p.value for p in sessions.load(stored.id)[1].interview.proposals}
    assert offered["labelled_examples"] == 0  # two things at once: waiting for one click
    turn = sessions.handle(stored.id, "undo")
    assert "Undone" in turn.reply.content
    assert turn.state.interview == before.interview
    assert "labelled_examples" not in {p.slot for p in turn.state.interview.proposals}
    # History is kept: the undo is a new version, not a deletion.
    assert [v.version for v in sessions.versions(stored.id)] == [1, 2, 3, 4]


def test_restore_any_version(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    sessions.handle(stored.id, "Summarise support tickets for our on-call engineers")
    sessions.handle(stored.id, "about 5,000 labelled tickets and a wiki that changes weekly")
    turn = sessions.restore(stored.id, 1)
    assert turn.state.interview.scope.use_case is None
    assert turn.plan.version == 4 and turn.plan.title == "Untitled plan"


def test_start_over_asks_first_and_no_keeps_the_plan(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    sessions.handle(stored.id, "Summarise support tickets for our on-call engineers")
    turn = sessions.handle(stored.id, "new plan please")
    assert "Start a new plan?" in turn.reply.content
    assert turn.state.interview.scope.use_case
    turn = sessions.handle(stored.id, "no")
    assert turn.state.interview.scope.use_case and "Kept the plan" in turn.reply.content
    sessions.handle(stored.id, "start over")
    turn = sessions.handle(stored.id, "yes")
    assert turn.state.interview.scope.use_case is None


def test_a_proposal_is_confirmed_with_one_click_and_recorded_as_the_team_s(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    sessions.handle(stored.id, "a chatbot that answers HR policy questions for employees")
    state = sessions.load(stored.id)[1]
    for _ in range(9):  # bounded: a reading that fills the quality slot must fail the test, not hang it
        if state.interview.current == "quality":
            break
        sessions.handle(stored.id, "skip")
        state = sessions.load(stored.id)[1]
    assert state.interview.current == "quality"
    turn = sessions.handle(stored.id, "pretty high I'd think? it's about people's salaries")
    assert turn.state.interview.scope.quality_bar is None  # unsure: not written yet
    assert [(p.slot, p.value) for p in turn.reply.proposals] == [("quality_bar", "high")]
    turn = sessions.confirm(stored.id, "quality_bar", "medium")  # the team fixes the guess
    assert turn.state.interview.scope.quality_bar == "medium"
    record = turn.state.plan.scope.slots["quality_bar"]
    assert record.origin == "team" and record.confirmed and record.value == "medium"
    assert not turn.state.interview.proposals


def test_overrides_win_over_the_rules_and_are_explained(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    turn = sessions.handle(stored.id, "Draft replies to customer emails for our service desk")
    assert turn.state.plan.model_selection.hosting == "hosted_api"  # what the rules advise here
    turn = sessions.override(
        stored.id, "model_selection.hosting", "open_weights", why="IT wants it in-house", by="Sanne"
    )
    plan = turn.state.plan
    assert plan.model_selection.hosting == "open_weights"
    assert "departs from the rules' advice" in plan.model_selection.rationale
    assert plan.overrides[-1].who == "Sanne" and plan.overrides[-1].why == "IT wants it in-house"
    assert plan.overrides[-1].when
    steps = [s.technique for s in plan.adaptation.steps]
    turn = sessions.override(stored.id, "adaptation.remove", steps[-1], why="no budget for training")
    assert steps[-1] not in [s.technique for s in turn.state.plan.adaptation.steps]


def test_help_is_answered_from_the_help_document(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    turn = sessions.handle(stored.id, "how do I export?")
    assert "Markdown" in turn.reply.content and "Question 1 of 9" in turn.reply.content
    assert turn.state.interview.scope.use_case is None
    turn = sessions.handle(stored.id, "what can you do?")
    assert "Scope → Select" in turn.reply.content
