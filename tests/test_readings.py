"""Readings: value, confidence and origin; proposals, pending slots, corrections, ranges."""

import pytest

from assistant.interview.numbers import find_quantities, per_day
from assistant.interview.readings import read_answer
from assistant.plan.scope import Scope


def _applied(readings):
    return {r.slot: r.value for r in readings.applied}


def _proposed(readings):
    return {r.slot: r.value for r in readings.proposals}


@pytest.mark.parametrize(
    ("text", "ends"),
    [
        ("1,000–2,000 questions a day", (1000, 2000)),
        ("between 5 and 10k examples", (5000, 10000)),
        ("20 to 30 thousand tagged emails", (20000, 30000)),
        ("5-10k", (5000, 10000)),
        ("3-6 months", (3, 6)),
        ("~3k requests", (3000, 3000)),
        ("two A100s", (2, 2)),
        ("5 years", (5, 5)),
        ("a few hundred", (300, 300)),
    ],
)
def test_numbers_and_ranges_keep_both_ends(text: str, ends: tuple[int, int]) -> None:
    first = next(find_quantities(text))
    assert (first.lo, first.hi) == ends


def test_rates_convert_to_a_day() -> None:
    month = next(find_quantities("50k a month"))
    assert round(per_day(month, "month").lo) == 1667


def test_explicit_statement_beats_an_inferred_cue() -> None:
    r = read_answer(
        "let's say high — wrong answers could be a legal issue, even though it's internal only", "quality", Scope()
    )
    assert _applied(r)["quality_bar"] == "high"
    assert "domain" not in _applied(r)  # "legal issue" is a remark, not the domain
    assert all(x.origin == "rule" and 0 < x.confidence <= 1 for x in r.applied + r.proposals)


def test_correction_never_reapplies_the_corrected_value() -> None:
    r = read_answer("actually the domain is HR, not legal", "quality", Scope(domain="legal"))
    assert _applied(r)["domain"] == "hr"
    assert "specialised_domain" not in _applied(r)


def test_a_filled_slot_is_not_overwritten_by_an_unrelated_remark() -> None:
    r = read_answer("yes, if it's good enough", "quality", Scope(quality_bar="high"))
    assert "quality_bar" not in _applied(r)


def test_hedges_leave_the_slot_pending_with_the_team_s_words() -> None:
    r = read_answer("probably medium, finance hasn't approved it yet", "budget", Scope())
    assert r.pending == {"budget": "probably medium, finance hasn't approved it yet"}
    assert "budget" not in _applied(r) and "budget" not in _proposed(r)


def test_unsure_answers_become_proposals() -> None:
    r = read_answer("we have about 2k examples?", "data", Scope())
    assert _proposed(r)["labelled_examples"] == 2000 and not r.applied


def test_a_range_is_kept_as_a_range() -> None:
    r = read_answer("1,000–2,000 questions a day", "load", Scope())
    assert _applied(r)["requests_per_day"] == [1000, 2000]


def test_list_corrections_take_items_back() -> None:
    r = read_answer(
        "scratch translation, everything's in English anyway", "tasks", Scope(tasks=["translation", "summarisation"])
    )
    assert _applied(r)["tasks"] == ["summarisation"] and r.replace_lists
