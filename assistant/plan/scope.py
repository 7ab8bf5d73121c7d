"""The scope of a project: what the interview fills and the recommender reads."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

TaskType = Literal[
    "chat",
    "content_generation",  # essays, drafts, marketing copy
    "summarisation",
    "translation",
    "code_generation",
    "question_answering",  # information retrieval over documents
    "extraction",  # named entity recognition, field extraction
    "classification",
    "actions",  # calling external APIs, taking actions
]
TASK_LABELS: dict[str, str] = {
    "chat": "chat / conversation",
    "content_generation": "writing and drafting content",
    "summarisation": "summarisation",
    "translation": "translation",
    "code_generation": "code generation",
    "question_answering": "question answering over documents",
    "extraction": "information extraction (named entities, fields)",
    "classification": "classification / routing",
    "actions": "calling external APIs and taking actions",
}

ChangeRate = Literal["static", "monthly", "weekly", "daily", "realtime"]
Level = Literal["low", "medium", "high"]
Latency = Literal["realtime", "interactive", "batch"]
Budget = Literal["small", "medium", "large"]
CorpusSize = Literal["small", "large", "very_large"]


class Scope(BaseModel):
    """Every slot is optional: unknown is None, and the interview asks for it."""

    use_case: str | None = Field(None, description="What the model does in the application, in the team's words.")
    users: str | None = Field(None, description="Who uses it.")
    tasks: list[TaskType] = Field(default_factory=list)
    labelled_examples: int | None = Field(
        None, ge=0, description="Labelled input/output examples the team has; 0 = none."
    )
    has_documents: bool | None = Field(
        None, description="A body of reference documents (wiki, manuals, policies) exists."
    )
    documents_change: ChangeRate | None = None
    corpus_size: CorpusSize | None = Field(
        None, description="Size of the team's own text corpus, for pretraining decisions."
    )
    domain: str | None = Field(None, description="Subject area, e.g. legal, medical, finance, customer support.")
    specialised_domain: bool | None = Field(
        None, description="Vocabulary far from everyday language (law, medicine, finance...)."
    )
    languages: list[str] = Field(default_factory=list)
    rare_language: bool | None = Field(None, description="A language general models handle poorly.")
    quality_bar: Level | None = Field(None, description="How costly a wrong output is.")
    customer_facing: bool | None = Field(None, description="Outputs reach customers or the public directly.")
    needs_citations: bool | None = None
    needs_arithmetic: bool | None = Field(None, description="Exact calculations are part of the task.")
    personal_data: bool | None = None
    latency: Latency | None = None
    latency_seconds: float | None = Field(None, gt=0)
    requests_per_day: int | None = Field(None, ge=0)
    hosted_allowed: bool | None = Field(None, description="Data may be sent to a hosted model API.")
    budget: Budget | None = None
    gpus: int | None = Field(None, ge=0)
    timeline_weeks: int | None = Field(None, gt=0)
    long_horizon: bool | None = Field(
        None,
        description="The team plans for years ('for years', 'long-term', 'multi-year'), whatever the first deadline.",
    )
    vulnerable_users: bool | None = Field(
        None, description="Users include vulnerable people (patients, children, people in distress)."
    )
    team_size: int | None = Field(None, gt=0)
    start_date: date | None = Field(None, description="When the project starts; the plan's dates count from it.")
    deadline: date | None = Field(
        None, description="The day the project must be done (go-live); the timeline is fitted to it."
    )


class ScopeUpdate(BaseModel):
    """Slots found in one message; only the fields that were set count."""

    values: dict[str, object] = Field(default_factory=dict)
    notes: list[str] = Field(default_factory=list, description="What was understood, one line per slot, for people.")
    replace_lists: bool = Field(False, description="A correction replaces task and language lists instead of adding.")

    def apply(self, scope: Scope) -> Scope:
        if not self.values:
            return scope
        merged = scope.model_dump()
        for key, value in self.values.items():
            if key in ("tasks", "languages") and isinstance(value, list) and not self.replace_lists:
                # A list answer adds to what is known rather than replacing it.
                merged[key] = list(dict.fromkeys([*merged[key], *value]))
            else:
                merged[key] = value
        return Scope.model_validate(merged)
