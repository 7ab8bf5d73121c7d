"""The knowledge record in PostgreSQL, for several app hosts sharing one knowledge base:
file manifest, passages, sentence vectors, and a BM25 keyword index kept as postings.

Why postings and not `ts_rank`: ranking every match with `ts_rank` took seconds at a
million chunks. Here PostgreSQL's own text parser stems the words (`to_tsvector`), the
postings table holds each stem's weighted frequency per chunk, and a query scores only
the postings of its rarest stems within the same budget as the SQLite index
(`terms.select_terms`), so both stores rank alike and stay fast as they grow.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from assistant.errors import KnowledgeStoreError
from assistant.knowledge import terms as query_terms
from assistant.knowledge.models import Chunk, FileRecord, KnowledgeStatus, Passage, UploadRecord
from assistant.knowledge.records_sqlite import PENDING, passage_from_row

# BM25 parameters (the usual defaults, as SQLite's FTS5 uses).
K1, B = 1.2, 0.75
# One advisory lock id for every writer of the knowledge record: ingests never interleave.
_INGEST_LOCK = 727_001

_SCHEMA = [
    """CREATE TABLE IF NOT EXISTS kb_files (
        path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, title TEXT NOT NULL,
        chunks INTEGER NOT NULL, ingested_at TIMESTAMPTZ NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS kb_chunks (
        rowid BIGSERIAL PRIMARY KEY, id TEXT UNIQUE NOT NULL, path TEXT NOT NULL, ord INTEGER NOT NULL,
        title TEXT NOT NULL, section TEXT NOT NULL, stages TEXT NOT NULL, text TEXT NOT NULL,
        len REAL NOT NULL DEFAULT 0)""",
    "CREATE INDEX IF NOT EXISTS kb_chunks_path ON kb_chunks(path, section, ord)",
    # The primary key covers tf and the chunk's length: scoring reads the index alone
    # (an index-only scan), never the table, and joins chunks only for the top k.
    """CREATE TABLE IF NOT EXISTS kb_postings (
        term TEXT NOT NULL, chunk BIGINT NOT NULL REFERENCES kb_chunks(rowid) ON DELETE CASCADE,
        tf REAL NOT NULL, dl REAL NOT NULL, ws TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (term, chunk) INCLUDE (tf, dl, ws))""",
    "CREATE INDEX IF NOT EXISTS kb_postings_chunk ON kb_postings(chunk)",
    "CREATE TABLE IF NOT EXISTS kb_terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL)",
    """CREATE TABLE IF NOT EXISTS kb_sentences (
        chunk_id TEXT PRIMARY KEY REFERENCES kb_chunks(id) ON DELETE CASCADE,
        sentences JSONB NOT NULL, vectors BYTEA NOT NULL)""",
    "CREATE TABLE IF NOT EXISTS kb_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS kb_uploads (
        workspace TEXT NOT NULL, sha256 TEXT NOT NULL, name TEXT NOT NULL, size BIGINT NOT NULL, data BYTEA,
        created_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (workspace, sha256))""",
    """CREATE TABLE IF NOT EXISTS kb_stats (one BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one),
        n BIGINT NOT NULL, total_len DOUBLE PRECISION NOT NULL)""",
    "INSERT INTO kb_stats(one, n, total_len) VALUES (TRUE, 0, 0) ON CONFLICT DO NOTHING",
]
# Workspaces came later: records written before then are shared, except uploads, which belonged
# to the one workspace an app had then. (A record created after this has the columns already.)
_WORKSPACE_MIGRATION = [
    ("kb_files", "workspace", "path"),
    ("kb_chunks", "workspace", "path"),
]


# Title, section and text weighted as in SQLite's bm25(2, 3, 1).
_WEIGHTED = (
    "setweight(to_tsvector('english', c.title), 'A') || setweight(to_tsvector('english', c.section), 'B') "
    "|| setweight(to_tsvector('english', c.text), 'D')"
)
_WEIGHT_OF = "CASE w WHEN 'A' THEN {} WHEN 'B' THEN {} ELSE {} END".format(*query_terms.BM25_WEIGHTS)


def _now() -> datetime:
    return datetime.now(UTC)


def _visible(column: str, visible: Sequence[str] | None) -> str:
    """An SQL condition keeping rows of the visible workspaces (bound as :visible); everything when None."""
    return "TRUE" if visible is None else f"{column} = ANY(CAST(:visible AS TEXT[]))"


def _has_column(db: Connection, table: str, column: str) -> bool:
    found = db.execute(
        text(
            "SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema() "
            "AND table_name = :t AND column_name = :c"
        ),
        {"t": table, "c": column},
    ).scalar()
    return bool(found)


class PostgresRecords:
    def __init__(
        self, url: str, pool_size: int = 5, timeout_s: float = 15.0, legacy_workspace: str = "default"
    ) -> None:
        # Every call has a deadline: connecting (connect_timeout) and each statement (statement_timeout),
        # so a stuck database surfaces as an error in seconds instead of a page that hangs.
        # Long-lived hosts outlive database restarts: re-check pooled connections before use.
        self._timeout_s = timeout_s
        self._engine = create_engine(
            url,
            pool_size=pool_size,
            max_overflow=pool_size,
            pool_pre_ping=True,
            pool_timeout=timeout_s,
            connect_args={
                "connect_timeout": max(1, math.ceil(timeout_s)),
                "options": f"-c statement_timeout={int(timeout_s * 1000)}",
            },
        )
        with self._engine.begin() as db:
            self._writer(db)
            db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _INGEST_LOCK})  # first host creates
            for statement in _SCHEMA:
                db.execute(text(statement))
            for table, column, path in _WORKSPACE_MIGRATION:
                if not _has_column(db, table, column):
                    db.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''"))
                    db.execute(
                        text(
                            f"UPDATE {table} SET {column} = :ws "
                            f"WHERE {path} LIKE '%/uploads/%' OR {path} LIKE 'uploads/%'"
                        ),
                        {"ws": legacy_workspace},
                    )
            if not _has_column(db, "kb_postings", "ws"):
                db.execute(text("ALTER TABLE kb_postings ADD COLUMN ws TEXT NOT NULL DEFAULT ''"))
                db.execute(
                    text(
                        "UPDATE kb_postings p SET ws = c.workspace FROM kb_chunks c WHERE c.rowid = p.chunk AND c.workspace != ''"
                    )
                )

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """A connection for a page's read: a deadline passed or a database down is a named error."""
        try:
            with self._engine.connect() as db:
                yield db
        except DBAPIError as exc:
            text_ = str(exc.orig or exc).lower()
            late = "statement timeout" in text_ or "timeout expired" in text_ or "canceling statement" in text_
            what = f"did not answer within {self._timeout_s:g} s" if late else f"is unreachable ({type(exc).__name__})"
            raise KnowledgeStoreError(
                f"the knowledge record (PostgreSQL) {what}; answers need it, interview answers still work"
            ) from exc

    def _writer(self, db: Connection) -> None:
        """Writers are the ingest job, not a page: they may wait for another host's ingest and take longer."""
        db.execute(text(f"SET LOCAL statement_timeout = {int(max(300.0, 20 * self._timeout_s) * 1000)}"))

    def close(self) -> None:
        self._engine.dispose()

    # ---------------------------------------------------------------- meta
    def get_meta(self, key: str) -> str | None:
        with self._read() as db:
            value = db.execute(text("SELECT value FROM kb_meta WHERE key = :k"), {"k": key}).scalar()
        return None if value is None else str(value)

    def set_meta(self, key: str, value: str) -> None:
        with self._engine.begin() as db:
            db.execute(
                text(
                    "INSERT INTO kb_meta(key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                ),
                {"k": key, "v": value},
            )

    def workspace_of_files(self) -> dict[str, str]:
        with self._read() as db:
            return {r[0]: r[1] for r in db.execute(text("SELECT path, workspace FROM kb_files")).all()}

    # ---------------------------------------------------------------- uploads
    def record_upload(self, workspace: str, sha256: str, name: str, size: int, data: bytes | None) -> bool:
        """Record an uploaded original once per workspace and content; False when it was already there."""
        with self._engine.begin() as db:
            self._writer(db)
            inserted = db.execute(
                text(
                    "INSERT INTO kb_uploads(workspace, sha256, name, size, data, created_at) "
                    "VALUES (:ws, :sha, :name, :size, :data, :now) ON CONFLICT (workspace, sha256) DO NOTHING "
                    "RETURNING sha256"
                ),
                {"ws": workspace, "sha": sha256, "name": name, "size": size, "data": data, "now": _now()},
            ).first()
        return inserted is not None

    def forget_upload(self, workspace: str, sha256: str) -> None:
        with self._engine.begin() as db:
            db.execute(
                text("DELETE FROM kb_uploads WHERE workspace = :ws AND sha256 = :sha"), {"ws": workspace, "sha": sha256}
            )

    def uploads(self) -> list[UploadRecord]:
        with self._read() as db:
            rows = db.execute(
                text(
                    "SELECT workspace, sha256, name, size, data IS NOT NULL FROM kb_uploads ORDER BY created_at, sha256"
                )
            ).all()
        return [UploadRecord(workspace=r[0], sha256=r[1], name=r[2], size=r[3], in_database=bool(r[4])) for r in rows]

    def upload_data(self, workspace: str, sha256: str) -> bytes | None:
        with self._read() as db:
            data = db.execute(
                text("SELECT data FROM kb_uploads WHERE workspace = :ws AND sha256 = :sha"),
                {"ws": workspace, "sha": sha256},
            ).scalar()
        return None if data is None else bytes(data)

    # ---------------------------------------------------------------- manifest
    def files(self) -> dict[str, FileRecord]:
        with self._read() as db:
            rows = db.execute(text("SELECT path, sha256, title, chunks, ingested_at FROM kb_files")).all()
        return {r[0]: FileRecord(path=r[0], sha256=r[1], title=r[2], chunks=r[3], ingested_at=r[4]) for r in rows}

    def status(self, visible: Sequence[str] | None = None) -> KnowledgeStatus:
        where, args = _visible("workspace", visible), {"p": PENDING, "visible": list(visible or [])}
        with self._read() as db:
            docs, chunks = db.execute(
                text(f"SELECT COUNT(*), COALESCE(SUM(chunks), 0) FROM kb_files WHERE sha256 != :p AND {where}"), args
            ).one()
            last = db.execute(text("SELECT value FROM kb_meta WHERE key = 'last_built'")).scalar()
            titles = list(
                db.execute(
                    text(f"SELECT title FROM kb_files WHERE sha256 != :p AND {where} ORDER BY path"), args
                ).scalars()
            )
        return KnowledgeStatus(
            documents=docs,
            chunks=chunks,
            last_built=datetime.fromisoformat(last) if last else None,
            titles=titles,
        )

    def workspaces(self) -> set[str]:
        """Workspaces that hold files (another host may add one at any time: not cached)."""
        with self._read() as db:
            return set(db.execute(text("SELECT DISTINCT workspace FROM kb_files")).scalars())

    def mark_built(self) -> None:
        # After an ingest: fresh statistics, and a visibility map so searches stay index-only.
        with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as db:
            db.execute(text("SET statement_timeout = 0"))  # a job's maintenance, as long as it takes
            db.execute(text("VACUUM ANALYZE kb_postings, kb_chunks, kb_terms"))
            db.execute(text(f"SET statement_timeout = {int(self._timeout_s * 1000)}"))
        with self._engine.begin() as db:
            db.execute(
                text(
                    "INSERT INTO kb_meta(key, value) VALUES ('last_built', :v) "
                    "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
                ),
                {"v": _now().isoformat(timespec="seconds")},
            )

    # ----------------------------------------------------------------- writing
    def mark_pending(self, path: str, title: str, workspace: str = "") -> None:
        with self._engine.begin() as db:
            db.execute(
                text(
                    "INSERT INTO kb_files(path, sha256, title, chunks, ingested_at, workspace) "
                    "VALUES (:path, :p, :title, 0, :now, :ws) "
                    "ON CONFLICT (path) DO UPDATE SET sha256 = excluded.sha256, workspace = excluded.workspace"
                ),
                {"path": path, "p": PENDING, "title": title, "now": _now(), "ws": workspace},
            )

    def _drop_chunks(self, db: Connection, path: str) -> None:
        """Remove a file's chunks, keeping the term and length statistics exact."""
        db.execute(
            text(
                "UPDATE kb_terms t SET df = t.df - d.n FROM ("
                " SELECT p.term, COUNT(*) AS n FROM kb_postings p JOIN kb_chunks c ON c.rowid = p.chunk"
                " WHERE c.path = :path GROUP BY p.term) d WHERE t.term = d.term"
            ),
            {"path": path},
        )
        db.execute(
            text(
                "UPDATE kb_stats s SET n = s.n - d.c, total_len = s.total_len - d.l FROM ("
                " SELECT COUNT(*) AS c, COALESCE(SUM(len), 0) AS l FROM kb_chunks WHERE path = :path) d"
            ),
            {"path": path},
        )
        db.execute(text("DELETE FROM kb_chunks WHERE path = :path"), {"path": path})

    def commit_file(
        self,
        path: str,
        sha256: str,
        title: str,
        chunks: Sequence[Chunk],
        sentences: list[tuple[str, str, bytes]] | None,
        workspace: str = "",
    ) -> None:
        with self._engine.begin() as db:
            self._writer(db)
            db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _INGEST_LOCK})
            self._drop_chunks(db, path)
            if chunks:
                db.execute(
                    text(
                        "INSERT INTO kb_chunks(id, path, ord, title, section, stages, text, workspace) "
                        "VALUES (:id, :path, :ord, :title, :section, :stages, :text, :ws)"
                    ),
                    [
                        {
                            "id": c.id,
                            "path": path,
                            "ord": c.order,
                            "title": c.title,
                            "section": c.section,
                            "stages": ",".join(c.stages),
                            "text": c.text,
                            "ws": workspace,
                        }
                        for c in chunks
                    ],
                )
                # PostgreSQL's parser stems the words; each stem's weighted count per chunk is its posting.
                db.execute(
                    text(
                        f"WITH f AS (SELECT u.lexeme AS term, c.rowid AS chunk, SUM({_WEIGHT_OF}) AS tf "
                        f"FROM kb_chunks c, unnest({_WEIGHTED}) u, unnest(u.weights) w "
                        "WHERE c.path = :path GROUP BY u.lexeme, c.rowid), "
                        "l AS (SELECT chunk, SUM(tf) AS dl FROM f GROUP BY chunk) "
                        "INSERT INTO kb_postings(term, chunk, tf, dl, ws) SELECT f.term, f.chunk, f.tf, l.dl, :ws "
                        "FROM f JOIN l USING (chunk)"
                    ),
                    {"path": path, "ws": workspace},
                )
                db.execute(
                    text(
                        "UPDATE kb_chunks c SET len = s.l FROM (SELECT p.chunk, SUM(p.tf) AS l FROM kb_postings p "
                        "JOIN kb_chunks k ON k.rowid = p.chunk WHERE k.path = :path GROUP BY p.chunk) s "
                        "WHERE c.rowid = s.chunk"
                    ),
                    {"path": path},
                )
                db.execute(
                    text(
                        "INSERT INTO kb_terms(term, df) SELECT p.term, COUNT(*) FROM kb_postings p "
                        "JOIN kb_chunks c ON c.rowid = p.chunk WHERE c.path = :path GROUP BY p.term "
                        "ON CONFLICT (term) DO UPDATE SET df = kb_terms.df + excluded.df"
                    ),
                    {"path": path},
                )
                db.execute(
                    text(
                        "UPDATE kb_stats s SET n = s.n + d.c, total_len = s.total_len + d.l FROM ("
                        " SELECT COUNT(*) AS c, COALESCE(SUM(len), 0) AS l FROM kb_chunks WHERE path = :path) d"
                    ),
                    {"path": path},
                )
            if sentences:
                db.execute(
                    text(
                        "INSERT INTO kb_sentences(chunk_id, sentences, vectors) VALUES (:id, CAST(:s AS JSONB), :v) "
                        "ON CONFLICT (chunk_id) DO UPDATE SET sentences = excluded.sentences, vectors = excluded.vectors"
                    ),
                    [{"id": cid, "s": s, "v": v} for cid, s, v in sentences],
                )
            db.execute(
                text(
                    "UPDATE kb_files SET sha256 = :sha, title = :title, chunks = :n, ingested_at = :now, "
                    "workspace = :ws WHERE path = :path"
                ),
                {"sha": sha256, "title": title, "n": len(chunks), "now": _now(), "path": path, "ws": workspace},
            )

    def remove_file(self, path: str) -> None:
        with self._engine.begin() as db:
            self._writer(db)
            db.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _INGEST_LOCK})
            self._drop_chunks(db, path)
            db.execute(text("DELETE FROM kb_files WHERE path = :path"), {"path": path})

    # ----------------------------------------------------------------- reading
    def keyword_search(self, text_: str, k: int, visible: Sequence[str] | None = None) -> list[str]:
        words = query_terms.keyword_terms(text_)
        if not words:
            return []
        with self._read() as db:
            # Each word's stem (by the same parser as the index) and how many chunks hold it.
            rows = db.execute(
                text(
                    "SELECT w, s.lexeme, COALESCE(t.df, 0) FROM unnest(CAST(:words AS TEXT[])) AS w "
                    "LEFT JOIN LATERAL (SELECT MIN(lexeme) AS lexeme FROM unnest(to_tsvector('english', w))) s ON TRUE "
                    "LEFT JOIN kb_terms t ON t.term = s.lexeme"
                ),
                {"words": words},
            ).all()
            stem = {w: s for w, s, _ in rows}
            df = {w: int(d) for w, _, d in rows}
            n, total_len = db.execute(text("SELECT n, total_len FROM kb_stats")).one()
            idf: dict[str, float] = {}
            for word in query_terms.select_terms(words, df, n):
                if stem.get(word) and df[word] > 0:
                    idf[stem[word]] = math.log(1 + (n - df[word] + 0.5) / (df[word] + 0.5))
            if not idf:
                return []
            # One term has one posting per chunk: its score needs no SUM, and skipping the
            # GROUP BY spares a hash aggregate over every posting. That matters because one term
            # is what the budget leaves when the rarest term alone is common (at 1,000,000 chunks
            # "work" has 228,000 postings: 407 ms with the aggregate spilling to disk, see
            # BENCHMARKS.md); several terms together stay within MAX_POSTINGS. Same scores.
            score = "q.idf * p.tf * (:k1 + 1) / (p.tf + :k1 * (1 - :b + :b_avg * p.dl))"
            ranked = f"SELECT p.chunk, {score} AS score" if len(idf) == 1 else f"SELECT p.chunk, SUM({score}) AS score"
            grouped = "" if len(idf) == 1 else " GROUP BY p.chunk"
            return list(
                db.execute(
                    text(
                        f"SELECT c.id FROM ({ranked} "
                        "FROM unnest(CAST(:terms AS TEXT[]), CAST(:idf AS FLOAT8[])) AS q(term, idf) "
                        f"JOIN kb_postings p ON p.term = q.term WHERE {_visible('p.ws', visible)}{grouped} "
                        "ORDER BY score DESC LIMIT :k) s "
                        "JOIN kb_chunks c ON c.rowid = s.chunk ORDER BY s.score DESC, c.id"
                    ),
                    {
                        "terms": list(idf),
                        "idf": list(idf.values()),
                        "k1": K1,
                        "b": B,
                        "b_avg": B / ((total_len / n) or 1.0),
                        "k": k,
                        "visible": list(visible or []),
                    },
                ).scalars()
            )

    def chunk_count(self) -> int:
        with self._read() as db:
            return int(db.execute(text("SELECT n FROM kb_stats")).scalar() or 0)

    def passages(self, ids: Iterable[str], visible: Sequence[str] | None = None) -> dict[str, Passage]:
        ids = list(ids)
        if not ids:
            return {}
        with self._read() as db:
            rows = db.execute(
                text(
                    "SELECT id, path, title, section, stages, text FROM kb_chunks "
                    f"WHERE id = ANY(:ids) AND {_visible('workspace', visible)}"
                ),
                {"ids": ids, "visible": list(visible or [])},
            ).all()
        return {r[0]: passage_from_row(r) for r in rows}

    def section_passages(self, source: str, section: str, visible: Sequence[str] | None = None) -> list[Passage]:
        with self._read() as db:
            rows = db.execute(
                text(
                    "SELECT id, path, title, section, stages, text FROM kb_chunks "
                    f"WHERE path = :p AND section = :s AND {_visible('workspace', visible)} ORDER BY ord"
                ),
                {"p": source, "s": section, "visible": list(visible or [])},
            ).all()
        return [passage_from_row(r) for r in rows]

    def section_titles(self, visible: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
        with self._read() as db:
            rows = db.execute(
                text(
                    f"SELECT path, MIN(title), section, MIN(ord) AS o FROM kb_chunks WHERE {_visible('workspace', visible)} "
                    "GROUP BY path, section ORDER BY path, o"
                ),
                {"visible": list(visible or [])},
            ).all()
        return [(r[0], r[1], r[2]) for r in rows]

    def sentence_rows(self, ids: Sequence[str]) -> dict[str, tuple[list[str], bytes]]:
        if not ids:
            return {}
        with self._read() as db:
            rows = db.execute(
                text("SELECT chunk_id, sentences, vectors FROM kb_sentences WHERE chunk_id = ANY(:ids)"),
                {"ids": list(ids)},
            ).all()
        return {r[0]: (_json_list(r[1]), bytes(r[2])) for r in rows}

    def all_chunk_texts(self, visible: Sequence[str] | None = None) -> list[tuple[str, str]]:
        query = f"SELECT id, text FROM kb_chunks WHERE {_visible('workspace', visible)} ORDER BY path, ord"
        with self._read() as db:
            return [(r[0], r[1]) for r in db.execute(text(query), {"visible": list(visible or [])}).all()]


def _json_list(value: Any) -> list[str]:
    return value if isinstance(value, list) else json.loads(value)
