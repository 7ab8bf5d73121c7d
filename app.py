"""Lifecycle Assistant — the Streamlit page. Layout only; the work happens in `assistant/`."""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from assistant import bootstrap
from assistant.answers import Answer
from assistant.errors import AssistantError, PlanBusy, PlanNotFound
from assistant.interview import describe_scope
from assistant.knowledge import SUPPORTED_SUFFIXES, add_uploads, ingest, shared_embedder
from assistant.plan import STAGE_NAMES, ProjectPlan, StoredPlan, to_markdown
from assistant.plan.charts import gantt_chart, stage_progress_chart
from assistant.render import plain_text, quote_block, safe_markdown, safe_stream
from assistant.sessions import ChatMessage, PlanSessions, RateLimit, SessionState
from assistant.settings import Settings, install_log_redaction, load_settings

log = logging.getLogger("lifecycle_assistant.app")
MAX_LISTED_PLANS = 20

st.set_page_config(page_title="Lifecycle Assistant", page_icon="🧭", layout="wide")


# ----------------------------------------------------------------- resources
@st.cache_resource(show_spinner="Loading the knowledge base and embedding model…")
def get_assistant(data_dir: str) -> bootstrap.Assistant:
    # `data_dir` is the cache key, so tests with their own store get their own objects.
    settings = load_settings(data_dir=data_dir)
    assistant = bootstrap.build(settings)
    if assistant.store.status().documents == 0:
        ingest([settings.knowledge_dir], assistant.store)
    return assistant


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


def render_message(message: ChatMessage) -> None:
    with st.chat_message(message.role):
        st.markdown(safe_markdown(message.content))
        if message.answer is not None:
            render_sources(message.answer)
        if message.followup:
            st.markdown(safe_markdown(message.followup))


def streaming_answer(assistant: bootstrap.Assistant, container) -> Callable[[str], Answer]:
    """Knowledge answers stream into the chat as they are produced."""

    def answer(question: str) -> Answer:
        stream = assistant.answerer.stream(question)
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
                remaining = [p.id for p in sessions.store.list()]
                open_plan(remaining[0] if remaining else sessions.create()[0].id)
            if no.button("Cancel"):
                st.session_state.confirm_delete = False
                st.rerun()


def stage_progress(state: SessionState) -> None:
    st.header("Lifecycle")
    progress = state.interview.stage_progress()
    for key, name in STAGE_NAMES.items():
        marker = "▶ " if key == state.interview.stage else ("✓ " if progress[key] >= 1 else "")
        st.progress(progress[key], text=f"{marker}{name}")


def plan_sidebar(plan: ProjectPlan | None, state: SessionState) -> None:
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
    slug = "".join(c if c.isalnum() else "-" for c in plan.title.lower()).strip("-")[:60] or "plan"
    left, right = st.columns(2)
    left.download_button("⬇ Markdown", to_markdown(plan), file_name=f"{slug}.md", mime="text/markdown", width="stretch")
    right.download_button("⬇ JSON", plan.to_json(), file_name=f"{slug}.json", mime="application/json", width="stretch")


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


# --------------------------------------------------------------------- main
def open_plan(plan_id: str) -> None:
    st.query_params["plan"] = plan_id
    st.session_state.confirm_delete = False
    st.rerun()


def current_plan(sessions: PlanSessions) -> tuple[StoredPlan, SessionState]:
    plan_id = st.query_params.get("plan")
    if plan_id:
        try:
            return sessions.load(plan_id)
        except PlanNotFound:
            st.warning("That plan link no longer exists (it may have been deleted); here is a new plan.")
    stored, state = sessions.create()
    st.query_params["plan"] = stored.id
    return stored, state


def plan_tab(plan: ProjectPlan | None, state: SessionState) -> None:
    st.altair_chart(stage_progress_chart(state.interview.stage_progress(), state.interview.stage), width="stretch")
    if plan is None or state.interview.stage == "scope":
        st.info("The timeline and full plan appear here once the scope questions are answered (or say *finish*).")
        if plan is None:
            return
    st.subheader("Timeline")
    st.altair_chart(gantt_chart(plan), width="stretch")
    st.markdown(safe_markdown(to_markdown(plan)))


def chat_turn(
    assistant: bootstrap.Assistant, sessions: PlanSessions, stored: StoredPlan, text: str, settings: Settings
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
                turn = sessions.handle(stored.id, text, streaming_answer(assistant, placeholder))
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
    st.rerun()


def main() -> None:
    install_log_redaction()
    settings = load_settings()
    try:
        assistant = get_assistant(str(settings.data_dir))
        sessions = assistant.sessions
    except AssistantError as exc:
        log.warning("start-up failed: %s", exc.one_line())
        st.error(f"The assistant could not start — {exc.one_line()}. Fix that part and reload the page.")
        st.stop()

    stored, state = current_plan(sessions)
    plan = state.plan
    with st.sidebar:
        plan_picker(sessions, stored)
        stage_progress(state)
        plan_sidebar(plan, state)
        knowledge_sidebar(assistant, settings)

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
    with plan_view:
        plan_tab(plan, state)

    text = st.chat_input("Answer, paste a project brief, or ask about the lifecycle…")
    if text is not None:
        with chat:
            chat_turn(assistant, sessions, stored, text, settings)
    # Load the embedding model while the team reads the page. Loading it during the
    # first render would delay the page by more than the load itself (imports contend).
    shared_embedder().preload()


main()
