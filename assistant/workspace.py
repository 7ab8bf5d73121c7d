"""Wiring the plan sessions to the stores, from settings."""

from __future__ import annotations

from assistant.recommend import Recommender, retriever_citations
from assistant.service import Assistant
from assistant.session import PlanSessions
from assistant.storage import PlanStore


def build_sessions(assistant: Assistant, plans_url: str) -> PlanSessions:
    from assistant.llm_extract import llm_scope_extractor

    return PlanSessions(
        store=PlanStore(plans_url),
        answerer=assistant.answerer,
        recommender=Recommender(retriever_citations(assistant.retriever)),
        llm_extract=llm_scope_extractor(assistant.answerer.llm),
    )
