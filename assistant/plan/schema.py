"""The project plan: a versioned pydantic schema (exports live in `export.py`)."""

from __future__ import annotations

import json
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

SCHEMA_VERSION: Literal[2] = 2

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


class SlotRecord(BaseModel):
    """One scope slot: its value (a stated range is kept as [lo, hi]) and how it was read."""

    value: Any = Field(None, description="The slot's value; a stated range keeps both ends as [lo, hi].")
    confidence: float = Field(0.0, ge=0, le=1)
    origin: Literal["rule", "llm", "team"] = Field("rule", description="Who read it: the rules, the LLM or the team.")
    confirmed: bool = Field(False, description="The team confirmed or set it.")
    pending: bool = Field(False, description="The team left it open (TBD, waiting for sign-off); no value.")


class TeamOverride(BaseModel):
    """A team choice that wins over the rules: who, what, why, when."""

    field: str = Field(
        description="What is overridden: adaptation.remove, adaptation.add, model_selection.hosting, ..."
    )
    value: Any
    why: str = ""
    who: str = "team"
    when: str = ""


class PlanScope(BaseModel):
    use_case: str = Field(description="What the model does in the application.")
    tasks: list[str] = Field(description="LLM task types involved.")
    users: str = Field(description="Who uses the application.")
    constraints: list[str] = Field(description="Hard limits: privacy, latency, budget, compute, timeline.")
    success_criteria: list[str] = Field(description="Measurable conditions for calling the project done.")
    open_questions: list[str] = Field(description="What the interview left unanswered.")
    slots: dict[str, SlotRecord] = Field(
        default_factory=dict, description="Every filled or pending scope slot with confidence and origin."
    )


class Candidate(BaseModel):
    name: str
    why: str


class ModelSelection(BaseModel):
    approach: Literal["existing", "pretrain"] = Field(
        description="Start from an existing foundation model or pretrain one."
    )
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

    schema_version: Literal[2] = SCHEMA_VERSION
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
    overrides: list[TeamOverride] = Field(default_factory=list, description="Team choices that win over the rules.")

    @model_validator(mode="before")
    @classmethod
    def _migrate(cls, data: Any) -> Any:
        """Stored v1 plans load as v2: no slot records and no overrides yet."""
        if isinstance(data, dict) and data.get("schema_version", 1) == 1:
            data = {**data, "schema_version": 2}
            data.setdefault("overrides", [])
            if isinstance(data.get("scope"), dict):
                data["scope"] = {**data["scope"], "slots": data["scope"].get("slots", {})}
        return data

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)


def plan_json_schema() -> str:
    return json.dumps(ProjectPlan.model_json_schema(), indent=2)


# ------------------------------------------------------------------ Markdown
