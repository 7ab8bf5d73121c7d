"""Login and workspaces: who may use the page, and which team's plans and documents it shows.

With `[auth]` in the secrets, Streamlit's own `st.login` (OIDC) gates the page and each person
works in the workspaces their e-mail address (or its domain) belongs to (`[workspaces]`).
Without it the page is open and everyone works in the one default workspace, as before.
"""

from __future__ import annotations

import streamlit as st

from assistant.render import plain_text
from assistant.settings import Settings


def _email() -> str | None:
    # An address the provider says it has not verified proves nothing about team membership.
    if st.user.get("email_verified") is False:
        return None
    email = st.user.get("email")
    return str(email) if email else None


def _provider(settings: Settings) -> str | None:
    """`[auth]` with its own client_id is Streamlit's default provider; else the first named `[auth.<name>]`."""
    auth = settings.auth or {}
    if "client_id" in auth:
        return None
    return next((name for name, value in auth.items() if isinstance(value, dict) and "client_id" in value), None)


def _leave_plan() -> None:
    # A plan link belongs to the workspace it was opened in; switching shows the new one's list.
    st.query_params.clear()


def current_workspace(settings: Settings) -> str:
    """The workspace this page works in; stops the page with a login prompt until someone is logged in."""
    if not settings.login_required:
        return settings.default_workspace
    if not st.user.get("is_logged_in", False):  # absent, not False, where no login ever happened
        st.title("Lifecycle Assistant")
        st.write("Log in to see your team's plans.")
        if st.button("Log in", type="primary"):
            provider = _provider(settings)
            if provider is None:
                st.login()
            else:
                st.login(provider)
        st.stop()
    email = _email()
    spaces = settings.workspaces_of(email)
    if not spaces:
        st.title("Lifecycle Assistant")
        who = plain_text(str(st.user.get("email") or st.user.get("name") or "this account"))
        st.error(f"You are logged in as {who}, which belongs to no workspace. Ask your administrator to add you.")
        if st.button("Log out"):
            st.logout()
        st.stop()
    with st.sidebar:
        if len(spaces) == 1:
            workspace = spaces[0]
            st.caption(f"Workspace: **{plain_text(workspace)}**")
        else:
            if st.session_state.get("workspace") not in spaces:
                st.session_state.workspace = spaces[0]
            workspace = st.selectbox("Workspace", spaces, key="workspace", on_change=_leave_plan)
        st.caption(f"Logged in as {plain_text(email or '')}")
        if st.button("Log out", key="logout"):
            st.logout()
    return workspace
