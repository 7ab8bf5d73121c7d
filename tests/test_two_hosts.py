"""Two hosts, one PostgreSQL and one `chroma run` server: what one ingests the other answers from,
and an ingest killed on one host mid-way is finished by the other with nothing lost or doubled."""

import os
import signal
import subprocess
import sys
from pathlib import Path

from assistant.settings import PROJECT_ROOT


def _env(data_dir: Path, pg: str, chroma: tuple[str, int]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LLM_"))}
    env.update(
        DATA_DIR=str(data_dir),
        DATABASE_URL=pg,
        CHROMA_HOST=chroma[0],
        CHROMA_PORT=str(chroma[1]),
        COLLECTION_NAME="two_hosts",
    )
    return env


def _cli(args: list[str], env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        env=env,
        cwd=PROJECT_ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_one_host_ingests_the_other_answers_and_finishes_a_killed_ingest(
    tmp_path: Path, pg_database: str, chroma_address: tuple[str, int]
) -> None:
    host_1 = _env(tmp_path / "host1", pg_database, chroma_address)
    host_2 = _env(tmp_path / "host2", pg_database, chroma_address)
    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(40):
        (docs / f"team-{i:02d}.md").write_text(
            f"# Team note {i}\n\n## Practice {i}\n\n"
            + f"Team {i} reviews the walrus{i} golden set every sprint and records the results. " * 8
        )

    # Host 1 starts ingesting and is killed part-way (as a crashed host would be).
    proc = subprocess.Popen(
        [sys.executable, "-m", "assistant", "ingest", str(docs)],
        env=host_1,
        cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        if "[5/40]" in line:
            break
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    # Host 2 runs the same job: it finishes what host 1 left, without duplicates.
    finished = _cli(["ingest", str(docs)], host_2)
    assert finished.returncode == 0, finished.stderr
    status = _cli(["status"], host_2)
    assert "Documents: 40" in status.stdout and "Chunks: 40" in status.stdout

    # Either host answers from documents the other one wrote.
    answer = _cli(["ask", "--jsonl"], host_1, stdin="How often does team 33 review the walrus33 golden set?\n")
    assert answer.returncode == 0, answer.stderr
    assert '"grounded": true' in answer.stdout and "team-33.md" in answer.stdout
