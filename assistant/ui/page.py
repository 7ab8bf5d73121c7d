"""The page: composes the parts for the plan in the link, or shows the plan list."""

from __future__ import annotations

import time

import streamlit as st

from assistant.errors import AssistantError
from assistant.knowledge import shared_embedder
from assistant.render import plain_text
from assistant.settings import install_log_redaction, load_settings
from assistant.ui.access import current_workspace
from assistant.ui.chat import proposals_panel, render_message
from assistant.ui.common import get_assistant, log
from assistant.ui.inbox import answer_queue, chat_box, install_submit_hook
from assistant.ui.plan_tab import plan_tab
from assistant.ui.plans import current_plan, plan_list_page
from assistant.ui.sidebar import (
    knowledge_sidebar,
    participant_box,
    plan_picker,
    plan_sidebar,
    stage_progress,
    undo_button,
)
from assistant.ui.workshop import live_board, page_moved_on


def main() -> None:
    st.set_page_config(page_title="Lifecycle Assistant", page_icon="🧭", layout="wide")
    install_log_redaction()
    install_submit_hook()
    settings = load_settings()
    workspace = current_workspace(settings)  # with [auth]: nothing below runs before a login
    try:
        assistant = get_assistant(str(settings.data_dir)).for_workspace(workspace)
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

    chat_box(sessions, stored, state.interview.stage, settings)
    with chat:
        answer_queue(assistant, sessions, stored)
    # Load the embedding model while the team reads the page. Loading it during the
    # first render would delay the page by more than the load itself (imports contend).
    shared_embedder().preload()
