"""What an LLM changes on the chat path: it reads only slots the rules left empty; the rules win."""

import json
from pathlib import Path

from assistant.bootstrap import build
from assistant.llm.fake import FakeChatModel
from tests.conftest import make_settings
from tests.support.fake_embedder import FakeEmbedder


def test_llm_reading_fills_gaps_but_never_overrides_what_the_rules_read(tmp_path: Path) -> None:
    # The LLM reads the message the other way round on hosting, and adds a budget the message never gave.
    contrary = json.dumps({"hosted_allowed": True, "budget": "large"})
    llm = FakeChatModel(replies=[contrary, contrary])
    assistant = build(make_settings(tmp_path / "data"), llm=llm, embedder=FakeEmbedder())
    sessions = assistant.sessions
    stored, _ = sessions.create()

    turn = sessions.handle(stored.id, "Summarise support tickets for our on-call engineers.")
    turn = sessions.handle(stored.id, "No external APIs; it must run in our data centre.")

    interview = turn.state.interview
    proposed = {(p.slot, p.value, p.origin) for p in interview.proposals}
    # Both readings came from a remark outside the current question: shown for one click, not written.
    assert interview.scope.hosted_allowed is None and interview.scope.budget is None
    # The rules read "no external APIs"; the LLM's contrary "true" is not even proposed.
    assert ("hosted_allowed", False, "rule") in proposed
    assert not any(slot == "hosted_allowed" and value is True for slot, value, _ in proposed)
    # A slot the rules left empty: the LLM's reading is proposed, marked as the LLM's.
    assert ("budget", "large", "llm") in proposed
    # The LLM was asked once per scope turn, with the team's message inside the prompt.
    assert len(llm.calls) == 2
    assert "No external APIs" in str(llm.calls[1][-1].content)
