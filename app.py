"""Lifecycle Assistant — the Streamlit page. Layout only; the work happens in `assistant/`."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, date, datetime

import streamlit as st

from assistant import bootstrap
from assistant.answers import Answer
from assistant.errors import AssistantError, PlanBusy, PlanNotFound
from assistant.interview import QUESTION_SLOTS, describe_scope, slot_choices
from assistant.knowledge import SUPPORTED_SUFFIXES, add_uploads, shared_embedder
from assistant.plan import (
    DEFAULT_AGENDA,
    STAGE_NAMES,
    TECHNIQUE_NAMES,
    ProjectPlan,
    StoredPlan,
    Workshop,
    closing_summary,
    render_document,
    timer,
    to_markdown,
)
from assistant.plan.charts import gantt_chart, stage_progress_chart
from assistant.render import plain_text, quote_block, safe_markdown, safe_stream
from assistant.sessions import ChatMessage, PlanSessions, RateLimit, SessionState, Turn
from assistant.settings import Settings, install_log_redaction, load_settings

log = logging.getLogger("lifecycle_assistant.app")
MAX_LISTED_PLANS = 20

st.set_page_config(page_title="Lifecycle Assistant", page_icon="🧭", layout="wide")


# ----------------------------------------------------------------- resources
@st.cache_resource(show_spinner="Loading the knowledge base and embedding model…")
def get_assistant(data_dir: str) -> bootstrap.Assistant:
    # `data_dir` is the cache key, so tests with their own store get their own objects.
    # Hosts never ingest inside a page request: ingestion is a job (`make knowledge`,
    # `python -m assistant ingest`), so several hosts never rewrite the shared store at once.
    return bootstrap.build(load_settings(data_dir=data_dir))


# ----------------------------------------------------------------- messages
def render_sources(answer: Answer) -> None:
    if answer.notice:
        st.caption(f"ℹ️ {answer.notice}")
    if not answer.sources:
        return
    with st.expander(f"Sources ({len(answer.sources)})", expanded=False):
        for n, source in enumerate(answer.sources, start=1):
            st.markdown(
                f"**\\[{n}\\] {plain_text(source.source)}** — {plain_text(source.section)}  \n"
                f"relevance {source.score:.2f}"
            )
            st.markdown(quote_block(source.text))


def render_card(answer: Answer) -> None:
    """Key sentences emphasised and shown first; the rest of each section collapsed; related sentences last."""
    card = answer.card
    assert card is not None
    if answer.read_as:
        st.caption(f"Read as: {safe_markdown(answer.read_as)}")
    if answer.answer.startswith("Note:"):
        st.caption(safe_markdown(answer.answer.split("\n", 1)[0]))
    for section in card.sections:
        if section.key:
            st.markdown(" ".join(f"**{safe_markdown(k).strip()}** [{section.citation}]" for k in section.key))
    for section in card.sections:
        if section.rest:
            with st.expander(f"More from “{section.section}” [{section.citation}]", expanded=False):
                st.markdown(safe_markdown(" ".join(section.rest)))
    for related in card.related:
        st.markdown(f"*Related — {safe_markdown(related.section)}:* {safe_markdown(related.text)} [{related.citation}]")


def render_message(message: ChatMessage) -> None:
    with st.chat_message(message.role):
        if message.answer is not None and message.answer.card is not None:
            render_card(message.answer)
        else:
            st.markdown(safe_markdown(message.content))
        if message.answer is not None:
            render_sources(message.answer)
        if message.followup:
            st.markdown(safe_markdown(message.followup))


def streaming_answer(assistant: bootstrap.Assistant, container) -> Callable[[str, list[str]], Answer]:
    """Knowledge answers stream into the chat as they are produced; earlier messages resolve follow-ups."""

    def answer(question: str, history: list[str]) -> Answer:
        stream = assistant.answerer.stream(question, history)
        with container:
            # The whole text so far is sanitised on every piece: an image split across pieces
            # ("![a](ht" + "tp://…)") is only recognisable once both halves are there.
            slot = st.empty()
            for shown in safe_stream(stream):
                slot.markdown(shown)
        return stream.result

    return answer


# ------------------------------------------------------------------ sidebar
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
    download_buttons(sessions, plan_id, plan.title)


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


def limiter(kind: str, per_minute: int) -> RateLimit:
    """One limit per browser session and kind (messages, uploads)."""
    key = f"rate-{kind}"
    if key not in st.session_state or st.session_state[key].per_minute != per_minute:
        st.session_state[key] = RateLimit(per_minute)
    return st.session_state[key]


# ------------------------------------------------------- readings, edits, versions
ROLES = ["facilitator", "product", "ml", "engineering", "legal", "security", "data_protection", "other"]


def _who() -> str:
    return (st.session_state.get("participant") or "").strip() or "team"


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


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value).replace("_", " ")


def proposals_panel(sessions: PlanSessions, stored: StoredPlan, state: SessionState) -> None:
    """Readings I was unsure about: confirm the guess or pick the right value, in one click."""
    proposals = state.interview.proposals
    if not proposals:
        return
    with st.container(border=True, key="proposals"):
        st.markdown("**Please confirm** — nothing below is in the plan until you click:")
        for p in proposals:
            key = f"proposal-{p.slot}-{stored.version}"
            choices = slot_choices(p.slot)
            cols = st.columns([3, 1, 1])
            if choices is not None and not isinstance(p.value, list):
                picked = cols[0].segmented_control(
                    p.note.split(":")[0],
                    choices,
                    default=p.value,
                    format_func=_shown,
                    key=key,
                    help=p.reason or None,
                )
                if picked is not None and picked != p.value:
                    _run(lambda p=p, picked=picked: sessions.confirm(stored.id, p.slot, picked, by=_who()))
            else:
                cols[0].markdown(f"{safe_markdown(p.note)}" + (f"  \n*{safe_markdown(p.reason)}*" if p.reason else ""))
            if cols[1].button("✓ Confirm", key=f"{key}-ok", help=f"Confirm {p.note}"):
                _run(lambda p=p: sessions.confirm(stored.id, p.slot, p.value, by=_who()))
            if cols[2].button("✗ Drop", key=f"{key}-drop"):
                _run(lambda p=p: sessions.dismiss(stored.id, p.slot))


def _run(action: Callable[[], object]) -> None:
    if st.session_state.get("moved_from") is not None:
        # The click came from a page older than the plan: show the plan as it is, apply nothing.
        st.warning(
            "The plan changed since your page last refreshed, so that click was not applied. "
            "Here it is as it is now — click again if it still applies."
        )
        st.session_state.moved_from = None
        return
    try:
        result = action()
    except AssistantError as exc:
        st.error(exc.one_line())
        return
    if isinstance(result, Turn):  # our own change is not "someone else's" on the next run
        st.session_state.seen_versions[result.plan.id] = result.plan.version
    st.rerun()


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
                    new = st.multiselect(label, choices or [], default=value, key=key, format_func=_shown)
                elif slot == "languages":
                    text = st.text_input(label, ", ".join(value), key=key)
                    new = [x.strip() for x in text.split(",") if x.strip()]
                elif choices is not None:
                    new = st.selectbox(
                        label,
                        [None, *choices],
                        index=([None, *choices].index(value)),
                        key=key,
                        format_func=lambda v: "—" if v is None else _shown(v),
                    )
                elif slot in ("use_case", "users", "domain"):
                    new = st.text_input(label, value or "", key=key) or None
                elif slot == "latency_seconds":
                    new = st.number_input(label, min_value=0.0, value=value, key=key, placeholder="—")
                else:
                    new = st.number_input(label, min_value=0, value=value, step=1, key=key, placeholder="—")
                if new != value and new is not None and new != []:
                    _run(lambda slot=slot, new=new: sessions.confirm(stored.id, slot, new, by=_who()))


def ladder_editor(sessions: PlanSessions, stored: StoredPlan, plan: ProjectPlan) -> None:
    """Remove, reorder or add adaptation steps, and override hosting, with a reason."""
    with st.expander("Adaptation ladder and hosting — team overrides", expanded=False):
        reason = st.text_input("Reason (recorded with the change)", key=f"reason-{stored.version}")
        steps = [s.technique for s in plan.adaptation.steps]
        for n, technique in enumerate(steps):
            cols = st.columns([4, 1, 1])
            cols[0].markdown(f"{n + 1}. {TECHNIQUE_NAMES[technique]}")
            if n and cols[1].button("↑", key=f"up-{technique}-{stored.version}", help="Move up"):
                order = [*steps[: n - 1], technique, steps[n - 1], *steps[n + 1 :]]
                _run(lambda order=order: sessions.override(stored.id, "adaptation.order", order, reason, by=_who()))
            if len(steps) > 1 and cols[2].button("Remove", key=f"rm-{technique}-{stored.version}"):
                _run(lambda t=technique: sessions.override(stored.id, "adaptation.remove", t, reason, by=_who()))
        missing = [t for t in TECHNIQUE_NAMES if t not in steps]
        if missing:
            cols = st.columns([4, 2])
            add = cols[0].selectbox("Add a step", missing, format_func=TECHNIQUE_NAMES.get, key=f"add-{stored.version}")
            if cols[1].button("Add step", key=f"add-btn-{stored.version}"):
                _run(lambda: sessions.override(stored.id, "adaptation.add", add, reason, by=_who()))
        hosting = st.segmented_control(
            "Hosting",
            ["hosted_api", "open_weights"],
            default=plan.model_selection.hosting,
            format_func=lambda v: "hosted API" if v == "hosted_api" else "open weights, self-hosted",
            key=f"hosting-{stored.version}",
        )
        if hosting is not None and hosting != plan.model_selection.hosting:
            _run(lambda: sessions.override(stored.id, "model_selection.hosting", hosting, reason, by=_who()))


def undo_button(sessions: PlanSessions, stored: StoredPlan) -> None:
    """Undo the last turn or edit: the plan goes back to the version before it (kept as a new version)."""
    if st.button("↶ Undo last turn", key="undo", disabled=stored.version <= 1, width="stretch"):
        _run(lambda: sessions.undo(stored.id))


def versions_panel(sessions: PlanSessions, stored: StoredPlan) -> None:
    """Bring back any earlier version (as a new version: history stays)."""
    with st.expander(f"Versions ({stored.version})", expanded=False):
        for v in reversed(sessions.versions(stored.id)):
            cols = st.columns([4, 1])
            cols[0].markdown(f"**v{v.version}** · {v.updated_at:%Y-%m-%d %H:%M:%S} UTC · {safe_markdown(v.title)}")
            if v.version != stored.version and cols[1].button("Restore", key=f"restore-{v.version}"):
                _run(lambda version=v.version: sessions.restore(stored.id, version))


# --------------------------------------------------------------------- main
def open_plan(plan_id: str) -> None:
    st.query_params["plan"] = plan_id
    st.session_state.confirm_delete = False
    st.rerun()


def go_to_plan_list() -> None:
    st.query_params.clear()
    st.rerun()


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
        sessions.store.check_in(plan_id, _who())
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
            _run(lambda: sessions.advance_agenda(stored.id, by=_who()))
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
            _run(lambda: sessions.set_agenda(stored.id, [int(m) for m in minutes]))
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
                _run(lambda: sessions.update_actions(stored.id, edited))
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


def plan_tab(plan: ProjectPlan | None, state: SessionState, sessions: PlanSessions, stored: StoredPlan) -> None:
    facilitator_panel(sessions, stored, state)
    workshop_panel(sessions, stored, state)
    versions_panel(sessions, stored)
    scope_editor(sessions, stored, state)
    if plan is not None and state.interview.stage != "scope":
        ladder_editor(sessions, stored, plan)
    st.altair_chart(stage_progress_chart(state.interview.stage_progress(), state.interview.stage), width="stretch")
    if plan is None or state.interview.stage == "scope":
        st.info("The timeline and full plan appear here once the scope questions are answered (or say *finish*).")
        if plan is None:
            return
    st.subheader("Timeline")
    start = st.date_input("Project start (the timeline gets calendar dates)", value=state.interview.scope.start_date)
    if start != state.interview.scope.start_date and start is not None:
        _run(lambda: sessions.confirm(stored.id, "start_date", start, by=_who()))
    if plan.schedule:
        (st.warning if not plan.schedule.fits else st.caption)(plain_text(plan.schedule.message))
    st.altair_chart(gantt_chart(plan), width="stretch")
    st.markdown(safe_markdown(to_markdown(plan)))


def chat_turn(
    assistant: bootstrap.Assistant,
    sessions: PlanSessions,
    stored: StoredPlan,
    text: str,
    settings: Settings,
    seen_stage: str | None = None,
) -> None:
    if len(text) > settings.max_message_chars:
        st.warning(
            f"That message is {len(text):,} characters; the limit is {settings.max_message_chars:,}. Please shorten it."
        )
        return
    if not text.strip():
        st.warning("Please type a question or an answer first.")
        return
    wait = limiter("messages", settings.messages_per_minute).wait_s()
    if wait:
        st.warning(
            f"That is more than {settings.messages_per_minute} messages in a minute; "
            f"please wait {wait:.0f} s and send it again."
        )
        return
    with st.chat_message("user"):
        st.markdown(safe_markdown(text))
    with st.chat_message("assistant"):
        placeholder = st.container()
        try:
            with st.spinner("Thinking…"):
                turn = sessions.handle(
                    stored.id, text, streaming_answer(assistant, placeholder), author=_who(), seen_stage=seen_stage
                )
        except PlanBusy as exc:
            st.warning(str(exc))
            return
        except PlanNotFound:
            st.error("This plan was deleted by someone else. Start a new plan from the sidebar.")
            return
        except AssistantError as exc:
            log.warning("turn failed: %s", exc.one_line())
            st.error(f"{exc.one_line()} — nothing was saved from this message; please try again.")
            return
    if turn.merged:
        st.session_state.merged_notice = True
    st.session_state.seen_versions[turn.plan.id] = turn.plan.version
    st.rerun()


def main() -> None:
    install_log_redaction()
    settings = load_settings()
    try:
        assistant = get_assistant(str(settings.data_dir))
        sessions = assistant.sessions
    except AssistantError as exc:
        # A host whose database or vector store is down says which, and keeps trying by itself.
        log.warning("start-up failed: %s", exc.one_line())
        st.error(f"The assistant could not start — {exc.one_line()}.")
        wait = settings.startup_retry_s
        if wait > 0:
            st.caption(f"Trying again every {wait:g} seconds; this page recovers by itself once that part is back.")
            time.sleep(wait)
            st.rerun()
        st.stop()

    opened = current_plan(sessions)
    if opened is None:
        plan_list_page(sessions)
        return
    stored, state = opened
    plan = state.plan
    moved_from = page_moved_on(sessions, stored)
    st.session_state.moved_from = moved_from
    st.session_state.seen_versions[stored.id] = stored.version  # what this page shows from now on
    with st.sidebar:
        participant_box(sessions, stored)
        live_board(sessions, stored.id, stored.version, settings.live_refresh_s)
        plan_picker(sessions, stored)
        stage_progress(state)
        plan_sidebar(plan, state, sessions, stored.id)
        undo_button(sessions, stored)
        knowledge_sidebar(assistant, settings)

    if assistant.store.status().documents == 0:
        st.warning(
            "The knowledge base is empty, so questions are refused for now. Build it with `make knowledge` "
            "(or `python -m assistant ingest`) on any host; this page picks it up on reload."
        )
    st.title(plain_text(stored.title))
    st.caption(
        "Lifecycle Assistant · Scope → Select → Adapt & align → Application integration · "
        "answers cite the knowledge base · share this page's link to work on the plan together"
    )
    if st.session_state.pop("merged_notice", False):
        st.info("Someone else changed this plan at the same time; your message was applied to the latest version.")

    chat, plan_view = st.tabs(["Chat", "Plan"])
    with chat:
        for message in state.messages:
            render_message(message)
        proposals_panel(sessions, stored, state)
    with plan_view:
        plan_tab(plan, state, sessions, stored)

    text = st.chat_input("Answer, paste a project brief, or ask about the lifecycle…")
    if text is not None:
        # The stage the participant saw when typing: if the plan leaves it before this message is
        # saved (someone else's turn lands first, even mid-save), the message is not applied.
        seen_stage = state.interview.stage
        if moved_from is not None:
            # The message was typed on an older page: aimed at the stage that page showed.
            seen_stage = SessionState.model_validate(
                sessions.store.get_version(stored.id, moved_from).state
            ).interview.stage
        with chat:
            chat_turn(assistant, sessions, stored, text, settings, seen_stage)
    # Load the embedding model while the team reads the page. Loading it during the
    # first render would delay the page by more than the load itself (imports contend).
    shared_embedder().preload()


main()
