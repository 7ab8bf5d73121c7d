"""Deadlines on the PostgreSQL knowledge record: a read that waits past DATABASE_TIMEOUT_S (here on a
lock another session holds) ends in a named error, instead of a page that hangs; the ingest job's
writes wait longer."""

import time

import pytest
from sqlalchemy import create_engine, text

from assistant.errors import KnowledgeStoreError
from assistant.knowledge.records_pg import PostgresRecords


def test_a_read_that_waits_past_the_deadline_is_a_named_error(pg_database: str) -> None:
    records = PostgresRecords(pg_database, pool_size=1, timeout_s=1.0)
    blocker = create_engine(pg_database)
    try:
        with blocker.begin() as db:
            db.execute(text("LOCK TABLE kb_chunks IN ACCESS EXCLUSIVE MODE"))
            started = time.monotonic()
            with pytest.raises(KnowledgeStoreError, match=r"knowledge record \(PostgreSQL\) did not answer within 1 s"):
                records.passages(["any"])
            assert time.monotonic() - started < 10
        # Once the lock is gone the same host reads again.
        assert records.passages(["any"]) == {}
        with records._engine.connect() as db:
            assert db.execute(text("SHOW statement_timeout")).scalar() == "1s"
    finally:
        blocker.dispose()
        records.close()
