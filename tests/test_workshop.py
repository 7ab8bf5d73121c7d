"""Workshop notes typed in the chat become records; the agenda timer and the closing summary."""

from datetime import UTC, date, datetime, timedelta

import pytest

from assistant.plan.schema import Citation
from assistant.plan.scope import Scope
from assistant.plan.workshop import (
    Action,
    Decision,
    ParkedQuestion,
    RiskItem,
    SignOff,
    Workshop,
    add_note,
    advance,
    closing_summary,
    parse_note,
    seed_risks,
    timer,
)

WEDNESDAY = date(2026, 11, 25)


def test_a_decision_keeps_its_reason_author_and_stage() -> None:
    note = parse_note(
        "decision: we start with a hosted model and revisit after the pilot because legal needs time",
        "Ana",
        WEDNESDAY,
        stage="select",
    )
    assert isinstance(note, Decision)
    assert note.choice == "we start with a hosted model and revisit after the pilot"
    assert note.reason == "legal needs time" and note.who == "Ana" and note.stage == "select"


@pytest.mark.parametrize(
    ("text", "owner", "what", "due"),
    [
        ("action: Ana drafts the golden test set by Friday", "Ana", "drafts the golden test set", date(2026, 11, 27)),
        (
            "Action for Bo: ask IT about the data centre before 1 March",
            "Bo",
            "ask IT about the data centre",
            date(2027, 3, 1),
        ),
        ("todo: we collect 200 real questions", "", "we collect 200 real questions", None),
        ("action: Priya labels 500 tickets by vrijdag", "Priya", "labels 500 tickets", date(2026, 11, 27)),
    ],
)
def test_actions_get_an_owner_and_a_due_date_in_words(text: str, owner: str, what: str, due: date | None) -> None:
    note = parse_note(text, "Facilitator", WEDNESDAY)
    assert isinstance(note, Action)
    assert (note.owner, note.what, note.due) == (owner, what, due)


def test_a_risk_is_categorised_with_likelihood_and_impact() -> None:
    note = parse_note("risk: the bot leaks salary data, low likelihood, high impact", "Mo", WEDNESDAY)
    assert isinstance(note, RiskItem)
    assert (note.category, note.likelihood, note.impact) == ("privacy", "low", "high")
    assert note.description == "the bot leaks salary data"


def test_parking_lot_and_sign_offs_and_plain_messages() -> None:
    assert isinstance(parse_note("park: do we need a Dutch model at all?", "Ana", WEDNESDAY), ParkedQuestion)
    first = parse_note("sign-off: works council pending", "Ana", WEDNESDAY)
    later = parse_note("sign off: Works council approved", "Ana", WEDNESDAY)
    assert isinstance(first, SignOff) and (first.party, first.status) == ("works council", "pending")
    workshop = add_note(add_note(Workshop(), first), later)
    assert [(s.party, s.status) for s in workshop.sign_offs] == [("Works council", "approved")]
    assert parse_note("we decided nothing yet, what is RLHF?", "Ana", WEDNESDAY) is None
    assert parse_note("Our risk appetite is low", "Ana", WEDNESDAY) is None


def test_the_timer_runs_per_section_and_shows_overrun() -> None:
    start = datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    workshop = advance(Workshop(), start)
    state = timer(workshop, start + timedelta(minutes=5))
    assert state is not None and state.section.startswith("Scope") and state.remaining_s == 15 * 60
    late = timer(workshop, start + timedelta(minutes=23))
    assert late is not None and late.overrun and late.remaining_s == -3 * 60
    second = advance(workshop, start + timedelta(minutes=23))
    state = timer(second, start + timedelta(minutes=24))
    assert state is not None and state.section.startswith("Select") and state.elapsed_s == 60
    assert timer(Workshop(), start) is None


def test_seeded_register_follows_the_scope_and_cites() -> None:
    def find(query: str) -> list[Citation]:
        return [Citation(source="knowledge/17-responsible-ai.md", section=query)]

    hr_bot = Scope(tasks=["chat"], domain="hr", customer_facing=False, quality_bar="high", hosted_allowed=False)
    register = seed_risks(hr_bot, find)
    assert [r.category for r in register] == ["hallucination", "toxicity", "privacy", "bias"]
    assert all(r.sources for r in register)
    classifier = seed_risks(Scope(tasks=["classification"]), find)
    assert [r.category for r in classifier] == ["hallucination"]


def test_closing_summary_lists_what_the_team_leaves_with() -> None:
    workshop = Workshop()
    for text in (
        "decision: hosted model first",
        "action: Ana drafts the golden test set by Friday",
        "sign-off: legal pending",
        "park: Dutch model?",
    ):
        note = parse_note(text, "Bo", WEDNESDAY)
        assert note is not None
        workshop = add_note(workshop, note)
    summary = closing_summary(workshop, ["Budget: not decided"])
    assert "- hosted model first" in summary
    assert "- drafts the golden test set — Ana, due Fri 27 Nov" in summary
    assert "- Budget: not decided" in summary and "- Dutch model?" in summary
    assert "**Pending sign-offs**\n- legal" in summary
