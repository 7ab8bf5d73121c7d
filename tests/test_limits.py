"""Per-session limits (OWASP LLM10): messages per minute, with a clear message and nothing saved."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.plan.store import PlanStore
from assistant.sessions import RateLimit
from assistant.settings import PROJECT_ROOT
from tests.support.pages import new_plan


def test_rate_limit_slides_over_a_minute() -> None:
    now = [0.0]
    limit = RateLimit(2, clock=lambda: now[0])
    assert limit.wait_s() == 0 and limit.wait_s() == 0
    now[0] = 20.0
    assert limit.wait_s() == pytest.approx(40.0)
    now[0] = 60.5
    assert limit.wait_s() == 0


def test_messages_over_the_limit_are_refused_clearly_and_not_saved(
    kb_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATA_DIR", str(kb_copy))
    monkeypatch.setenv("MESSAGES_PER_MINUTE", "2")
    at = new_plan(AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120).run())
    for text in ("Our agents want draft replies to customer emails", "about forty agents", "a third message"):
        at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    assert any("more than 2 messages in a minute" in w.value for w in at.warning)
    plan_id = at.query_params["plan"]
    plan_id = plan_id[0] if isinstance(plan_id, list) else plan_id
    saved = PlanStore(f"sqlite:///{kb_copy / 'plans.sqlite3'}").get(plan_id).state["messages"]
    users = [m["content"] for m in saved if m["role"] == "user"]
    assert users == ["Our agents want draft replies to customer emails", "about forty agents"]
