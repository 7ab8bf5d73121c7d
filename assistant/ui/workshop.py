"""The live board and the workshop: presence, stale-page detection, facilitator agenda and timer, records."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import streamlit as st

from assistant.errors import PlanNotFound
from assistant.plan import (
    DEFAULT_AGENDA,
    RISK_CATEGORIES,
    StoredPlan,
    Workshop,
    closing_summary,
    timer,
)
from assistant.render import plain_text, safe_markdown
from assistant.sessions import PlanSessions, SessionState
from assistant.ui.common import run_action, who


def page_moved_on(sessions: PlanSessions, stored: StoredPlan) -> int | None:
    """The version this browser last showed, when the plan has changed since: a click or message
    sent from that page was aimed at something older than the plan now is."""
    seen = st.session_state.setdefault("seen_versions", {}).get(stored.id)
    return seen if seen is not None and seen != stored.version else None


def live_board(sessions: PlanSessions, plan_id: str, shown_version: int, every_s: float) -> None:
    st.fragment(run_every=every_s)(_live_board)(sessions, plan_id, shown_version)


def _live_board(sessions: PlanSessions, plan_id: str, shown_version: int) -> None:
    """Every participant's page follows the plan within ~2 s: a cheap version check, a full
    refresh only when it changed (what someone is typing in the chat box is kept)."""
    try:
        sessions.store.check_in(plan_id, who())
        version = sessions.store.version(plan_id)
    except PlanNotFound:
        st.warning("This plan was deleted by someone else.")
        return
    here = sessions.store.present(plan_id, within_s=10)
    st.caption("On this plan now: " + (", ".join(plain_text(p) for p in here) or "just you"))
    if version != shown_version:
        st.rerun(scope="app")


def section_timer(workshop: Workshop) -> None:
    # Ticks every second only while a section runs: a fragment run costs a script run per second
    # per participant (and each run ends with Streamlit's media clean-up).
    every = 1 if workshop.section is not None else None
    st.fragment(run_every=every)(_section_timer)(workshop)


def _section_timer(workshop: Workshop) -> None:
    state = timer(workshop, datetime.now(UTC))
    if state is None:
        st.caption("The workshop has not started: press **Start workshop**.")
        return
    left = abs(state.remaining_s)
    clock = f"{left // 60:02d}:{left % 60:02d}"
    if state.overrun:
        st.error(f"{plain_text(state.section)} — {clock} over time")
    else:
        st.info(f"{plain_text(state.section)} — {clock} left")


def facilitator_panel(sessions: PlanSessions, stored: StoredPlan, state: SessionState) -> None:
    """Agenda with time boxes from the lifecycle, a timer for the running section, the parking lot."""
    w = state.workshop
    with st.expander("Facilitator — agenda and timer", expanded=w.section is not None):
        section_timer(w)
        label = "▶ Start workshop" if w.section is None else "Next section →"
        # One key across versions (see run_action): a stale click is caught, not lost.
        if st.button(label, key="agenda-next"):
            run_action(lambda: sessions.advance_agenda(stored.id, by=who()))
        agenda = w.agenda or DEFAULT_AGENDA
        minutes = []
        for n, item in enumerate(agenda):
            marker = "▶ " if n == w.section else ""
            minutes.append(
                st.number_input(
                    f"{marker}{item.section} (minutes)", 1, 240, item.minutes, key=f"box-{n}-{stored.version}"
                )
            )
        if minutes != [item.minutes for item in agenda] and st.button("Save time boxes"):
            run_action(lambda: sessions.set_agenda(stored.id, [int(m) for m in minutes]))
        if w.parking_lot:
            st.markdown("**Parking lot**")
            st.markdown("\n".join(f"- {safe_markdown(q.text)} ({plain_text(q.who or 'team')})" for q in w.parking_lot))


_LEVELS = ["low", "medium", "high"]
_STAGES = ["scope", "select", "adapt_align", "integrate"]


def _table(
    sessions: PlanSessions,
    stored: StoredPlan,
    kind: str,
    title: str,
    rows: list[dict[str, Any]],
    column_config: dict[str, Any],
) -> None:
    """One editable workshop table: change cells, add rows at the bottom, delete rows; saved on click.

    The save goes through the sessions layer (replayed on the latest version if someone saved
    first); only the rows this table showed can be removed by it, so a row another participant
    added meanwhile is kept.
    """
    st.markdown(f"**{title}**")
    edited = st.data_editor(
        rows,
        hide_index=True,
        num_rows="dynamic",
        disabled=["id", "recorded by", "edited by"],
        column_config={"id": None, **column_config},
        key=f"{kind}-{stored.version}",
        width="stretch",
    )
    if edited != rows and st.button(f"Save {title.lower()}", key=f"save-{kind}-{stored.version}"):
        seen = [row["id"] for row in rows]
        run_action(sessions.update_records, stored.id, kind, list(edited), by=who(), seen_ids=seen)


def _text(label: str) -> Any:
    return st.column_config.TextColumn(label)


def workshop_panel(sessions: PlanSessions, stored: StoredPlan, state: SessionState) -> None:
    """What the workshop recorded, editable: type "decision: …", "action: …", "risk: …", "park: …" or
    "sign-off: …" in the chat, or edit, add and delete rows in the tables here."""
    w = state.workshop
    with st.expander(
        f"Workshop — {len(w.decisions)} decisions, {len(w.actions)} actions, {len(w.risks)} risks, "
        f"{len(w.sign_offs)} sign-offs",
        expanded=False,
    ):
        st.caption(
            'Type "decision: …", "action: Ana drafts the golden set by Friday", "risk: …", "park: …" or '
            '"sign-off: legal pending" in the chat, or edit the tables below (add a row at the bottom, '
            "select rows to delete them), then save. Every change is recorded with your name."
        )
        _table(
            sessions,
            stored,
            "decisions",
            "Decisions",
            [
                {
                    "id": d.id,
                    "question": d.question,
                    "options": "; ".join(d.options),
                    "choice": d.choice,
                    "reason": d.reason,
                    "stage": d.stage,
                    "recorded by": d.who,
                    "edited by": d.edited_by,
                }
                for d in w.decisions
            ],
            {
                "options": st.column_config.TextColumn("options", help="Options considered, separated by ;"),
                "choice": st.column_config.TextColumn("choice", required=True),
                "stage": st.column_config.SelectboxColumn("stage", options=_STAGES),
            },
        )
        _table(
            sessions,
            stored,
            "actions",
            "Actions",
            [
                {
                    "id": a.id,
                    "what": a.what,
                    "owner": a.owner,
                    "due": a.due,
                    "status": a.status,
                    "recorded by": a.who,
                    "edited by": a.edited_by,
                }
                for a in w.actions
            ],
            {
                "what": st.column_config.TextColumn("what", required=True),
                "due": st.column_config.DateColumn("due"),
                "status": st.column_config.SelectboxColumn("status", options=["open", "done", "dropped"]),
            },
        )
        _table(
            sessions,
            stored,
            "risks",
            "Risk register",
            [
                {
                    "id": r.id,
                    "description": r.description,
                    "category": r.category,
                    "likelihood": r.likelihood,
                    "impact": r.impact,
                    "mitigation": r.mitigation,
                    "owner": r.owner,
                    "recorded by": r.who,
                    "edited by": r.edited_by,
                }
                for r in w.risks
            ],
            {
                "description": st.column_config.TextColumn("description", required=True),
                "category": st.column_config.SelectboxColumn("category", options=list(RISK_CATEGORIES)),
                "likelihood": st.column_config.SelectboxColumn("likelihood", options=_LEVELS),
                "impact": st.column_config.SelectboxColumn("impact", options=_LEVELS),
            },
        )
        _table(
            sessions,
            stored,
            "sign_offs",
            "Sign-offs",
            [
                {
                    "id": s.id,
                    "party": s.party,
                    "status": s.status,
                    "note": s.note,
                    "recorded by": s.who,
                    "edited by": s.edited_by,
                }
                for s in w.sign_offs
            ],
            {
                "party": st.column_config.TextColumn("party", required=True),
                "status": st.column_config.SelectboxColumn("status", options=["pending", "approved", "rejected"]),
            },
        )
        st.markdown("**Closing summary**")
        st.markdown(safe_markdown(closing_summary(w, state.interview.open_questions)))
