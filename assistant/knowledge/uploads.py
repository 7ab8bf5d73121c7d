"""Storing documents that teams upload, so they can be ingested like any other file.

An upload is stored as `<content hash>-<cleaned original name>` in the uploads
folder: two different documents never share a file (so a later upload never
replaces an earlier one), the same document uploaded twice is the same file, and
no name can reach outside the folder. Files that fail to ingest are removed.
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
from assistant.knowledge.documents import SUPPORTED_SUFFIXES, display_path
from assistant.knowledge.ingest import IngestEvent, IngestReport, ingest
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.knowledge.store import KnowledgeStore

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
# Most file systems allow 255 bytes per name; the hash prefix and suffix need some of them.
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


def upload_path(settings: Settings, filename: str, data: bytes) -> Path:
    name = display_name(filename)
    suffix = Path(name).suffix.lower()
    digest = hashlib.sha256(data).hexdigest()[:16]
    return settings.data_dir / "uploads" / f"{digest}-{_safe_stem(name)}{suffix}"


def save_upload(settings: Settings, filename: str, data: bytes) -> Path:
    name = display_name(filename)
    suffix = Path(name).suffix.lower()
    limit = getattr(settings, "max_upload_bytes", MAX_UPLOAD_BYTES)
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"{name}: unsupported file type (use .md, .txt or .pdf)")
    if not data:
        raise DocumentError(f"{name}: the file is empty")
    if len(data) > limit:
        raise DocumentError(f"{name}: larger than {limit / (1024 * 1024):g} MB")
    path = upload_path(settings, filename, data)
    folder = path.parent.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    if path.resolve().parent != folder:  # belt and braces: the name is already a single safe part
        raise DocumentError(f"{name}: not a valid file name")
    if not path.exists():
        tmp = path.with_name(f".{path.name}.part")
        tmp.write_bytes(data)
        tmp.replace(path)  # atomic: a half-written upload is never ingested
    return path


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
) -> UploadResult:
    """Save and ingest a batch of uploads; each bad file gets one message and the rest go in.

    `screen=False` skips the injection quarantine (only for measuring what it prevents).
    """
    errors: list[str] = []
    if len(files) > settings.max_documents_per_upload:
        errors.append(
            f"{len(files)} files at once; the limit is {settings.max_documents_per_upload} per upload. "
            f"The first {settings.max_documents_per_upload} were taken; add the rest separately."
        )
        files = files[: settings.max_documents_per_upload]
    saved: dict[Path, list[str]] = {}  # two names can clean to one stored file: each gets its message
    for filename, data in files:
        try:
            path = save_upload(settings, filename, data)
        except DocumentError as exc:
            errors.append(exc.user_message)
        except OSError as exc:
            errors.append(f"{display_name(filename)}: could not be stored ({exc.strerror or type(exc).__name__})")
        else:
            names = saved.setdefault(path, [])
            if display_name(filename) not in names:
                names.append(display_name(filename))
    report = (
        ingest(list(saved), store, on_event, isolate=True, trusted=[] if screen else None) if saved else IngestReport()
    )
    by_source = {display_path(p): p for p in saved}
    for source, reason in report.failed.items():
        failed = by_source.get(source)
        if failed is not None:
            # Messages name the file as the team knows it, not its stored name.
            errors += [reason.replace(failed.name, name) for name in saved[failed]]
            failed.unlink(missing_ok=True)  # a failed upload leaves nothing behind
        else:
            errors.append(reason)
    warnings = [
        text.replace(by_source[src].name, " / ".join(saved[by_source[src]])) if src in by_source else text
        for src, text in report.warnings.items()
    ]
    return UploadResult(report=report, errors=errors, warnings=warnings, added=report.added + report.updated)
