"""The project plan: a versioned pydantic schema and its exports (JSON, Markdown)."""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, Field

SCHEMA_VERSION = 1

Technique = Literal[
    "prompt_engineering", "in_context_learning", "peft", "instruction_fine_tuning", "full_fine_tuning", "rlhf"
]
AugmentTechnique = Literal["rag", "tools", "program_aided", "react_agent", "guardrails"]
StageId = Literal["scope", "select", "adapt_align", "integrate"]

STAGE_NAMES: dict[str, str] = {
    "scope": "Scope",
    "select": "Select",
    "adapt_align": "Adapt & align",
    "integrate": "Application integration",
}
TECHNIQUE_NAMES: dict[str, str] = {
    "prompt_engineering": "Prompt engineering",
    "in_context_learning": "In-context learning (few-shot)",
    "peft": "Parameter-efficient fine-tuning (LoRA / QLoRA)",
    "instruction_fine_tuning": "Instruction fine-tuning",
    "full_fine_tuning": "Full fine-tuning",
    "rlhf": "Alignment with human feedback (RLHF)",
}
AUGMENT_NAMES: dict[str, str] = {
    "rag": "Retrieval-augmented generation (RAG)",
    "tools": "Tools / external API calls",
    "program_aided": "Program-aided language model (PAL)",
    "react_agent": "ReAct agent",
    "guardrails": "Guardrails",
}


class Citation(BaseModel):
    source: str = Field(description="Knowledge-base file the decision rests on.")
    section: str = Field(description="Section heading within that file.")


class PlanScope(BaseModel):
    use_case: str = Field(description="What the model does in the application.")
    tasks: list[str] = Field(description="LLM task types involved.")
    users: str = Field(description="Who uses the application.")
    constraints: list[str] = Field(description="Hard limits: privacy, latency, budget, compute, timeline.")
    success_criteria: list[str] = Field(description="Measurable conditions for calling the project done.")
    open_questions: list[str] = Field(description="What the interview left unanswered.")


class Candidate(BaseModel):
    name: str
    why: str


class ModelSelection(BaseModel):
    approach: Literal["existing", "pretrain"] = Field(description="Start from an existing foundation model or pretrain one.")
    architecture: str = Field(description="encoder-only, decoder-only or encoder-decoder, with the reason in short.")
    size_class: str = Field(description="Rough parameter range.")
    hosting: Literal["hosted_api", "open_weights"] = Field(description="Use a hosted API or run open weights yourself.")
    candidates: list[Candidate] = Field(description="Two or three model families worth comparing.")
    rationale: str
    sources: list[Citation] = Field(default_factory=list)


class AdaptationStep(BaseModel):
    technique: Technique
    why: str
    exit_criteria: str = Field(description="When to stop here, or move to the next rung.")


class Adaptation(BaseModel):
    steps: list[AdaptationStep] = Field(description="Ordered ladder: climb only while the exit criteria say so.")
    sources: list[Citation] = Field(default_factory=list)


class Evaluation(BaseModel):
    metrics: list[str]
    benchmarks: list[str]
    plan: str
    sources: list[Citation] = Field(default_factory=list)


class Deployment(BaseModel):
    target: str
    optimizations: list[str]
    rationale: str = ""
    sources: list[Citation] = Field(default_factory=list)


class Augmentation(BaseModel):
    techniques: list[AugmentTechnique]
    rationale: str
    sources: list[Citation] = Field(default_factory=list)


class Risk(BaseModel):
    risk: str
    mitigation: str


class TimelineTask(BaseModel):
    stage: StageId
    task: str
    start_week: int = Field(ge=0, description="Week the task starts, counting from 0.")
    weeks: int = Field(ge=1)


class ProjectPlan(BaseModel):
    """A plan for one generative-AI project, from scope to application integration."""

    schema_version: Literal[1] = SCHEMA_VERSION
    title: str
    scope: PlanScope
    model_selection: ModelSelection
    adaptation: Adaptation
    evaluation: Evaluation
    deployment: Deployment
    augmentation: Augmentation
    risks: list[Risk]
    timeline: list[TimelineTask]
    sources: list[Citation] = Field(description="Every knowledge-base passage the plan cites.")

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


def plan_json_schema() -> str:
    return json.dumps(ProjectPlan.model_json_schema(), indent=2)


# ------------------------------------------------------------------ Markdown
def _esc(text: str) -> str:
    """Team text goes into tables and headings; keep it from breaking the Markdown."""
    return text.replace("|", "\\|").replace("\n", " ").strip()


def to_markdown(plan: ProjectPlan) -> str:
    notes: dict[tuple[str, str], int] = {}

    def cite(citations: list[Citation]) -> str:
        marks = []
        for c in citations:
            key = (c.source, c.section)
            notes.setdefault(key, len(notes) + 1)
            marks.append(f"[^{notes[key]}]")
        return "".join(marks)

    s, m, a, e, d, g = plan.scope, plan.model_selection, plan.adaptation, plan.evaluation, plan.deployment, plan.augmentation
    out: list[str] = [f"# {_esc(plan.title)}", ""]
    out += ["## 1. Scope", "", f"**Use case:** {_esc(s.use_case)}", "", f"**Users:** {_esc(s.users)}", ""]
    out += [f"**Tasks:** {', '.join(s.tasks) or 'to be decided'}", ""]
    for heading, items in (("Constraints", s.constraints), ("Success criteria", s.success_criteria), ("Open questions", s.open_questions)):
        out += [f"**{heading}:**", ""] + ([f"- {_esc(i)}" for i in items] or ["- none"]) + [""]

    out += ["## 2. Model selection", ""]
    out += [f"- **Approach:** {'start from an existing foundation model' if m.approach == 'existing' else 'pretrain a model'}"]
    out += [f"- **Architecture:** {_esc(m.architecture)}", f"- **Size class:** {_esc(m.size_class)}"]
    out += [f"- **Hosting:** {'hosted API' if m.hosting == 'hosted_api' else 'open weights, self-hosted'}", ""]
    out += [f"{_esc(m.rationale)} {cite(m.sources)}".strip(), "", "**Candidates:**", ""]
    out += [f"- **{_esc(c.name)}** — {_esc(c.why)}" for c in m.candidates] + [""]

    out += ["## 3. Adapt & align", "", "Climb the ladder only while the exit criteria say so. " + cite(a.sources), ""]
    for n, step in enumerate(a.steps, start=1):
        out += [f"{n}. **{TECHNIQUE_NAMES[step.technique]}** — {_esc(step.why)}  ", f"   *Move on when:* {_esc(step.exit_criteria)}"]
    out += [""]

    out += ["## 4. Evaluation", "", f"- **Metrics:** {', '.join(e.metrics)}", f"- **Benchmarks:** {', '.join(e.benchmarks)}", ""]
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
    out += [f"[^{n}]: {source} — {section}" for (source, section), n in sorted(notes.items(), key=lambda kv: kv[1])]
    return "\n".join(out).rstrip() + "\n"
