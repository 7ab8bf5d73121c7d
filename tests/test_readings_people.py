"""Team sizes added up from roles are offered, not written; list items taken back; chat shorthand."""

from __future__ import annotations

import pytest

from assistant.interview.readings import read_answer
from assistant.interview.slots import people_named, team_stated
from assistant.plan.scope import Scope


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("just 2 backend devs and a product owner", 3),
        ("three analysts, one designer, plus me", 5),
        ("no data scientists, only 4 engineers", 4),
        ("me + 2 contractors", 3),
        ("the users are 300 agents", None),
    ],
)
def test_people_named_by_role_are_counted_with_the_speaker(text: str, count: int | None) -> None:
    assert people_named(text) == count


def test_a_team_added_up_from_roles_is_offered_for_one_click() -> None:
    readings = read_answer("about 6 months. it's two ML engineers and a PM, and me", "timeline", Scope())
    offered = {r.slot: r.value for r in readings.proposals}
    assert offered.get("team_size") == 4
    assert "team_size" not in {r.slot for r in readings.applied}


def test_a_team_size_said_outright_is_written() -> None:
    assert team_stated("we're a team of 5")
    readings = read_answer("we're a team of 5", "timeline", Scope())
    assert {r.slot: r.value for r in readings.applied}.get("team_size") == 5
    # Said together with the duration, both wait for one click (several things at once).
    both = read_answer("we're a team of 5, three months", "timeline", Scope())
    assert {r.slot: r.value for r in both.proposals} == {"team_size": 5, "timeline_weeks": 13}


def test_taking_a_task_back_without_calling_it_a_correction_removes_it() -> None:
    scope = Scope(tasks=["summarisation", "translation"])
    readings = read_answer("leave out the translation bit, the summaries are what matter", "tasks", scope)
    written = {r.slot: r.value for r in readings.applied + readings.proposals}
    assert written.get("tasks") == ["summarisation"]
    assert readings.replace_lists


def test_chat_shorthand_reads_as_the_word() -> None:
    readings = read_answer("mostly answering qs about our care guidelines", "tasks", Scope())
    values = {r.slot: r.value for r in readings.applied + readings.proposals}
    assert "question_answering" in values.get("tasks", [])


def test_hyphenated_objects_still_name_the_task() -> None:
    readings = read_answer("draft follow-up letters to suppliers", "tasks", Scope())
    values = {r.slot: r.value for r in readings.applied + readings.proposals}
    assert values.get("tasks") == ["content_generation"]
