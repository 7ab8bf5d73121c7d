"""Plan schema v2: scope slots and overrides; stored v1 plans migrate on load."""

import json

from assistant.plan import ProjectPlan, Recommender, Scope, to_markdown
from assistant.plan.schema import SlotRecord, TeamOverride


def _v1_json() -> dict:
    data = json.loads(Recommender().plan(Scope(use_case="Summarise tickets", tasks=["summarisation"])).to_json())
    data["schema_version"] = 1
    del data["overrides"]
    del data["scope"]["slots"]
    return data


def test_a_stored_v1_plan_loads_as_v2() -> None:
    plan = ProjectPlan.model_validate(_v1_json())
    assert plan.schema_version == 2 and plan.scope.slots == {} and plan.overrides == []
    assert plan.scope.use_case == "Summarise tickets"


def test_exports_mark_pending_and_team_items() -> None:
    plan = Recommender().plan(Scope(use_case="Summarise tickets"))
    plan.scope.slots = {
        "hosted_allowed": SlotRecord(pending=True),
        "quality_bar": SlotRecord(value="high", confidence=1.0, origin="team", confirmed=True),
        "requests_per_day": SlotRecord(value=[1000, 2000], confidence=0.9, origin="rule"),
    }
    plan.overrides = [
        TeamOverride(field="adaptation.remove", value="peft", why="no budget", who="Sanne", when="2026-11-25")
    ]
    markdown = to_markdown(plan)
    assert "| hosted allowed | — | **pending** (left open by the team) |" in markdown
    assert "| quality bar | high | **set by the team** |" in markdown
    assert "| requests per day | 1000–2000 | read by the rules |" in markdown
    # In words, not as the field path: "step removed from the adaptation ladder: Parameter-efficient …".
    assert "step removed from the adaptation ladder: Parameter-efficient fine-tuning" in markdown
    assert "— by Sanne, 2026-11-25: “no budget”" in markdown
    assert "adaptation.remove" not in markdown
    again = ProjectPlan.model_validate_json(plan.to_json())
    assert again.scope.slots["requests_per_day"].value == [1000, 2000]
