from pathlib import Path

import pytest

from assistant.errors import DocumentError
from assistant.knowledge.documents import find_files, load_chunks, parse_stages


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with one line of Helvetica text, built by hand (no writer library needed)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def test_markdown_is_split_by_headings_with_metadata(tmp_path: Path) -> None:
    doc = _write(
        tmp_path / "guide.md",
        "# Tuning guide\n\nStages: Adapt & align, Application integration\n\nIntro text about tuning models.\n\n"
        "## LoRA basics\n\nLoRA trains small low-rank matrices beside frozen weights.\n\n"
        "## Quantisation\n\nQuantisation stores weights with fewer bits to save memory.\n",
    )
    chunks = load_chunks(doc)
    assert [c.section for c in chunks] == ["Overview", "LoRA basics", "Quantisation"]
    assert all(c.title == "Tuning guide" for c in chunks)
    assert all(c.stages == ["adapt_align", "integrate"] for c in chunks)
    assert "Stages:" not in " ".join(c.text for c in chunks)
    assert chunks[1].text.startswith("LoRA trains")
    assert len({c.id for c in chunks}) == 3


def test_long_sections_are_split_by_size_and_keep_their_heading(tmp_path: Path) -> None:
    body = " ".join(f"Sentence number {i} explains one more detail of batching requests." for i in range(120))
    chunks = load_chunks(_write(tmp_path / "long.md", f"# Serving\n\n## Batching\n\n{body}\n"))
    assert len(chunks) > 3
    assert all(c.section == "Batching" for c in chunks)
    assert all(len(c.text) <= 1200 for c in chunks)


def test_text_file_uses_file_name_as_title(tmp_path: Path) -> None:
    chunks = load_chunks(_write(tmp_path / "team_notes.txt", "Our team reviews every prompt change on Mondays."))
    assert chunks[0].title == "team notes"
    assert chunks[0].section == "team notes"


def test_pdf_text_is_extracted_per_page(tmp_path: Path) -> None:
    path = tmp_path / "handbook.pdf"
    path.write_bytes(minimal_pdf("Golden test sets are versioned with the prompts."))
    chunks = load_chunks(path)
    assert chunks[0].section == "Page 1"
    assert "Golden test sets are versioned" in chunks[0].text


def test_broken_pdf_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"this is not a pdf at all")
    with pytest.raises(DocumentError, match=r"broken\.pdf"):
        load_chunks(path)


def test_unsupported_and_missing_paths_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(DocumentError, match="unsupported"):
        find_files([_write(tmp_path / "data.csv", "a,b")])
    with pytest.raises(DocumentError, match="no such file"):
        find_files([tmp_path / "missing"])


def test_stage_line_is_parsed_case_insensitively() -> None:
    assert parse_stages("# T\n\nstages: scope, SELECT\n") == ["scope", "select"]
    assert parse_stages("# T\n\nNo stage line here\n") == []
