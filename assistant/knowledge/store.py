"""The knowledge store: vectors in Chroma; the record of what is committed (file manifest,
passages, sentence vectors, keyword index) in SQLite by default, or in PostgreSQL when
`DATABASE_URL` points there — so several app hosts share one knowledge base.

A file's manifest row is marked pending before its vectors change and gets its content
hash only after vectors and passages are both written, so a run that dies part-way is
redone by the next one (on any host).
"""

from __future__ import annotations

import copy
import time
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

import numpy as np

from assistant.errors import KnowledgeStoreError
from assistant.knowledge.embeddings import EMBEDDING_DIM, Embedder
from assistant.knowledge.models import Chunk, FileRecord, KnowledgeStatus, Passage, UploadRecord
from assistant.knowledge.records_sqlite import SqliteRecords, sentence_rows
from assistant.knowledge.sentences import split_sentences
from assistant.knowledge.terms import _STOPWORDS, keyword_terms
from assistant.offline import enforce_offline
from assistant.settings import SHARED_WORKSPACE, Settings

__all__ = ["_STOPWORDS", "KnowledgeStore", "Records", "keyword_terms"]


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


# After a failed call, how long vector search fails fast before trying the store again.
VECTOR_STORE_RETRY_S = 15.0
# Chroma rejects very large single calls; this stays far below its limit.
_CHROMA_BATCH = 2000
# Vector ids of a chunk's typical questions: "<chunk id>#q<n>".
_QUESTION_MARK = "#q"


class Records(Protocol):
    """What is committed, and the keyword index over it (SQLite or PostgreSQL).

    `visible`: the workspaces whose files a read may return (None: every file, for the ingest job).
    """

    def close(self) -> None: ...
    def files(self) -> dict[str, FileRecord]: ...
    def status(self, visible: Sequence[str] | None = None) -> KnowledgeStatus: ...
    def mark_built(self) -> None: ...
    def mark_pending(self, path: str, title: str, workspace: str = SHARED_WORKSPACE) -> None: ...
    def commit_file(
        self,
        path: str,
        sha256: str,
        title: str,
        chunks: Sequence[Chunk],
        sentences: list[tuple[str, str, bytes]] | None,
        workspace: str = SHARED_WORKSPACE,
    ) -> None: ...
    def remove_file(self, path: str) -> None: ...
    def keyword_search(self, text: str, k: int, visible: Sequence[str] | None = None) -> list[str]: ...
    def workspaces(self) -> set[str]: ...
    def chunk_count(self) -> int: ...
    def passages(self, ids: Iterable[str], visible: Sequence[str] | None = None) -> dict[str, Passage]: ...
    def section_passages(self, source: str, section: str, visible: Sequence[str] | None = None) -> list[Passage]: ...
    def section_titles(self, visible: Sequence[str] | None = None) -> list[tuple[str, str, str]]: ...
    def sentence_rows(self, ids: Sequence[str]) -> dict[str, tuple[list[str], bytes]]: ...
    def all_chunk_texts(self, visible: Sequence[str] | None = None) -> list[tuple[str, str]]: ...
    def get_meta(self, key: str) -> str | None: ...
    def set_meta(self, key: str, value: str) -> None: ...
    def workspace_of_files(self) -> dict[str, str]: ...
    def record_upload(self, workspace: str, sha256: str, name: str, size: int, data: bytes | None) -> bool: ...
    def forget_upload(self, workspace: str, sha256: str) -> None: ...
    def uploads(self) -> list[UploadRecord]: ...
    def upload_data(self, workspace: str, sha256: str) -> bytes | None: ...


def open_records(settings: Settings) -> Records:
    url = settings.database_url or ""
    if url.startswith("postgresql"):
        from assistant.knowledge.records_pg import PostgresRecords

        return PostgresRecords(
            url,
            pool_size=settings.database_pool_size,
            timeout_s=settings.database_timeout_s,
            legacy_workspace=settings.default_workspace,
        )
    return SqliteRecords(settings.keyword_db_path, legacy_workspace=settings.default_workspace)


# Set in the record once every vector carries its workspace in Chroma's metadata.
_TAGGED = "vectors_have_workspace"


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
        self.records = open_records(settings)
        # What reads may return: the shared documents and one workspace's uploads
        # (`for_workspace`); an app without login has just the default workspace.
        self.visible: tuple[str, ...] | None = (SHARED_WORKSPACE, settings.default_workspace)
        self._tag_vectors()
        # After a vector-store failure, fail fast for a while instead of waiting out the deadline
        # on every call (an interview turn asks for several citations): a simple circuit breaker.
        self._down: tuple[float, KnowledgeStoreError] | None = None

    def close(self) -> None:
        self.records.close()

    def for_workspace(self, workspace: str) -> KnowledgeStore:
        """The same store, reading only the shared documents and `workspace`'s uploads (writes are unchanged)."""
        visible = (SHARED_WORKSPACE, workspace)
        if visible == self.visible:
            return self
        scoped = copy.copy(self)
        scoped.visible = visible
        return scoped

    def everything(self) -> KnowledgeStore:
        """The same store reading every workspace's files: for the ingest job and status, never for answers."""
        scoped = copy.copy(self)
        scoped.visible = None
        return scoped

    def _tag_vectors(self) -> None:
        """Vectors written before workspaces existed get their file's workspace in Chroma's metadata (once)."""
        if self.records.get_meta(_TAGGED) == "1":
            return
        for path, workspace in self.records.workspace_of_files().items():
            got = self.collection.get(where={"source": path}, include=["metadatas"])
            metadatas = got["metadatas"] or []
            stale = [
                (vid, dict(m or {}))
                for vid, m in zip(got["ids"], metadatas, strict=True)
                if "workspace" not in (m or {})
            ]
            for start in range(0, len(stale), _CHROMA_BATCH):
                batch = stale[start : start + _CHROMA_BATCH]
                self.collection.update(
                    ids=[vid for vid, _ in batch], metadatas=[{**m, "workspace": workspace} for _, m in batch]
                )
        self.records.set_meta(_TAGGED, "1")

    # ---------------------------------------------------------------- manifest
    def files(self) -> dict[str, FileRecord]:
        return self.records.files()

    def status(self) -> KnowledgeStatus:
        """Documents and passages this store's workspace can see."""
        return self.records.status(self.visible)

    def mark_built(self) -> None:
        self.records.mark_built()

    # ----------------------------------------------------------------- writing
    def replace_file(
        self,
        path: str,
        sha256: str,
        chunks: Sequence[Chunk],
        vectors: np.ndarray,
        sentence_vectors: Sequence[np.ndarray] | None = None,
        questions: Sequence[tuple[Chunk, str, np.ndarray]] = (),
        workspace: str = SHARED_WORKSPACE,
    ) -> None:
        """Make `path`'s chunks exactly `chunks`; safe to repeat after a crash at any point.

        `sentence_vectors[i]` holds one row per sentence of `chunks[i]` (as split by
        `split_sentences`); they let answers rank sentences without embedding them.
        """
        if len(chunks) != len(vectors) or (sentence_vectors is not None and len(sentence_vectors) != len(chunks)):
            raise ValueError("one vector (and one sentence matrix) per chunk")
        title = chunks[0].title if chunks else path
        self.records.mark_pending(path, title, workspace)
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
                        "workspace": workspace,
                    }
                    for c in batch
                ],
            )
        if questions:
            # Each typical question is its own vector pointing at its chunk (doc2query): a user's
            # wording can match a question where it would not match the passage itself.
            self.collection.add(
                ids=[f"{c.id}{_QUESTION_MARK}{n}" for n, (c, _, _) in enumerate(questions)],
                embeddings=np.vstack([v for _, _, v in questions]),
                documents=[q for _, q, _ in questions],
                metadatas=[
                    {
                        "source": c.source,
                        "title": c.title,
                        "section": c.section,
                        "question_of": c.id,
                        "workspace": workspace,
                    }
                    for c, _, _ in questions
                ],
            )
        rows = sentence_rows(chunks, sentence_vectors) if sentence_vectors is not None else None
        self.records.commit_file(path, sha256, title, chunks, rows, workspace)

    def remove_file(self, path: str) -> None:
        self.collection.delete(where={"source": path})
        self.records.remove_file(path)

    # ----------------------------------------------------------------- reading
    def vector_search(self, query_vector: np.ndarray, k: int) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first."""
        if self._down is not None:
            if time.monotonic() < self._down[0]:
                raise self._down[1]
            self._down = None  # time to try the store again
        try:
            # No `collection.count()` guard: an empty collection answers a query with no ids
            # (chromadb ≥ 1.0), and counting cost ~14 ms per query at 100,000 chunks.
            # Typical-question vectors stand for their chunk; ask for more so k chunks remain.
            # Filtered inside the vector search, so another workspace's documents never take the k places.
            # Only when some files are hidden from this view: a filtered query costs ~300 ms at
            # 100,000 chunks against ~25 ms unfiltered (chromadb 1.5), and one team sees everything.
            where: Any = None
            if self.visible is not None and not self.records.workspaces() <= set(self.visible):
                where = {"workspace": {"$in": list(self.visible)}}
            result = self.collection.query(
                query_embeddings=[query_vector], n_results=k * 2, where=where, include=["distances"]
            )
        except Exception as exc:
            error = _chroma_down(self.settings, exc)
            self._down = (time.monotonic() + VECTOR_STORE_RETRY_S, error)
            raise error from exc
        distances = result["distances"] or [[]]
        best: dict[str, float] = {}
        for vid, dist in zip(result["ids"][0], distances[0], strict=True):
            cid = vid.split(_QUESTION_MARK, 1)[0]
            best.setdefault(cid, 1.0 - float(dist))  # results come best first
        return list(best.items())[:k]

    def keyword_search(self, text: str, k: int) -> list[str]:
        """Chunk ids ranked by BM25 over title, section and text, best first."""
        return self.records.keyword_search(text, k, self.visible)

    def passages(self, ids: Iterable[str]) -> dict[str, Passage]:
        """Committed chunks by id that this workspace may see: a vector whose passage cannot be shown does not count."""
        return self.records.passages(ids, self.visible)

    def section_passages(self, source: str, section: str) -> list[Passage]:
        """Every chunk of one section of one file, in reading order: the section, whole."""
        return self.records.section_passages(source, section, self.visible)

    def section_titles(self) -> list[tuple[str, str, str]]:
        """(source, document title, section) of every section, in file order."""
        return self.records.section_titles(self.visible)

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        if not ids:
            return {}
        got = self.collection.get(ids=list(ids), include=["embeddings"])
        embeddings = got["embeddings"] if got["embeddings"] is not None else []
        return {cid: np.asarray(vec, dtype=np.float32) for cid, vec in zip(got["ids"], embeddings, strict=True)}

    def sentences_of(self, passages: Sequence[Passage]) -> list[tuple[list[str], np.ndarray]]:
        """Each passage's sentences with their vectors; missing vectors are embedded now (and cached)."""
        stored: dict[str, tuple[list[str], np.ndarray]] = {
            cid: (sentences, np.frombuffer(blob, dtype=np.float16).astype(np.float32).reshape(-1, self._dim))
            for cid, (sentences, blob) in self.records.sentence_rows([p.id for p in passages]).items()
        }
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
        return self.records.all_chunk_texts(self.visible)
