"""Uploads across hosts (one PostgreSQL, one `chroma run` server): a workspace's uploads are
recorded once with their originals in PostgreSQL whichever host received them, so when the
receiving host dies mid-ingest another host (with its own, empty data folder) finishes the job
from the database; the documents answer in their workspace and nowhere else."""

import json
import signal
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

from assistant.settings import PROJECT_ROOT
from tests.test_two_hosts import _cli, _env

QUESTION = "How often does team 27 review the narwhal27 golden set?"


def _ask(env: dict[str, str], workspace: str) -> dict:
    done = _cli(["ask", "--jsonl", "--workspace", workspace], env, stdin=QUESTION + "\n")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[0])


def test_uploads_received_by_a_killed_host_are_finished_by_another_from_the_database(
    tmp_path: Path, pg_database: str, chroma_address: tuple[str, int]
) -> None:
    host_1 = {**_env(tmp_path / "host1", pg_database, chroma_address), "COLLECTION_NAME": "two_hosts_uploads"}
    host_2 = {**_env(tmp_path / "host2", pg_database, chroma_address), "COLLECTION_NAME": "two_hosts_uploads"}
    docs = tmp_path / "team-docs"
    docs.mkdir()
    for i in range(30):
        (docs / f"team {i:02d} notes.md").write_text(
            f"# Team {i} notes\n\n## Review cadence {i}\n\n"
            + f"Team {i} reviews the narwhal{i} golden set every {i + 3} days and logs it. " * 6
        )

    # Host 1 receives the workspace's uploads and is killed part-way through ingesting them.
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", "--workspace", "alpha", str(docs)],
        env=host_1,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if "[5/30]" in line:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    # Every upload was recorded once, its original in PostgreSQL; not all of them were ingested.
    engine = create_engine(pg_database)
    with engine.connect() as db:
        assert db.execute(text("SELECT COUNT(*) FROM kb_uploads WHERE data IS NOT NULL")).scalar() == 30
        done_before = db.execute(text("SELECT COUNT(*) FROM kb_files WHERE sha256 != ''")).scalar()
    assert done_before < 30

    # Host 2, whose data folder is empty, finishes the job from the database.
    finished = _cli(["ingest", "--uploads"], host_2)
    assert finished.returncode == 0, finished.stderr
    with engine.connect() as db:
        rows = db.execute(text("SELECT workspace, COUNT(*) FROM kb_files WHERE sha256 != '' GROUP BY workspace")).all()
        assert rows == [("alpha", 30)]
        assert all(
            path.startswith("uploads/alpha/") for path in db.execute(text("SELECT path FROM kb_files")).scalars()
        )
    again = _cli(["ingest", "--uploads"], host_1)
    assert again.returncode == 0 and "0 added" in again.stderr, again.stderr  # nothing doubled
    engine.dispose()

    # Either host answers from them in workspace alpha; workspace beta does not see them.
    for host in (host_1, host_2):
        answer = _ask(host, "alpha")
        assert answer["grounded"] and "uploads/alpha/" in answer["sources"][0]["source"], answer
        assert "team-27-notes.md" in answer["sources"][0]["source"]
    refused = _ask(host_2, "beta")
    assert not refused["grounded"] and not any("uploads/" in s["source"] for s in refused["sources"])
