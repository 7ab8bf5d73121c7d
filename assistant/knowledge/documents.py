"""Reading source files (.md, .txt, .pdf) and splitting them into chunks with metadata.

Uploaded files are hostile input: every step here is linear in the input (no regex
that can backtrack across lines), every parser failure becomes a `DocumentError`
naming the file, and a chunk budget stops one file from flooding the store.
`documents_isolated` runs the parsing in a worker process with a deadline, so a
file that still takes too long is skipped without freezing anyone else.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import logging
import multiprocessing
import re
from dataclasses import dataclass, field
from functools import cache
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from assistant.errors import DocumentError
from assistant.knowledge.injection import Quarantine, quarantine_text, remove_invisible
from assistant.knowledge.models import Chunk
from assistant.settings import PROJECT_ROOT

log = logging.getLogger(__name__)

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

# `[ \t]` and never `\s` at a line start: `\s*` also eats newlines, so on a file of blank
# lines every line start re-scanned the rest of the file (quadratic; 100 KiB froze the server).
_STAGES_LINE = re.compile(r"^[ \t]*stages?[ \t]*:[ \t]*(\S[^\n]*)$", re.IGNORECASE | re.MULTILINE)
_TITLE_LINE = re.compile(r"^#[ \t]+(\S[^\n]*)$", re.MULTILINE)
# Defaults for callers without settings (tests, the CLI on trusted folders).
DEFAULT_MAX_CHUNKS = 1500
DEFAULT_MAX_PDF_PAGES = 2000
# "Questions: What is X? How do we Y?" under a heading: questions the section answers, in our
# own words. They are embedded beside the section (doc2query) and never shown in answers.
_QUESTIONS_LINE = re.compile(r"^\s*questions\s*:\s*(.+)$", re.IGNORECASE | re.MULTILINE)


def split_questions_line(body: str) -> tuple[str, list[str]]:
    """The section body without its `Questions:` lines, and the questions they list."""
    questions = [
        q.strip() for line in _QUESTIONS_LINE.findall(body) for q in re.split(r"(?<=\?)\s+", line) if q.strip()
    ]
    return _QUESTIONS_LINE.sub("", body), questions


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


@cache
def _splitters() -> tuple[Any, Any]:
    """(by heading, by size). LangChain's splitters take ~0.4 s to import: only ingestion pays it."""
    from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter

    by_heading = MarkdownHeaderTextSplitter(
        headers_to_split_on=[("#", "h1"), ("##", "h2"), ("###", "h3")], strip_headers=True
    )
    by_size = RecursiveCharacterTextSplitter(
        chunk_size=CHUNK_SIZE,
        chunk_overlap=CHUNK_OVERLAP,
        separators=["\n\n", "\n- ", "\n", ". ", " ", ""],
        keep_separator="end",
    )
    return by_heading, by_size


def _markdown_sections(text: str, title: str) -> list[tuple[str, str]]:
    text = _STAGES_LINE.sub("", text, count=1)
    sections = []
    for doc in _splitters()[0].split_text(text):
        meta = doc.metadata
        heading = meta.get("h3") or meta.get("h2") or ("Overview" if meta.get("h1") else title)
        if meta.get("h3") and meta.get("h2"):
            heading = f"{meta['h2']}: {meta['h3']}"
        sections.append((heading, doc.page_content))
    return sections


@dataclass
class LoadedDocument:
    chunks: list[Chunk]
    quarantine: Quarantine = field(default_factory=Quarantine)


def _pdf_title(reader: Any, path: Path) -> str:
    # /Title can be any PDF object (a number, a dictionary, a broken reference): only a string is a title.
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:
        title = None
    if isinstance(title, str) and title.strip():
        return " ".join(title.split())[:200]
    return path.stem.replace("-", " ").replace("_", " ")


def _pdf_sections(path: Path, max_pages: int) -> tuple[str, list[tuple[str, str]]]:
    from pypdf import PdfReader

    # pypdf logs every repair it attempts on a broken file; the one-line DocumentError is what users need.
    logging.getLogger("pypdf").setLevel(logging.ERROR)

    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise DocumentError(f"{path.name}: the PDF is encrypted; upload an unprotected copy")
        count = len(reader.pages)
        if count == 0:
            raise DocumentError(f"{path.name}: the PDF has no pages")
        if count > max_pages:
            raise DocumentError(f"{path.name}: the PDF has {count:,} pages; the limit is {max_pages:,}")
        title = _pdf_title(reader, path)
        pages = [(f"Page {i}", page.extract_text() or "") for i, page in enumerate(reader.pages, start=1)]
    except DocumentError:
        raise
    except RecursionError as exc:
        raise DocumentError(f"{path.name}: not a readable PDF (nested too deeply)") from exc
    except Exception as exc:
        raise DocumentError(f"{path.name}: not a readable PDF ({type(exc).__name__}: {_short(exc)})") from exc
    return title, pages


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:120] + ("…" if len(text) > 120 else "")


def _looks_like_text(text: str) -> bool:
    """Binary data decodes to something in many 8-bit encodings; real text has few control characters."""
    sample = text[:200_000]
    if not sample:
        return True
    bad = sum(1 for ch in sample if (ch < " " and ch not in "\t\n\r\f") or ch == "\ufffd")
    return bad / len(sample) < 0.01


_LATIN_SCRIPT_ENCODINGS = {
    "cp1250",
    "cp1252",
    "cp1257",
    "latin_1",
    "iso8859_2",
    "iso8859_3",
    "iso8859_4",
    "iso8859_9",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_15",
    "iso8859_16",
    "mac_roman",
    "mac_latin2",
    "cp850",
    "cp437",
}


def _fits_cp1252(data: bytes) -> bool:
    try:
        data.decode("cp1252")
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 first (with or without BOM), UTF-16 by its BOM, else the encoding charset-normalizer finds."""
    text: str | None = None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            text = None
    if text is None:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = None
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise DocumentError(f"{name}: not a text file (no known text encoding fits)")
        if best.encoding in _LATIN_SCRIPT_ENCODINGS:
            # Short Western text fits several 8-bit code pages equally well; Windows-1252 (a
            # superset of Latin-1) is by far the most common, so it wins among Latin-script ones.
            text = data.decode("cp1252", errors="replace") if _fits_cp1252(data) else data.decode("latin-1")
        else:
            text = str(best)
    if not _looks_like_text(text):
        raise DocumentError(f"{name}: not a text file (it looks like binary data)")
    return text.replace("\x00", "").replace("\r\n", "\n").replace("\r", "\n")


def _estimated_chunks(sections: list[tuple[str, str]]) -> int:
    step = CHUNK_SIZE - CHUNK_OVERLAP
    return sum(len(body) // step + 1 for _, body in sections if body.strip())


def load_document(
    path: Path,
    source: str | None = None,
    *,
    screen: bool = True,
    max_chunks: int = DEFAULT_MAX_CHUNKS,
    max_pdf_pages: int = DEFAULT_MAX_PDF_PAGES,
) -> LoadedDocument:
    """Split one file: by headings first (so a chunk never straddles two topics), then by size.

    With `screen`, injection-like sentences are quarantined (left out, reported);
    invisible characters are always removed.
    """
    source = source or display_path(path)
    suffix = path.suffix.lower()
    stages: list[str] = []
    quarantine = Quarantine()
    if suffix == ".pdf":
        title, sections = _pdf_sections(path, max_pdf_pages)
        if screen:
            screened = []
            for section, body in sections:
                body, found = quarantine_text(body)
                quarantine.sentences += found.sentences
                screened.append((section, body))
            sections = screened
        else:
            sections = [(section, remove_invisible(body)[0]) for section, body in sections]
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocumentError(f"{path.name}: could not be read ({exc.strerror or type(exc).__name__})") from exc
        text = decode_text(data, path.name)
        if not text.strip():
            raise DocumentError(f"{path.name}: no text found")
        # The budget first: screening and splitting a 20 MB line would cost seconds for nothing.
        if _estimated_chunks([(path.name, text)]) > max_chunks * 2:
            raise DocumentError(_over_budget(path.name, _estimated_chunks([(path.name, text)]), max_chunks))
        if screen:
            text, quarantine = quarantine_text(text)
        else:
            text = remove_invisible(text)[0]
        title_match = _TITLE_LINE.search(text)
        title = title_match.group(1).strip()[:200] if title_match else path.stem.replace("-", " ").replace("_", " ")
        stages = parse_stages(text)
        sections = _markdown_sections(text, title) if suffix in {".md", ".markdown"} else [(title, text)]

    estimate = _estimated_chunks(sections)
    if estimate > max_chunks * 2:
        raise DocumentError(_over_budget(path.name, estimate, max_chunks))
    chunks: list[Chunk] = []
    for section, body in sections:
        body, questions = split_questions_line(body)
        body = body.strip()
        if not body:
            continue
        for n, piece in enumerate(_splitters()[1].split_text(body)):
            piece = piece.strip()
            if len(piece) < 20:
                continue
            order = len(chunks)
            chunks.append(
                Chunk(
                    id=_chunk_id(source, order, piece),
                    source=source,
                    title=title,
                    section=section[:200],
                    stages=stages,
                    order=order,
                    text=piece,
                    questions=questions if n == 0 else [],
                )
            )
            if len(chunks) > max_chunks:
                raise DocumentError(_over_budget(path.name, estimate, max_chunks))
    if not chunks:
        if quarantine:
            raise DocumentError(f"{path.name}: nothing left to index once instructions addressed to an AI were removed")
        raise DocumentError(f"{path.name}: no text found")
    return LoadedDocument(chunks, quarantine)


def _over_budget(name: str, estimate: int, max_chunks: int) -> str:
    return (
        f"{name}: too long for one document (about {estimate:,} passages; the limit is {max_chunks:,}); "
        "split it into smaller files"
    )


def load_chunks(path: Path, source: str | None = None, **options: Any) -> list[Chunk]:
    return load_document(path, source, **options).chunks


# ------------------------------------------------------------ isolated parsing
def _guarded_load(path: Path, source: str, options: dict[str, Any]) -> LoadedDocument | DocumentError:
    try:
        return load_document(path, source, **options)
    except DocumentError as exc:
        return exc
    except MemoryError:
        return DocumentError(f"{path.name}: too large to read")
    except RecursionError:
        return DocumentError(f"{path.name}: nested too deeply to read")
    except Exception as exc:
        log.warning("reading %s failed", path.name, exc_info=True)
        return DocumentError(f"{path.name}: could not be read ({type(exc).__name__}: {_short(exc)})")


def _worker(conn: Connection) -> None:
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        path, source, options = job
        conn.send(_guarded_load(Path(path), source, options))


class IsolatedParser:
    """Parses files in a worker process; a file over the deadline is skipped and the worker replaced.

    A regex or a parser stuck in C code holds the interpreter's lock: in a thread it
    would freeze every user of the server, in a process it can be killed.
    """

    def __init__(self, timeout_s: float) -> None:
        self.timeout_s = timeout_s
        self._proc: Any = None
        self._conn: Connection | None = None

    def _start(self) -> Connection:
        if self._conn is None:
            # spawn: forking a threaded server (Streamlit, Chroma) can copy held locks.
            ctx = multiprocessing.get_context("spawn")
            parent, child = ctx.Pipe()
            self._proc = ctx.Process(target=_worker, args=(child,), daemon=True, name="document-parser")
            self._conn = parent
            try:
                self._proc.start()
                child.close()
                ready = parent.poll(120) and parent.recv() == "ready"
            except (OSError, EOFError, RuntimeError) as exc:
                log.warning("document reader could not start: %s", exc)
                ready = False
            if not ready:
                self._kill()
                raise DocumentError("the document reader could not start; please try again")
        assert self._conn is not None
        return self._conn

    def _kill(self) -> None:
        if self._proc is not None and self._proc.pid is not None:
            self._proc.kill()
            self._proc.join(5)
        if self._conn is not None:
            self._conn.close()
        self._proc = self._conn = None

    def load(self, path: Path, source: str, **options: Any) -> LoadedDocument:
        try:
            conn = self._start()
        except DocumentError as exc:
            raise DocumentError(f"{path.name}: {exc.user_message}") from exc
        try:
            conn.send((str(path), source, options))
            if conn.poll(self.timeout_s):
                result = conn.recv()
            else:
                self._kill()
                raise DocumentError(
                    f"{path.name}: took longer than {self.timeout_s:g} s to read and was skipped; "
                    "try a smaller or simpler file"
                )
        except (EOFError, OSError, BrokenPipeError) as exc:
            # The worker died (out of memory, a crash in C code): that file's failure, not the batch's.
            self._kill()
            raise DocumentError(f"{path.name}: the document reader stopped while reading this file") from exc
        if isinstance(result, DocumentError):
            raise result
        return result

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(OSError):
                self._conn.send(None)
            if self._proc is not None:
                self._proc.join(2)
        self._kill()

    def __enter__(self) -> IsolatedParser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
