"""The plan as a document a team circulates after a workshop: PDF and DOCX.

`build_report` turns a plan into a neutral list of blocks (headings, paragraphs, bullets,
tables, the Gantt image, numbered sources); `to_pdf` (reportlab) and `to_docx`
(python-docx) only lay those blocks out, so both documents always say the same thing.
Citations become numbered references [n] with the sources listed at the end.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from typing import Literal
from xml.sax.saxutils import escape

from assistant.plan.schedule import week_start
from assistant.plan.schema import AUGMENT_NAMES, STAGE_NAMES, TECHNIQUE_NAMES, Citation, ProjectPlan
from assistant.plan.workshop import Workshop, risk_category


@dataclass
class Block:
    kind: Literal["heading", "paragraph", "bullets", "table", "image"]
    text: str = ""
    level: int = 1
    items: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)  # first row is the header
    image: bytes | None = None


@dataclass
class Report:
    title: str
    subtitle: str
    blocks: list[Block]
    sources: list[str]


class _Notes:
    """Numbers sources in order of first citation: [1], [2] …"""

    def __init__(self) -> None:
        self.numbers: dict[tuple[str, str], int] = {}

    def cite(self, citations: list[Citation]) -> str:
        marks = []
        for c in citations:
            n = self.numbers.setdefault((c.source, c.section), len(self.numbers) + 1)
            marks.append(f"[{n}]")
        return "".join(marks)

    def listed(self) -> list[str]:
        return [f"[{n}] {src} — {sec}" for (src, sec), n in sorted(self.numbers.items(), key=lambda kv: kv[1])]


def gantt_png(plan: ProjectPlan) -> bytes:
    """The Gantt chart through Altair's own PNG export (vl-convert, no browser, no network)."""
    from assistant.plan.charts import gantt_chart

    buffer = io.BytesIO()
    gantt_chart(plan).save(buffer, format="png", scale_factor=2)
    return buffer.getvalue()


def build_report(
    plan: ProjectPlan,
    *,
    as_of: date,
    participants: list[str] | None = None,
    chart: bytes | None = None,
    workshop: Workshop | None = None,
) -> Report:
    notes = _Notes()
    s, m, a, e, d, g = (
        plan.scope,
        plan.model_selection,
        plan.adaptation,
        plan.evaluation,
        plan.deployment,
        plan.augmentation,
    )
    hosting = "a hosted API" if m.hosting == "hosted_api" else "open weights in your own environment"
    first = TECHNIQUE_NAMES[a.steps[0].technique] if a.steps else "no adaptation"
    augment = ", ".join(AUGMENT_NAMES[t] for t in g.techniques) or "no augmentation"
    summary = (
        f"{'Start from an existing foundation model' if m.approach == 'existing' else 'Pretrain a model'} "
        f"({m.architecture.split(' (')[0]}, {m.size_class.split(':')[0]}), run through {hosting}. "
        f"Adapt it starting with {first.lower()}; the application adds {augment.lower()}."
    )
    if plan.schedule:
        summary += " " + plan.schedule.message
    blocks: list[Block] = [Block("heading", "Summary"), Block("paragraph", summary)]

    blocks += [
        Block("heading", "1. Scope"),
        Block("paragraph", f"Use case: {s.use_case}"),
        Block("paragraph", f"Users: {s.users}"),
        Block("paragraph", f"Tasks: {', '.join(s.tasks) or 'to be decided'}"),
        Block("heading", "Constraints", level=2),
        Block("bullets", items=s.constraints or ["none stated"]),
        Block("heading", "Success criteria", level=2),
        Block("bullets", items=s.success_criteria or ["none stated"]),
    ]

    if workshop and workshop.decisions:
        blocks += [
            Block("heading", "Decisions", level=2),
            Block(
                "table",
                rows=[
                    ["Decision", "Why", "Stage", "Who", "When"],
                    *(
                        [d.choice, d.reason, STAGE_NAMES.get(d.stage or "", ""), d.who, f"{d.when:%d %b %Y}"]
                        for d in workshop.decisions
                    ),
                ],
            ),
        ]

    blocks += [
        Block("heading", "2. Model selection"),
        Block(
            "table",
            rows=[
                ["Decision", "Choice"],
                ["Approach", "existing foundation model" if m.approach == "existing" else "pretrain a model"],
                ["Architecture", m.architecture],
                ["Size class", m.size_class],
                ["Hosting", hosting],
            ],
        ),
        Block("paragraph", f"{m.rationale} {notes.cite(m.sources)}".strip()),
        Block("table", rows=[["Candidate", "Why"], *([c.name, c.why] for c in m.candidates)]),
    ]

    blocks += [
        Block("heading", "3. Adapt & align"),
        Block("paragraph", f"Climb the ladder only while the exit criteria say so. {notes.cite(a.sources)}".strip()),
        Block(
            "table",
            rows=[
                ["#", "Technique", "Why", "Move on when"],
                *([str(n), TECHNIQUE_NAMES[st.technique], st.why, st.exit_criteria] for n, st in enumerate(a.steps, 1)),
            ],
        ),
    ]

    blocks += [
        Block("heading", "4. Evaluation"),
        Block("paragraph", f"Metrics: {', '.join(e.metrics)}. Benchmarks: {', '.join(e.benchmarks)}."),
        Block("paragraph", f"{e.plan} {notes.cite(e.sources)}".strip()),
        Block("heading", "5. Deployment and augmentation"),
        Block("paragraph", f"Deployment: {d.target} {notes.cite(d.sources)}".strip()),
        Block("bullets", items=d.optimizations or ["none needed"]),
        Block("paragraph", f"Augmentation: {augment}. {g.rationale} {notes.cite(g.sources)}".strip()),
    ]

    if workshop and workshop.risks:
        register = [
            [
                r.description,
                r.category,
                r.likelihood,
                r.impact,
                f"{r.mitigation} {notes.cite(r.sources)}".strip(),
                r.owner,
            ]
            for r in workshop.risks
        ]
        # The plan's own risk lines join the register only where it has nothing of their kind yet.
        covered = {r.category for r in workshop.risks}
        register += [
            [r.risk, risk_category(r.risk), "", "", r.mitigation, ""]
            for r in plan.risks
            if risk_category(r.risk) not in covered
        ]
        risk_table = Block(
            "table", rows=[["Risk", "Category", "Likelihood", "Impact", "Mitigation", "Owner"], *register]
        )
    else:
        risk_table = Block("table", rows=[["Risk", "Mitigation"], *([r.risk, r.mitigation] for r in plan.risks)])
    blocks += [Block("heading", "6. Risk register"), risk_table]
    if workshop and workshop.actions:
        blocks += [
            Block("heading", "Actions", level=2),
            Block(
                "table",
                rows=[
                    ["Action", "Owner", "Due", "Status"],
                    *([a.what, a.owner, f"{a.due:%d %b %Y}" if a.due else "", a.status] for a in workshop.actions),
                ],
            ),
        ]
    if workshop and workshop.sign_offs:
        blocks += [
            Block("heading", "Sign-offs", level=2),
            Block("table", rows=[["Who", "Status"], *([s.party, s.status] for s in workshop.sign_offs)]),
        ]
    blocks += [
        Block("heading", "7. Open questions"),
        Block(
            "bullets",
            items=[*s.open_questions, *(q.text for q in (workshop.parking_lot if workshop else []))] or ["none"],
        ),
    ]

    start = plan.schedule.start_date if plan.schedule else None
    timeline_rows = [["Stage", "Task", "From", "To"]]
    for t in plan.timeline:
        if start is not None:
            begin, end = week_start(start, t.start_week), week_start(start, t.start_week + t.weeks)
            timeline_rows.append([STAGE_NAMES[t.stage], t.task, f"{begin:%d %b %Y}", f"{end:%d %b %Y}"])
        else:
            timeline_rows.append(
                [STAGE_NAMES[t.stage], t.task, f"week {t.start_week}", f"week {t.start_week + t.weeks}"]
            )
    blocks += [Block("heading", "8. Timeline")]
    if plan.schedule:
        blocks.append(Block("paragraph", plan.schedule.message))
    if chart is not None:
        blocks.append(Block("image", image=chart))
    blocks.append(Block("table", rows=timeline_rows))
    if plan.schedule and plan.schedule.milestones:
        blocks.append(Block("heading", "Milestones", level=2))
        blocks.append(
            Block(
                "bullets",
                items=[
                    f"{ms.name}: {ms.due:%d %b %Y}" if ms.due else f"{ms.name}: end of week {ms.week}"
                    for ms in plan.schedule.milestones
                ],
            )
        )

    for c in plan.sources:
        notes.cite([c])  # sources cited nowhere above still get a number
    people = ", ".join(participants) if participants else "not recorded"
    return Report(
        title=plan.title,
        subtitle=f"Project plan · {as_of:%d %B %Y} · Participants: {people}",
        blocks=blocks,
        sources=notes.listed(),
    )


# ------------------------------------------------------------------ PDF
def to_pdf(report: Report) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import Image, ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Spacer, Table
    from reportlab.platypus import TableStyle as TS

    styles = getSampleStyleSheet()
    body, small = styles["BodyText"], styles["BodyText"].clone("small", fontSize=8, leading=10)

    def para(text: str, style: object = body) -> Paragraph:
        # Team and document text is data: escape it so it cannot become reportlab markup.
        return Paragraph(escape(text), style)

    width = A4[0] - 4 * cm
    story: list[object] = [para(report.title, styles["Title"]), para(report.subtitle, styles["Italic"]), Spacer(1, 12)]
    for block in report.blocks:
        if block.kind == "heading":
            story.append(para(block.text, styles["Heading1" if block.level == 1 else "Heading3"]))
        elif block.kind == "paragraph":
            story.append(para(block.text))
        elif block.kind == "bullets":
            story.append(ListFlowable([ListItem(para(i)) for i in block.items], bulletType="bullet"))
        elif block.kind == "table":
            rows = [[para(cell, small) for cell in row] for row in block.rows]
            table = Table(rows, repeatRows=1, colWidths=_column_widths(block.rows, width))
            table.setStyle(
                TS(
                    [
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde5f0")),
                        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [table, Spacer(1, 6)]
        elif block.kind == "image" and block.image:
            image = Image(io.BytesIO(block.image))
            image.drawWidth, image.drawHeight = width, width * image.imageHeight / image.imageWidth
            story += [image, Spacer(1, 6)]
    story.append(para("Sources", styles["Heading1"]))
    story += [para(s, small) for s in report.sources]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, title=report.title, leftMargin=2 * cm, rightMargin=2 * cm).build(story)
    return buffer.getvalue()


def _column_widths(rows: list[list[str]], width: float) -> list[float]:
    """Columns never split a word (a category, a date) and share the rest of the page by how much text they hold."""
    char, pad = 5.2, 12.0  # points per character at 8 pt (capitals are wider), cell padding
    columns = list(zip(*rows, strict=True))
    floor = [max(len(w) for cell in col for w in (cell.split() or [""])) * char + pad for col in columns]
    want = [max(f, min(max(len(cell) for cell in col), 60) * char + pad) for f, col in zip(floor, columns, strict=True)]
    if sum(floor) >= width:
        return [width * f / sum(floor) for f in floor]
    spare = width - sum(floor)
    extra = [w - f for w, f in zip(want, floor, strict=True)]
    if sum(extra) <= spare:
        return [w + (spare - sum(extra)) * w / sum(want) for w in want]
    return [f + spare * e / sum(extra) for f, e in zip(floor, extra, strict=True)]


# ------------------------------------------------------------------ DOCX
def to_docx(report: Report) -> bytes:
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    doc.core_properties.title = report.title
    doc.add_heading(report.title, level=0)
    doc.add_paragraph().add_run(report.subtitle).italic = True
    for block in report.blocks:
        if block.kind == "heading":
            doc.add_heading(block.text, level=block.level)
        elif block.kind == "paragraph":
            doc.add_paragraph(block.text)
        elif block.kind == "bullets":
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif block.kind == "table":
            table = doc.add_table(rows=len(block.rows), cols=len(block.rows[0]))
            table.style = "Light Grid Accent 1"
            for r, row in enumerate(block.rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        elif block.kind == "image" and block.image:
            doc.add_picture(io.BytesIO(block.image), width=Cm(16))
    doc.add_heading("Sources", level=1)
    for source in report.sources:
        doc.add_paragraph(source)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def render(
    plan: ProjectPlan,
    fmt: Literal["pdf", "docx"],
    *,
    as_of: date,
    participants: list[str] | None = None,
    workshop: Workshop | None = None,
) -> bytes:
    """The whole document, chart included, in one call (app downloads and the CLI)."""
    report = build_report(plan, as_of=as_of, participants=participants, chart=gantt_png(plan), workshop=workshop)
    return to_pdf(report) if fmt == "pdf" else to_docx(report)
