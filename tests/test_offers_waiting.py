"""Offers waiting for a click: a later remark neither displaces nor repeats them (machine._merge_proposals)."""

from __future__ import annotations

from assistant.interview.machine import InterviewState, step


def _at(question: str) -> InterviewState:
    state = InterviewState()
    state.current = question
    return state


def test_a_remark_does_not_displace_the_teams_own_words_waiting_for_a_click() -> None:
    state, reply = step(_at("domain"), "beekeeping education i guess")
    waiting = {p.slot: p.value for p in state.proposals}
    assert waiting.get("domain") == "beekeeping education"
    # On the privacy question, a remark that reads as another domain.
    state.current = "privacy"
    state, reply = step(state, "no, nothing leaves the building: these are patient records from our clinic")
    assert {p.slot: p.value for p in state.proposals}["domain"] == "beekeeping education"
    assert "Domain:" not in reply.text


def test_an_offer_already_waiting_is_not_listed_again() -> None:
    state, reply = step(_at("use_case"), "it drafts the weekly newsletter for the allotment club, volunteers check it")
    assert "Domain: marketing?" in reply.text  # the guess is shown once …
    state.current = "data"
    state, reply = step(state, "about 200 old newsletters, nothing labelled. the club rules change every few months")
    assert {p.slot: p.value for p in state.proposals}.get("domain") == "marketing"  # … still waiting …
    assert "Domain: marketing?" not in reply.text  # … and not listed again


def test_a_domain_guessed_from_related_words_does_not_skip_the_domain_question() -> None:
    """A hearsay offer ("legal?" from "contracts + regulations") still leaves the question to the team."""
    from assistant.interview import start, step

    state, _ = start()
    state, _ = step(state, "an assistant where our dispatchers ask questions about the towage contracts + port rules")
    assert any(p.slot == "domain" for p in state.proposals)
    asked = []
    for _ in range(8):
        if state.current is None:
            break
        asked.append(state.current)
        state, _ = step(state, "skip")
    assert "domain" in asked


def test_a_take_back_said_on_another_question_edits_the_waiting_list() -> None:
    """Found with two participants in Chromium: Bo's "translation's out" was answered "nothing to change"."""
    from assistant.interview import start, step

    state, _ = start()
    state, _ = step(state, "it should draft the certificates from the measurement sheets, and translate them to german")
    assert any(p.slot == "tasks" and "translation" in p.value for p in state.proposals)
    assert state.current != "tasks"
    state, reply = step(state, "translation's out btw, the german office does that. just the drafting")
    assert "took out translation" in reply.text
    assert "translation" not in state.scope.tasks
    assert not any(p.slot == "tasks" and "translation" in p.value for p in state.proposals)
