"""Shared helpers of the page: the cached assistant, who is typing, rate limits, running an action from a click."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from assistant import bootstrap
from assistant.errors import AssistantError
from assistant.sessions import RateLimit, Turn
from assistant.settings import load_settings

log = logging.getLogger("lifecycle_assistant.app")


@st.cache_resource(show_spinner="Loading the knowledge base and embedding model…")
def get_assistant(data_dir: str) -> bootstrap.Assistant:
    # `data_dir` is the cache key, so tests with their own store get their own objects.
    # Hosts never ingest inside a page request: ingestion is a job (`make knowledge`,
    # `python -m assistant ingest`), so several hosts never rewrite the shared store at once.
    return bootstrap.build(load_settings(data_dir=data_dir))


def limiter(kind: str, per_minute: int) -> RateLimit:
    """One limit per browser session and kind (messages, uploads)."""
    key = f"rate-{kind}"
    if key not in st.session_state or st.session_state[key].per_minute != per_minute:
        st.session_state[key] = RateLimit(per_minute)
    return st.session_state[key]


ROLES = ["facilitator", "product", "ml", "engineering", "legal", "security", "data_protection", "other"]


def who() -> str:
    return (st.session_state.get("participant") or "").strip() or "team"


def shown(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value).replace("_", " ")


def run_action(action: Callable[..., object], *args: object, **kwargs: object) -> None:
    """Apply a click's change (`action(*args, **kwargs)`) unless the page was behind the plan, then rerun."""
    if st.session_state.get("moved_from") is not None:
        # The click came from a page older than the plan: show the plan as it is, apply nothing.
        st.warning(
            "The plan changed since your page last refreshed, so that click was not applied. "
            "Here it is as it is now — click again if it still applies."
        )
        st.session_state.moved_from = None
        return
    try:
        result = action(*args, **kwargs)
    except AssistantError as exc:
        st.error(exc.one_line())
        return
    if isinstance(result, Turn):  # our own change is not "someone else's" on the next run
        st.session_state.seen_versions[result.plan.id] = result.plan.version
    st.rerun()


def open_plan(plan_id: str) -> None:
    st.query_params["plan"] = plan_id
    st.session_state.confirm_delete = False
    st.rerun()


def go_to_plan_list() -> None:
    st.query_params.clear()
    st.rerun()
