"""The timeline fits the team's deadline (or says what to cut), with dates once the start is known."""

from datetime import date

from assistant.plan import Recommender, Scope
from assistant.plan.schedule import fit_to_deadline, span
from assistant.plan.schema import TimelineTask

NINE_WEEKS = [
    TimelineTask(stage="scope", task="Define the use case", start_week=0, weeks=1),
    TimelineTask(stage="select", task="Shortlist candidates", start_week=1, weeks=1),
    TimelineTask(stage="adapt_align", task="Prompt engineering", start_week=2, weeks=2),
    TimelineTask(stage="adapt_align", task="Fine-tuning (PEFT first)", start_week=3, weeks=3),
    TimelineTask(stage="integrate", task="Deploy and monitor", start_week=6, weeks=3),
]


def test_a_short_plan_is_stretched_to_use_the_deadline() -> None:
    fitted, schedule = fit_to_deadline(NINE_WEEKS, 16)
    assert span(fitted) == 16 and schedule.fits
    # Stages still overlap as before: fine-tuning starts while prompt engineering runs.
    prompt, tune = fitted[2], fitted[3]
    assert tune.start_week < prompt.start_week + prompt.weeks


def test_stretching_stops_at_twice_the_natural_length_and_the_rest_is_buffer() -> None:
    fitted, schedule = fit_to_deadline(NINE_WEEKS, 52)
    assert span(fitted) == 18
    assert "34 weeks of buffer" in schedule.message


def test_a_long_plan_is_compressed_but_no_task_vanishes() -> None:
    fitted, schedule = fit_to_deadline(NINE_WEEKS, 7)
    assert schedule.fits and span(fitted) <= 7
    assert all(t.weeks >= 1 for t in fitted) and len(fitted) == len(NINE_WEEKS)


def test_an_impossible_deadline_is_said_plainly_with_what_to_cut() -> None:
    _, schedule = fit_to_deadline(NINE_WEEKS, 3)
    assert not schedule.fits
    assert schedule.span_weeks > 3
    assert "does not fit" in schedule.message and "cut fine-tuning" in schedule.message


def test_plan_dates_and_milestones_follow_the_start_date_and_deadline() -> None:
    scope = Scope(tasks=["question_answering"], timeline_weeks=16, start_date=date(2027, 1, 4))
    plan = Recommender().plan(scope)
    assert plan.schedule is not None and plan.schedule.start_date == date(2027, 1, 4)
    assert span(plan.timeline) <= 16
    deadline = next(m for m in plan.schedule.milestones if m.name == "Deadline")
    assert deadline.week == 16 and deadline.due == date(2027, 4, 25)
    names = [m.name for m in plan.schedule.milestones]
    assert names[0] == "Scope done" and "Application integration done" in names


def test_without_a_deadline_the_natural_plan_stands() -> None:
    plan = Recommender().plan(Scope(tasks=["chat"]))
    assert plan.schedule is not None and plan.schedule.fits and plan.schedule.deadline_weeks is None
    assert plan.schedule.milestones and all(m.due is None for m in plan.schedule.milestones)
