"""Storing documents that teams upload, so they can be ingested like any other file.

An upload belongs to the workspace (team) it was uploaded in and is named
`uploads/<workspace>/<sha256>/<cleaned original name>`, the same on every host: two
different documents never share a name (so a later upload never replaces an earlier
one), the same document uploaded twice is the same file, and no name can reach outside
the folder. It is recorded once, by content hash, in the knowledge record's database
whichever host received it, with its original either in that database (PostgreSQL when
`DATABASE_URL` points there) or in `UPLOADS_DIR` (a folder all hosts share), so any host
can ingest it again (`restore_uploads`, `python -m assistant ingest --uploads`).
Files that fail to ingest are removed, record and all.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import DocumentError
from assistant.knowledge.documents import SUPPORTED_SUFFIXES
from assistant.knowledge.ingest import IngestEvent, IngestReport, ingest
from assistant.knowledge.models import UploadRecord
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.knowledge.store import KnowledgeStore

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Most file systems allow 255 bytes per name; the suffix needs some of them.
_MAX_STEM_BYTES = 120
_UNSAFE = re.compile(r"[^\w.\-]+")


def display_name(filename: str) -> str:
    """The name as shown in messages: last path part, no control or bidi characters, bounded length."""
    name = re.split(r"[/\\]", filename or "")[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch) not in {"Cc", "Cf", "Cs", "Co", "Cn"})
    name = name.strip() or "unnamed file"
    return name if len(name) <= 80 else name[:60] + "…" + name[-15:]


def _safe_stem(name: str) -> str:
    stem = unicodedata.normalize("NFC", Path(name).stem)
    stem = "".join(ch for ch in stem if unicodedata.category(ch)[0] not in {"C", "Z"} or ch == " ")
    stem = _UNSAFE.sub("-", stem).strip(".-_")
    encoded = stem.encode("utf-8")[:_MAX_STEM_BYTES]
    return encoded.decode("utf-8", errors="ignore").rstrip(".-_") or "document"


def stored_name(filename: str) -> str:
    """The cleaned file name an upload is kept under: a single safe path part."""
    name = display_name(filename)
    return f"{_safe_stem(name)}{Path(name).suffix.lower()}"


def upload_source(workspace: str, sha256: str, filename: str) -> str:
    """The name an upload is recorded and cited under: the same on every host."""
    return f"uploads/{workspace}/{sha256}/{stored_name(filename)}"


def _folder(settings: Settings) -> Path:
    # A shared folder holds the originals themselves; otherwise each host keeps a working copy.
    return settings.uploads_dir if settings.uploads_dir is not None else settings.data_dir


def upload_path(settings: Settings, filename: str, data: bytes, workspace: str | None = None) -> Path:
    sha = hashlib.sha256(data).hexdigest()
    return _folder(settings) / upload_source(workspace or settings.default_workspace, sha, filename)


def _write(path: Path, data: bytes) -> None:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.part")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a half-written upload is never ingested


def save_upload(settings: Settings, filename: str, data: bytes, workspace: str | None = None) -> Path:
    """Check an upload and keep it as a file (not yet recorded or ingested); the same content is one file."""
    name = display_name(filename)
    suffix = Path(name).suffix.lower()
    limit = getattr(settings, "max_upload_bytes", MAX_UPLOAD_BYTES)
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"{name}: unsupported file type (use .md, .txt or .pdf)")
    if not data:
        raise DocumentError(f"{name}: the file is empty")
    if len(data) > limit:
        raise DocumentError(f"{name}: larger than {limit / (1024 * 1024):g} MB")
    path = upload_path(settings, filename, data, workspace)
    root = (_folder(settings) / "uploads").resolve()
    if not path.resolve().is_relative_to(root) or path.name != stored_name(filename):
        raise DocumentError(f"{name}: not a valid file name")  # belt and braces: the name is one safe part
    _write(path, data)
    return path


def restore_uploads(
    settings: Settings,
    store: KnowledgeStore,
    on_event: Callable[[IngestEvent], None] | None = None,
) -> IngestReport:
    """Ingest every recorded upload this knowledge base does not hold yet, from its original
    (in the database or UPLOADS_DIR): what another host received and did not finish, or a new store."""
    committed = {source: record.sha256 for source, record in store.files().items()}
    report = IngestReport()
    by_workspace: dict[str, list[tuple[UploadRecord, Path]]] = {}
    for record in store.records.uploads():
        source = upload_source(record.workspace, record.sha256, record.name)
        if committed.get(source) == record.sha256:
            continue
        path = _folder(settings) / source
        if not path.exists():
            data = store.records.upload_data(record.workspace, record.sha256)
            if data is None:
                report.failed[source] = f"{record.name}: the original is missing (not in the database or UPLOADS_DIR)"
                continue
            _write(path, data)
        by_workspace.setdefault(record.workspace, []).append((record, path))
    for workspace, items in by_workspace.items():
        done = ingest(
            [p for _, p in items],
            store,
            on_event,
            isolate=True,
            trusted=[],
            workspace=workspace,
            sources={p: upload_source(workspace, r.sha256, r.name) for r, p in items},
        )
        for part in ("added", "updated", "unchanged", "removed"):
            getattr(report, part).extend(getattr(done, part))
        report.failed.update(done.failed)
        report.warnings.update(done.warnings)
        report.chunks_written += done.chunks_written
        report.seconds += done.seconds
    return report


@dataclass
class UploadResult:
    report: IngestReport
    errors: list[str] = field(default_factory=list)  # one line per refused file, naming it
    warnings: list[str] = field(default_factory=list)  # quarantined text, per document
    added: list[str] = field(default_factory=list)

    def summary(self) -> str:
        r = self.report
        parts = [f"{len(r.added)} added"]
        if r.updated or r.unchanged:
            parts.append(f"{len(r.updated) + len(r.unchanged)} already there")
        if self.errors:
            parts.append(f"{len(self.errors)} refused (see below)")
        if self.warnings:
            parts.append(f"{len(self.warnings)} with passages left out (see below)")
        return f"{', '.join(parts)}; {r.chunks_written} passages in {r.seconds:.1f} s"


def add_uploads(
    settings: Settings,
    store: KnowledgeStore,
    files: list[tuple[str, bytes]],
    on_event: Callable[[IngestEvent], None] | None = None,
    *,
    screen: bool = True,
    workspace: str | None = None,
) -> UploadResult:
    """Save, record and ingest a batch of uploads of `workspace` (the default one when unset);
    each bad file gets one message and the rest go in.

    `screen=False` skips the injection quarantine (only for measuring what it prevents).
    """
    workspace = workspace or settings.default_workspace
    errors: list[str] = []
    if len(files) > settings.max_documents_per_upload:
        errors.append(
            f"{len(files)} files at once; the limit is {settings.max_documents_per_upload} per upload. "
            f"The first {settings.max_documents_per_upload} were taken; add the rest separately."
        )
        files = files[: settings.max_documents_per_upload]
    saved: dict[Path, list[str]] = {}  # two names can clean to one stored file: each gets its message
    sources: dict[Path, str] = {}
    hashes: dict[Path, str] = {}
    in_database = settings.uploads_dir is None
    for filename, data in files:
        try:
            path = save_upload(settings, filename, data, workspace)
            sha = hashlib.sha256(data).hexdigest()
            # Recorded once whichever host received it; the original goes to the database unless
            # the hosts share a folder for them.
            store.records.record_upload(workspace, sha, stored_name(filename), len(data), data if in_database else None)
        except DocumentError as exc:
            errors.append(exc.user_message)
        except OSError as exc:
            errors.append(f"{display_name(filename)}: could not be stored ({exc.strerror or type(exc).__name__})")
        else:
            names = saved.setdefault(path, [])
            sources[path], hashes[path] = upload_source(workspace, sha, filename), sha
            if display_name(filename) not in names:
                names.append(display_name(filename))
    report = (
        ingest(
            list(saved),
            store,
            on_event,
            isolate=True,
            trusted=[] if screen else None,
            workspace=workspace,
            sources=sources,
        )
        if saved
        else IngestReport()
    )
    by_source = {sources[p]: p for p in saved}
    for source, reason in report.failed.items():
        failed = by_source.get(source)
        if failed is not None:
            # Messages name the file as the team knows it, not its stored name.
            errors += [reason.replace(failed.name, name) for name in saved[failed]]
            failed.unlink(missing_ok=True)  # a failed upload leaves nothing behind
            store.records.forget_upload(workspace, hashes[failed])
        else:
            errors.append(reason)
    warnings = [
        text.replace(by_source[src].name, " / ".join(saved[by_source[src]])) if src in by_source else text
        for src, text in report.warnings.items()
    ]
    return UploadResult(report=report, errors=errors, warnings=warnings, added=report.added + report.updated)
