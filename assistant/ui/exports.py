"""Downloads of the plan: Markdown and JSON in one click, PDF and Word built on click, then saved.

Every download button here holds its file's bytes (none is "deferred"), so the file belongs to
the page for as long as the button shows. That is what keeps a live refresh from cancelling a
download: Streamlit deletes, after any script run (any participant's, fragments included), the
files no page refers to, and a deferred download's file is such a file from the moment it is
built until the browser has fetched it — under load a refresh landing then cancelled it.

* Markdown and JSON are cheap: built on every full run from the plan as saved (the page runs
  again within ~2 s of any change, so they follow the plan).
* PDF and Word take about a second each to build (the Gantt image): "⬇ PDF" builds it from the
  latest saved version, under its current title, and "Save PDF" then downloads it. The built
  document stays on the page through refreshes, labelled with its version, until it is rebuilt.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from assistant.errors import AssistantError
from assistant.plan import (
    ProjectPlan,
    render_document,
    to_markdown,
)
from assistant.sessions import PlanSessions, SessionState

MIME = {
    "md": "text/markdown",
    "json": "application/json",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DOCUMENTS = {"pdf": "PDF", "docx": "Word"}


def latest_plan(sessions: PlanSessions, plan_id: str) -> tuple[int, ProjectPlan, SessionState]:
    """The plan as last saved, under its current title: a download is never older than the plan."""
    stored, state = sessions.load(plan_id)
    if state.plan is None:
        state.plan = sessions.build_plan(state.interview)
    return stored.version, state.plan.model_copy(update={"title": stored.title}), state


def build_document(sessions: PlanSessions, plan_id: str, fmt: str) -> tuple[int, bytes]:
    """PDF or DOCX of the latest saved version, with the workshop's records; (version, bytes)."""
    version, plan, state = latest_plan(sessions, plan_id)
    authors = list(dict.fromkeys(m.author for m in state.messages if m.author))
    data = render_document(
        plan,
        "pdf" if fmt == "pdf" else "docx",
        as_of=date.today(),
        participants=authors,
        workshop=state.workshop,
    )
    return version, data


def _build_into(
    built: dict[tuple[str, str], tuple[int, bytes]], sessions: PlanSessions, plan_id: str, fmt: str
) -> None:
    try:
        built[(plan_id, fmt)] = build_document(sessions, plan_id, fmt)
    except AssistantError as exc:
        st.session_state.export_error = exc.one_line()


def download_buttons(sessions: PlanSessions, plan_id: str) -> None:
    version, plan, _ = latest_plan(sessions, plan_id)
    slug = "".join(c if c.isalnum() else "-" for c in plan.title.lower()).strip("-")[:60] or "plan"
    columns = st.columns(2)
    for n, (label, fmt, data) in enumerate((("Markdown", "md", to_markdown(plan)), ("JSON", "json", plan.to_json()))):
        columns[n].download_button(
            f"⬇ {label}",
            data,
            file_name=f"{slug}.{fmt}",
            mime=MIME[fmt],
            width="stretch",
            on_click="ignore",
            key=f"download-{fmt}",
        )
    built: dict[tuple[str, str], tuple[int, bytes]] = st.session_state.setdefault("built_documents", {})
    columns = st.columns(2)
    for n, (fmt, label) in enumerate(DOCUMENTS.items()):
        # Built in the click's callback, which runs to the end before the page does: a live refresh
        # that interrupts the page run right after the click cannot lose the build.
        columns[n].button(
            f"⬇ {label}",
            key=f"build-{fmt}",
            width="stretch",
            help=f"Build the {label} document from the latest version",
            on_click=_build_into,
            args=(built, sessions, plan_id, fmt),
        )
    if error := st.session_state.pop("export_error", None):
        st.error(error)
    for fmt, label in DOCUMENTS.items():
        if (plan_id, fmt) not in built:
            continue
        made_at, document = built[(plan_id, fmt)]
        behind = made_at != version
        st.download_button(
            f"Save {label} (version {made_at})",
            document,
            file_name=f"{slug}.{fmt}",
            mime=MIME[fmt],
            type="secondary" if behind else "primary",
            width="stretch",
            on_click="ignore",
            key=f"download-{fmt}",
            help="The plan has changed since this was built: build it again for the latest."
            if behind
            else "Built from the latest version of the plan.",
        )
        if behind:
            st.caption(f"The plan has changed since this {label} was built (now version {version}).")
