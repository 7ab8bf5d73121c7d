"""The Plan tab: scope editor, ladder, hosting, approach and candidate overrides, versions, timeline and the full plan."""

from __future__ import annotations

import streamlit as st

from assistant.interview import APPROACH_LABELS, QUESTION_SLOTS, catalogue_families, slot_choices
from assistant.plan import (
    TECHNIQUE_NAMES,
    ProjectPlan,
    StoredPlan,
    to_markdown,
)
from assistant.plan.charts import gantt_chart, stage_progress_chart
from assistant.render import plain_text, safe_markdown
from assistant.sessions import PlanSessions, SessionState
from assistant.ui.common import run_action, shown, who
from assistant.ui.workshop import facilitator_panel, workshop_panel


def scope_editor(sessions: PlanSessions, stored: StoredPlan, state: SessionState) -> None:
    """Every scope slot with a proper widget; a change is the team's and wins over the rules."""
    scope = state.interview.scope
    records = state.interview.slots
    with st.expander("Scope — edit any slot", expanded=False):
        for _question, slots in QUESTION_SLOTS.items():
            for slot in slots:
                value = getattr(scope, slot)
                record = records.get(slot)
                status = (
                    " ⏳ pending"
                    if record and record.pending
                    else (" 👥 team" if record and record.origin == "team" else "")
                )
                label = slot.replace("_", " ").capitalize() + status
                key = f"edit-{slot}-{stored.version}"
                choices = slot_choices(slot)
                new: object
                if slot in ("tasks",):
                    new = st.multiselect(label, choices or [], default=value, key=key, format_func=shown)
                elif slot == "languages":
                    text = st.text_input(label, ", ".join(value), key=key)
                    new = [x.strip() for x in text.split(",") if x.strip()]
                elif choices is not None:
                    new = st.selectbox(
                        label,
                        [None, *choices],
                        index=([None, *choices].index(value)),
                        key=key,
                        format_func=lambda v: "—" if v is None else shown(v),
                    )
                elif slot in ("use_case", "users", "domain"):
                    new = st.text_input(label, value or "", key=key) or None
                elif slot in ("start_date", "deadline"):
                    new = st.date_input(label, value=value, key=key)
                elif slot == "latency_seconds":
                    new = st.number_input(label, min_value=0.0, value=value, key=key, placeholder="—")
                else:
                    new = st.number_input(label, min_value=0, value=value, step=1, key=key, placeholder="—")
                if new != value and new is not None and new != []:
                    run_action(sessions.confirm, stored.id, slot, new, by=who())


def ladder_editor(sessions: PlanSessions, stored: StoredPlan, plan: ProjectPlan) -> None:
    """Remove, reorder or add adaptation steps, and override hosting, with a reason."""
    with st.expander("Adaptation ladder and hosting — team overrides", expanded=False):
        reason = st.text_input("Reason (recorded with the change)", key=f"reason-{stored.version}")
        steps = [s.technique for s in plan.adaptation.steps]
        for n, technique in enumerate(steps):
            cols = st.columns([4, 1, 1])
            cols[0].markdown(f"{n + 1}. {TECHNIQUE_NAMES[technique]}")
            if n and cols[1].button("↑", key=f"up-{technique}", help="Move up"):
                order = [*steps[: n - 1], technique, steps[n - 1], *steps[n + 1 :]]
                run_action(sessions.override, stored.id, "adaptation.order", order, reason, by=who())
            if len(steps) > 1 and cols[2].button("Remove", key=f"rm-{technique}"):
                run_action(sessions.override, stored.id, "adaptation.remove", technique, reason, by=who())
        missing = [t for t in TECHNIQUE_NAMES if t not in steps]
        if missing:
            cols = st.columns([4, 2])
            add = cols[0].selectbox(
                "Add a step", missing, format_func=lambda t: TECHNIQUE_NAMES[t], key=f"add-{stored.version}"
            )
            if cols[1].button("Add step", key="add-step"):
                run_action(sessions.override, stored.id, "adaptation.add", add, reason, by=who())
        hosting = st.segmented_control(
            "Hosting",
            ["hosted_api", "open_weights"],
            default=plan.model_selection.hosting,
            format_func=lambda v: "hosted API" if v == "hosted_api" else "open weights, self-hosted",
            key=f"hosting-{stored.version}",
        )
        if hosting is not None and hosting != plan.model_selection.hosting:
            run_action(sessions.override, stored.id, "model_selection.hosting", hosting, reason, by=who())


def model_choices_editor(sessions: PlanSessions, stored: StoredPlan, plan: ProjectPlan) -> None:
    """Override the approach and the candidates (from the catalogue), each with a reason; the team's choice wins."""
    selection = plan.model_selection
    with st.expander("Approach and model candidates — team overrides", expanded=False):
        reason = st.text_input("Reason (recorded with the change)", key=f"model-reason-{stored.version}")
        approach = st.segmented_control(
            "Approach",
            list(APPROACH_LABELS),
            default=selection.approach,
            format_func=lambda v: APPROACH_LABELS[v].capitalize(),
            key=f"approach-{stored.version}",
        )
        if approach is not None and approach != selection.approach:
            run_action(sessions.override, stored.id, "model_selection.approach", approach, reason, by=who())
        st.markdown("**Candidates to compare**")
        for n, candidate in enumerate(selection.candidates):
            cols = st.columns([5, 1])
            cols[0].markdown(f"{safe_markdown(candidate.name)}  \n:gray[{safe_markdown(candidate.why)}]")
            if len(selection.candidates) > 1 and cols[1].button(
                "Remove", key=f"rm-candidate-{n}-{stored.version}", help="Take it off the shortlist"
            ):
                run_action(
                    sessions.override, stored.id, "model_selection.candidates.remove", candidate.name, reason, by=who()
                )
        shown_names = {c.name for c in selection.candidates}
        families: dict[str, str] = {}
        for key, name in catalogue_families().items():
            if name not in shown_names and name not in families.values():  # one entry per name shown
                families[key] = name
        if families:
            cols = st.columns([5, 2])
            add = cols[0].selectbox(
                "Add a candidate from the catalogue",
                list(families),
                format_func=lambda k: families[k],
                key=f"add-candidate-{stored.version}",
            )
            if cols[1].button("Add candidate", key=f"add-candidate-btn-{stored.version}"):
                run_action(sessions.override, stored.id, "model_selection.candidates.add", add, reason, by=who())


def versions_panel(sessions: PlanSessions, stored: StoredPlan) -> None:
    """Bring back any earlier version (as a new version: history stays)."""
    with st.expander(f"Versions ({stored.version})", expanded=False):
        for v in reversed(sessions.versions(stored.id)):
            cols = st.columns([4, 1])
            cols[0].markdown(f"**v{v.version}** · {v.updated_at:%Y-%m-%d %H:%M:%S} UTC · {safe_markdown(v.title)}")
            if v.version != stored.version and cols[1].button("Restore", key=f"restore-{v.version}"):
                run_action(sessions.restore, stored.id, v.version)


def plan_tab(plan: ProjectPlan | None, state: SessionState, sessions: PlanSessions, stored: StoredPlan) -> None:
    facilitator_panel(sessions, stored, state)
    workshop_panel(sessions, stored, state)
    versions_panel(sessions, stored)
    scope_editor(sessions, stored, state)
    if plan is not None and state.interview.stage != "scope":
        ladder_editor(sessions, stored, plan)
        model_choices_editor(sessions, stored, plan)
    st.altair_chart(stage_progress_chart(state.interview.stage_progress(), state.interview.stage), width="stretch")
    if plan is None or state.interview.stage == "scope":
        st.info("The timeline and full plan appear here once the scope questions are answered (or say *finish*).")
        if plan is None:
            return
    st.subheader("Timeline")
    scope = state.interview.scope
    left, right = st.columns(2)
    start = left.date_input(
        "Project start (the timeline gets calendar dates)", value=scope.start_date, key=f"start-{stored.version}"
    )
    if start != scope.start_date and start is not None:
        run_action(sessions.confirm, stored.id, "start_date", start, by=who())
    deadline = right.date_input(
        "Deadline (the timeline is fitted to it)", value=scope.deadline, key=f"deadline-{stored.version}"
    )
    if deadline != scope.deadline and deadline is not None:
        run_action(sessions.confirm, stored.id, "deadline", deadline, by=who())
    if plan.schedule:
        (st.warning if not plan.schedule.fits else st.caption)(plain_text(plan.schedule.message))
    st.altair_chart(gantt_chart(plan), width="stretch")
    st.markdown(safe_markdown(to_markdown(plan)))
