"""Charts of a plan (Altair specs; Streamlit draws them)."""

from __future__ import annotations

import altair as alt

from assistant.plan.schedule import week_start
from assistant.plan.schema import STAGE_NAMES, ProjectPlan

_STAGE_ORDER = list(STAGE_NAMES.values())


def gantt_chart(plan: ProjectPlan) -> alt.LayerChart:
    """Tasks as bars, overlapping as the stages do; dates on the axis once the start date is known.

    Every bar is labelled (the axis never drops labels to save space) and the deadline, when
    the team gave one, is a red rule.
    """
    schedule = plan.schedule
    start = schedule.start_date if schedule else None
    rows = []
    for i, t in enumerate(plan.timeline):
        row: dict[str, object] = {"task": t.task, "stage": STAGE_NAMES[t.stage], "order": i}
        if start is not None:
            row["start"] = week_start(start, t.start_week).isoformat()
            row["end"] = week_start(start, t.start_week + t.weeks).isoformat()
        else:
            row["start"], row["end"] = t.start_week, t.start_week + t.weeks
        rows.append(row)
    kind = "T" if start is not None else "Q"
    x = alt.X(
        f"start:{kind}",
        title="Date" if start is not None else "Week",
        axis=alt.Axis(format="%d %b") if start is not None else alt.Axis(tickMinStep=1, format="d"),
    )
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(cornerRadius=3)
        .encode(
            x=x,
            x2=f"end:{kind}",
            y=alt.Y(
                "task:N",
                sort=alt.SortField("order"),
                title=None,
                axis=alt.Axis(labelLimit=360, labelOverlap=False),
            ),
            color=alt.Color("stage:N", sort=_STAGE_ORDER, scale=alt.Scale(domain=_STAGE_ORDER), title="Stage"),
            tooltip=["stage:N", "task:N", f"start:{kind}", f"end:{kind}"],
        )
    )
    layers: list[alt.Chart] = [bars]
    if schedule and schedule.deadline_weeks:
        when: object = (
            week_start(start, schedule.deadline_weeks).isoformat() if start is not None else schedule.deadline_weeks
        )
        deadline = alt.Chart(alt.Data(values=[{"at": when, "label": "Deadline"}]))
        layers.append(deadline.mark_rule(color="#d62728", strokeWidth=2).encode(x=f"at:{kind}"))
        layers.append(
            deadline.mark_text(align="left", dx=4, dy=-6, color="#d62728").encode(
                x=f"at:{kind}", y=alt.value(0), text="label:N"
            )
        )
    return alt.LayerChart(layer=layers, height=max(160, 30 * len(rows)), width=640)


def stage_progress_chart(progress: dict[str, float], current: str) -> alt.Chart:
    rows = [
        {"stage": STAGE_NAMES[key], "done": round(100 * progress.get(key, 0.0)), "current": key == current, "order": i}
        for i, key in enumerate(STAGE_NAMES)
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("stage:N", sort=_STAGE_ORDER, title=None, axis=alt.Axis(labelAngle=0)),
    )
    bars = base.mark_bar().encode(
        y=alt.Y("done:Q", scale=alt.Scale(domain=[0, 100]), title="% done"),
        color=alt.condition("datum.current", alt.value("#e4572e"), alt.value("#4c78a8")),
        tooltip=["stage:N", "done:Q"],
    )
    return (bars + base.mark_text(dy=-6).encode(y="done:Q", text="done:Q")).properties(height=180)
