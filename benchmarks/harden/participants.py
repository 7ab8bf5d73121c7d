"""Many participants at once: threads on the session API, one plan and across plans.

    .venv/bin/python benchmarks/harden/participants.py                  # 20 and 50 participants
    .venv/bin/python benchmarks/harden/participants.py --participants 8 --turns 2

Every participant sends `--turns` messages as fast as the previous one is
acknowledged, all starting together. Counted: errors (a turn that raised), lost
turns (acknowledged but missing from the saved plan afterwards), and turn latency.
Target: 0 errors, 0 lost. SQLite (the default store) unless --database-url is given.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._common import percentile, table

ANSWERS = [
    "Our support agents want draft replies to customer emails in our own tone",
    "the users are about forty support agents in two time zones",
    "replies must cite the help-centre article they rely on",
    "a budget of a few hundred euros a month",
    "success means agents accept most drafts with light edits",
]


def run(sessions_factory, participants: int, turns: int, plans: int) -> dict:
    sessions = sessions_factory()
    plan_ids = [sessions.create()[0].id for _ in range(plans)]
    barrier = threading.Barrier(participants)
    latencies: list[float] = []
    errors: list[str] = []
    acked: dict[str, list[str]] = {pid: [] for pid in plan_ids}
    lock = threading.Lock()

    def participant(n: int) -> None:
        plan_id = plan_ids[n % plans]
        barrier.wait()
        for t in range(turns):
            text = f"{ANSWERS[(n + t) % len(ANSWERS)]} (participant {n}, message {t})"
            started = time.perf_counter()
            try:
                sessions.handle(plan_id, text)
            except Exception as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            with lock:
                latencies.append(time.perf_counter() - started)
                acked[plan_id].append(text)

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(participants)]
    wall = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - wall
    lost = 0
    for plan_id, texts in acked.items():
        saved = [m.content for m in sessions.load(plan_id)[1].messages if m.role == "user"]
        lost += sum(1 for text in texts if text not in saved)
    return {
        "participants": participants,
        "plans": plans,
        "turns": participants * turns,
        "errors": errors,
        "lost": lost,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "max": max(latencies, default=float("nan")),
        "wall": wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, nargs="*", default=[20, 50])
    parser.add_argument("--turns", type=int, default=3)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()

    from assistant import bootstrap
    from assistant.knowledge import ingest
    from assistant.plan import PlanStore, Recommender, retriever_citations
    from assistant.sessions import PlanSessions
    from assistant.settings import load_settings

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp), llm_backend="none")
        kb = bootstrap.build(settings)
        ingest([settings.knowledge_dir], kb.store)
        recommender = Recommender(retriever_citations(kb.retriever))
        rows = []
        for n in args.participants:
            for plans, label in ((1, "one plan"), (max(1, n // 5), f"{max(1, n // 5)} plans")):
                url = args.database_url or f"sqlite:///{Path(tmp) / f'plans-{n}-{plans}.sqlite3'}"
                result = run(lambda url=url: PlanSessions(PlanStore(url), None, recommender), n, args.turns, plans)
                rows.append(
                    [
                        n,
                        label,
                        result["turns"],
                        len(result["errors"]),
                        result["lost"],
                        f"{result['p50']:.2f}",
                        f"{result['p95']:.2f}",
                        f"{result['max']:.2f}",
                        f"{result['wall']:.1f}",
                    ]
                )
                for error in result["errors"][:3]:
                    print(f"  error: {error}")
        kb.close()
    print(f"Store: {'SQLite (WAL, busy timeout, retries)' if not args.database_url else 'given URL'}")
    print(
        table(
            ["participants", "where", "turns", "errors", "lost turns", "p50 s", "p95 s", "max s", "wall s"],
            rows,
        )
    )


if __name__ == "__main__":
    main()
