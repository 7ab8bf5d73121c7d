"""The chat: messages, answer cards with their sources, streamed answers, proposals to confirm, one chat turn."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from assistant import bootstrap
from assistant.answers import Answer
from assistant.interview import slot_choices
from assistant.plan import (
    StoredPlan,
)
from assistant.render import plain_text, quote_block, safe_markdown, safe_stream
from assistant.sessions import ChatMessage, PlanSessions, SessionState
from assistant.ui.common import run_action, shown, who


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
                    format_func=shown,
                    key=key,
                    help=p.reason or None,
                )
                if picked is not None and picked != p.value:
                    run_action(sessions.confirm, stored.id, p.slot, picked, by=who())
            elif p.slot in ("start_date", "deadline"):
                # A day we picked (the team named a month or a quarter): confirm it or pick the right one.
                guess = p.value if isinstance(p.value, date) else date.fromisoformat(str(p.value))
                day = cols[0].date_input(p.note.split(":")[0], value=guess, key=key, help=p.reason or None)
                if day is not None and day != guess:
                    run_action(sessions.confirm, stored.id, p.slot, day, by=who())
            else:
                cols[0].markdown(f"{safe_markdown(p.note)}" + (f"  \n*{safe_markdown(p.reason)}*" if p.reason else ""))
            # Buttons keep one key across versions: a click from a page behind the plan then reaches
            # run_action, which refuses it and says so (a version in the key would drop it silently).
            if cols[1].button("✓ Confirm", key=f"proposal-{p.slot}-ok", help=f"Confirm {p.note}"):
                run_action(sessions.confirm, stored.id, p.slot, p.value, by=who())
            if cols[2].button("✗ Drop", key=f"proposal-{p.slot}-drop"):
                run_action(sessions.dismiss, stored.id, p.slot)
        if len(proposals) > 1 and st.button(
            f"✓ Confirm all {len(proposals)} as shown",
            key="proposals-confirm-all",
            help="One click for every guess above; each can still be changed in the Plan tab, and Undo takes it back.",
        ):
            run_action(sessions.confirm_all, stored.id, [(p.slot, p.value) for p in proposals], by=who())
