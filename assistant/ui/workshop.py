"""The live board and the workshop: presence, stale-page detection, facilitator agenda and timer, records."""

from __future__ import annotations

from datetime import UTC, datetime

import streamlit as st

from assistant.errors import PlanNotFound
from assistant.plan import (
    DEFAULT_AGENDA,
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


@st.fragment(run_every=1)
def section_timer(workshop: Workshop) -> None:
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
        if st.button(label, key=f"agenda-next-{stored.version}"):
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


def workshop_panel(sessions: PlanSessions, stored: StoredPlan, state: SessionState) -> None:
    """What the workshop recorded: type "decision: …", "action: …", "risk: …", "park: …" or "sign-off: …" in the chat."""
    w = state.workshop
    with st.expander(
        f"Workshop — {len(w.decisions)} decisions, {len(w.actions)} actions, {len(w.risks)} risks", expanded=False
    ):
        st.caption(
            'Type "decision: …", "action: Ana drafts the golden set by Friday", "risk: …", "park: …" or '
            '"sign-off: legal pending" in the chat to record them here.'
        )
        if w.decisions:
            st.markdown("**Decisions**")
            st.dataframe(
                [{"decision": d.choice, "why": d.reason, "stage": d.stage or "", "who": d.who} for d in w.decisions],
                hide_index=True,
            )
        if w.actions:
            st.markdown("**Actions** — edit owner, due date or status here")
            rows = [{"id": a.id, "what": a.what, "owner": a.owner, "due": a.due, "status": a.status} for a in w.actions]
            edited = st.data_editor(
                rows,
                hide_index=True,
                disabled=["id"],
                column_config={
                    "id": None,
                    "due": st.column_config.DateColumn("due"),
                    "status": st.column_config.SelectboxColumn("status", options=["open", "done", "dropped"]),
                },
                key=f"actions-{stored.version}",
            )
            if edited != rows and st.button("Save actions"):
                run_action(lambda: sessions.update_actions(stored.id, edited))
        if w.risks:
            st.markdown("**Risk register**")
            st.dataframe(
                [
                    {
                        "risk": r.description,
                        "category": r.category,
                        "likelihood": r.likelihood,
                        "impact": r.impact,
                        "mitigation": r.mitigation,
                        "owner": r.owner,
                    }
                    for r in w.risks
                ],
                hide_index=True,
            )
        if w.sign_offs:
            st.markdown("**Sign-offs**")
            st.dataframe([{"who": s.party, "status": s.status} for s in w.sign_offs], hide_index=True)
        st.markdown("**Closing summary**")
        st.markdown(safe_markdown(closing_summary(w, state.interview.open_questions)))
