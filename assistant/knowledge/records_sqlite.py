"""The knowledge record in SQLite (the embedded, single-machine default): file manifest,
passages, sentence vectors and an FTS5 keyword index ranked by BM25.

SQLite is the record of what is committed: see `KnowledgeStore.replace_file` for the
order of writes that makes a crash at any point safe to redo.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from assistant.knowledge import terms as query_terms
from assistant.knowledge.models import Chunk, FileRecord, KnowledgeStatus, Passage, UploadRecord
from assistant.knowledge.sentences import split_sentences

PENDING = ""
# Document frequencies kept in memory between searches; the index's own vocabulary bounds them,
# this bounds what odd query words could add.
_MAX_CACHED_STEMS = 100_000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    title TEXT NOT NULL,
    chunks INTEGER NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS chunks (
    rowid INTEGER PRIMARY KEY,
    id TEXT UNIQUE NOT NULL,
    path TEXT NOT NULL,
    ord INTEGER NOT NULL,
    title TEXT NOT NULL,
    section TEXT NOT NULL,
    stages TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_path ON chunks(path);
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_fts USING fts5(
    title, section, text, content='chunks', content_rowid='rowid', tokenize='porter unicode61'
);
CREATE TRIGGER IF NOT EXISTS chunks_ai AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts(rowid, title, section, text) VALUES (new.rowid, new.title, new.section, new.text);
END;
CREATE TRIGGER IF NOT EXISTS chunks_ad AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts(chunks_fts, rowid, title, section, text)
    VALUES ('delete', old.rowid, old.title, old.section, old.text);
END;
CREATE TABLE IF NOT EXISTS chunk_sentences (
    chunk_id TEXT PRIMARY KEY,
    sentences TEXT NOT NULL,
    vectors BLOB NOT NULL
);
CREATE TRIGGER IF NOT EXISTS chunks_sentences_ad AFTER DELETE ON chunks BEGIN
    DELETE FROM chunk_sentences WHERE chunk_id = old.id;
END;
CREATE VIRTUAL TABLE IF NOT EXISTS chunks_vocab USING fts5vocab(chunks_fts, 'row');
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS uploads (
    workspace TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    name TEXT NOT NULL,
    size INTEGER NOT NULL,
    data BLOB,
    created_at TEXT NOT NULL,
    PRIMARY KEY (workspace, sha256)
);
"""
# Columns added when workspaces came: (table, column). Files recorded before then are shared,
# except uploads, which belonged to the one workspace an app had then (see `_migrate`).
_WORKSPACE_COLUMNS = (("files", "workspace"), ("chunks", "workspace"))
LEGACY_UPLOAD = "%/uploads/%"


def visible_clause(column: str, visible: Sequence[str] | None) -> tuple[str, list[str]]:
    """An SQL condition (with its parameters) keeping rows of the visible workspaces; everything when None."""
    if visible is None:
        return "1", []
    # The unary `+` keeps SQLite from choosing the workspace index for a lookup by id or path:
    # nearly every row has one of a few workspaces, so that index turned 20-id lookups into
    # scans of the table (~20 ms at 100,000 chunks instead of well under 1 ms).
    return f"+{column} IN ({','.join('?' * len(visible))})", list(visible)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def passage_from_row(r: Sequence[object]) -> Passage:
    return Passage(
        id=str(r[0]),
        source=str(r[1]),
        title=str(r[2]),
        section=str(r[3]),
        stages=[s for s in str(r[4]).split(",") if s],
        text=str(r[5]),
        score=0.0,
    )


def sentence_rows(chunks: Sequence[Chunk], sentence_vectors: Sequence[object]) -> list[tuple[str, str, bytes]]:
    """(chunk id, sentences as JSON, float16 vectors) for storage."""
    import numpy as np

    return [
        (c.id, json.dumps(split_sentences(c.text)), np.asarray(rows).astype(np.float16).tobytes())
        for c, rows in zip(chunks, sentence_vectors, strict=True)
    ]


class SqliteRecords:
    def __init__(self, path: Path, legacy_workspace: str = "default") -> None:
        self._lock = threading.RLock()
        self._db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._migrate(legacy_workspace)
        self._db.execute(
            "INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('rank', ?)",
            (f"bm25({', '.join(map(str, query_terms.BM25_WEIGHTS))})",),
        )
        # Stems query words exactly as the index does, so document frequencies can be looked up.
        self._stemmer = sqlite3.connect(":memory:", check_same_thread=False)
        self._stemmer.executescript(
            "CREATE VIRTUAL TABLE q USING fts5(w, tokenize='porter unicode61');"
            "CREATE VIRTUAL TABLE q_terms USING fts5vocab(q, 'instance');"
        )
        # Counts read from the index, kept until the database changes: chunks, and each stem's
        # document frequency (reading one from fts5vocab walks the stem's whole doclist: ~20% of
        # a keyword search at 100,000 chunks, ~45% at 1,000,000). `PRAGMA data_version` moves when
        # another connection (another process's ingest) commits; this connection's own writes
        # clear the caches themselves.
        self._chunk_count: int | None = None
        self._document_frequency: dict[str, int] = {}
        self._workspace_set: set[str] | None = None
        self._titles: dict[tuple[str, ...] | None, list[tuple[str, str, str]]] = {}
        self._data_version: int | None = None

    def _migrate(self, legacy_workspace: str) -> None:
        for table, column in _WORKSPACE_COLUMNS:
            columns = {r[1] for r in self._db.execute(f"PRAGMA table_info({table})")}
            if column not in columns:
                self._db.execute(f"ALTER TABLE {table} ADD COLUMN {column} TEXT NOT NULL DEFAULT ''")
                self._db.execute(
                    f"UPDATE {table} SET {column} = ? WHERE path LIKE ? OR path LIKE 'uploads/%'",
                    (legacy_workspace, LEGACY_UPLOAD),
                )
        self._db.execute("CREATE INDEX IF NOT EXISTS chunks_workspace ON chunks(workspace)")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ---------------------------------------------------------------- meta
    def get_meta(self, key: str) -> str | None:
        with self._lock:
            row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def workspace_of_files(self) -> dict[str, str]:
        with self._lock:
            return dict(self._db.execute("SELECT path, workspace FROM files").fetchall())

    # ---------------------------------------------------------------- uploads
    def record_upload(self, workspace: str, sha256: str, name: str, size: int, data: bytes | None) -> bool:
        """Record an uploaded original once per workspace and content; False when it was already there."""
        with self._lock:
            cursor = self._db.execute(
                "INSERT INTO uploads(workspace, sha256, name, size, data, created_at) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(workspace, sha256) DO NOTHING",
                (workspace, sha256, name, size, data, now()),
            )
            return cursor.rowcount == 1

    def forget_upload(self, workspace: str, sha256: str) -> None:
        with self._lock:
            self._db.execute("DELETE FROM uploads WHERE workspace = ? AND sha256 = ?", (workspace, sha256))

    def uploads(self) -> list[UploadRecord]:
        with self._lock:
            rows = self._db.execute(
                "SELECT workspace, sha256, name, size, data IS NOT NULL FROM uploads ORDER BY created_at, sha256"
            ).fetchall()
        return [UploadRecord(workspace=r[0], sha256=r[1], name=r[2], size=r[3], in_database=bool(r[4])) for r in rows]

    def upload_data(self, workspace: str, sha256: str) -> bytes | None:
        with self._lock:
            row = self._db.execute(
                "SELECT data FROM uploads WHERE workspace = ? AND sha256 = ?", (workspace, sha256)
            ).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None

    # ---------------------------------------------------------------- manifest
    def files(self) -> dict[str, FileRecord]:
        with self._lock:
            rows = self._db.execute("SELECT path, sha256, title, chunks, ingested_at FROM files").fetchall()
        return {
            r[0]: FileRecord(path=r[0], sha256=r[1], title=r[2], chunks=r[3], ingested_at=datetime.fromisoformat(r[4]))
            for r in rows
        }

    def status(self, visible: Sequence[str] | None = None) -> KnowledgeStatus:
        where, args = visible_clause("workspace", visible)
        with self._lock:
            docs, chunks = self._db.execute(
                f"SELECT COUNT(*), COALESCE(SUM(chunks), 0) FROM files WHERE sha256 != ? AND {where}", (PENDING, *args)
            ).fetchone()
            last = self._db.execute("SELECT value FROM meta WHERE key = 'last_built'").fetchone()
            titles = [
                r[0]
                for r in self._db.execute(
                    f"SELECT title FROM files WHERE sha256 != ? AND {where} ORDER BY path", (PENDING, *args)
                )
            ]
        return KnowledgeStatus(
            documents=docs,
            chunks=chunks,
            last_built=datetime.fromisoformat(last[0]) if last else None,
            titles=titles,
        )

    def mark_built(self) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_built', ?)", (now(),))

    # ----------------------------------------------------------------- writing
    def mark_pending(self, path: str, title: str, workspace: str = "") -> None:
        with self._lock:
            self._db.execute(
                "INSERT INTO files(path, sha256, title, chunks, ingested_at, workspace) VALUES (?, ?, ?, 0, ?, ?) "
                "ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256, workspace = excluded.workspace",
                (path, PENDING, title, now(), workspace),
            )

    def commit_file(
        self,
        path: str,
        sha256: str,
        title: str,
        chunks: Sequence[Chunk],
        sentences: list[tuple[str, str, bytes]] | None,
        workspace: str = "",
    ) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.execute("DELETE FROM chunks WHERE path = ?", (path,))
                self._db.executemany(
                    "INSERT INTO chunks(id, path, ord, title, section, stages, text, workspace) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [(c.id, path, c.order, c.title, c.section, ",".join(c.stages), c.text, workspace) for c in chunks],
                )
                if sentences is not None:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO chunk_sentences(chunk_id, sentences, vectors) VALUES (?, ?, ?)",
                        sentences,
                    )
                self._db.execute(
                    "UPDATE files SET sha256 = ?, title = ?, chunks = ?, ingested_at = ?, workspace = ? WHERE path = ?",
                    (sha256, title, len(chunks), now(), workspace, path),
                )
                self._db.execute("COMMIT")
                self._forget_counts()
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def remove_file(self, path: str) -> None:
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM chunks WHERE path = ?", (path,))
            self._db.execute("DELETE FROM files WHERE path = ?", (path,))
            self._db.execute("COMMIT")
            self._forget_counts()

    # ----------------------------------------------------------------- reading
    def keyword_search(self, text: str, k: int, visible: Sequence[str] | None = None) -> list[str]:
        """Chunk ids ranked by BM25 over title, section and text, best first (of the visible workspaces)."""
        terms = self._selective_terms(query_terms.keyword_terms(text))
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        with self._lock:
            if visible is None or self._workspaces() <= set(visible):
                # Every file is visible (one team, or no uploads): FTS5's own top-k is fastest.
                rows = self._db.execute(
                    "SELECT c.id FROM (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?) "
                    "AS f JOIN chunks c ON c.rowid = f.rowid",
                    (match, k),
                ).fetchall()
            else:
                # Filtered before the limit: another workspace's many matches never crowd this one's out.
                where, args = visible_clause("c.workspace", visible)
                rows = self._db.execute(
                    "SELECT c.id FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid "
                    f"WHERE chunks_fts MATCH ? AND {where} ORDER BY f.rank LIMIT ?",
                    (match, *args, k),
                ).fetchall()
        return [r[0] for r in rows]

    def _selective_terms(self, terms: list[str]) -> list[str]:
        if len(terms) <= 1:
            return terms
        with self._lock:
            self._stemmer.execute("DELETE FROM q")
            self._stemmer.executemany("INSERT INTO q(rowid, w) VALUES (?, ?)", list(enumerate(terms)))
            stem_of = {doc: term for term, doc in self._stemmer.execute("SELECT term, doc FROM q_terms")}
            self._check_data_version()
            frequency = self._document_frequency
            missing = sorted(set(stem_of.values()) - frequency.keys())
            if missing:
                if len(frequency) > _MAX_CACHED_STEMS:
                    frequency.clear()
                marks = ",".join("?" * len(missing))
                found = dict(self._db.execute(f"SELECT term, doc FROM chunks_vocab WHERE term IN ({marks})", missing))
                frequency.update({stem: found.get(stem, 0) for stem in missing})
            df = {t: frequency.get(stem_of.get(i, ""), 0) for i, t in enumerate(terms)}
            total = self.chunk_count()
        return query_terms.select_terms(terms, df, total)

    def _workspaces(self) -> set[str]:
        return self.workspaces()

    def workspaces(self) -> set[str]:
        """Workspaces that hold files; kept until the database changes (another process's ingest
        moves `PRAGMA data_version`, which `_check_data_version` watches)."""
        with self._lock:
            self._check_data_version()
            if self._workspace_set is None:
                self._workspace_set = {r[0] for r in self._db.execute("SELECT DISTINCT workspace FROM files")}
            return set(self._workspace_set)

    def _forget_counts(self) -> None:
        self._chunk_count = None
        self._document_frequency = {}
        self._workspace_set = None
        self._titles = {}

    def _check_data_version(self) -> None:
        """Forget cached counts if another connection committed since they were read."""
        version = self._db.execute("PRAGMA data_version").fetchone()[0]
        if version != self._data_version:
            self._data_version = version
            self._forget_counts()

    def chunk_count(self) -> int:
        with self._lock:
            self._check_data_version()
            if self._chunk_count is None:
                self._chunk_count = self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
            return self._chunk_count

    def passages(self, ids: Iterable[str], visible: Sequence[str] | None = None) -> dict[str, Passage]:
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        where, args = visible_clause("workspace", visible)
        with self._lock:
            rows = self._db.execute(
                f"SELECT id, path, title, section, stages, text FROM chunks WHERE id IN ({marks}) AND {where}",
                [*ids, *args],
            ).fetchall()
        return {r[0]: passage_from_row(r) for r in rows}

    def section_passages(self, source: str, section: str, visible: Sequence[str] | None = None) -> list[Passage]:
        where, args = visible_clause("workspace", visible)
        with self._lock:
            rows = self._db.execute(
                "SELECT id, path, title, section, stages, text FROM chunks "
                f"WHERE path = ? AND section = ? AND {where} ORDER BY ord",
                (source, section, *args),
            ).fetchall()
        return [passage_from_row(r) for r in rows]

    def section_titles(self, visible: Sequence[str] | None = None) -> list[tuple[str, str, str]]:
        """Kept (the same list object) until the database changes: short questions are matched
        against every title, ~250 ms to read at 100,000 chunks."""
        key = None if visible is None else tuple(visible)
        with self._lock:
            self._check_data_version()
            if key not in self._titles:
                where, args = visible_clause("workspace", visible)
                rows = self._db.execute(
                    f"SELECT path, title, section, MIN(ord) FROM chunks WHERE {where} GROUP BY path, section", args
                ).fetchall()
                self._titles[key] = [(r[0], r[1], r[2]) for r in sorted(rows, key=lambda r: (r[0], r[3]))]
            return self._titles[key]

    def sentence_rows(self, ids: Sequence[str]) -> dict[str, tuple[list[str], bytes]]:
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self._lock:
            rows = self._db.execute(
                f"SELECT chunk_id, sentences, vectors FROM chunk_sentences WHERE chunk_id IN ({marks})", list(ids)
            ).fetchall()
        return {r[0]: (json.loads(r[1]), r[2]) for r in rows}

    def all_chunk_texts(self, visible: Sequence[str] | None = None) -> list[tuple[str, str]]:
        where, args = visible_clause("workspace", visible)
        with self._lock:
            return self._db.execute(f"SELECT id, text FROM chunks WHERE {where} ORDER BY path, ord", args).fetchall()
