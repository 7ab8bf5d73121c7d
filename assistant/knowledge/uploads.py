"""Storing documents that teams upload, so they can be ingested like any other file."""

from __future__ import annotations

import re
from pathlib import Path

from assistant.errors import DocumentError
from assistant.knowledge.documents import SUPPORTED_SUFFIXES
from assistant.settings import Settings

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def save_upload(settings: Settings, filename: str, data: bytes) -> Path:
    name = Path(filename).name
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(f"{name}: unsupported file type (use .md, .txt or .pdf)")
    if not data:
        raise DocumentError(f"{name}: the file is empty")
    if len(data) > MAX_UPLOAD_BYTES:
        raise DocumentError(f"{name}: larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    # Only a safe base name reaches the disk: no folders, no hidden files.
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", Path(name).stem).strip(".-") or "document"
    folder = settings.data_dir / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}{suffix}"
    path.write_bytes(data)
    return path
