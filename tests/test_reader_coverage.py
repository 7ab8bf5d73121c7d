"""Understood" means every part of an answer was read (readings._unread_part).

A short answer with a part that says something no rule reads is offered in full, naming that part;
a part that is only an aside, a level said outright, a pasted brief and an edit of a list the plan
holds are still written. The sentences are our own, not corpus items.
"""

from __future__ import annotations

import pytest

from assistant.interview.readings import read_answer
from assistant.plan.scope import Scope


def _read(text: str, question: str, scope: Scope | None = None) -> tuple[dict[str, object], dict[str, str]]:
    """What was written, and each offer with its reason."""
    result = read_answer(text, question, scope or Scope())
    return {r.slot: r.value for r in result.applied}, {r.slot: r.reason for r in result.proposals}


@pytest.mark.parametrize(
    ("text", "question", "slot", "part"),
    [
        # The unread part may take back what was read: the level is offered, not written.
        ("a small budget I guess, though the sponsor doubled what we asked for", "budget", "budget", "sponsor doubled"),
        # … or say what the answer is for.
        (
            "no labelled data, the old archive went to the regional museum",
            "data",
            "labelled_examples",
            "regional museum",
        ),
        # … or say the number belongs to something else.
        (
            "about 40 a day, twice that when the harvest festival comes around",
            "load",
            "requests_per_day",
            "harvest festival",
        ),
    ],
)
def test_an_answer_with_a_part_nothing_reads_is_offered_naming_that_part(
    text: str, question: str, slot: str, part: str
) -> None:
    applied, offered = _read(text, question)
    assert slot not in applied
    assert slot in offered and part in offered[slot]


def test_the_same_answers_without_the_unread_part_are_written() -> None:
    assert _read("summaries of the minutes", "tasks")[0]["tasks"] == ["summarisation"]
    assert _read("about 40 a day", "load")[0]["requests_per_day"] == 40


def test_a_short_aside_does_not_hold_a_reading() -> None:
    applied, _ = _read("no hosted models, company policy", "privacy")
    assert applied["hosted_allowed"] is False


def test_a_level_said_outright_stays_written_before_its_reason() -> None:
    applied, _ = _read("high, our inspectors rely on it for every audit", "quality")
    assert applied["quality_bar"] == "high"


def test_a_pasted_brief_is_read_sentence_by_sentence_and_offered() -> None:
    brief = (
        "We run a network of repair cafés. The assistant should answer volunteers' questions about repairs "
        "from our manuals, in Dutch and English. Nobody in the team has time for a long project, honestly."
    )
    result = read_answer(brief, "use_case", Scope())
    assert {r.slot: r.value for r in result.proposals}.get("languages") == ["Dutch", "English"]
    assert "languages" not in {r.slot for r in result.applied}


def test_an_edit_of_a_list_the_plan_holds_is_still_applied() -> None:
    plan = Scope(languages=["English", "French"])
    result = read_answer("we dropped French when the Brussels office closed down last year", "domain", plan)
    applied = {r.slot: r.value for r in result.applied}
    assert [str(v).lower() for v in applied["languages"]] == ["english"]


def test_a_correction_of_an_empty_slot_named_in_passing_is_only_a_remark() -> None:
    # "not X, but Y" has the shape of a correction; with nothing in the plan to correct, the domain it
    # names on the quality question is offered like any other remark.
    applied, offered = _read("not life or death, but a wrong dosage table would be a legal headache", "quality")
    assert "domain" not in applied and "domain" in offered


def test_a_level_read_from_a_negated_clause_on_its_own_question_is_offered() -> None:
    applied, offered = _read("not a big pot of money, though not tiny either", "budget")
    assert "budget" not in applied and "budget" in offered


def test_dropped_takes_an_item_out_of_the_list() -> None:
    plan = Scope(languages=["english", "french"])
    applied, _ = _read("we dropped french. english only now", "domain", plan)
    assert [str(v).lower() for v in applied["languages"]] == ["english"]


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("most of the cleaners are Polish, so Dutch and Polish", ["Dutch", "Polish"]),
        ("the night shift is Polish", ["Polish"]),
    ],
)
def test_polish_with_a_capital_inside_a_sentence_is_the_language(text: str, languages: list[str]) -> None:
    from assistant.interview.slots import extract_slots

    assert sorted(extract_slots(text).values.get("languages") or []) == languages


@pytest.mark.parametrize("text", ["Polish the drafts before they go out", "we polish the drafts", "ask Sami about it"])
def test_polish_the_verb_and_a_colleague_called_sami_are_not_languages(text: str) -> None:
    from assistant.interview.slots import extract_slots

    assert not extract_slots(text).values.get("languages")


def test_an_activity_no_task_rule_knows_makes_the_task_list_an_offer() -> None:
    applied, offered = _read("translating the catalogues, and checking the stock levels every night", "tasks")
    assert "tasks" not in applied and "tasks" in offered


def test_writing_blurbs_is_content_generation() -> None:
    applied, _ = _read("writing the product blurbs for the webshop", "tasks")
    assert applied["tasks"] == ["content_generation"]
