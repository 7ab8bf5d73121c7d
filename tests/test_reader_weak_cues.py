"""Readings that rest on a weak cue are offered for one click, never written (readings._weak_cues).

The sentences are our own, not corpus items: each test is about a kind of evidence (a negated
sentence, one end of a range, an hourly rate, a dotted number, an inferred domain, a vague amount).
"""

from __future__ import annotations

from assistant.interview.readings import clean_use_case, read_answer
from assistant.plan.scope import Scope


def _read(text: str, question: str, scope: Scope | None = None) -> tuple[dict[str, object], dict[str, object]]:
    result = read_answer(text, question, scope or Scope())
    return {r.slot: r.value for r in result.applied}, {r.slot: r.value for r in result.proposals}


def test_a_value_read_only_from_a_negated_sentence_is_offered() -> None:
    applied, _ = _read("there is no hurry, it does not have to be real time", "load")
    assert applied.get("latency") != "realtime"


def test_a_push_back_verb_turns_a_place_word_into_an_offer() -> None:
    applied, _ = _read("quit proposing self-hosted models, a hosted API is what we want", "privacy")
    assert applied.get("hosted_allowed") is not False


def test_a_plain_negative_answer_is_still_written() -> None:
    applied, _ = _read("no, the data never leaves our network", "privacy")
    assert applied.get("hosted_allowed") is False


def test_one_end_of_a_range_becomes_the_range_and_is_offered() -> None:
    applied, proposed = _read("roughly 20-40k queries/day", "load")
    assert "requests_per_day" not in applied
    assert proposed["requests_per_day"] == [20000, 40000]


def test_a_team_range_keeps_both_ends() -> None:
    applied, proposed = _read("five months, a team of 3-4", "timeline")
    assert "team_size" not in applied
    assert proposed["team_size"] == [3, 4]


def test_a_range_with_another_unit_does_not_widen_a_count() -> None:
    applied, proposed = _read("2-4 months, me plus one analyst", "timeline")
    assert {**applied, **proposed}.get("team_size") == 2


def test_an_hourly_rate_uses_the_stated_working_hours_and_is_offered() -> None:
    applied, proposed = _read("about 100 requests per hour during 10 working hours", "load")
    assert "requests_per_day" not in applied
    assert proposed["requests_per_day"] == 1000


def test_a_dotted_number_is_read_as_thousands_and_offered() -> None:
    applied, proposed = _read("zo'n 2.400 gelabelde brieven", "data")
    assert "labelled_examples" not in applied
    assert proposed["labelled_examples"] == 2400


def test_a_vague_amount_is_offered() -> None:
    applied, proposed = _read("a few thousand tickets a day", "load")
    assert "requests_per_day" not in applied
    assert "requests_per_day" in proposed


def test_the_domain_in_the_teams_words_is_offered_over_an_inferred_label() -> None:
    applied, proposed = _read("shipbuilding I'd say, english only", "domain")
    assert "domain" not in applied
    assert proposed["domain"] == "shipbuilding"


def test_a_known_synonym_keeps_its_label() -> None:
    _, proposed = _read("not banking - healthcare, I think", "domain")
    assert proposed.get("domain") == "medical"


def test_lower_case_polish_next_to_another_language_counts() -> None:
    applied, proposed = _read("german + polish", "domain")
    assert "Polish" in (applied.get("languages") or proposed.get("languages") or [])


def test_polish_as_a_verb_is_not_a_language() -> None:
    applied, proposed = _read("it should polish the drafts, English only", "tasks")
    assert "Polish" not in (applied.get("languages") or []) + (proposed.get("languages") or [])  # type: ignore[operator]


def test_a_bare_team_count_on_the_timeline_question_is_offered() -> None:
    applied, proposed = _read("eight weeks, 3 engineers", "timeline")
    assert proposed.get("team_size") == 3 or applied.get("team_size") == 3


def test_an_hourly_range_uses_the_opening_hours_and_keeps_both_ends() -> None:
    applied, proposed = _read("between 40 and 60 calls an hour, the desk is staffed 8 hours a day", "load")
    assert "requests_per_day" not in applied
    assert proposed["requests_per_day"] == [320, 480]


def test_two_durations_in_one_answer_are_offered_not_written() -> None:
    applied, proposed = _read("anything from 5 weeks to 3 months really", "timeline")
    assert "timeline_weeks" not in applied
    assert "timeline_weeks" in proposed


def test_one_duration_is_written_and_with_a_team_size_both_wait_for_one_click() -> None:
    applied, _ = _read("10 weeks", "timeline")
    assert applied.get("timeline_weeks") == 10
    applied, proposed = _read("10 weeks, a team of 3", "timeline")  # several things at once
    assert not applied and proposed == {"timeline_weeks": 10, "team_size": 3}


def test_two_waits_in_one_answer_are_offered_not_written() -> None:
    applied, _ = _read("normally 3 seconds, at month end 20 seconds is acceptable", "load")
    assert "latency_seconds" not in applied


def test_a_vulnerable_group_that_is_not_the_audience_is_offered() -> None:
    applied, proposed = _read(
        "parents of the kids at our playgroups ask about fees; a bot that answers the parents", "use_case"
    )
    assert "vulnerable_users" not in applied
    assert proposed.get("vulnerable_users") is True


def test_a_vulnerable_audience_the_tool_serves_is_written() -> None:
    applied, _ = _read("a homework helper for secondary-school kids", "use_case")
    assert applied.get("vulnerable_users") is True


def test_output_checked_before_it_reaches_the_audience_is_not_written_as_customer_facing() -> None:
    applied, _ = _read("high, but the editors review each draft before it goes to subscribers", "quality")
    assert applied.get("customer_facing") is not True
    assert applied.get("quality_bar") == "high"


def test_a_lean_is_offered_not_written() -> None:
    applied, proposed = _read("we'd lean towards medium", "quality")
    assert "quality_bar" not in applied
    assert proposed.get("quality_bar") == "medium"


def test_someone_else_having_the_final_word_leaves_the_slot_pending() -> None:
    result = read_answer("probably low, but the head curator has the final say", "quality", Scope())
    assert "quality_bar" in result.pending
    assert not any(r.slot == "quality_bar" for r in result.applied)


def test_a_loan_not_yet_agreed_leaves_the_slot_pending() -> None:
    result = read_answer("the faculty could lend us two GPUs, they haven't said yes though", "budget", Scope())
    assert "gpus" in result.pending
    assert not any(r.slot == "gpus" for r in result.applied)


def test_a_use_case_skips_a_first_sentence_that_says_what_it_must_not_do() -> None:
    use_case = clean_use_case(
        "It should never give medical advice. It answers visitors' questions about opening times and tickets."
    )
    assert use_case.startswith("It answers visitors")


def test_a_value_no_single_clause_gives_is_offered_not_written() -> None:
    # The daily figure is put together from the plan's number and the unit in the message.
    result = read_answer("oops, that was per month, not per day", "load", Scope(requests_per_day=3000))
    assert not any(r.slot == "requests_per_day" for r in result.applied)
    offered = {r.slot: r for r in result.proposals}
    assert offered["requests_per_day"].value == 100
    assert "as a whole" in offered["requests_per_day"].reason


def test_a_value_one_clause_gives_on_its_own_is_read_and_offered_with_the_rest() -> None:
    result = read_answer("medium budget, two A100s, and a hosted API is fine for the pilot", "budget", Scope())
    offered = {r.slot: r for r in result.proposals}
    assert offered["gpus"].value == 2 and offered["budget"].value == "medium"
    # Not the agreement rule's reason: each value was read from one part on its own.
    assert all("as a whole" not in r.reason for r in result.proposals)


def test_a_message_that_answers_both_ways_is_offered() -> None:
    applied, proposed = _read(
        "member data (names, bank details) stays with us; anonymised material may go to a hosted API", "privacy"
    )
    assert "personal_data" not in applied
    assert "personal_data" in proposed


def test_not_for_our_own_staff_is_not_read_as_internal() -> None:
    applied, _ = _read("answers for the residents themselves, not for our own staff", "quality")
    assert applied.get("customer_facing") is not False


def test_a_number_in_a_refused_plan_is_not_written() -> None:
    applied, _ = _read("no way we manage 4 weeks, that plan is fantasy", "timeline")
    assert applied.get("timeline_weeks") != 4


def test_someone_wanting_to_review_first_leaves_the_slot_pending() -> None:
    result = read_answer("low I'd say, but compliance wants to review that before we commit", "quality", Scope())
    assert "quality_bar" in result.pending


def test_a_correction_that_adds_a_language_keeps_the_others() -> None:
    result = read_answer(
        "wait no, domain is logistics not legal. and add german pls",
        "domain",
        Scope(domain="legal", languages=["english"]),
        correction=True,
    )
    offered = {r.slot: r.value for r in result.applied + result.proposals}
    assert {str(v).lower() for v in offered["languages"]} == {"english", "german"}


def test_only_restricts_the_languages_to_the_ones_it_names() -> None:
    result = read_answer(
        "correction: only french. the german pages are being retired",
        "domain",
        Scope(languages=["french", "german"]),
        correction=True,
    )
    offered = {r.slot: r.value for r in result.applied + result.proposals}
    assert [str(v).lower() for v in offered["languages"]] == ["french"]


def test_upper_case_language_codes_in_a_run_are_languages() -> None:
    applied, proposed = _read("museum shop texts. DE, EN, JA", "domain")
    langs = {str(v).lower() for v in {**proposed, **applied}.get("languages", [])}  # type: ignore[union-attr]
    assert langs == {"german", "english", "japanese"}


def test_a_code_run_with_a_code_we_do_not_know_names_no_language() -> None:
    applied, _ = _read("IT, HR and EN are in the steering group", "domain")
    assert "languages" not in applied


def test_none_is_not_a_rough_amount() -> None:
    result = read_answer("nothing is labelled at all, and the handbook changes every few months", "data", Scope())
    offered = {r.slot: r for r in result.proposals}
    assert offered["labelled_examples"].value == 0 and "rough amount" not in offered["labelled_examples"].reason
    applied, _ = _read("nothing is labelled at all", "data")
    assert applied["labelled_examples"] == 0
