"""Charts of a plan (Altair specs; Streamlit draws them)."""

from __future__ import annotations

import altair as alt

from assistant.plan.schema import STAGE_NAMES, ProjectPlan

_STAGE_ORDER = list(STAGE_NAMES.values())


def gantt_chart(plan: ProjectPlan) -> alt.Chart:
    rows = [
        {
            "task": t.task,
            "stage": STAGE_NAMES[t.stage],
            "start": t.start_week,
            "end": t.start_week + t.weeks,
            "order": i,
        }
        for i, t in enumerate(plan.timeline)
    ]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(cornerRadius=3)
        .encode(
            x=alt.X("start:Q", title="Week"),
            x2="end:Q",
            y=alt.Y("task:N", sort=alt.SortField("order"), title=None, axis=alt.Axis(labelLimit=320)),
            color=alt.Color("stage:N", sort=_STAGE_ORDER, scale=alt.Scale(domain=_STAGE_ORDER), title="Stage"),
            tooltip=["stage:N", "task:N", "start:Q", "end:Q"],
        )
        .properties(height=max(160, 28 * len(rows)))
    )


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
