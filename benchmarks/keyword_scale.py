"""Keyword search at scale: the SQLite (FTS5) and PostgreSQL (postings) knowledge records.

    .venv/bin/python benchmarks/keyword_scale.py [--sizes 100000 1000000] [--postgres URL]

Builds synthetic stores of N chunks made of the knowledge base's own sentences (so term
statistics look like real documents), writes them straight into each record (no vectors:
keyword search never reads them) and reports the p50/p95 of `keyword_search` over the dev
and held-out questions. Without --postgres a throwaway PostgreSQL cluster is started
(Debian's postgresql package). Prints figures; never fails.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from _common import ROOT, SHARED_EVAL, machine, percentile, table

from assistant.evaluation import load_questions
from assistant.knowledge import load_chunks
from assistant.knowledge.models import Chunk
from assistant.knowledge.records_pg import PostgresRecords
from assistant.knowledge.records_sqlite import SqliteRecords
from assistant.knowledge.sentences import split_sentences

SEED = 20261125
PER_FILE = 1000


def kb_sentences() -> list[str]:
    out: list[str] = []
    for path in sorted((ROOT / "knowledge").glob("*.md")):
        for chunk in load_chunks(path):
            out += [s for s in split_sentences(chunk.text) if len(s.split()) >= 6]
    return out


def chunks(n: int, sentences: list[str]) -> list[list[Chunk]]:
    rng = random.Random(SEED)
    files = []
    for f in range(0, n, PER_FILE):
        batch = []
        for i in range(f, min(n, f + PER_FILE)):
            text = " ".join([f"Project ZX{i:07d} notes.", *rng.sample(sentences, 7)])
            batch.append(
                Chunk(
                    id=f"c{i}",
                    source=f"synthetic/{f // PER_FILE}.md",
                    title="Synthetic",
                    section=f"S{i % 50}",
                    order=i,
                    text=text,
                )
            )
        files.append(batch)
    return files


def fill(records: SqliteRecords | PostgresRecords, files: list[list[Chunk]]) -> float:
    start = time.perf_counter()
    for batch in files:
        path = batch[0].source
        records.mark_pending(path, "Synthetic")
        records.commit_file(path, "x", "Synthetic", batch, None)
    records.mark_built()  # what ingest does at the end (PostgreSQL: VACUUM ANALYZE)
    return time.perf_counter() - start


def timings(records: SqliteRecords | PostgresRecords, questions: list[str]) -> tuple[float, float]:
    for q in questions[:5]:
        records.keyword_search(q, 20)  # warm caches
    ms = []
    for q in questions:
        start = time.perf_counter()
        records.keyword_search(q, 20)
        ms.append((time.perf_counter() - start) * 1000)
    return percentile(ms, 50), percentile(ms, 95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--postgres", help="SQLAlchemy URL of an empty database (default: start a throwaway one)")
    args = parser.parse_args()
    questions = [
        q.q for f in (SHARED_EVAL / "qa_dev.json", ROOT / "eval" / "qa_holdout.json") for q in load_questions(f)
    ]
    sentences = kb_sentences()
    print(machine())
    print(f"{len(questions)} questions; synthetic chunks from {len(sentences)} knowledge-base sentences")
    rows = []

    def run(url: str) -> None:
        from sqlalchemy import text

        for n in args.sizes:
            files = chunks(n, sentences)
            with tempfile.TemporaryDirectory() as tmp:
                lite = SqliteRecords(Path(tmp) / "k.sqlite3")
                build_s = fill(lite, files)
                p50, p95 = timings(lite, questions)
                rows.append([f"{n:,}", "SQLite FTS5", f"{build_s:.0f} s", f"{p50:.1f}", f"{p95:.1f}"])
                lite.close()
            pg = PostgresRecords(url)
            with pg._engine.begin() as db:
                db.execute(text("TRUNCATE kb_files, kb_chunks, kb_postings, kb_terms, kb_sentences, kb_meta"))
                db.execute(text("UPDATE kb_stats SET n = 0, total_len = 0"))
            build_s = fill(pg, files)
            p50, p95 = timings(pg, questions)
            rows.append([f"{n:,}", "PostgreSQL postings", f"{build_s:.0f} s", f"{p50:.1f}", f"{p95:.1f}"])
            pg.close()
            print(table(["chunks", "keyword index", "build", "p50 ms", "p95 ms"], rows), flush=True)

    if args.postgres:
        run(args.postgres)
    else:
        import sys

        sys.path.insert(0, str(ROOT))
        from tests.support.servers import postgres_server

        with postgres_server() as url:
            run(url)


if __name__ == "__main__":
    main()
