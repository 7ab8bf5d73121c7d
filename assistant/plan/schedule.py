"""Fitting the plan's timeline to the team's deadline, and putting calendar dates on it.

The recommender lays out tasks in weeks with the stages overlapping (as the lifecycle
does). A team states a deadline ("3 months") and often a start date; the schedule then
stretches a short plan to use the time (at most twice its natural length — beyond that
the rest is buffer), or compresses a long one (to no less than 60% of its length, no task
below one week). When even the compressed plan does not fit it says so and names what to
cut; the bars then show how far past the deadline the work would run.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

from assistant.plan.schema import STAGE_NAMES, Milestone, Schedule, TimelineTask

# A plan stretched more than this only spreads the same work thinner; the rest is buffer.
MAX_STRETCH = 2.0
# Squeezing a plan below this share of its natural length stops being planning: say what to cut.
MAX_SQUEEZE = 0.6
# Tasks the team can drop first when time is short, most optional first (matched on the task text).
OPTIONAL_FIRST = ("Alignment with human feedback", "Fine-tuning", "Prepare corpus and pretrain")


def span(tasks: list[TimelineTask]) -> int:
    return max((t.start_week + t.weeks for t in tasks), default=0)


def _scaled(tasks: list[TimelineTask], factor: float) -> list[TimelineTask]:
    out = []
    for t in tasks:
        start = math.floor(t.start_week * factor)
        end = max(start + 1, math.ceil((t.start_week + t.weeks) * factor))
        out.append(t.model_copy(update={"start_week": start, "weeks": end - start}))
    return out


def fit_to_deadline(tasks: list[TimelineTask], deadline_weeks: int | None) -> tuple[list[TimelineTask], Schedule]:
    """The tasks rescaled to the deadline, and what that means for the team."""
    natural = span(tasks)
    if not deadline_weeks or not tasks or natural == 0:
        return tasks, Schedule(span_weeks=natural, fits=True, message=f"The plan takes about {natural} weeks.")
    if natural <= deadline_weeks:
        factor = min(deadline_weeks / natural, MAX_STRETCH)
        fitted = _scaled(tasks, factor) if factor > 1 else tasks
        used = span(fitted)
        spare = deadline_weeks - used
        message = f"The plan uses {used} of the {deadline_weeks} weeks before the deadline"
        message += f", leaving {spare} weeks of buffer." if spare else "."
        return fitted, Schedule(deadline_weeks=deadline_weeks, span_weeks=used, fits=True, message=message)
    fitted = _scaled(tasks, max(deadline_weeks / natural, MAX_SQUEEZE))
    used = span(fitted)
    if used <= deadline_weeks:
        message = (
            f"The plan needs about {natural} weeks; it is compressed to the {deadline_weeks}-week deadline, "
            "so every stage is tight: keep the scope narrow."
        )
        return fitted, Schedule(deadline_weeks=deadline_weeks, span_weeks=used, fits=True, message=message)
    cut = [name for name in OPTIONAL_FIRST if any(t.task.startswith(name) for t in tasks)]
    advice = f"cut {', then '.join(c.lower() for c in cut)}, or move the deadline" if cut else "move the deadline"
    message = (
        f"The plan does not fit: even compressed it needs {used} weeks and the deadline is {deadline_weeks}. "
        f"To fit, {advice}."
    )
    return fitted, Schedule(deadline_weeks=deadline_weeks, span_weeks=used, fits=False, message=message)


def weeks_between(start: date, end: date) -> int:
    """Whole weeks from the start to the deadline day (a part week counts: the team has it)."""
    return max(1, -(-(end - start).days // 7))


def week_start(start: date, week: int) -> date:
    return start + timedelta(weeks=week)


def milestones(tasks: list[TimelineTask], schedule: Schedule, start: date | None) -> list[Milestone]:
    """The end of each stage, and the deadline itself."""
    ends: dict[str, int] = {}
    for t in tasks:
        ends[t.stage] = max(ends.get(t.stage, 0), t.start_week + t.weeks)
    out = [Milestone(name=f"{STAGE_NAMES[stage]} done", week=week) for stage, week in ends.items()]
    if schedule.deadline_weeks:
        out.append(Milestone(name="Deadline", week=schedule.deadline_weeks))
    if start is not None:
        # A milestone at the end of week N falls on the last day of that week.
        out = [m.model_copy(update={"due": week_start(start, m.week) - timedelta(days=1)}) for m in out]
    return sorted(out, key=lambda m: m.week)


def dated(schedule: Schedule, tasks: list[TimelineTask], start: date | None) -> Schedule:
    return schedule.model_copy(update={"start_date": start, "milestones": milestones(tasks, schedule, start)})
