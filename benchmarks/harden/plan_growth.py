"""Plan history growth: long turns through the session API, stored bytes per version at several N.

    .venv/bin/python benchmarks/harden/plan_growth.py                     # 100, 200, 400, 800 turns, SQLite
    .venv/bin/python benchmarks/harden/plan_growth.py --postgres          # a throwaway PostgreSQL server

Every turn is a long message (about 3,000 characters, near the message limit) from a team
member, through `PlanSessions.handle` as the app sends it. At each checkpoint it reports the
bytes the version history holds (the `state` and `delta` columns), the database size, bytes
per version, and what a full copy per version (the previous storage) would hold for the same
turns. Linear growth shows as a steady "bytes per version"; full copies grow with N.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from benchmarks._common import percentile, table

OPENERS = [
    "Our support agents want draft replies to customer emails in our own tone",
    "the users are about forty support agents in two time zones",
    "replies must cite the help-centre article they rely on",
    "a budget of a few hundred euros a month",
    "success means agents accept most drafts with light edits",
    "we have about 5,000 labelled tickets and a wiki that changes weekly",
]
_TEXT = (
    "the agents said escalations take too long because drafts miss the refund policy and the tone guide "
    "while legal wants every answer to cite the article it relies on and the wiki changes every week"
)
WORDS = _TEXT.split()


def long_message(n: int, rng: random.Random, chars: int) -> str:
    body = []
    while sum(len(w) + 1 for w in body) < chars:
        body.append(rng.choice(WORDS))
    return f"{OPENERS[n % len(OPENERS)]}. Notes from meeting {n}: {' '.join(body)}"


def stored_bytes(store) -> tuple[int, int]:
    """(bytes in the version history, database size) as the database reports them."""
    from sqlalchemy import text

    engine = store._engine
    with engine.connect() as db:
        if engine.dialect.name == "sqlite":
            history = db.execute(
                text("SELECT coalesce(sum(length(state) + coalesce(length(delta), 0)), 0) FROM plan_versions")
            ).scalar_one()
            pages = db.execute(text("PRAGMA page_count")).scalar_one()
            page = db.execute(text("PRAGMA page_size")).scalar_one()
            size = pages * page
        else:
            history = db.execute(
                text(
                    "SELECT coalesce(sum(length(state::text) + coalesce(length(delta::text), 0)), 0) FROM plan_versions"
                )
            ).scalar_one()
            size = db.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
    return int(history), int(size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--turns", type=int, nargs="*", default=[100, 200, 400, 800], help="checkpoints")
    parser.add_argument("--chars", type=int, default=3000, help="characters per message")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL server for the run")
    args = parser.parse_args()
    if args.postgres:
        from tests.support.servers import postgres_server

        with postgres_server() as url:
            args.database_url = url
            measure(args)
    else:
        measure(args)


def measure(args: argparse.Namespace) -> None:

    from assistant.plan import PlanStore, Recommender
    from assistant.sessions import PlanSessions

    rng = random.Random(11)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or f"sqlite:///{Path(tmp) / 'plans.sqlite3'}"
        store = PlanStore(url)
        sessions = PlanSessions(store, None, Recommender())
        stored, state = sessions.create()
        full_copies = len(json.dumps(state.model_dump(mode="json")))
        latencies: list[float] = []
        done = 0
        for checkpoint in sorted(args.turns):
            while done < checkpoint:
                started = time.perf_counter()
                turn = sessions.handle(stored.id, long_message(done, rng, args.chars), author=f"member{done % 8}")
                latencies.append(time.perf_counter() - started)
                full_copies += len(json.dumps(turn.state.model_dump(mode="json")))
                done += 1
            versions = done + 1
            history, size = stored_bytes(store)
            state_now = len(json.dumps(sessions.load(stored.id)[1].model_dump(mode="json")))
            started = time.perf_counter()
            sessions.store.get_version(stored.id, max(1, versions // 2))
            read_mid = time.perf_counter() - started
            rows.append(
                [
                    checkpoint,
                    f"{state_now / 1e6:.2f}",
                    f"{history / 1e6:.2f}",
                    f"{history / versions / 1e3:.1f}",
                    f"{size / 1e6:.1f}",
                    f"{full_copies / 1e6:.1f}",
                    f"{full_copies / versions / 1e3:.0f}",
                    f"{percentile(latencies[-50:], 95):.2f}",
                    f"{read_mid * 1000:.0f}",
                ]
            )
            print(f"  {checkpoint} turns done", flush=True)
        store.close()
    backend = "SQLite" if not args.database_url else args.database_url.split(":", 1)[0]
    print(f"Store: {backend}; {args.chars} characters per message")
    print(
        table(
            [
                "turns",
                "state MB",
                "history MB",
                "KB/version",
                "DB size MB",
                "full copies MB",
                "full KB/version",
                "p95 turn s (last 50)",
                "read a version ms",
            ],
            rows,
        )
    )


if __name__ == "__main__":
    main()
