"""The sidebar: participant, plan picker, stage progress, plan so far, knowledge base and uploads, undo."""

from __future__ import annotations

import streamlit as st

from assistant import bootstrap
from assistant.errors import AssistantError, PlanBusy
from assistant.interview import describe_scope
from assistant.knowledge import SUPPORTED_SUFFIXES, add_uploads
from assistant.plan import (
    STAGE_NAMES,
    ProjectPlan,
    StoredPlan,
)
from assistant.render import plain_text, safe_markdown
from assistant.sessions import PlanSessions, SessionState
from assistant.settings import Settings
from assistant.ui.common import ROLES, go_to_plan_list, limiter, open_plan, run_action
from assistant.ui.exports import download_buttons
from assistant.ui.plans import MAX_LISTED_PLANS


def participant_box(sessions: PlanSessions, stored: StoredPlan) -> None:
    """Name and role, asked on the first visit and remembered for this browser session."""
    st.text_input("Your name (recorded with your edits)", key="participant", placeholder="team")
    st.selectbox("Your role", ROLES, key="role", format_func=lambda r: r.replace("_", " "))
    name = (st.session_state.get("participant") or "").strip()
    joined = (stored.id, name, st.session_state.get("role"))
    if name and st.session_state.get("joined") != joined:
        st.session_state.joined = joined
        turn = sessions.join(stored.id, name, st.session_state.get("role") or "other")
        if turn is not None:
            st.session_state.seen_versions[stored.id] = turn.plan.version


def plan_picker(sessions: PlanSessions, current: StoredPlan) -> None:
    st.header("Plans")
    plans = sessions.store.list()
    # One button per plan, keyed by id: titles change (renames, the use case), ids do not.
    for summary in plans[:MAX_LISTED_PLANS]:
        here = summary.id == current.id
        label = f"{'▶ ' if here else ''}{plain_text(summary.title)} · {summary.updated_at:%d %b %H:%M}"
        if st.button(label, key=f"open-{summary.id}", disabled=here, width="stretch"):
            open_plan(summary.id)
    if len(plans) > MAX_LISTED_PLANS:
        st.caption(f"{len(plans) - MAX_LISTED_PLANS} older plans are not listed; open them by their link.")
    if st.button("➕ New plan", width="stretch"):
        stored, _ = sessions.create()
        open_plan(stored.id)
    with st.expander("Rename or delete"):
        title = st.text_input("Title", value=current.title, max_chars=120, key=f"title-{current.id}")
        if st.button("Rename"):
            try:
                sessions.rename(current.id, title)
            except (ValueError, PlanBusy) as exc:
                st.error(str(exc))
            else:
                st.rerun()
        if not st.session_state.get("confirm_delete"):
            if st.button("🗑️ Delete plan"):
                st.session_state.confirm_delete = True
                st.rerun()
        else:
            st.warning(f"Delete “{plain_text(current.title)}”? Anyone with its link loses it too.")
            yes, no = st.columns(2)
            if yes.button("Yes, delete", type="primary"):
                sessions.store.delete(current.id)
                st.session_state.confirm_delete = False
                st.session_state.deleted_title = current.title
                go_to_plan_list()
            if no.button("Cancel"):
                st.session_state.confirm_delete = False
                st.rerun()


def stage_progress(state: SessionState) -> None:
    st.header("Lifecycle")
    progress = state.interview.stage_progress()
    for key, name in STAGE_NAMES.items():
        marker = "▶ " if key == state.interview.stage else ("✓ " if progress[key] >= 1 else "")
        st.progress(progress[key], text=f"{marker}{name}")


def plan_sidebar(plan: ProjectPlan | None, state: SessionState, sessions: PlanSessions, plan_id: str) -> None:
    st.header("Plan so far")
    lines = describe_scope(state.interview.scope)
    st.markdown("\n".join(f"- {safe_markdown(line)}" for line in lines) or "_Nothing yet: answer the first question._")
    if plan is None:
        return
    if state.interview.stage != "scope":
        m = plan.model_selection
        st.markdown(
            f"**Model:** {m.approach}, {m.architecture}, {'hosted API' if m.hosting == 'hosted_api' else 'open weights'}"
        )
        st.markdown("**Ladder:** " + " → ".join(s.technique for s in plan.adaptation.steps))
    if plan.scope.open_questions:
        st.markdown(f"**Open questions:** {len(plan.scope.open_questions)}")
    download_buttons(sessions, plan_id)


def knowledge_sidebar(assistant: bootstrap.Assistant, settings: Settings) -> None:
    st.header("Knowledge base")
    status = assistant.store.status()
    built = status.last_built.strftime("%Y-%m-%d %H:%M UTC") if status.last_built else "never"
    st.markdown(f"**{status.documents}** documents · **{status.chunks}** chunks  \nLast built: {built}")
    st.subheader("Language model")
    st.markdown(settings.describe_backend())
    with st.expander("Add documents"):
        uploads = st.file_uploader(
            "Markdown, text or PDF",
            type=[s.lstrip(".") for s in sorted(SUPPORTED_SUFFIXES)],
            accept_multiple_files=True,
        )
        if uploads and st.button("Add to knowledge base"):
            wait = limiter("uploads", settings.uploads_per_minute).wait_s()
            if wait:
                st.warning(
                    f"That is more than {settings.uploads_per_minute} uploads in a minute; "
                    f"please wait {wait:.0f} s and try again."
                )
            else:
                upload_documents(assistant, settings, uploads)


def upload_documents(assistant: bootstrap.Assistant, settings: Settings, uploads: list) -> None:
    with st.status("Adding documents…", expanded=True) as box:
        try:
            result = add_uploads(
                settings,
                assistant.store,
                [(f.name, f.getvalue()) for f in uploads],
                lambda e: box.write(safe_markdown(f"{e.index}/{e.total} {e.outcome}")),
                workspace=assistant.workspace,
            )
        except AssistantError as exc:
            box.update(label="Could not add the documents", state="error")
            st.error(plain_text(exc.one_line()))
            return
        box.update(label=f"Done: {result.summary()}", state="error" if result.errors else "complete", expanded=False)
    # Outside the status box, so they stay in view once it folds: one line per refused file, naming it.
    for reason in result.errors:
        st.error(plain_text(reason))
    for warning in result.warnings:
        st.warning(plain_text(warning))


def undo_button(sessions: PlanSessions, stored: StoredPlan) -> None:
    """Undo steps back one turn or edit per click (kept as new versions); Redo brings back what undo took."""
    cols = st.columns(2)
    if cols[0].button("↶ Undo", key="undo", disabled=stored.version <= 1, width="stretch", help="One turn back"):
        run_action(lambda: sessions.undo(stored.id))
    can_redo = bool(stored.state.get("redo"))
    if cols[1].button("↷ Redo", key="redo", disabled=not can_redo, width="stretch", help="Bring back what undo took"):
        run_action(lambda: sessions.redo(stored.id))
