"""Lifecycle Assistant — the Streamlit page. Layout only; the work happens in `assistant/`."""

from __future__ import annotations

import logging

import streamlit as st

from assistant.answer import QuestionError
from assistant.documents import DocumentError, SUPPORTED_SUFFIXES
from assistant.ingest import ingest
from assistant.models import Answer
from assistant.render import quote_block, safe_markdown
from assistant.service import Assistant, build_assistant
from assistant.settings import Settings, load_settings
from assistant.uploads import save_upload

log = logging.getLogger("lifecycle_assistant.app")

st.set_page_config(page_title="Lifecycle Assistant", page_icon="🧭", layout="wide")


@st.cache_resource(show_spinner="Loading the knowledge base and embedding model…")
def get_assistant(data_dir: str) -> Assistant:
    # `data_dir` is the cache key, so tests with their own store get their own objects.
    settings = load_settings(data_dir=data_dir)
    assistant = build_assistant(settings)
    if assistant.store.status().documents == 0:
        ingest([settings.knowledge_dir], assistant.store)
    return assistant


def render_sources(answer: Answer) -> None:
    if answer.notice:
        st.caption(f"ℹ️ {answer.notice}")
    if not answer.sources:
        return
    with st.expander(f"Sources ({len(answer.sources)})", expanded=False):
        for n, source in enumerate(answer.sources, start=1):
            st.markdown(f"**[{n}] {source.source}** — {safe_markdown(source.section)}  \nrelevance {source.score:.2f}")
            st.markdown(quote_block(source.text))


def render_message(message: dict) -> None:
    with st.chat_message(message["role"]):
        st.markdown(safe_markdown(message["content"]))
        if message.get("answer"):
            render_sources(Answer.model_validate(message["answer"]))


def sidebar(assistant: Assistant, settings: Settings) -> None:
    with st.sidebar:
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
                add_uploads(assistant, settings, uploads)


def add_uploads(assistant: Assistant, settings: Settings, uploads: list) -> None:
    with st.status("Adding documents…", expanded=True) as box:
        try:
            paths = [save_upload(settings, f.name, f.getvalue()) for f in uploads]
            report = ingest(paths, assistant.store, lambda e: box.write(f"{e.index}/{e.total} {e.source}: {e.outcome}"))
        except DocumentError as exc:
            box.update(label="Could not add the documents", state="error")
            st.error(str(exc))
            return
        for source, reason in report.failed.items():
            st.error(reason)
        box.update(label=f"Done: {report.summary()}", state="error" if report.failed else "complete")


def answer_turn(assistant: Assistant, question: str) -> None:
    messages = st.session_state.messages
    messages.append({"role": "user", "content": question})
    render_message(messages[-1])
    with st.chat_message("assistant"):
        placeholder = st.empty()
        try:
            stream = assistant.answerer.stream(question)
            with placeholder.container():
                st.write_stream(safe_markdown(piece) for piece in stream)
            answer = stream.result
        except QuestionError as exc:
            placeholder.warning(str(exc))
            messages.pop()
            return
        except Exception:
            log.exception("answering failed")
            placeholder.error("Something went wrong while answering. Your conversation is kept; please try again.")
            return
        placeholder.markdown(safe_markdown(answer.answer))
        render_sources(answer)
    messages.append({"role": "assistant", "content": answer.answer, "answer": answer.model_dump(mode="json")})


def main() -> None:
    settings = load_settings()
    try:
        assistant = get_assistant(str(settings.data_dir))
    except Exception:
        log.exception("start-up failed")
        st.error("The assistant could not start: the knowledge base or the embedding model failed to load. "
                 "Run `make run` again; if it keeps failing, see the server log.")
        st.stop()
    sidebar(assistant, settings)

    st.title("Lifecycle Assistant")
    st.caption("Scope → Select → Adapt & align → Application integration. Answers cite the knowledge base.")
    if "messages" not in st.session_state:
        st.session_state.messages = []
    for message in st.session_state.messages:
        render_message(message)

    question = st.chat_input("Ask about the generative-AI project lifecycle…")
    if question is not None:
        answer_turn(assistant, question)


main()
