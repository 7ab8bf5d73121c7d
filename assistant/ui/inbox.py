"""Chat messages go through an inbox: recorded the moment they arrive, then answered in order.

Streamlit stops a running script as soon as the same page submits another message, so a turn
that was still thinking when the next message came was never saved (8 of 10 messages sent 0.3 s
apart were lost). Now the chat box's `on_submit` callback, which Streamlit runs before the new
script run and before anything can stop it, records the message in the plan database; every run
then applies the plan's waiting messages, oldest first, one per run. A turn cut short is simply
done again by the next run, and the database marks a message applied in the same transaction
that saves its turn, so it is applied exactly once.
"""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

import streamlit as st
from streamlit.runtime.state.session_state_proxy import get_session_state

from assistant import bootstrap
from assistant.errors import AssistantError, PlanNotFound
from assistant.plan import StoredPlan
from assistant.render import safe_markdown
from assistant.sessions import PlanSessions, RateLimit
from assistant.settings import Settings
from assistant.ui.chat import streaming_answer
from assistant.ui.common import limiter, log

CHAT_KEY = "chat_text"
# Each page answers its own messages (in the order sent); a message left waiting this long (its tab
# was closed mid-queue) is answered by whichever page of the plan runs next. Pages racing for every
# message would each compute the turn only for one of them to save it.
ORPHAN_S = 30.0
# How long a message recorded on arrival is remembered, so the callback does not record it again.
ARRIVED_S = 120.0


def _sender() -> str:
    """This browser session, so messages queued behind one's own are told apart from others'."""
    if "sender" not in st.session_state:
        st.session_state.sender = uuid.uuid4().hex
    return str(st.session_state.sender)


def _record(
    sessions: PlanSessions,
    plan_id: str,
    shown_stage: str | None,
    settings: Settings,
    sender: str,
    limit: RateLimit,
    notes: dict[str, Any],
    text: str | None = None,
    author: str | None = None,
) -> None:
    """`on_submit` of the chat box: check the message, then record it.

    Usually called by `_record_on_arrival` as the submission reaches the server; Streamlit calls
    it (without `text`) where that hook could not take the message. Streamlit lets a newer
    submission stop a run at any `st.` call, every read or write of `st.session_state` included,
    so this reads the widget values once through `filtered_state` (which never stops the run),
    gets the rest through its arguments and reports problems in the `notes` dict it was given.
    """
    arrived: list[tuple[str, float]] = notes.setdefault("arrived", [])
    now = time.monotonic()
    arrived[:] = [(t, at) for t, at in arrived if now - at < ARRIVED_S]
    if text is None:
        values = get_session_state().filtered_state
        text = values.get(CHAT_KEY)
        author = str(values.get("participant") or "")
        if isinstance(text, str) and any(t == text for t, _ in arrived):
            # Recorded on arrival already: Streamlit can still hand the same submission to a run
            # (a rerun replaying the client's last state), which must not record it twice.
            arrived.remove(next(a for a in arrived if a[0] == text))
            return
    else:
        arrived.append((text, now))
    if not isinstance(text, str):
        return
    if len(text) > settings.max_message_chars:
        notes["warning"] = (
            f"That message is {len(text):,} characters; the limit is {settings.max_message_chars:,}. Please shorten it."
        )
        return
    if not text.strip():
        notes["warning"] = "Please type a question or an answer first."
        return
    wait = limit.wait_s()
    if wait:
        notes["warning"] = (
            f"That is more than {settings.messages_per_minute} messages in a minute; "
            f"please wait {wait:.0f} s and send it again."
        )
        return
    author = (author or "").strip() or "team"
    try:
        # Typed ahead behind one's own waiting messages: they form a sequence, so the stage the
        # page showed does not hold it back once the earlier ones move the plan on.
        behind_own = any(m.sender == sender for m in sessions.queued(plan_id))
        sessions.enqueue(plan_id, uuid.uuid4().hex, text, author, sender, None if behind_own else shown_stage)
    except AssistantError as exc:
        log.warning("could not record a message: %s", exc.one_line())
        notes["warning"] = f"{exc.one_line()} — the message was not recorded; please send it again."


def chat_box(sessions: PlanSessions, stored: StoredPlan, shown_stage: str, settings: Settings) -> None:
    """The chat input; what it receives is recorded by `_record` before the next run starts."""
    st.chat_input(
        "Answer, paste a project brief, or ask about the lifecycle…",
        key=CHAT_KEY,
        on_submit=_record,
        # Bound now: the stage this page shows is the one the participant is answering.
        args=(
            sessions,
            stored.id,
            shown_stage,
            settings,
            _sender(),
            limiter("messages", settings.messages_per_minute),
            st.session_state.setdefault("chat_notes", {}),
        ),
    )


def answer_queue(assistant: bootstrap.Assistant, sessions: PlanSessions, stored: StoredPlan) -> None:
    """Show waiting messages as queued and answer the oldest; the rerun after it takes the next."""
    if warning := st.session_state.setdefault("chat_notes", {}).pop("warning", None):
        st.warning(warning)
    try:
        queue = sessions.queued(stored.id)
    except AssistantError as exc:
        st.error(f"{exc.one_line()} — waiting messages will be answered once it is back.")
        return
    now = datetime.now(UTC)
    sender = _sender()
    mine = [m for m in queue if m.sender == sender or (now - m.received_at).total_seconds() > ORPHAN_S]
    if not mine:
        return
    current = mine[0]
    waiting = [m for m in queue if m.sender == sender and m is not current]
    turn_area = st.container()
    for item in waiting:
        with st.chat_message("user"):
            st.markdown(safe_markdown(item.text))
            st.caption("⏳ queued — answered in turn")
    with turn_area:
        with st.chat_message("user"):
            st.markdown(safe_markdown(current.text))
        with st.chat_message("assistant"):
            placeholder = st.container()
            try:
                with st.spinner("Thinking…"):
                    turn = sessions.apply_queued(current, streaming_answer(assistant, placeholder))
            except PlanNotFound:
                sessions.give_up(current, "plan deleted")
                st.error("This plan was deleted by someone else. Start a new plan from the sidebar.")
                return
            except AssistantError as exc:
                log.warning("turn failed: %s", exc.one_line())
                sessions.give_up(current, exc.one_line())
                st.error(f"{exc.one_line()} — nothing was saved from this message; please try again.")
                return
    if turn is not None:
        if turn.merged:
            st.session_state.merged_notice = True
        st.session_state.seen_versions[turn.plan.id] = turn.plan.version
    st.rerun()


# ---------------------------------------------------------------- recording on arrival
def install_submit_hook() -> None:
    """Record chat messages as each submission reaches the server, before any script run.

    Streamlit starts a new script run per submission and stops the one before; a run stopped
    before its callbacks ran (a submission 0.3 s after the last, on a busy server) dropped its
    message: 2 of 10 in the Chromium test even with the callback above. `AppSession.request_rerun`
    sees every submission, one at a time, on the server's event loop: there the chat box's own
    callback is called with the submitted text, and the value is taken out of the rerun so the
    run does not record it again. This leans on Streamlit internals (`_session_state`, widget
    metadata), so anything unexpected leaves the submission untouched for the callback path.
    """
    from streamlit.runtime.app_session import AppSession

    original = AppSession.request_rerun
    if getattr(original, "_records_chat", False):
        return

    def request_rerun(self: AppSession, client_state: Any) -> None:
        if client_state is not None:
            _record_on_arrival(self, client_state)
        original(self, client_state)

    request_rerun._records_chat = True  # type: ignore[attr-defined]
    AppSession.request_rerun = request_rerun  # type: ignore[method-assign]


def _record_on_arrival(app_session: Any, client_state: Any) -> None:
    try:
        state = app_session._session_state
        metadata = state._new_widget_state.widget_metadata
        widgets = client_state.widget_states.widgets
        kept = []
        for widget in widgets:
            meta = metadata.get(widget.id)
            if (
                widget.WhichOneof("value") == "chat_input_value"
                and widget.chat_input_value.HasField("data")
                and meta is not None
                and meta.callback is _record
                and meta.callback_args
            ):
                author = str(state.filtered_state.get("participant") or "")
                _record(*meta.callback_args, text=widget.chat_input_value.data, author=author)
                continue  # recorded: the run started for it must not record it again
            kept.append(widget)
        if len(kept) != len(widgets):
            del widgets[:]
            widgets.extend(kept)
    except Exception:
        log.exception("could not record a chat message on arrival; the chat box's callback will")
