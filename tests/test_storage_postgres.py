"""The plan store on a real PostgreSQL server: a throwaway cluster the tests start
(Debian's postgresql package, installed by `make test`), or TEST_POSTGRES_URL when set.
"""

import threading

import pytest

from assistant.errors import PlanNotFound
from assistant.plan.store import PlanStore, VersionConflict


@pytest.fixture
def store(postgres_url: str) -> PlanStore:
    store = PlanStore(postgres_url)
    yield store
    store.close()


def test_round_trip_versions_and_delete(store: PlanStore) -> None:
    plan = store.create("Postgres plan", {"n": 1, "nested": {"list": [1, 2]}})
    saved = store.save(plan.id, {"n": 2}, expected_version=1, title="Renamed")
    assert store.get(plan.id).state == {"n": 2} and saved.version == 2 and saved.title == "Renamed"
    assert [v.version for v in store.versions(plan.id)] == [1, 2]
    assert store.get_version(plan.id, 1).state == {"n": 1, "nested": {"list": [1, 2]}}
    store.delete(plan.id)
    with pytest.raises(PlanNotFound):
        store.get(plan.id)


def test_concurrent_saves_never_overwrite(store: PlanStore, postgres_url: str) -> None:
    other = PlanStore(postgres_url)
    plan = store.create("Race", {"who": []})
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def save(s: PlanStore, name: str) -> None:
        barrier.wait()
        try:
            s.save(plan.id, {"who": [name]}, expected_version=1)
            outcomes.append("saved")
        except VersionConflict:
            outcomes.append("conflict")

    threads = [threading.Thread(target=save, args=(s, n)) for s, n in ((store, "a"), (other, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert store.get(plan.id).version == 2
