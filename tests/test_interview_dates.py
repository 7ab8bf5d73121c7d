"""The interview reads when the project starts and its deadline from messy phrasings; the timeline fits the deadline."""

from datetime import date, timedelta

import pytest

from assistant.interview import confirm_all, plan_for, start, step
from assistant.interview.dates import read_dates
from assistant.interview.readings import read_answer
from assistant.plan import Recommender, Scope

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we start on 1 March", {"start_date": (date(2027, 3, 1), True)}),
        ("kick-off next Monday", {"start_date": (date(2026, 11, 30), True)}),
        ("Kickoff is monday!", {"start_date": (date(2026, 11, 30), True)}),
        ("deadline is end of June", {"deadline": (date(2027, 6, 30), True)}),
        ("go-live in Q3", {"deadline": (date(2027, 9, 30), False)}),
        ("we have until 15/09", {"deadline": (date(2027, 9, 15), True)}),
        ("must be live by September, boss says", {"deadline": (date(2027, 9, 30), False)}),
        ("launch: mid-May", {"deadline": (date(2027, 5, 15), True)}),
        ("ready by the end of the year", {"deadline": (date(2026, 12, 31), True)}),
        ("start date 2027-03-01", {"start_date": (date(2027, 3, 1), True)}),
        (
            "We'd like to kick off on the 3rd of Feb and go live by end of Q2 2027.",
            {"start_date": (date(2027, 2, 3), True), "deadline": (date(2027, 6, 30), True)},
        ),
        (
            "starting jan 12th, deadline 30/6 (hard)",
            {"start_date": (date(2027, 1, 12), True), "deadline": (date(2027, 6, 30), True)},
        ),
        (
            "we kick off in January, go-live Q3",
            {"start_date": (date(2027, 1, 1), False), "deadline": (date(2027, 9, 30), False)},
        ),
        ("deadline friday", {"deadline": (date(2026, 11, 27), True)}),
        # Not dates: a duration, a technique, "due to", an open end, a count.
        ("deadline in 3 months", {}),
        ("we start with prompt engineering", {}),
        ("due to legal we wait", {}),
        ("keep going until it works", {}),
        ("3 months, two ML engineers", {}),
        ("we start small, 2 people", {}),
    ],
)
def test_dates_in_messy_phrasings(text: str, expected: dict[str, tuple[date, bool]]) -> None:
    found = {r.slot: (r.value, r.exact) for r in read_dates(text, TODAY)}
    assert found == expected


def test_a_named_day_is_applied_and_a_month_or_quarter_is_proposed() -> None:
    day = read_answer("kick-off 1 March", "timeline", Scope(), today=TODAY)
    assert {r.slot: r.value for r in day.applied} == {"start_date": date(2027, 3, 1)}
    quarter = read_answer("go-live in Q3", "timeline", Scope(), today=TODAY)
    [proposal] = quarter.proposals
    assert (proposal.slot, proposal.value) == ("deadline", date(2027, 9, 30)) and "not a day" in proposal.reason
    # Both in one message: several things said at once, so both wait for one click; the quarter keeps
    # its own reason.
    both = read_answer("kick-off 1 March, go-live in Q3", "timeline", Scope(), today=TODAY)
    proposed = {r.slot: r for r in both.proposals}
    assert not both.applied and proposed["start_date"].value == date(2027, 3, 1)
    assert "not a day" in proposed["deadline"].reason


def test_a_deadline_before_the_start_is_never_applied_without_a_click() -> None:
    readings = read_answer("deadline is 1 February", "timeline", Scope(start_date=date(2027, 3, 1)), today=TODAY)
    [proposal] = readings.proposals
    assert proposal.slot == "deadline" and "not after the start" in proposal.reason
    assert not readings.applied


def test_a_hedged_date_is_proposed() -> None:
    readings = read_answer("we probably start on 1 March", "timeline", Scope(), today=TODAY)
    assert [r.slot for r in readings.proposals] == ["start_date"] and not readings.applied


def _to_timeline_question() -> object:
    state, _ = start()
    for message in (
        "An assistant that answers HR policy questions for employees",
        "question answering over the policy documents",
        "no labelled data, a policy wiki that changes monthly",
        "HR, in Dutch",
        "high",
        "a few hundred questions a day, within 5 seconds",
        "hosted is fine",
        "small budget, no GPUs",
    ):
        state, _ = step(state, message)
    assert state.current == "timeline"
    return state


def test_the_interview_shows_the_dates_it_understood_and_the_timeline_fits_the_deadline() -> None:
    state = _to_timeline_question()
    state, reply = step(state, "we kick off 1 March 2027 and the deadline is end of June 2027, 3 of us")
    assert "Please confirm" in reply.text
    assert "Start date: Mon 01 Mar 2027" in reply.text and "Deadline: Wed 30 Jun 2027" in reply.text
    state = confirm_all(state)
    assert (state.scope.start_date, state.scope.deadline) == (date(2027, 3, 1), date(2027, 6, 30))
    plan = plan_for(state, Recommender())
    schedule = plan.schedule
    assert schedule is not None and schedule.start_date == date(2027, 3, 1)
    assert schedule.deadline_weeks == 18  # 1 March to 30 June: 121 days, a part week counts
    assert schedule.fits and schedule.span_weeks <= 18
    last = max(t.start_week + t.weeks for t in plan.timeline)
    assert date(2027, 3, 1) + timedelta(weeks=last) <= date(2027, 6, 30) + timedelta(days=7)
    assert any(m.name == "Deadline" for m in schedule.milestones)


def test_a_deadline_too_close_says_what_to_cut() -> None:
    state = _to_timeline_question()
    state, _ = step(state, "starting 1 March 2027, go-live 15/03/2027")
    state = confirm_all(state)
    plan = plan_for(state, Recommender())
    assert plan.schedule is not None and not plan.schedule.fits
    assert "does not fit" in plan.schedule.message


def test_a_deadline_without_a_start_counts_from_today() -> None:
    state = _to_timeline_question()
    deadline = date.today() + timedelta(weeks=30)
    state, reply = step(state, f"the deadline is {deadline:%d %B %Y}")
    assert f"Deadline: {deadline:%a %d %b %Y}" in reply.text
    plan = plan_for(state, Recommender())
    assert plan.schedule is not None and plan.schedule.start_date == date.today()
    assert plan.schedule.deadline_weeks == 30 and "count from today" in plan.schedule.message
