"""Reading source files (.md, .txt, .pdf) and splitting them into chunks with metadata."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

from assistant.errors import DocumentError
from assistant.knowledge.models import Chunk
from assistant.settings import PROJECT_ROOT

SUPPORTED_SUFFIXES = {".md", ".markdown", ".txt", ".pdf"}
CHUNK_SIZE = 1200
CHUNK_OVERLAP = 150

STAGE_ALIASES = {
    "scope": "scope",
    "select": "select",
    "adapt & align": "adapt_align",
    "adapt and align": "adapt_align",
    "adapt_align": "adapt_align",
    "application integration": "integrate",
    "integrate": "integrate",
}

_STAGES_LINE = re.compile(r"^\s*stages?\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_TITLE_LINE = re.compile(r"^#\s+(.+)$", re.MULTILINE)
# "Questions: What is X? How do we Y?" under a heading: questions the section answers, in our
# own words. They are embedded beside the section (doc2query) and never shown in answers.
_QUESTIONS_LINE = re.compile(r"^\s*questions\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def split_questions_line(body: str) -> tuple[str, list[str]]:
    """The section body without its `Questions:` lines, and the questions they list."""
    questions = [
        q.strip() for line in _QUESTIONS_LINE.findall(body) for q in re.split(r"(?<=\?)\s+", line) if q.strip()
    ]
    return _QUESTIONS_LINE.sub("", body), questions


@dataclass(frozen=True)
class SourceFile:
    path: Path
    source: str  # the stable name stored with every chunk
    sha256: str


def display_path(path: Path) -> str:
    path = path.resolve()
    try:
        return path.relative_to(PROJECT_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def find_files(paths: list[Path]) -> list[Path]:
    found: set[Path] = set()
    for path in paths:
        if path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise DocumentError(f"{path}: unsupported file type (use .md, .txt or .pdf)")
            found.add(path)
        else:
            raise DocumentError(f"{path}: no such file or folder")
    return sorted(p.resolve() for p in found)


def parse_stages(text: str) -> list[str]:
    match = _STAGES_LINE.search(text[:2000])
    if not match:
        return []
    stages = []
    for part in match.group(1).split(","):
        key = STAGE_ALIASES.get(part.strip().lower())
        if key and key not in stages:
            stages.append(key)
    return stages


def _chunk_id(source: str, order: int, text: str) -> str:
    return hashlib.sha1(f"{source}\0{order}\0{text}".encode()).hexdigest()[:20]


_size_splitter = RecursiveCharacterTextSplitter(
    chunk_size=CHUNK_SIZE,
    chunk_overlap=CHUNK_OVERLAP,
    separators=["\n\n", "\n- ", "\n", ". ", " ", ""],
    keep_separator="end",
)
_heading_splitter = MarkdownHeaderTextSplitter(
    headers_to_split_on=[("#", "h1"), ("##", "h2"), ("###", "h3")], strip_headers=True
)


def _markdown_sections(text: str, title: str) -> list[tuple[str, str]]:
    text = _STAGES_LINE.sub("", text, count=1)
    sections = []
    for doc in _heading_splitter.split_text(text):
        meta = doc.metadata
        heading = meta.get("h3") or meta.get("h2") or ("Overview" if meta.get("h1") else title)
        if meta.get("h3") and meta.get("h2"):
            heading = f"{meta['h2']}: {meta['h3']}"
        sections.append((heading, doc.page_content))
    return sections


def _pdf_sections(path: Path) -> tuple[str, list[tuple[str, str]]]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(path)
        title = (reader.metadata.title if reader.metadata else None) or path.stem.replace("-", " ").replace("_", " ")
        pages = [(f"Page {i}", page.extract_text() or "") for i, page in enumerate(reader.pages, start=1)]
    except (PdfReadError, OSError, ValueError) as exc:
        raise DocumentError(f"{path.name}: not a readable PDF ({exc})") from exc
    return title, pages


def load_chunks(path: Path, source: str | None = None) -> list[Chunk]:
    """Split one file: by headings first (so a chunk never straddles two topics), then by size."""
    source = source or display_path(path)
    suffix = path.suffix.lower()
    stages: list[str] = []
    if suffix == ".pdf":
        title, sections = _pdf_sections(path)
    else:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise DocumentError(f"{path.name}: not UTF-8 text") from exc
        title_match = _TITLE_LINE.search(text)
        title = title_match.group(1).strip() if title_match else path.stem.replace("-", " ").replace("_", " ")
        stages = parse_stages(text)
        sections = _markdown_sections(text, title) if suffix in {".md", ".markdown"} else [(title, text)]

    chunks: list[Chunk] = []
    for section, body in sections:
        body, questions = split_questions_line(body)
        body = body.strip()
        if not body:
            continue
        for n, piece in enumerate(_size_splitter.split_text(body)):
            piece = piece.strip()
            if len(piece) < 20:
                continue
            order = len(chunks)
            chunks.append(
                Chunk(
                    id=_chunk_id(source, order, piece),
                    source=source,
                    title=title,
                    section=section,
                    stages=stages,
                    order=order,
                    text=piece,
                    questions=questions if n == 0 else [],
                )
            )
    if not chunks:
        raise DocumentError(f"{path.name}: no text found")
    return chunks
