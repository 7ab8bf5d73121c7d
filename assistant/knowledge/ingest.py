"""`ingest`: bring the store in line with a set of files, doing only the work that changed."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, Field

from assistant.errors import DocumentError
from assistant.knowledge.documents import (
    DEFAULT_MAX_CHUNKS,
    IsolatedParser,
    LoadedDocument,
    display_path,
    file_sha256,
    find_files,
    load_document,
)
from assistant.knowledge.models import Chunk
from assistant.knowledge.sentences import split_sentences
from assistant.knowledge.store import KnowledgeStore
from assistant.settings import PROJECT_ROOT, SHARED_WORKSPACE

FileOutcome = Literal["added", "updated", "unchanged", "removed", "failed"]


class IngestEvent(BaseModel):
    index: int
    total: int
    source: str
    outcome: FileOutcome
    chunks: int = 0
    detail: str = ""


class IngestReport(BaseModel):
    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    unchanged: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    failed: dict[str, str] = Field(default_factory=dict)
    warnings: dict[str, str] = Field(default_factory=dict, description="Per file: what was quarantined.")
    chunks_written: int = 0
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def summary(self) -> str:
        parts = [
            f"{len(self.added)} added",
            f"{len(self.updated)} updated",
            f"{len(self.unchanged)} unchanged",
            f"{len(self.removed)} removed",
        ]
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return f"{', '.join(parts)}; {self.chunks_written} chunks written in {self.seconds:.1f}s"


# Chunks embedded in one go across files (see `write_waiting` in `ingest`).
EMBED_BATCH_CHUNKS = 256


def _absolute(source: str) -> Path:
    path = Path(source)
    return path if path.is_absolute() else PROJECT_ROOT / path


def ingest(
    paths: list[Path],
    store: KnowledgeStore,
    on_event: Callable[[IngestEvent], None] | None = None,
    *,
    isolate: bool = False,
    trusted: list[Path] | None = None,
    workspace: str = SHARED_WORKSPACE,
    sources: dict[Path, str] | None = None,
) -> IngestReport:
    """Add new and changed files, drop files that vanished from the given folders.

    Raises `DocumentError` only when a given path does not exist; a file that
    cannot be read is reported in `failed` and the rest still goes in.
    With `isolate`, files are parsed in a worker process under the settings'
    deadline (uploads). Files under `trusted` folders (default: the shipped
    knowledge folder, written by us) are not screened for injected instructions.
    `workspace`: whose documents these are (uploads); shared by every workspace when unset.
    `sources`: names to record instead of the local path (uploads: the same on every host).
    """
    started = time.perf_counter()
    report = IngestReport()
    files = find_files(paths)
    manifest = store.files()
    named = {p.resolve(): name for p, name in (sources or {}).items()}

    def source_of(path: Path) -> str:
        return named.get(path.resolve()) or display_path(path)

    present = {source_of(f) for f in files}
    roots = [p.resolve() for p in paths if p.is_dir()]
    vanished = [
        src
        for src in manifest
        if src not in present and any(_absolute(src).resolve().is_relative_to(root) for root in roots)
    ]
    total = len(files) + len(vanished)

    settings = store.settings
    trusted_roots = [p.resolve() for p in (trusted if trusted is not None else [settings.knowledge_dir])]
    options = {
        "max_chunks": getattr(settings, "max_chunks_per_document", DEFAULT_MAX_CHUNKS),
        "max_pdf_pages": getattr(settings, "max_pdf_pages", 2000),
    }
    parser = IsolatedParser(settings.parse_timeout_s) if isolate else None

    def load(path: Path, source: str) -> LoadedDocument:
        screen = not any(path.is_relative_to(root) for root in trusted_roots)
        if parser is not None:
            return parser.load(path, source, screen=screen, **options)
        try:
            return load_document(path, source, screen=screen, **options)
        except DocumentError:
            raise
        except Exception as exc:
            raise DocumentError(f"{path.name}: could not be read ({type(exc).__name__})") from exc

    def emit(i: int, source: str, outcome: FileOutcome, chunks: int = 0, detail: str = "") -> None:
        if on_event:
            on_event(IngestEvent(index=i, total=total, source=source, outcome=outcome, chunks=chunks, detail=detail))

    def ingest_one(i: int, path: Path) -> None:
        source = source_of(path)
        sha = file_sha256(path)
        known = manifest.get(source)
        if known and known.sha256 == sha:
            report.unchanged.append(source)
            emit(i, source, "unchanged", known.chunks)
            return
        try:
            loaded = load(path, source)
        except DocumentError as exc:
            report.failed[source] = str(exc)
            emit(i, source, "failed", detail=str(exc))
            return
        if loaded.quarantine:
            report.warnings[source] = loaded.quarantine.summary(path.name)
        waiting.append((i, source, sha, loaded, known is not None))
        if sum(len(w[3].chunks) for w in waiting) >= EMBED_BATCH_CHUNKS:
            write_waiting()

    # Files are embedded together, up to EMBED_BATCH_CHUNKS chunks at a time: one file's 10-20
    # chunks padded to its own longest made ingestion ~25% slower than embedding the same
    # chunks sorted by length. Each file is still written (and marked done) on its own.
    waiting: list[tuple[int, str, str, LoadedDocument, bool]] = []

    def write_waiting() -> None:
        chunks = [c for *_, doc, _ in waiting for c in doc.chunks]
        vectors, sentence_vectors = store.embedder.embed_with_sentences(
            [c.embedding_text() for c in chunks], [split_sentences(c.text) for c in chunks]
        )
        asked = [(c, q) for c in chunks for q in c.questions]
        question_vectors = store.embedder.embed([q for _, q in asked]) if asked else np.zeros((0, 1))
        vector_of = {id(c): n for n, c in enumerate(chunks)}
        questions_of: dict[int, list[tuple[Chunk, str, np.ndarray]]] = {}
        for (c, q), v in zip(asked, question_vectors, strict=True):
            questions_of.setdefault(id(c), []).append((c, q, v))
        for i, source, sha, doc, known in waiting:
            rows = [vector_of[id(c)] for c in doc.chunks]
            store.replace_file(
                source,
                sha,
                doc.chunks,
                vectors[rows] if rows else vectors[:0],
                [sentence_vectors[r] for r in rows],
                questions=[item for c in doc.chunks for item in questions_of.get(id(c), [])],
                workspace=workspace,
            )
            outcome: FileOutcome = "updated" if known else "added"
            (report.updated if known else report.added).append(source)
            report.chunks_written += len(doc.chunks)
            emit(i, source, outcome, len(doc.chunks))
        waiting.clear()

    try:
        for i, path in enumerate(files, start=1):
            ingest_one(i, path)
        if waiting:
            write_waiting()
    finally:
        if parser is not None:
            parser.close()

    for j, source in enumerate(vanished, start=len(files) + 1):
        store.remove_file(source)
        report.removed.append(source)
        emit(j, source, "removed")

    if report.changed or store.status().last_built is None:
        store.mark_built()
    report.seconds = time.perf_counter() - started
    return report
