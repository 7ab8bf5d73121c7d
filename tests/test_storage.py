"""Plan storage on real SQLite files, including several stores and processes sharing one file."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest

from assistant.errors import PlanNotFound
from assistant.plan.store import PlanStore, StoredPlan, VersionConflict

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    # A nested folder also checks that the store creates it.
    return sqlite_url(tmp_path / "nested" / "plans.db")


@pytest.fixture
def store(db_url: str) -> Iterator[PlanStore]:
    plans = PlanStore(db_url)
    yield plans
    plans.close()


def test_created_plan_reads_back_identically(store: PlanStore) -> None:
    state = {"answers": {"goal": "Summarise tickets"}, "stage": 2, "notes": ["a", "b"], "flag": None}
    created = store.create("  Ticket summariser  ", state)

    assert len(created.id) == 32 and int(created.id, 16) >= 0
    assert created.version == 1
    assert created.title == "Ticket summariser"
    assert created.created_at.tzinfo is not None and created.created_at.utcoffset() == UTC.utcoffset(None)

    loaded = store.get(created.id)
    assert loaded == created
    assert loaded.state == state
    assert loaded.updated_at.tzinfo is not None


def test_sqlite_file_uses_wal_so_processes_can_share_it(store: PlanStore, db_url: str) -> None:
    import sqlite3

    store.create("Anything", {})
    path = db_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_list_shows_newest_updated_first_and_hides_deleted(store: PlanStore) -> None:
    first = store.create("First", {"n": 1})
    second = store.create("Second", {"n": 2})
    third = store.create("Third", {"n": 3})
    store.save(first.id, {"n": 10}, expected_version=1)
    store.delete(second.id)

    summaries = store.list()
    assert [s.id for s in summaries] == [first.id, third.id]
    assert summaries[0].version == 2
    assert not hasattr(summaries[0], "state")


def test_empty_store_lists_nothing(store: PlanStore) -> None:
    assert store.list() == []


def test_rename_bumps_version_and_keeps_state(store: PlanStore) -> None:
    plan = store.create("Draft", {"k": "v"})
    renamed = store.rename(plan.id, "  Final name ")
    assert renamed.title == "Final name"
    assert renamed.version == 2
    assert renamed.state == {"k": "v"}
    assert store.get(plan.id).title == "Final name"

    again = store.rename(plan.id, "Checked name", expected_version=2)
    assert again.version == 3
    with pytest.raises(VersionConflict) as conflict:
        store.rename(plan.id, "Stale name", expected_version=2)
    assert conflict.value.current_version == 3


@pytest.mark.parametrize("bad_title", ["", "   ", "x" * 121])
def test_rename_rejects_empty_or_overlong_titles(store: PlanStore, bad_title: str) -> None:
    plan = store.create("Draft", {})
    with pytest.raises(ValueError):
        store.rename(plan.id, bad_title)
    assert store.get(plan.id).version == 1


def test_title_of_exactly_120_characters_is_accepted(store: PlanStore) -> None:
    plan = store.create("Draft", {})
    assert store.rename(plan.id, "y" * 120).title == "y" * 120


def test_create_rejects_an_empty_title(store: PlanStore) -> None:
    with pytest.raises(ValueError):
        store.create("  ", {})


def test_deleted_plan_is_not_found_but_its_versions_survive(store: PlanStore) -> None:
    plan = store.create("Doomed", {"v": 1})
    store.save(plan.id, {"v": 2}, expected_version=1)
    store.delete(plan.id)

    with pytest.raises(PlanNotFound):
        store.get(plan.id)
    with pytest.raises(PlanNotFound):
        store.save(plan.id, {"v": 3}, expected_version=2)
    with pytest.raises(PlanNotFound):
        store.rename(plan.id, "Revived")
    with pytest.raises(PlanNotFound):
        store.delete(plan.id)
    assert [v.version for v in store.versions(plan.id)] == [1, 2]
    assert store.get_version(plan.id, 2).state == {"v": 2}


@pytest.mark.parametrize("bad_id", ["", "not-an-id", "0" * 31, "Z" * 32, "1; DROP TABLE plans", "0" * 32])
def test_malformed_or_unknown_id_is_not_found(store: PlanStore, bad_id: str) -> None:
    with pytest.raises(PlanNotFound):
        store.get(bad_id)
    with pytest.raises(PlanNotFound):
        store.save(bad_id, {}, expected_version=1)
    with pytest.raises(PlanNotFound):
        store.delete(bad_id)
    with pytest.raises(PlanNotFound):
        store.versions(bad_id)
    with pytest.raises(PlanNotFound):
        store.get_version(bad_id, 1)


def test_save_increments_version_and_records_every_version(store: PlanStore) -> None:
    plan = store.create("Plan", {"step": 0})
    second = store.save(plan.id, {"step": 1}, expected_version=1)
    third = store.save(plan.id, {"step": 2}, expected_version=2, title="Renamed while saving")

    assert (second.version, third.version) == (2, 3)
    assert third.title == "Renamed while saving"
    assert third.created_at == plan.created_at
    assert third.updated_at >= second.updated_at >= plan.updated_at
    assert store.get(plan.id) == third

    history = store.versions(plan.id)
    assert [v.version for v in history] == [1, 2, 3]
    assert [v.title for v in history] == ["Plan", "Plan", "Renamed while saving"]
    for version, step in ((1, 0), (2, 1), (3, 2)):
        old = store.get_version(plan.id, version)
        assert isinstance(old, StoredPlan)
        assert old.version == version and old.state == {"step": step}
    with pytest.raises(PlanNotFound):
        store.get_version(plan.id, 4)


def test_stale_save_raises_conflict_and_leaves_state_untouched(store: PlanStore) -> None:
    plan = store.create("Plan", {"owner": "alice"})
    store.save(plan.id, {"owner": "bob"}, expected_version=1)

    with pytest.raises(VersionConflict) as conflict:
        store.save(plan.id, {"owner": "mallory"}, expected_version=1)

    assert conflict.value.current_version == 2
    current = store.get(plan.id)
    assert current.version == 2 and current.state == {"owner": "bob"}
    assert [v.version for v in store.versions(plan.id)] == [1, 2]


def test_everything_survives_closing_and_reopening_the_file(db_url: str) -> None:
    first = PlanStore(db_url)
    kept = first.create("Kept", {"a": 1})
    first.save(kept.id, {"a": 2}, expected_version=1)
    gone = first.create("Gone", {})
    first.delete(gone.id)
    first.close()

    reopened = PlanStore(db_url)
    try:
        assert [s.id for s in reopened.list()] == [kept.id]
        loaded = reopened.get(kept.id)
        assert loaded.version == 2 and loaded.state == {"a": 2}
        assert [v.version for v in reopened.versions(kept.id)] == [1, 2]
        with pytest.raises(PlanNotFound):
            reopened.get(gone.id)
        assert reopened.save(kept.id, {"a": 3}, expected_version=2).version == 3
    finally:
        reopened.close()


def _race(stores: list[PlanStore], plan_id: str, states: list[dict[str, Any]], expected: int) -> list[Any]:
    """Both stores save at the same moment with the same expected version; returns plan or exception each."""
    barrier = threading.Barrier(len(stores))
    outcomes: list[Any] = [None] * len(stores)

    def run(i: int) -> None:
        barrier.wait()
        try:
            outcomes[i] = stores[i].save(plan_id, states[i], expected_version=expected)
        except Exception as exc:
            outcomes[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(stores))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_concurrent_saves_from_two_stores_lose_nothing(db_url: str) -> None:
    # Two stores on one file stand in for two Streamlit server processes.
    server_a, server_b = PlanStore(db_url), PlanStore(db_url)
    try:
        for round_ in range(10):
            plan = server_a.create(f"Shared {round_}", {"sections": {}})
            edits = [{"sections": {"risks": "from A"}}, {"sections": {"metrics": "from B"}}]

            outcomes = _race([server_a, server_b], plan.id, edits, expected=1)

            winners = [o for o in outcomes if isinstance(o, StoredPlan)]
            losers = [i for i, o in enumerate(outcomes) if isinstance(o, VersionConflict)]
            assert len(winners) == 1 and len(losers) == 1, outcomes
            assert winners[0].version == 2
            loser = losers[0]
            conflict = outcomes[loser]
            assert conflict.current_version == 2

            # The loser re-reads, merges its change into what won, and saves again.
            store = [server_a, server_b][loser]
            latest = store.get(plan.id)
            merged = {"sections": {**latest.state["sections"], **edits[loser]["sections"]}}
            saved = store.save(plan.id, merged, expected_version=conflict.current_version)

            assert saved.version == 3
            final = server_a.get(plan.id)
            assert final.state == {"sections": {"risks": "from A", "metrics": "from B"}}
            assert [v.version for v in server_b.versions(plan.id)] == [1, 2, 3]
    finally:
        server_a.close()
        server_b.close()


def test_a_second_process_saves_and_the_first_sees_it(store: PlanStore, db_url: str) -> None:
    plan = store.create("Shared with the CLI", {"by": "parent"})
    store.get(plan.id)  # keep a pooled connection open in this process, as a running server would
    code = (
        "import sys\n"
        "from assistant.plan.store import PlanStore\n"
        "store = PlanStore(sys.argv[1])\n"
        "saved = store.save(sys.argv[2], {'by': 'child'}, expected_version=1, title='Saved by child')\n"
        "store.close()\n"
        "print(saved.version)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run(
        [sys.executable, "-c", code, db_url, plan.id],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=PROJECT_ROOT,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2"

    seen = store.get(plan.id)
    assert seen.version == 2
    assert seen.state == {"by": "child"} and seen.title == "Saved by child"
    with pytest.raises(VersionConflict) as conflict:
        store.save(plan.id, {"by": "parent, stale"}, expected_version=1)
    assert conflict.value.current_version == 2
