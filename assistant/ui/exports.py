"""Downloads, built on click from the latest saved version of the plan."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from assistant.plan import (
    ProjectPlan,
    render_document,
    to_markdown,
)
from assistant.sessions import PlanSessions

EXPORTS = {
    "Markdown": ("md", "text/markdown"),
    "JSON": ("json", "application/json"),
    "PDF": ("pdf", "application/pdf"),
    "Word": ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


def latest_plan(sessions: PlanSessions, plan_id: str) -> ProjectPlan:
    """The plan as last saved, under its current title: a download is never older than the plan."""
    stored, state = sessions.load(plan_id)
    if state.plan is None:
        state.plan = sessions.build_plan(state.interview)
    return state.plan.model_copy(update={"title": stored.title})


def export(sessions: PlanSessions, plan_id: str, fmt: str) -> Callable[[], bytes | str]:
    def build() -> bytes | str:
        plan = latest_plan(sessions, plan_id)
        if fmt == "md":
            return to_markdown(plan)
        if fmt == "json":
            return plan.to_json()
        _, state = sessions.load(plan_id)
        authors = list(dict.fromkeys(m.author for m in state.messages if m.author))
        return render_document(
            plan,
            "pdf" if fmt == "pdf" else "docx",
            as_of=date.today(),
            participants=authors,
            workshop=state.workshop,
        )

    return build


def download_buttons(sessions: PlanSessions, plan_id: str, title: str) -> None:
    slug = "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")[:60] or "plan"
    columns = st.columns(2)
    for n, (label, (fmt, mime)) in enumerate(EXPORTS.items()):
        # Built when clicked, from the latest saved version (another participant may have changed it).
        columns[n % 2].download_button(
            f"⬇ {label}",
            export(sessions, plan_id, fmt),
            file_name=f"{slug}.{fmt}",
            mime=mime,
            width="stretch",
            on_click="ignore",
            key=f"download-{fmt}",
        )
