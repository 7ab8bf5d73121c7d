"""The team space: the plan in the link, or the list of plans."""

from __future__ import annotations

import streamlit as st

from assistant.errors import PlanNotFound
from assistant.plan import (
    StoredPlan,
)
from assistant.render import plain_text
from assistant.sessions import PlanSessions, SessionState
from assistant.ui.common import open_plan

MAX_LISTED_PLANS = 20


def current_plan(sessions: PlanSessions) -> tuple[StoredPlan, SessionState] | None:
    """The plan in the link, or None: the bare address shows the plan list and creates nothing."""
    plan_id = st.query_params.get("plan")
    if not plan_id:
        return None
    try:
        return sessions.load(plan_id)
    except PlanNotFound:
        st.warning(
            "That plan no longer exists: someone deleted it, or the link is wrong. Here are the plans of this space."
        )
        return None


def plan_list_page(sessions: PlanSessions) -> None:
    """The team space: its plans, newest first, a page at a time, and a button for a new one."""
    st.title("Lifecycle Assistant")
    st.caption("Plans of this space · open one, or start a new plan for your project")
    if deleted := st.session_state.pop("deleted_title", None):
        st.success(f"Deleted “{plain_text(deleted)}”. Its versions are kept in the database.")
    if st.button("➕ New plan", type="primary"):
        stored, _ = sessions.create()
        open_plan(stored.id)
    plans = sessions.store.list()
    if not plans:
        st.info("No plans yet in this space.")
        return
    pages = max(1, -(-len(plans) // MAX_LISTED_PLANS))
    page = int(st.number_input(f"Page (of {pages})", 1, pages, 1)) if pages > 1 else 1
    for summary in plans[(page - 1) * MAX_LISTED_PLANS : page * MAX_LISTED_PLANS]:
        label = f"{plain_text(summary.title)} · updated {summary.updated_at:%d %b %H:%M} · version {summary.version}"
        if st.button(label, key=f"list-{summary.id}", width="stretch"):
            open_plan(summary.id)
