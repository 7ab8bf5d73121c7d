"""`python -m assistant chat --script FILE --format pdf|docx -o OUT`: the document a team circulates,
straight from a scripted kickoff (workshop notes included), rendered by poppler and opened by python-docx."""

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document

pytestmark = pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils missing: `make test` installs it")

SCRIPT = """\
# a kickoff, typed as people type
ok so basically we want a bot that answers HR policy questions for employees
decision: hosted model for now, revisit after pilot
about 1,200 labelled Q&A pairs
HR, Dutch and English
high - wrong answers could be a legal issue
action: Ana drafts golden set by fri
1000 questions a day, answers within 3 seconds
risk: hallucinated policy answers, high impact
hosted is fine
small budget, no GPUs
3 months, me plus two data scientists
sign-off: works council pending
"""


@pytest.fixture
def script(tmp_path: Path) -> Path:
    path = tmp_path / "kickoff.txt"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def test_chat_script_writes_a_pdf_with_the_workshop_records_and_the_gantt(
    run_cli, kb_copy: Path, script: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kickoff.pdf"
    result = run_cli(
        ["chat", "--script", str(script), "--format", "pdf", "-o", str(out), "--start", "2027-03-01"], kb_copy
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "", "a binary document never goes to standard output"
    assert "Recorded the decision: **hosted model for now" in result.stderr
    assert f"Wrote {out}" in result.stderr
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages >= 2
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(out), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == pages
    images = subprocess.run(["pdfimages", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) >= 3, "the Gantt chart is an image in the PDF"
    # Reading order (no -layout): table cells come out one after another, wrapped lines joined below.
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(text.split())
    assert "hosted model for now" in flat and "revisit after pilot" in flat
    assert "drafts golden set" in flat and "Ana" in flat
    assert "hallucinated policy answers" in flat
    assert "Personal or confidential data" in flat, "the HR scope's seeds join the risk typed during the scope"
    assert "works council" in flat
    assert "2027" in flat, "the timeline is dated from --start"


def test_chat_script_writes_a_docx_and_refuses_a_binary_on_stdout(
    run_cli, kb_copy: Path, script: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kickoff.docx"
    result = run_cli(["chat", "--script", str(script), "--format", "docx", "-o", str(out)], kb_copy)
    assert result.returncode == 0, result.stderr
    doc = Document(str(out))
    assert len(doc.inline_shapes) == 1, "the Gantt chart"
    cells = {cell.text for table in doc.tables for row in table.rows for cell in row.cells}
    assert "drafts golden set" in cells and "Ana" in cells
    assert any("hallucinated policy answers" in c for c in cells)
    refused = run_cli(["chat", "--script", str(script), "--format", "docx"], kb_copy)
    assert refused.returncode == 2 and "give a file with -o" in refused.stderr
