"""The chat inbox: a message is recorded before its turn runs, so an interrupted turn is finished by the
next run; a message is applied exactly once however many runs or pages try it; undo goes through it too."""

from __future__ import annotations

import threading
import uuid
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.bootstrap import Assistant
from assistant.plan.recommend import Recommender
from assistant.plan.store import PlanStore
from assistant.sessions import PlanSessions
from assistant.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 120


def _open() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    next(b for b in at.button if b.label == "➕ New plan").click().run()
    assert not at.exception, at.exception
    return at


def _plan_id(at: AppTest) -> str:
    value = at.query_params["plan"]
    return value[0] if isinstance(value, list) else value


def _users(store: PlanStore, plan_id: str) -> list[str]:
    return [m["content"] for m in store.get(plan_id).state["messages"] if m["role"] == "user"]


def test_a_message_whose_run_was_cut_short_is_answered_by_the_next_run(data_dir: Path) -> None:
    at = _open()
    plan_id = _plan_id(at)
    store = PlanStore(f"sqlite:///{data_dir / 'plans.sqlite3'}")
    # What the chat box's callback records before Streamlit stops the run it started: the message is
    # in the inbox, its turn never ran.
    for text in ("Our support agents want draft replies to customer emails", "what is a model card?"):
        store.enqueue(plan_id, uuid.uuid4().hex, text, "Ana", at.session_state["sender"], None)
    at.run()  # any later run of the page (a refresh, the next message) finishes them, in order
    assert not at.exception, at.exception
    assert _users(store, plan_id) == [
        "Our support agents want draft replies to customer emails",
        "what is a model card?",
    ]
    assert store.pending(plan_id) == []
    shown = [m for m in at.chat_message if m.name == "user"]
    assert [m.markdown[0].value for m in shown][-1] == "what is a model card?"
    messages = store.get(plan_id).state["messages"]
    assert [m["role"] for m in messages] == ["assistant", "user", "assistant", "user", "assistant"]
    assert messages[1]["author"] == "Ana" and messages[4]["answer"] is not None
    at.run()  # nothing is applied twice
    assert len(store.get(plan_id).state["messages"]) == 5


def test_another_tab_s_waiting_message_is_left_to_it_until_it_is_orphaned(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open()
    plan_id = _plan_id(at)
    store = PlanStore(f"sqlite:///{data_dir / 'plans.sqlite3'}")
    store.enqueue(plan_id, uuid.uuid4().hex, "what is LoRA?", "Bo", "bo-s-tab", None)
    at.run()
    # Bo's own page answers it; this page shows nothing of it and does not race Bo's page for it.
    assert _users(store, plan_id) == [] and len(store.pending(plan_id)) == 1
    monkeypatch.setattr("assistant.ui.inbox.ORPHAN_S", 0.0)  # Bo closed the tab: it has waited too long
    at.run()
    assert not at.exception, at.exception
    assert _users(store, plan_id) == ["what is LoRA?"] and store.pending(plan_id) == []


def test_messages_typed_in_the_chat_box_go_through_the_inbox(data_dir: Path) -> None:
    at = _open()
    plan_id = _plan_id(at)
    at.chat_input[0].set_value("Our engineers want answers from the internal wiki").run()
    at.chat_input[0].set_value("undo").run()
    assert not at.exception, at.exception
    store = PlanStore(f"sqlite:///{data_dir / 'plans.sqlite3'}")
    assert store.pending(plan_id) == []
    # The undo was applied once: the plan is back at the greeting, as two new versions (turn, undo).
    assert [v.version for v in store.versions(plan_id)] == [1, 2, 3]
    assert _users(store, plan_id) == []
    assert any("Undone" in m.markdown[0].value for m in at.chat_message)


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_two_runs_applying_the_same_message_save_it_once(
    backend: str, tmp_path: Path, kb: Assistant, request: pytest.FixtureRequest
) -> None:
    url = f"sqlite:///{tmp_path / 'plans.sqlite3'}" if backend == "sqlite" else request.getfixturevalue("pg_database")
    sessions = PlanSessions(PlanStore(url), kb.answerer, Recommender())
    stored, _ = sessions.create()
    sessions.enqueue(stored.id, "m" * 32, "what is LoRA?", "Ana", "tab-a", None)
    assert not sessions.enqueue(stored.id, "m" * 32, "what is LoRA?", "Ana", "tab-a", None)  # recorded once
    (item,) = sessions.queued(stored.id)
    barrier = threading.Barrier(2)
    results: list[object] = []

    def run() -> None:
        barrier.wait()
        results.append(sessions.apply_queued(item))

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(r is None for r in results) == [False, True]  # one applied it, the other found it done
    assert _users(sessions.store, stored.id) == ["what is LoRA?"]
    assert sessions.store.version(stored.id) == 2 and sessions.queued(stored.id) == []
    sessions.store.close()
