"""PDF and DOCX exports a team circulates: rendered for real, then read back as a reader would."""

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from docx import Document

from assistant.plan import Recommender, Scope
from assistant.plan.report import build_report, gantt_png, render, to_docx, to_pdf
from assistant.plan.schema import Citation

SCOPE = Scope(
    use_case="Answer HR policy questions for employees",
    users="employees",
    tasks=["question_answering"],
    has_documents=True,
    documents_change="monthly",
    hosted_allowed=False,
    quality_bar="high",
    timeline_weeks=16,
    start_date=date(2027, 1, 4),
)
needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftoppm"), reason="poppler-utils missing: `make test` installs it"
)


@pytest.fixture(scope="module")
def plan():
    # A stand-in for retrieval: every rule cites one passage per query, as the real finder does.
    def cite(query: str) -> list[Citation]:
        return [Citation(source=f"knowledge/{len(query) % 5}.md", section=query[:40])]

    return Recommender(cite).plan(SCOPE, open_questions=["Budget: not decided yet"])


@pytest.fixture(scope="module")
def pdf(plan) -> bytes:
    return render(plan, "pdf", as_of=date(2026, 11, 25), participants=["Ana (facilitator)", "Bo (ML)"])


@needs_poppler
def test_pdf_renders_to_pages_with_the_gantt_image(pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert 3 <= len(pages) <= 8
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    image_rows = [line for line in images.splitlines()[2:] if line.strip()]
    assert len(image_rows) >= 1  # the Gantt chart, embedded as a picture


@needs_poppler
def test_pdf_text_has_cover_sections_tables_and_numbered_sources(pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Participants: Ana (facilitator), Bo (ML)" in text and "25 November 2026" in text
    for heading in ("Summary", "1. Scope", "2. Model selection", "3. Adapt & align", "6. Risk register", "8. Timeline"):
        assert heading in text
    assert "Budget: not decided yet" in text  # open questions travel with the plan
    assert "04 Jan 2027" in text and "Deadline: 25 Apr 2027" in text  # dated timeline and milestones
    assert "[1] knowledge/" in text


def test_docx_has_the_same_sections_tables_and_chart(plan) -> None:
    data = to_docx(build_report(plan, as_of=date(2026, 11, 25), chart=gantt_png(plan)))
    doc = Document(io.BytesIO(data))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert "6. Risk register" in headings and "Sources" in headings
    risk_table = next(t for t in doc.tables if t.cell(0, 0).text == "Risk")
    assert len(risk_table.rows) == len(plan.risks) + 1
    assert len(doc.inline_shapes) == 1


def test_team_text_cannot_become_pdf_markup(plan) -> None:
    hostile = plan.model_copy(update={"title": "<b>Q3</b> & <font color=red>launch</font>"})
    data = to_pdf(build_report(hostile, as_of=date(2026, 11, 25)))
    assert data.startswith(b"%PDF")  # reportlab would raise on unbalanced or unknown markup


@needs_poppler
def test_pdf_carries_the_workshop_decisions_actions_register_and_sign_offs(plan, tmp_path: Path) -> None:
    from assistant.plan.workshop import Workshop, add_note, parse_note, seed_risks

    workshop = Workshop(
        risks=seed_risks(SCOPE, lambda q: [Citation(source="knowledge/17-responsible-ai.md", section=q)])
    )
    for text in (
        "decision: we start with a hosted model because legal needs time",
        "action: Ana drafts the golden test set by Friday",
        "sign-off: works council pending",
    ):
        note = parse_note(text, "Bo", date(2026, 11, 25))
        assert note is not None
        workshop = add_note(workshop, note)
    path = tmp_path / "plan.pdf"
    path.write_bytes(to_pdf(build_report(plan, as_of=date(2026, 11, 25), workshop=workshop)))
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "we start with a hosted model" in text and "legal needs time" in text
    assert "drafts the golden test set" in text and "27 Nov 2026" in text
    assert "works council" in text and "pending" in text
    assert "Likelihood" in text and "privacy" in text  # the register, with categories
