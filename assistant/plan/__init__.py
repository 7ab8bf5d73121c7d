"""The project plan: scope, the rules that recommend (cited), the schema, exports, charts, storage."""

from assistant.plan.export import to_markdown
from assistant.plan.recommend import Recommender, no_citations, retriever_citations
from assistant.plan.report import render as render_document
from assistant.plan.schema import STAGE_NAMES, TECHNIQUE_NAMES, ProjectPlan, plan_json_schema
from assistant.plan.scope import Scope, ScopeUpdate
from assistant.plan.store import PlanStore, PlanSummary, StoredPlan
from assistant.plan.workshop import (
    DEFAULT_AGENDA,
    RISK_CATEGORIES,
    Workshop,
    add_note,
    closing_summary,
    describe_note,
    parse_note,
    timer,
    with_seeded_risks,
)

__all__ = [
    "DEFAULT_AGENDA",
    "RISK_CATEGORIES",
    "STAGE_NAMES",
    "TECHNIQUE_NAMES",
    "PlanStore",
    "PlanSummary",
    "ProjectPlan",
    "Recommender",
    "Scope",
    "ScopeUpdate",
    "StoredPlan",
    "Workshop",
    "add_note",
    "closing_summary",
    "describe_note",
    "no_citations",
    "parse_note",
    "plan_json_schema",
    "render_document",
    "retriever_citations",
    "timer",
    "to_markdown",
    "with_seeded_risks",
]
