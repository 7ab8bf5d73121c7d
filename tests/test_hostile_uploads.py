"""Hostile uploads: linear parsing, every failure one message naming the file, unique names, encodings."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from assistant.bootstrap import build
from assistant.errors import DocumentError
from assistant.knowledge import add_uploads
from assistant.knowledge.documents import IsolatedParser, load_document
from assistant.knowledge.embeddings import LocalEmbedder
from assistant.knowledge.uploads import save_upload
from assistant.settings import Settings
from tests.conftest import make_settings
from tests.support.hostile import claimed_pages_pdf, encrypted_pdf, odd_title_pdf, text_pdf, zero_page_pdf

GOOD = b"# Labelling\n\n## Weekly volume\n\nOur SMEs label 200 support tickets every week for the golden set.\n"


def _uploads(settings: Settings) -> list[Path]:
    folder = settings.data_dir / "uploads"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_blank_lines_and_pathological_markdown_parse_in_a_worker_within_its_deadline(tmp_path: Path) -> None:
    # 100 KiB of blank lines used to take ~50 s in the `Stages:` regex (quadratic); 5 MiB would take hours.
    files = {
        "blank.md": b"\n" * (5 * 1024 * 1024),
        "blank-spaces.md": b"# T\n" + b" \n\t\n" * (1024 * 1024),
        "stages.md": b"# T\n\nstages:" + b" " * 2_000_000 + b"\n\nSome real text about evaluation sets here.\n",
        "nested.md": b"# T\n\n" + b">" * 200_000 + b" deep\n\n" + b"- " * 50_000 + b"x\n" + b"[" * 200_000,
        "hashes.md": b"#\n" * 1_000_000 + b"Some real text about evaluation sets here.\n",
    }
    outcomes = {}
    with IsolatedParser(timeout_s=60) as parser:
        for name, data in files.items():
            path = tmp_path / name
            path.write_bytes(data)
            try:
                outcomes[name] = len(parser.load(path, name, screen=True).chunks)
            except DocumentError as exc:
                outcomes[name] = str(exc)
    assert not any("took longer" in str(v) for v in outcomes.values()), outcomes
    assert outcomes["blank.md"] == "blank.md: no text found"
    assert isinstance(outcomes["stages.md"], int)


def test_a_file_over_the_deadline_is_skipped_and_the_next_one_still_parses(tmp_path: Path) -> None:
    slow = tmp_path / "slow.md"
    slow.write_bytes(b"# T\n\n" + b"Words of a long but ordinary document. " * 30_000)
    good = tmp_path / "good.md"
    good.write_bytes(GOOD)
    with IsolatedParser(timeout_s=0.05) as parser:
        with pytest.raises(DocumentError, match=r"slow\.md: took longer than 0\.05 s"):
            parser.load(slow, "slow.md", screen=True)
        parser.timeout_s = 60
        assert parser.load(good, "good.md", screen=True).chunks[0].text.startswith("Our SMEs label 200")


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("locked.pdf", encrypted_pdf(), "encrypted"),
        ("empty-doc.pdf", zero_page_pdf(), "no pages"),
        ("claims.pdf", claimed_pages_pdf(100_000), "100,000 pages"),
        ("cut.pdf", text_pdf("Evaluation sets are versioned with prompts.")[:200], "not a readable PDF"),
        ("garbage.pdf", b"%PDF-1.7\n" + bytes(range(256)) * 40, "not a readable PDF"),
        ("binary.md", bytes(range(256)) * 100, "not a text file"),
        ("nul.txt", b"\x00\x01\x02\x03" * 1000, "not a text file"),
    ],
)
def test_parser_failures_are_one_line_messages_naming_the_file(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(DocumentError, match=message) as caught:
        load_document(path)
    assert caught.value.user_message.startswith(f"{name}: ") and "\n" not in caught.value.user_message


def test_pdf_title_of_a_non_string_type_falls_back_to_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "numbered-title.pdf"
    path.write_bytes(text_pdf("Golden test sets are versioned with the prompts.", title=42))
    assert load_document(path).chunks[0].title == "numbered title"
    odd = tmp_path / "odd.pdf"
    odd.write_bytes(odd_title_pdf())
    with pytest.raises(DocumentError, match="no text found"):  # blank page; the dictionary title is no crash
        load_document(odd)


def test_utf16_and_latin1_text_is_read(tmp_path: Path) -> None:
    utf16 = tmp_path / "notes16.txt"
    utf16.write_bytes("Les équipes évaluent les modèles chaque été à Genève.".encode("utf-16"))
    latin = tmp_path / "notes1.txt"
    latin.write_bytes("Les équipes évaluent les modèles chaque été à Genève, très régulièrement.".encode("latin-1"))
    bom8 = tmp_path / "bom.md"
    bom8.write_bytes(codecs.BOM_UTF8 + "# Titre\n\nLes équipes évaluent les modèles.".encode())
    assert "évaluent les modèles chaque été à Genève" in load_document(utf16).chunks[0].text
    assert "évaluent les modèles chaque été à Genève" in load_document(latin).chunks[0].text
    assert load_document(bom8).chunks[0].title == "Titre"


def test_chunk_budget_refuses_a_flood_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "flood.md"
    path.write_bytes(b"# Flood\n\n" + b"One more sentence about evaluation.\n\n" * 20_000)
    with pytest.raises(DocumentError, match=r"flood\.md: too long for one document .* the limit is 50"):
        load_document(path, max_chunks=50)


def test_names_never_collide_or_escape_the_uploads_folder(empty_store_settings: Settings) -> None:
    names = [
        "é.md",
        "ü.md",
        "a b.md",
        "a-b.md",
        "../../etc/passwd.md",
        "x\x00y.md",
        "\u202eevil\u202c.md",
        "n" * 300 + ".md",
    ]
    paths = [save_upload(empty_store_settings, name, GOOD + name.encode("utf-8", "replace")) for name in names]
    folder = (empty_store_settings.data_dir / "uploads").resolve()
    assert len(set(paths)) == len(names)
    assert all(p.resolve().is_relative_to(folder) and p.resolve().parent.parent.parent == folder for p in paths)
    assert all(len(p.name.encode()) <= 255 for p in paths)
    # The same document uploaded twice is the same file, not a second copy.
    assert save_upload(empty_store_settings, "é.md", GOOD + "é.md".encode()) == paths[0]


def test_a_batch_continues_past_bad_files_names_each_and_removes_failed_uploads(
    tmp_path: Path, embedder: LocalEmbedder
) -> None:
    settings = make_settings(tmp_path / "data")
    assistant = build(settings, embedder=embedder)
    files = [
        ("locked.pdf", encrypted_pdf()),
        ("é.md", GOOD),
        ("ü.md", GOOD.replace(b"200", b"300")),
        ("a b.md", b"# Costs\n\nThe hosted model costs 40 euros per million tokens for our team.\n"),
        ("a-b.md", b"# Latency\n\nOur gateway adds 80 milliseconds of latency to every request.\n"),
        ("binary.md", bytes(range(256)) * 50),
        ("sheet.xlsx", b"PK\x03\x04"),
        ("empty.txt", b""),
    ]
    result = add_uploads(settings, assistant.store, files)
    assert len(result.report.added) == 4 and not result.report.updated
    assert sorted(e.split(":")[0] for e in result.errors) == ["binary.md", "empty.txt", "locked.pdf", "sheet.xlsx"]
    assert all("\n" not in e for e in result.errors)
    stored = _uploads(settings)
    assert len(stored) == 4 and not any(p.name.endswith(("locked.pdf", "binary.md")) for p in stored)
    assert assistant.store.status().documents == 4


def test_too_many_files_in_one_upload_is_a_clear_message(tmp_path: Path, embedder: LocalEmbedder) -> None:
    settings = make_settings(tmp_path / "data", max_documents_per_upload=2)
    assistant = build(settings, embedder=embedder)
    files = [(f"n{i}.md", GOOD + str(i).encode()) for i in range(3)]
    result = add_uploads(settings, assistant.store, files)
    assert len(result.report.added) == 2
    assert result.errors == [
        "3 files at once; the limit is 2 per upload. The first 2 were taken; add the rest separately."
    ]


def test_fuzz_sample_has_no_crash_hang_silent_refusal_or_stray_file() -> None:
    """A small sample of benchmarks/harden/fuzz_uploads.py (which runs 1,000+ files and a burst of 100)."""
    from benchmarks.harden.fuzz_uploads import run

    results = run(scale=0.03, batch=25, burst=False, deadline=20)
    assert results["files"] >= 35  # every category at least once
    assert results["crashes"] == [] and results["slow"] == [] and results["unexplained"] == []
    assert results["outside"] == [] and results["consistent"], results["detail"]


def test_two_names_that_clean_to_one_stored_file_each_get_their_message(
    tmp_path: Path, embedder: LocalEmbedder
) -> None:
    settings = make_settings(tmp_path / "data")
    assistant = build(settings, embedder=embedder)
    result = add_uploads(settings, assistant.store, [("notes~.md", b"0"), ("notes~~.md", b"0")])
    assert result.errors == ["notes~.md: no text found", "notes~~.md: no text found"]
