"""Keyword search at scale: the SQLite (FTS5) and PostgreSQL (postings) knowledge records.

    .venv/bin/python benchmarks/keyword_scale.py [--sizes 100000 1000000] [--postgres URL] [--per-file] [--check]

Builds synthetic stores of N chunks made of the knowledge base's own sentences (so term
statistics look like real documents), writes them straight into each record (no vectors:
keyword search never reads them) and reports the p50/p95 of `keyword_search` over the dev
and held-out questions. Without --postgres a throwaway PostgreSQL cluster is started
(Debian's postgresql package). Prints figures; never fails.

The stores are bulk-loaded (SQLite: one transaction; PostgreSQL: COPY, then the postings
computed by one set-based statement per slice with the indexes built afterwards), which
builds 1,000,000 chunks in minutes instead of the hour that ingesting file by file takes.
The bulk loaders write exactly what `commit_file` writes: `--check` builds a small store
both ways and compares every question's results; `--per-file` uses `commit_file` itself.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from _common import ROOT, SHARED_EVAL, machine, percentile, table

from assistant.evaluation import load_questions
from assistant.knowledge import load_chunks
from assistant.knowledge.models import Chunk
from assistant.knowledge.records_pg import _WEIGHT_OF, _WEIGHTED, PostgresRecords
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


def rows(n: int, sentences: list[str]) -> Iterator[tuple[str, str, int, str, str, str, str]]:
    """(id, path, ord, title, section, stages, text) of each synthetic chunk, as the records store them."""
    rng = random.Random(SEED)
    for i in range(n):
        text = " ".join([f"Project ZX{i:07d} notes.", *rng.sample(sentences, 7)])
        yield f"c{i}", f"synthetic/{i // PER_FILE}.md", i, "Synthetic", f"S{i % 50}", "", text


def fill(records: SqliteRecords | PostgresRecords, n: int, sentences: list[str]) -> float:
    """Through `commit_file`, one file of PER_FILE chunks at a time: what ingestion does."""
    start = time.perf_counter()
    batch: list[Chunk] = []
    for cid, path, order, title, section, _, text_ in rows(n, sentences):
        batch.append(Chunk(id=cid, source=path, title=title, section=section, order=order, text=text_))
        if len(batch) == PER_FILE or order == n - 1:
            records.mark_pending(path, title)
            records.commit_file(path, "x", title, batch, None)
            batch = []
    records.mark_built()  # what ingest does at the end (PostgreSQL: VACUUM ANALYZE)
    return time.perf_counter() - start


def _files(n: int) -> list[tuple[str, int]]:
    return [(f"synthetic/{f // PER_FILE}.md", min(PER_FILE, n - f)) for f in range(0, n, PER_FILE)]


def bulk_sqlite(records: SqliteRecords, n: int, sentences: list[str]) -> float:
    """The same rows `commit_file` writes, in one transaction (the FTS5 triggers index them)."""
    start = time.perf_counter()
    db = records._db
    db.execute("BEGIN")
    db.executemany(
        "INSERT INTO chunks(id, path, ord, title, section, stages, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        rows(n, sentences),
    )
    db.executemany(
        "INSERT INTO files(path, sha256, title, chunks, ingested_at) VALUES (?, 'x', 'Synthetic', ?, datetime())",
        _files(n),
    )
    db.execute("COMMIT")
    records._chunk_count = None
    records.mark_built()
    return time.perf_counter() - start


def bulk_postgres(records: PostgresRecords, n: int, sentences: list[str], slice_: int = 50_000) -> float:
    """The same rows `commit_file` writes: chunks by COPY, postings by one statement per slice
    of chunks (PostgreSQL's parser stems, as in `commit_file`), indexes built at the end."""
    from sqlalchemy import text

    start = time.perf_counter()
    with records._engine.begin() as db:
        db.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))
        db.execute(text("SET LOCAL work_mem = '256MB'"))
        db.execute(text("ALTER TABLE kb_postings DROP CONSTRAINT kb_postings_pkey"))
        db.execute(text("ALTER TABLE kb_postings DROP CONSTRAINT kb_postings_chunk_fkey"))
        db.execute(text("DROP INDEX kb_postings_chunk"))
        cursor = db.connection.driver_connection.cursor()  # psycopg's COPY
        with cursor.copy("COPY kb_chunks (id, path, ord, title, section, stages, text) FROM STDIN") as copy:
            for row in rows(n, sentences):
                copy.write_row(row)
        low, high = db.execute(text("SELECT MIN(rowid), MAX(rowid) FROM kb_chunks")).one()
        for first in range(low, high + 1, slice_):
            db.execute(
                text(
                    f"WITH f AS (SELECT u.lexeme AS term, c.rowid AS chunk, SUM({_WEIGHT_OF}) AS tf "
                    f"FROM kb_chunks c, unnest({_WEIGHTED}) u, unnest(u.weights) w "
                    "WHERE c.rowid BETWEEN :a AND :b GROUP BY u.lexeme, c.rowid), "
                    "l AS (SELECT chunk, SUM(tf) AS dl FROM f GROUP BY chunk), "
                    "ins AS (INSERT INTO kb_postings(term, chunk, tf, dl) "
                    "SELECT f.term, f.chunk, f.tf, l.dl FROM f JOIN l USING (chunk)) "
                    "UPDATE kb_chunks c SET len = l.dl FROM l WHERE c.rowid = l.chunk"
                ),
                {"a": first, "b": first + slice_ - 1},
            )
        db.execute(text("ALTER TABLE kb_postings ADD PRIMARY KEY (term, chunk) INCLUDE (tf, dl)"))
        db.execute(text("CREATE INDEX kb_postings_chunk ON kb_postings(chunk)"))
        db.execute(
            text(
                "ALTER TABLE kb_postings ADD CONSTRAINT kb_postings_chunk_fkey "
                "FOREIGN KEY (chunk) REFERENCES kb_chunks(rowid) ON DELETE CASCADE"
            )
        )
        db.execute(text("INSERT INTO kb_terms(term, df) SELECT term, COUNT(*) FROM kb_postings GROUP BY term"))
        db.execute(
            text("UPDATE kb_stats SET n = d.c, total_len = d.l FROM (SELECT COUNT(*) c, SUM(len) l FROM kb_chunks) d")
        )
        db.execute(
            text(
                "INSERT INTO kb_files(path, sha256, title, chunks, ingested_at) "
                "SELECT path, 'x', 'Synthetic', COUNT(*), now() FROM kb_chunks GROUP BY path"
            )
        )
    records.mark_built()  # VACUUM ANALYZE, as after an ingest
    return time.perf_counter() - start


def timings(records: SqliteRecords | PostgresRecords, questions: list[str], repeats: int) -> tuple[float, float]:
    for q in questions:
        records.keyword_search(q, 20)  # warm caches
    ms = []
    for _ in range(repeats):
        for q in questions:
            start = time.perf_counter()
            records.keyword_search(q, 20)
            ms.append((time.perf_counter() - start) * 1000)
    return percentile(ms, 50), percentile(ms, 95)


def results(records: SqliteRecords | PostgresRecords, questions: list[str]) -> list[list[str]]:
    return [records.keyword_search(q, 20) for q in questions]


def new_database(url: str, name: str, reuse: bool = False) -> tuple[str, bool]:
    """(URL of database `name`, whether it already held a store that is reused)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        exists = db.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).scalar()
        if not (reuse and exists):
            db.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            db.execute(text(f"CREATE DATABASE {name}"))
    admin.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False), bool(reuse and exists)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument(
        "--postgres", help="SQLAlchemy URL of a server to create databases on (default: a throwaway one)"
    )
    parser.add_argument("--engines", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--per-file", action="store_true", help="build through commit_file, as ingestion does (slow)")
    parser.add_argument("--check", type=int, metavar="N", help="build N chunks both ways and compare the results")
    parser.add_argument("--repeats", type=int, default=3, help="timed passes over the questions")
    parser.add_argument("--keep", type=Path, help="keep the SQLite files in this folder (PostgreSQL: kept databases)")
    parser.add_argument("--reuse", action="store_true", help="time stores kept by an earlier --keep run, if there")
    parser.add_argument("--build-only", action="store_true", help="build (with --keep), do not time")
    args = parser.parse_args()
    questions = [
        q.q for f in (SHARED_EVAL / "qa_dev.json", ROOT / "eval" / "qa_holdout.json") for q in load_questions(f)
    ]
    sentences = kb_sentences()
    print(machine())
    print(
        f"{len(questions)} questions x {args.repeats}; synthetic chunks from {len(sentences)} knowledge-base sentences"
    )
    table_rows: list[list[str]] = []

    def run(url: str) -> None:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                found = []
                for name, build in (("per_file", fill), ("bulk", bulk_sqlite)):
                    lite = SqliteRecords(Path(tmp) / f"{name}.sqlite3")
                    build(lite, args.check, sentences)
                    found.append(results(lite, questions))
                    lite.close()
            same = sum(a == b for a, b in zip(*found, strict=True))
            print(f"SQLite, {args.check:,} chunks: bulk load = commit_file on {same}/{len(questions)} questions")
            found = []
            for name, build in (("per_file", fill), ("bulk", bulk_postgres)):
                pg = PostgresRecords(new_database(url, f"kw_check_{name}")[0])
                build(pg, args.check, sentences)
                found.append(results(pg, questions))
                pg.close()
            same = sum(a == b for a, b in zip(*found, strict=True))
            print(f"PostgreSQL, {args.check:,} chunks: bulk load = commit_file on {same}/{len(questions)} questions")
        for n in args.sizes:
            if "sqlite" in args.engines:
                with tempfile.TemporaryDirectory() as tmp:
                    path = (args.keep or Path(tmp)) / f"kw-{n}.sqlite3"
                    path.parent.mkdir(parents=True, exist_ok=True)
                    reused = args.reuse and path.exists()
                    if not reused:
                        path.unlink(missing_ok=True)
                    lite = SqliteRecords(path)
                    build_s = 0.0 if reused else (fill if args.per_file else bulk_sqlite)(lite, n, sentences)
                    if args.build_only:
                        print(f"SQLite {n:,}: built in {build_s:.0f} s", flush=True)
                    else:
                        p50, p95 = timings(lite, questions, args.repeats)
                        table_rows.append([f"{n:,}", "SQLite FTS5", f"{build_s:.0f} s", f"{p50:.1f}", f"{p95:.1f}"])
                        print(table(["chunks", "keyword index", "build", "p50 ms", "p95 ms"], table_rows), flush=True)
                    lite.close()
            if "postgres" in args.engines:
                db_url, reused = new_database(url, f"kw_{n}", args.reuse)
                pg = PostgresRecords(db_url)
                build_s = 0.0 if reused else (fill if args.per_file else bulk_postgres)(pg, n, sentences)
                if args.build_only:
                    print(f"PostgreSQL {n:,}: built in {build_s:.0f} s", flush=True)
                    pg.close()
                    continue
                p50, p95 = timings(pg, questions, args.repeats)
                table_rows.append([f"{n:,}", "PostgreSQL postings", f"{build_s:.0f} s", f"{p50:.1f}", f"{p95:.1f}"])
                pg.close()
                print(table(["chunks", "keyword index", "build", "p50 ms", "p95 ms"], table_rows), flush=True)

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
