"""The plan as a document a team circulates: Markdown (JSON is `ProjectPlan.to_json`)."""

from __future__ import annotations

from assistant.plan.overrides import describe_override
from assistant.plan.schema import AUGMENT_NAMES, STAGE_NAMES, TECHNIQUE_NAMES, Citation, ProjectPlan
from assistant.render import plain_text


def _esc(text: str) -> str:
    """Team and document text is literal in the export: no markup, image or link can ride in on it."""
    return plain_text(text)


def to_markdown(plan: ProjectPlan) -> str:
    notes: dict[tuple[str, str], int] = {}

    def cite(citations: list[Citation]) -> str:
        marks = []
        for c in citations:
            key = (c.source, c.section)
            notes.setdefault(key, len(notes) + 1)
            marks.append(f"[^{notes[key]}]")
        return "".join(marks)

    s, m, a, e, d, g = (
        plan.scope,
        plan.model_selection,
        plan.adaptation,
        plan.evaluation,
        plan.deployment,
        plan.augmentation,
    )
    out: list[str] = [f"# {_esc(plan.title)}", ""]
    out += ["## 1. Scope", "", f"**Use case:** {_esc(s.use_case)}", "", f"**Users:** {_esc(s.users)}", ""]
    out += [f"**Tasks:** {', '.join(s.tasks) or 'to be decided'}", ""]
    for heading, items in (
        ("Constraints", s.constraints),
        ("Success criteria", s.success_criteria),
        ("Open questions", s.open_questions),
    ):
        out += [f"**{heading}:**", ""] + ([f"- {_esc(i)}" for i in items] or ["- none"]) + [""]

    if s.slots:
        out += ["**Scope slots** (how each was read):", "", "| slot | value | status |", "|---|---|---|"]
        for name, slot in s.slots.items():
            if slot.pending:
                status = "**pending** (left open by the team)"
            elif slot.origin == "team":
                status = "**set by the team**"
            else:
                status = f"read by {'the rules' if slot.origin == 'rule' else 'the LLM'}" + (
                    ", confirmed" if slot.confirmed else ""
                )
            value = (
                "—"
                if slot.value is None
                else (
                    f"{slot.value[0]}–{slot.value[1]}"
                    if isinstance(slot.value, list) and len(slot.value) == 2 and name not in ("tasks", "languages")
                    else ", ".join(map(str, slot.value))
                    if isinstance(slot.value, list)
                    else str(slot.value)
                )
            )
            out.append(f"| {_esc(name.replace('_', ' '))} | {_esc(value)} | {status} |")
        out.append("")
    if plan.overrides:
        out += ["**Team overrides** (win over the rules):", ""]
        out += [
            f"- {_esc(describe_override(o.field, o.value))} — by {_esc(o.who)}, {_esc(o.when)}"
            + (f": “{_esc(o.why)}”" if o.why else "")
            for o in plan.overrides
        ] + [""]

    out += ["## 2. Model selection", ""]
    out += [
        f"- **Approach:** {'start from an existing foundation model' if m.approach == 'existing' else 'pretrain a model'}"
    ]
    out += [f"- **Architecture:** {_esc(m.architecture)}", f"- **Size class:** {_esc(m.size_class)}"]
    out += [f"- **Hosting:** {'hosted API' if m.hosting == 'hosted_api' else 'open weights, self-hosted'}", ""]
    out += [f"{_esc(m.rationale)} {cite(m.sources)}".strip(), "", "**Candidates:**", ""]
    out += [f"- **{_esc(c.name)}** — {_esc(c.why)}" for c in m.candidates] + [""]

    out += ["## 3. Adapt & align", "", "Climb the ladder only while the exit criteria say so. " + cite(a.sources), ""]
    for n, step in enumerate(a.steps, start=1):
        out += [
            f"{n}. **{TECHNIQUE_NAMES[step.technique]}** — {_esc(step.why)}  ",
            f"   *Move on when:* {_esc(step.exit_criteria)}",
        ]
    out += [""]

    out += [
        "## 4. Evaluation",
        "",
        f"- **Metrics:** {', '.join(e.metrics)}",
        f"- **Benchmarks:** {', '.join(e.benchmarks)}",
        "",
    ]
    out += [f"{_esc(e.plan)} {cite(e.sources)}".strip(), ""]

    out += ["## 5. Application integration", "", f"**Deployment:** {_esc(d.target)} {cite(d.sources)}".strip(), ""]
    out += [f"- {_esc(o)}" for o in d.optimizations] + [""]
    if d.rationale:
        out += [_esc(d.rationale), ""]
    names = ", ".join(AUGMENT_NAMES[t] for t in g.techniques) or "none needed"
    out += [f"**Augmentation:** {names}", "", f"{_esc(g.rationale)} {cite(g.sources)}".strip(), ""]

    out += ["## 6. Risks", "", "| Risk | Mitigation |", "|---|---|"]
    out += [f"| {_esc(r.risk)} | {_esc(r.mitigation)} |" for r in plan.risks] + [""]

    out += ["## 7. Timeline", "", "| Stage | Task | Start week | Weeks |", "|---|---|---|---|"]
    out += [f"| {STAGE_NAMES[t.stage]} | {_esc(t.task)} | {t.start_week} | {t.weeks} |" for t in plan.timeline] + [""]

    out += ["## Sources", ""]
    for c in plan.sources:
        cite([c])  # sources cited nowhere above still get a number
    out += [
        f"[^{n}]: {_esc(source)} — {_esc(section)}"
        for (source, section), n in sorted(notes.items(), key=lambda kv: kv[1])
    ]
    return "\n".join(out).rstrip() + "\n"
