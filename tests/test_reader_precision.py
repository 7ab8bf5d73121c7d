"""The reader's general mechanisms for precision: denied values, level ranges, typos, Dutch, hedges that
name their slot, and rates. Phrasings are our own, not taken from the messy corpus."""

import pytest

from assistant.interview import InterviewState, start, step
from assistant.interview.normalise import normalise
from assistant.interview.readings import read_answer
from assistant.plan.scope import Scope


def _read(text: str, question: str, **before: object) -> tuple[dict[str, object], dict[str, object], dict[str, str]]:
    r = read_answer(text, question, Scope.model_validate(before))
    return {x.slot: x.value for x in r.applied}, {x.slot: x.value for x in r.proposals}, r.pending


def test_a_value_the_team_denies_is_never_written() -> None:
    applied, proposed, _ = _read("not finance - more like healthcare, I'd say", "domain")
    assert applied.get("domain") != "finance" and proposed.get("domain") != "finance"
    assert "medical" in (applied.get("domain"), proposed.get("domain"))
    applied, proposed, _ = _read("we certainly don't have 50k labelled rows, closer to 2k", "data")
    assert "labelled_examples" not in applied
    assert proposed["labelled_examples"] == 2000


def test_a_number_that_denies_the_plan_is_a_correction() -> None:
    applied, _, _ = _read("12 weeks, not 20", "timeline", timeline_weeks=20)
    assert applied["timeline_weeks"] == 12


def test_a_denied_list_item_is_taken_out() -> None:
    applied, _, _ = _read("German, not French", "domain", languages=["French"])
    assert applied["languages"] == ["German"]


@pytest.mark.parametrize(
    ("text", "question", "slot"),
    [("low to medium", "quality", "quality_bar"), ("somewhere from medium to large", "budget", "budget")],
)
def test_two_levels_at_once_are_a_proposal(text: str, question: str, slot: str) -> None:
    applied, proposed, _ = _read(text, question)
    assert slot not in applied and slot in proposed


def test_an_inferred_quality_bar_waits_for_a_click_but_a_stated_one_is_applied() -> None:
    applied, proposed, _ = _read("a mistake here would cost us real money", "quality")
    assert "quality_bar" not in applied and proposed["quality_bar"] == "high"
    applied, _, _ = _read("medium, people double-check it anyway", "quality")
    assert applied["quality_bar"] == "medium"


def test_typos_and_dutch_are_read_but_a_typo_only_proposes() -> None:
    assert normalise("clasification of emials") == "classification of emails"
    assert normalise("per week, weekly") == "per week, weekly"  # a word is never turned into its plural
    assert normalise("personnel transition") == "personnel transition"  # real words stay
    applied, proposed, _ = _read("clasification", "tasks")
    assert proposed.get("tasks") == ["classification"] and "tasks" not in applied
    applied, _, _ = _read("vertalen naar het Engels, ongeveer 2k per dag", "tasks")
    assert applied["tasks"] == ["translation"]


def test_a_hedge_leaves_open_the_slot_it_talks_about() -> None:
    _, _, pending = _read("TBD - the architects still have to decide on the response time", "load")
    assert list(pending) == ["latency"]
    _, _, pending = _read("TBD, finance hasn't decided", "budget")
    assert list(pending) == ["budget"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("roughly 20 an hour, but only during business hours", 160),
        ("maybe 40 staff, each about 3 questions a day", 120),
    ],
)
def test_rates(text: str, expected: int) -> None:
    applied, proposed, _ = _read(text, "load")
    assert {**applied, **proposed}["requests_per_day"] == expected


def test_vague_amounts_keep_a_range() -> None:
    _, proposed, _ = _read("a couple of thousand a week", "load")
    assert proposed["requests_per_day"] == [286, 429]


def test_past_durations_are_not_deadlines() -> None:
    applied, proposed, _ = _read("we've been at this for 3 years now", "timeline")
    assert "timeline_weeks" not in applied and "timeline_weeks" not in proposed


def test_users_skip_the_head_count() -> None:
    applied, _, _ = _read("a search tool for our 40 to 60 underwriters", "use_case")
    assert applied["users"] == "underwriters"


def test_a_correction_heard_by_the_classifier_takes_back_the_old_item() -> None:
    state, _ = start()
    state = InterviewState.model_validate({**state.model_dump(), "current": "tasks"})
    state.scope = Scope(use_case="Sort incoming mail", tasks=["translation"])
    state, _ = step(state, "oops, not translation - summarisation")
    assert state.scope.tasks == ["summarisation"]


def test_filler_words_are_whole_words() -> None:
    from assistant.interview.readings import clean_use_case

    assert clean_use_case("something that writes product pages") == "Something that writes product pages"
    assert clean_use_case("so basically - a bot for HR questions") == "A bot for HR questions"


def test_a_for_phrase_that_names_no_people_is_only_a_proposal() -> None:
    applied, proposed, _ = _read("something that writes product descriptions for the webshop", "use_case")
    assert "users" not in applied and proposed["users"] == "webshop"


def test_a_denied_number_with_thousands_separator() -> None:
    applied, proposed, _ = _read("we don't have 2,000 examples yet, we're still labelling, maybe 300 now", "data")
    assert "labelled_examples" not in applied and proposed["labelled_examples"] == 300


def test_both_refusing_and_allowing_hosting_is_the_team_s_pick() -> None:
    applied, proposed, _ = _read("data can't leave the EU, so an EU-region API might be fine", "privacy")
    assert "hosted_allowed" not in applied and "hosted_allowed" in proposed


def test_legal_as_a_department_is_not_the_domain() -> None:
    applied, proposed, pending = _read("legal hasn't decided on cloud yet", "privacy")
    assert "domain" not in applied and "domain" not in proposed and list(pending) == ["hosted_allowed"]


def test_gpu_or_two_and_of_us() -> None:
    applied, _, _ = _read("we can rent a GPU or two", "budget")
    assert applied["gpus"] == [1, 2]
    _, proposed, _ = _read("six months, three of us", "timeline")  # two things at once: one click
    assert proposed["team_size"] == 3 and proposed["timeline_weeks"] == 26
