"""Many participants on the default SQLite store: nothing refused, nothing lost."""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest

from assistant.plan import store as plan_store
from assistant.plan.recommend import Recommender
from assistant.plan.store import PlanStore
from assistant.sessions import PlanSessions
from benchmarks.harden.participants import run


def test_a_small_crowd_on_one_plan_and_across_plans_loses_nothing(tmp_path: Path) -> None:
    """A sample of benchmarks/harden/participants.py (which runs 20 and 50 participants)."""
    recommender = Recommender()
    for plans in (1, 3):
        url = f"sqlite:///{tmp_path / f'plans-{plans}.sqlite3'}"
        result = run(lambda url=url: PlanSessions(PlanStore(url), None, recommender), 8, 2, plans)
        assert result["errors"] == [] and result["lost"] == 0
        assert result["turns"] == 16


def test_a_write_waits_out_a_lock_held_longer_than_the_busy_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(plan_store, "_SQLITE_BUSY_TIMEOUT_MS", 50)
    db = tmp_path / "plans.sqlite3"
    store = PlanStore(f"sqlite:///{db}")
    plan = store.create("Shared plan", {"n": 0})
    holder = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN EXCLUSIVE")
    released = threading.Event()

    def release() -> None:
        time.sleep(0.8)  # 16 times the busy timeout
        holder.execute("COMMIT")
        released.set()

    threading.Thread(target=release).start()
    saved = store.save(plan.id, {"n": 1}, expected_version=1)
    assert released.is_set() and saved.version == 2 and store.get(plan.id).state == {"n": 1}
