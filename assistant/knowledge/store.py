"""The knowledge store: vectors in Chroma, passages + keyword index + file manifest in SQLite.

SQLite is the record of what is committed. A file's manifest row is marked pending
before its vectors change and gets its content hash only after vectors and passages
are both written, so a run that dies part-way is redone by the next one.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np

from assistant.errors import KnowledgeStoreError
from assistant.knowledge.embeddings import EMBEDDING_DIM, Embedder
from assistant.knowledge.models import Chunk, FileRecord, KnowledgeStatus, Passage
from assistant.knowledge.sentences import split_sentences
from assistant.offline import enforce_offline
from assistant.settings import Settings


def _chroma_down(settings: Settings, exc: BaseException) -> KnowledgeStoreError:
    where = (
        f"Chroma at {settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else "the local Chroma store"
    )
    kind = (
        f"did not answer within {settings.chroma_timeout_s:g} s"
        if "timeout" in type(exc).__name__.lower() or "timed out" in str(exc).lower()
        else f"is unreachable ({type(exc).__name__})"
    )
    return KnowledgeStoreError(f"the vector store ({where}) {kind}; answers need it, interview answers still work")


def _http_client(settings: Settings, chroma_settings: Any) -> Any:
    """A Chroma HttpClient with a deadline on every request (chromadb's own client has none)."""
    import chromadb
    import httpx

    # The client talks to the server while it is being built: check first, with a deadline.
    url = f"http://{settings.chroma_host}:{settings.chroma_port}/api/v2/heartbeat"
    try:
        httpx.get(url, timeout=settings.chroma_timeout_s).raise_for_status()
    except Exception as exc:
        raise _chroma_down(settings, exc) from exc
    client = chromadb.HttpClient(
        host=settings.chroma_host or "localhost", port=settings.chroma_port, settings=chroma_settings
    )
    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(settings.chroma_timeout_s)
    else:  # pragma: no cover - a chromadb upgrade moved its session; fail loudly rather than hang silently
        raise KnowledgeStoreError("cannot set a deadline on the Chroma client (chromadb changed); pin chromadb")
    return client


# Chroma rejects very large single calls; this stays far below its limit.
_CHROMA_BATCH = 2000
_PENDING = ""

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
"""

# Words that carry no topic; leaving them out keeps keyword ranking about the subject.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "did",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "should",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "also",
        "any",
        "each",
        "just",
        "more",
        "most",
        "some",
        "such",
        "only",
        "own",
        "same",
        "other",
        "very",
        "s",
        "t",
    ]
)
_TOKEN = re.compile(r"[A-Za-z0-9]+")
# bm25() column weights: a match in a heading says more than one in running text.
_BM25_WEIGHTS = (2.0, 3.0, 1.0)
# Terms in more than this share of chunks carry almost no BM25 weight (their IDF is
# near zero) but make the index score every chunk containing them, which is what
# slows keyword search down as the store grows. Only the rarer terms are searched.
COMMON_TERM_SHARE = 0.2
MAX_QUERY_TERMS = 8
# Scoring cost grows with the postings scored; rarest terms first until this many,
# so a query stays fast at 100,000 chunks and loses only the least telling words.
MAX_POSTINGS = 20_000


def keyword_terms(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for token in _TOKEN.findall(text.lower()):
        if token not in _STOPWORDS and len(token) > 1:
            seen.setdefault(token, None)
    return list(seen)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class KnowledgeStore:
    def __init__(self, settings: Settings, embedder: Embedder) -> None:
        enforce_offline()
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        self.settings = settings
        self.embedder = embedder
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if settings.chroma_host:
            self.client = _http_client(settings, chroma_settings)
        else:
            self.client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
        self.collection = self.client.get_or_create_collection(
            name=settings.collection_name,
            embedding_function=embedder.as_chroma(),
            configuration={"hnsw": {"space": "cosine"}},
        )
        self._dim = EMBEDDING_DIM
        self._lock = threading.RLock()
        self._db = sqlite3.connect(settings.keyword_db_path, check_same_thread=False, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(_SCHEMA)
        self._db.execute(
            "INSERT INTO chunks_fts(chunks_fts, rank) VALUES ('rank', ?)",
            (f"bm25({', '.join(map(str, _BM25_WEIGHTS))})",),
        )
        # Stems query words exactly as the index does, so document frequencies can be looked up.
        self._stemmer = sqlite3.connect(":memory:", check_same_thread=False)
        self._stemmer.executescript(
            "CREATE VIRTUAL TABLE q USING fts5(w, tokenize='porter unicode61');"
            "CREATE VIRTUAL TABLE q_terms USING fts5vocab(q, 'instance');"
        )
        self._chunk_count: int | None = None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ---------------------------------------------------------------- manifest
    def files(self) -> dict[str, FileRecord]:
        with self._lock:
            rows = self._db.execute("SELECT path, sha256, title, chunks, ingested_at FROM files").fetchall()
        return {
            r[0]: FileRecord(path=r[0], sha256=r[1], title=r[2], chunks=r[3], ingested_at=datetime.fromisoformat(r[4]))
            for r in rows
        }

    def status(self) -> KnowledgeStatus:
        with self._lock:
            docs, chunks = self._db.execute(
                "SELECT COUNT(*), COALESCE(SUM(chunks), 0) FROM files WHERE sha256 != ?", (_PENDING,)
            ).fetchone()
            last = self._db.execute("SELECT value FROM meta WHERE key = 'last_built'").fetchone()
            titles = [
                r[0] for r in self._db.execute("SELECT title FROM files WHERE sha256 != ? ORDER BY path", (_PENDING,))
            ]
        return KnowledgeStatus(
            documents=docs,
            chunks=chunks,
            last_built=datetime.fromisoformat(last[0]) if last else None,
            titles=titles,
        )

    def mark_built(self) -> None:
        with self._lock:
            self._db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('last_built', ?)", (_now(),))

    # ----------------------------------------------------------------- writing
    def replace_file(
        self,
        path: str,
        sha256: str,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        sentence_vectors: Sequence[np.ndarray] | None = None,
    ) -> None:
        """Make `path`'s chunks exactly `chunks`; safe to repeat after a crash at any point.

        `sentence_vectors[i]` holds one row per sentence of `chunks[i]` (as split by
        `split_sentences`); they let answers rank sentences without embedding them.
        """
        if len(chunks) != len(vectors) or (sentence_vectors is not None and len(sentence_vectors) != len(chunks)):
            raise ValueError("one vector (and one sentence matrix) per chunk")
        title = chunks[0].title if chunks else path
        with self._lock:
            self._db.execute(
                "INSERT INTO files(path, sha256, title, chunks, ingested_at) VALUES (?, ?, ?, 0, ?) "
                "ON CONFLICT(path) DO UPDATE SET sha256 = excluded.sha256",
                (path, _PENDING, title, _now()),
            )
        self.collection.delete(where={"source": path})
        for start in range(0, len(chunks), _CHROMA_BATCH):
            batch = chunks[start : start + _CHROMA_BATCH]
            self.collection.add(
                ids=[c.id for c in batch],
                embeddings=vectors[start : start + _CHROMA_BATCH],
                documents=[c.text for c in batch],
                metadatas=[
                    {
                        "source": c.source,
                        "title": c.title,
                        "section": c.section,
                        "stages": ",".join(c.stages),
                        "order": c.order,
                    }
                    for c in batch
                ],
            )
        with self._lock:
            self._db.execute("BEGIN")
            try:
                self._db.execute("DELETE FROM chunks WHERE path = ?", (path,))
                self._db.executemany(
                    "INSERT INTO chunks(id, path, ord, title, section, stages, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(c.id, path, c.order, c.title, c.section, ",".join(c.stages), c.text) for c in chunks],
                )
                if sentence_vectors is not None:
                    self._db.executemany(
                        "INSERT OR REPLACE INTO chunk_sentences(chunk_id, sentences, vectors) VALUES (?, ?, ?)",
                        [
                            (c.id, json.dumps(split_sentences(c.text)), rows.astype(np.float16).tobytes())
                            for c, rows in zip(chunks, sentence_vectors, strict=False)
                        ],
                    )
                self._db.execute(
                    "UPDATE files SET sha256 = ?, title = ?, chunks = ?, ingested_at = ? WHERE path = ?",
                    (sha256, title, len(chunks), _now(), path),
                )
                self._db.execute("COMMIT")
                self._chunk_count = None
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def remove_file(self, path: str) -> None:
        self.collection.delete(where={"source": path})
        with self._lock:
            self._db.execute("BEGIN")
            self._db.execute("DELETE FROM chunks WHERE path = ?", (path,))
            self._db.execute("DELETE FROM files WHERE path = ?", (path,))
            self._db.execute("COMMIT")
            self._chunk_count = None

    # ----------------------------------------------------------------- reading
    def vector_search(self, query_vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        try:
            if self.collection.count() == 0:
                return []
            result = self.collection.query(query_embeddings=[query_vector], n_results=k, include=["distances"])
        except Exception as exc:
            raise _chroma_down(self.settings, exc) from exc
        distances = result["distances"] or [[]]
        return [(cid, 1.0 - float(dist)) for cid, dist in zip(result["ids"][0], distances[0], strict=True)]

    def keyword_search(self, text: str, k: int) -> list[str]:
        """Chunk ids ranked by BM25 over title, section and text, best first."""
        terms = self._selective_terms(keyword_terms(text))
        if not terms:
            return []
        match = " OR ".join(f'"{t}"' for t in terms)
        with self._lock:
            rows = self._db.execute(
                "SELECT c.id FROM (SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? ORDER BY rank LIMIT ?) AS f "
                "JOIN chunks c ON c.rowid = f.rowid",
                (match, k),
            ).fetchall()
        return [r[0] for r in rows]

    def _selective_terms(self, terms: list[str]) -> list[str]:
        """The query words worth searching: rarest first, very common ones dropped."""
        if len(terms) <= 1:
            return terms
        with self._lock:
            self._stemmer.execute("DELETE FROM q")
            self._stemmer.executemany("INSERT INTO q(rowid, w) VALUES (?, ?)", list(enumerate(terms)))
            stem_of = {doc: term for term, doc in self._stemmer.execute("SELECT term, doc FROM q_terms")}
            stems = sorted(set(stem_of.values()))
            marks = ",".join("?" * len(stems))
            frequency = dict(self._db.execute(f"SELECT term, doc FROM chunks_vocab WHERE term IN ({marks})", stems))
            total = self._count_chunks()
        ranked = sorted(
            (frequency.get(stem_of.get(i, ""), 0), i)
            for i in range(len(terms))
            if frequency.get(stem_of.get(i, ""), 0) > 0
        )
        if not ranked:
            return []
        keep: list[int] = []
        postings = 0
        for df, i in ranked:
            if (
                df > COMMON_TERM_SHARE * total
                or len(keep) == MAX_QUERY_TERMS
                or (keep and postings + df > MAX_POSTINGS)
            ):
                break
            keep.append(i)
            postings += df
        return [terms[i] for i in sorted(keep or [ranked[0][1]])]

    def _count_chunks(self) -> int:
        if self._chunk_count is None:
            self._chunk_count = self._db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
        return self._chunk_count

    def passages(self, ids: Iterable[str]) -> dict[str, Passage]:
        """Committed chunks by id (vectors of uncommitted writes are ignored)."""
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        with self._lock:
            rows = self._db.execute(
                f"SELECT id, path, title, section, stages, text FROM chunks WHERE id IN ({marks})", ids
            ).fetchall()
        return {
            r[0]: Passage(
                id=r[0],
                source=r[1],
                title=r[2],
                section=r[3],
                stages=[s for s in r[4].split(",") if s],
                text=r[5],
                score=0.0,
            )
            for r in rows
        }

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        got = self.collection.get(ids=list(ids), include=["embeddings"])
        embeddings = got["embeddings"] if got["embeddings"] is not None else []
        return {cid: np.asarray(vec, dtype=np.float32) for cid, vec in zip(got["ids"], embeddings, strict=True)}

    def sentences_of(self, passages: Sequence[Passage]) -> list[tuple[list[str], np.ndarray]]:
        """Each passage's sentences with their vectors; missing vectors are embedded now (and cached)."""
        ids = [p.id for p in passages]
        stored: dict[str, tuple[list[str], np.ndarray | None]] = {}
        if ids:
            marks = ",".join("?" * len(ids))
            with self._lock:
                rows = self._db.execute(
                    f"SELECT chunk_id, sentences, vectors FROM chunk_sentences WHERE chunk_id IN ({marks})", ids
                ).fetchall()
            for chunk_id, sentences, blob in rows:
                found = np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(-1, self._dim)
                stored[chunk_id] = (json.loads(sentences), found)
        out: list[tuple[list[str], np.ndarray]] = []
        for passage in passages:
            sentences, known = stored.get(passage.id, (split_sentences(passage.text), None))
            matrix = known if known is not None and len(known) == len(sentences) else None
            if matrix is None:
                matrix = np.zeros((len(sentences), self._dim), dtype=np.float32)
            missing = [i for i in range(len(sentences)) if not matrix[i].any()]
            if missing:
                matrix = matrix.copy()
                matrix[missing] = self.embedder.embed_cached([sentences[i] for i in missing])
            out.append((sentences, matrix))
        return out

    def all_chunk_texts(self) -> list[tuple[str, str]]:
        with self._lock:
            return self._db.execute("SELECT id, text FROM chunks ORDER BY path, ord").fetchall()
