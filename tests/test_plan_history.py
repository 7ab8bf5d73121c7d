"""Plan versions are stored as changes: storage grows linearly with turns, every version reads back exactly,
and databases written before (a full copy per version) stay readable and can be compacted."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, func, select, text

from assistant.plan.store import PlanStore

TURNS = 120


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'plans.sqlite3'}"
    else:
        yield request.getfixturevalue("pg_database")


def _turn_state(previous: dict[str, Any], n: int, rng: random.Random) -> dict[str, Any]:
    """What a long chat turn does to a plan state: two messages appended, a few fields changed."""
    words = " ".join(rng.choice(["retrieval", "latency", "budget", "policy", "tickets", "eval"]) for _ in range(300))
    state = {**previous, "messages": [*previous["messages"], {"role": "user", "content": f"{n}: {words}"}]}
    state["messages"].append({"role": "assistant", "content": f"noted {n}", "understood": [f"slot{n % 7}"]})
    state["interview"] = {**previous["interview"], "stage": ["scope", "select", "adapt"][n % 3], "turn": n}
    return state


def _stored_bytes(url: str) -> int:
    engine = create_engine(url)
    with engine.connect() as db:
        if url.startswith("sqlite"):
            size = "length(state) + coalesce(length(delta), 0)"
        else:
            size = "length(state::text) + coalesce(length(delta::text), 0)"
        total = db.execute(text(f"SELECT sum({size}) FROM plan_versions")).scalar_one()
    engine.dispose()
    return int(total)


def _history(store: PlanStore, turns: int) -> tuple[str, list[dict[str, Any]]]:
    rng = random.Random(7)
    state: dict[str, Any] = {"messages": [], "interview": {"stage": "scope"}}
    plan = store.create("Growth", state)
    states = [state]
    for n in range(1, turns):
        state = _turn_state(state, n, rng)
        store.save(plan.id, state, expected_version=n, title=f"Growth {n % 5}")
        states.append(state)
    return plan.id, states


def test_every_version_reads_back_exactly_and_storage_grows_linearly(url: str) -> None:
    store = PlanStore(url)
    plan_id, states = _history(store, TURNS)
    for version, expected in enumerate(states, start=1):
        assert store.get_version(plan_id, version).state == expected
    assert store.get(plan_id).state == states[-1]
    assert [v.version for v in store.versions(plan_id)] == list(range(1, TURNS + 1))
    final = len(str(states[-1]))
    stored = _stored_bytes(url)
    # A full copy per version stores about TURNS/2 final states (quadratic); changes store a few.
    full_copies = sum(len(str(s)) for s in states)
    assert full_copies > 40 * final
    assert stored < 4 * final, (stored, final)
    store.close()


def test_undo_style_restore_over_patches(url: str) -> None:
    # Restoring an old version (shorter state) is itself a patch; every version still reads back.
    store = PlanStore(url)
    plan_id, states = _history(store, 40)
    old = store.get_version(plan_id, 5).state
    store.save(plan_id, old, expected_version=40)
    assert store.get_version(plan_id, 41).state == states[4]
    assert store.get_version(plan_id, 40).state == states[-1]
    store.close()


def _old_schema_database(url: str, turns: int) -> tuple[str, list[dict[str, Any]]]:
    """A database as the previous release wrote it: no `delta` column, a full state in every version."""
    store = PlanStore(url)
    plan_id, states = _history(store, 1)
    store.close()
    engine = create_engine(url)
    with engine.begin() as db:
        db.execute(text("ALTER TABLE plan_versions DROP COLUMN delta"))
        rng = random.Random(3)
        state = states[0]
        for n in range(1, turns):
            state = _turn_state(state, n, rng)
            states.append(state)
            db.execute(
                text("UPDATE plans SET version = :v, state = :s WHERE id = :id"),
                {"v": n + 1, "s": _json(state), "id": plan_id},
            )
            db.execute(
                text(
                    "INSERT INTO plan_versions (plan_id, version, saved_at, title, state) "
                    "SELECT id, :v, updated_at, title, :s FROM plans WHERE id = :id"
                ),
                {"v": n + 1, "s": _json(state), "id": plan_id},
            )
    engine.dispose()
    return plan_id, states


def _json(state: dict[str, Any]) -> str:
    import json

    return json.dumps(state)


def test_old_databases_stay_readable_and_compact(url: str) -> None:
    plan_id, states = _old_schema_database(url, 60)
    store = PlanStore(url)  # adds the column; old rows are snapshots
    for version, expected in enumerate(states, start=1):
        assert store.get_version(plan_id, version).state == expected
    before = _stored_bytes(url)
    # New turns on an old plan are stored as changes from the old full copies.
    state = _turn_state(states[-1], 60, random.Random(9))
    store.save(plan_id, state, expected_version=60)
    states.append(state)
    rewritten = store.compact()
    assert rewritten > 40
    after = _stored_bytes(url)
    assert after < before / 5, (before, after)
    for version, expected in enumerate(states, start=1):
        assert store.get_version(plan_id, version).state == expected
    assert store.compact() == 0  # nothing left to rewrite
    engine = create_engine(url)
    with engine.connect() as db:
        snapshots = db.execute(
            select(func.count()).select_from(text("plan_versions")).where(text("delta IS NULL"))
        ).scalar_one()
    engine.dispose()
    assert 1 <= snapshots < 10
    store.close()
