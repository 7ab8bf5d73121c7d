"""Workshop notes typed in the chat are recorded with their author and never read as interview answers."""

from pathlib import Path

from assistant.bootstrap import build
from tests.conftest import make_settings
from tests.support.fake_embedder import FakeEmbedder


def test_notes_in_the_chat_become_records_with_authors_and_the_register_is_seeded(tmp_path: Path) -> None:
    sessions = build(make_settings(tmp_path / "data"), embedder=FakeEmbedder()).sessions
    stored, _ = sessions.create()
    before = sessions.handle(stored.id, "An HR assistant that answers policy questions for employees", author="Ana")
    turn = sessions.handle(stored.id, "action: Ana drafts the golden test set by Friday", author="Bo")
    assert "Recorded the action for Ana" in turn.reply.content
    [action] = turn.state.workshop.actions
    assert action.owner == "Ana" and action.due is not None
    # The note did not touch the interview: the same question is still open, the use case unchanged.
    assert turn.state.interview.current == before.state.interview.current
    assert turn.state.interview.scope == before.state.interview.scope
    assert turn.state.messages[-2].author == "Bo"
    turn = sessions.handle(
        stored.id, "decision: we start with a hosted model and revisit after the pilot", author="Ana"
    )
    assert turn.state.workshop.decisions[0].stage == "scope" and turn.state.workshop.decisions[0].who == "Ana"
    turn = sessions.handle(stored.id, "finish", author="Ana")
    assert turn.state.workshop.risks, "leaving the scope stage seeds the risk register"
    assert {r.category for r in turn.state.workshop.risks} >= {"hallucination"}
