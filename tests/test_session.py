"""Saved, resumable, shareable conversations: real SQLite, real knowledge base."""

from pathlib import Path

import pytest

from assistant.bootstrap import Assistant
from assistant.plan.recommend import Recommender, retriever_citations
from assistant.plan.store import PlanStore
from assistant.sessions import PlanSessions

BRIEF = (
    "Our engineers want to ask questions about our internal wiki and runbooks and get answers with links "
    "to the pages. The wiki changes daily."
)


def _sessions(kb: Assistant, db: Path) -> PlanSessions:
    return PlanSessions(PlanStore(f"sqlite:///{db}"), kb.answerer, Recommender(retriever_citations(kb.retriever)))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "plans.sqlite3"


def test_new_plan_starts_with_the_first_question_and_is_saved(kb: Assistant, db: Path) -> None:
    sessions = _sessions(kb, db)
    stored, state = sessions.create()
    assert stored.version == 1 and stored.title == "Untitled plan"
    assert "Question 1 of 9" in state.messages[0].content
    assert sessions.load(stored.id)[1] == state


def test_every_turn_is_saved_with_the_plan_and_a_new_version(kb: Assistant, db: Path) -> None:
    sessions = _sessions(kb, db)
    stored, _ = sessions.create()
    turn = sessions.handle(stored.id, BRIEF)
    assert turn.plan.version == 2
    # A brief says several things at once: what was read waits for one click ("Confirm all").
    offered = [(p.slot, p.value) for p in turn.state.interview.proposals]
    assert ("documents_change", "daily") in offered and turn.state.interview.scope.documents_change is None
    turn = sessions.confirm_all(stored.id, offered)
    assert turn.plan.version == 3
    assert turn.plan.title.startswith("Our engineers want to ask questions")
    assert turn.state.plan is not None and "rag" in turn.state.plan.augmentation.techniques
    # Every decision the plan makes cites knowledge-base passages.
    assert turn.state.plan.sources and all(c.source.startswith("knowledge/") for c in turn.state.plan.sources)
    assert turn.state.plan.augmentation.sources
    assert [v.version for v in sessions.store.versions(stored.id)] == [1, 2, 3]


def test_knowledge_question_mid_interview_is_answered_with_sources_then_resumes(kb: Assistant, db: Path) -> None:
    sessions = _sessions(kb, db)
    stored, _ = sessions.create()
    sessions.handle(stored.id, BRIEF)
    turn = sessions.handle(stored.id, "What is a model card?")
    assert turn.reply.answer is not None and turn.reply.answer.grounded and turn.reply.answer.sources
    assert "model card" in turn.reply.content.lower()
    assert turn.reply.followup.startswith("Back to planning")


def test_restart_loses_nothing(kb: Assistant, db: Path) -> None:
    first = _sessions(kb, db)
    stored, _ = first.create()
    first.handle(stored.id, BRIEF)
    first.store.close()

    again = _sessions(kb, db)
    reloaded, state = again.load(stored.id)
    assert reloaded.version == 2
    assert [m.role for m in state.messages] == ["assistant", "user", "assistant"]
    # The readings waiting for a click survive the restart too.
    assert ("documents_change", "daily") in [(p.slot, p.value) for p in state.interview.proposals]
    turn = again.handle(stored.id, "skip")
    assert turn.plan.version == 3


def test_concurrent_turns_are_both_kept(kb: Assistant, db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alice, bob = _sessions(kb, db), _sessions(kb, db)
    stored, _ = alice.create()
    alice.handle(stored.id, BRIEF)

    real_save = alice.store.save
    interleaved = {"done": False}

    def save_after_bob(*args, **kwargs):
        if not interleaved["done"]:
            interleaved["done"] = True
            bob.handle(stored.id, "actually we have 5,000 labelled examples")  # Bob saves first
        return real_save(*args, **kwargs)

    monkeypatch.setattr(alice.store, "save", save_after_bob)
    turn = alice.handle(stored.id, "skip")

    assert turn.merged
    users = [m.content for m in turn.state.messages if m.role == "user"]
    assert users == [BRIEF, "actually we have 5,000 labelled examples", "skip"]
    assert turn.state.interview.scope.labelled_examples == 5000
    assert turn.plan.version == 4


def test_rename_sticks_and_delete_removes(kb: Assistant, db: Path) -> None:
    sessions = _sessions(kb, db)
    stored, _ = sessions.create()
    sessions.rename(stored.id, "  Wiki Q&A  kickoff ")
    turn = sessions.handle(stored.id, BRIEF)
    assert turn.plan.title == "Wiki Q&A kickoff"  # the use case no longer renames it
    sessions.store.delete(stored.id)
    assert stored.id not in [p.id for p in sessions.store.list()]
