"""Cues added after holdout 15 was read: each a kind of phrasing, in our own sentences."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.interview.dates import read_dates
from assistant.interview.intents import rule_intent
from assistant.interview.readings import read_answer
from assistant.plan.scope import Scope


def _read(text: str, question: str) -> dict[str, object]:
    """Everything read, applied or offered."""
    result = read_answer(text, question, Scope())
    return {r.slot: r.value for r in result.applied + result.proposals}


@pytest.mark.parametrize(
    ("question", "text", "slot", "value"),
    [
        ("quality", "moyen, c'est pour l'équipe interne", "quality_bar", "medium"),
        ("budget", "klein. Hardware: eine RTX 4090 im Keller", "gpus", 1),
        ("budget", "laptops only, honestly", "gpus", 0),
        ("budget", "no budget really, it's a side project", "budget", "small"),
        ("data", "no tenemos ejemplos etiquetados", "labelled_examples", 0),
        ("data", "Labelled: 1,200 permit requests with the right outcome", "labelled_examples", 1200),
        ("privacy", "with pseudonymised records security is fine with a hosted API", "hosted_allowed", True),
        ("load", "no rush at all, nobody waits for it", "latency", "batch"),
        ("quality", "medium, an editor checks every text before the subscribers see it", "customer_facing", False),
        ("timeline", "two people left, so we're 4 now", "team_size", 4),
        ("timeline", "zwei Monate, Team von drei Leuten", "team_size", 3),
        ("data", "only about 300 of those actually have a category", "labelled_examples", 300),
        ("data", "nothing labelled, but we do have the club's rulebooks and safety protocols", "has_documents", True),
        ("budget", "tight-ish, there's a 16 GB card in the back office", "gpus", 1),
        ("budget", "the grant came through, call it large", "budget", "large"),
        ("load", "~40 an hour and the desk is open 8 to 4", "requests_per_day", 320),
        ("load", "it can think a bit, a minute is fine", "latency_seconds", 60.0),
        ("load", "it should answer while the customer waits at the counter", "latency", "interactive"),
    ],
)
def test_a_phrasing_is_read(question: str, text: str, slot: str, value: object) -> None:
    assert _read(text, question).get(slot) == value


def test_an_inferred_batch_or_budget_is_offered_not_written() -> None:
    for question, text, slot in (
        ("load", "no rush, nobody waits for it", "latency"),
        ("budget", "no budget", "budget"),
    ):
        result = read_answer(text, question, Scope())
        assert slot not in {r.slot for r in result.applied}


def test_a_few_seconds_is_offered() -> None:
    result = read_answer("binnen een paar seconden", "load", Scope())
    assert "latency_seconds" not in {r.slot for r in result.applied}


def test_a_date_inside_a_deadline_phrase_is_the_deadline() -> None:
    found = read_dates("it has to be live for the festival opening on 12 June 2027", date(2026, 11, 25))
    assert [(d.slot, d.value) for d in found] == [("deadline", date(2027, 6, 12))]


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("do you need precise figures or is a ballpark fine?", "app_help"),
        ("is there an undo if I get this wrong?", "app_help"),
        ("can we come back to this one later?", "app_help"),
        ("will the plan list real dates?", "app_help"),
        ("skip the budget part for now, finance is on holiday", "command"),
        ("go back one, the domain was wrong", "command"),
        ("the fine-tuning you suggested is not happening", "pushback"),
        ("is it five o'clock yet 😩", "answer"),
        ("next", "command"),
        ("is there a place where I can see the answers we gave?", "app_help"),
        ("can you repeat the question again, I was on mute", "app_help"),
        ("we don't want to rent servers. take that out of the plan", "pushback"),
    ],
)
def test_an_intent_is_recognised(text: str, intent: str) -> None:
    guess = rule_intent(text, answer_found=False)
    assert guess is not None and guess.intent == intent


def test_next_month_is_not_a_command() -> None:
    assert rule_intent("next month", answer_found=False) is None


def test_a_value_read_only_from_a_condition_is_offered() -> None:
    result = read_answer("depends on whether it answers patients directly, the board decides", "quality", Scope())
    assert "customer_facing" not in {r.slot for r in result.applied}


def test_the_group_a_purpose_clause_names_is_not_written_as_users() -> None:
    result = read_answer(
        "a bot for the visitors of our three pools so the lifeguards get fewer questions", "use_case", Scope()
    )
    assert "lifeguard" not in str({r.slot: r.value for r in result.applied}.get("users"))
    result = read_answer(
        "swimmers ask the same things all day. a bot so the lifeguards get some air", "use_case", Scope()
    )
    assert "users" not in {r.slot for r in result.applied}


@pytest.mark.parametrize(
    ("question", "text", "slot", "value"),
    [
        ("domain", "hostales. en español y un poco de portugués", "languages", ["Spanish", "Portuguese"]),
        ("domain", "opvang. Nederlands en Papiaments", "languages", ["Dutch", "Papiamento"]),
        ("timeline", "ergens tussen de 6 en 9 weken", "timeline_weeks", [6, 9]),
        ("tasks", "it should sort the emails and draft a reply for the front desk", "tasks", ["content_generation"]),
    ],
)
def test_a_phrasing_in_another_language_or_form_is_read(
    question: str, text: str, slot: str, value: list[object]
) -> None:
    assert set(value) <= set(_read(text, question).get(slot) or [])  # type: ignore[call-overload]


def test_a_list_answered_item_by_item_leaves_out_the_refused_ones() -> None:
    assert _read("summaries yes, chat yes, translation no thx", "tasks").get("tasks") == ["summarisation", "chat"]


def test_an_item_that_isnt_it_is_taken_out() -> None:
    result = read_answer("extraction isn't it at all, it's summarising the logs", "tasks", Scope(tasks=["extraction"]))
    assert {r.slot: r.value for r in result.applied + result.proposals}.get("tasks") == ["summarisation"]


def test_a_use_case_still_being_decided_is_left_pending() -> None:
    from assistant.interview.machine import InterviewState, step

    state, _ = step(InterviewState(), "still being decided by management, either a quiz bot or a grading helper")
    assert state.scope.use_case is None and "use_case" in state.pending


def test_scratch_one_language_and_add_another() -> None:
    result = read_answer("scratch german, add italian", "domain", Scope(languages=["english", "german"]))
    offered = {r.slot: r.value for r in result.applied + result.proposals}
    assert {str(v).lower() for v in offered["languages"]} == {"english", "italian"}


def test_a_trailing_only_restricts_the_languages_but_is_offered() -> None:
    result = read_answer(
        "the bot answers in english + german only — french is for the printed guide", "domain", Scope()
    )
    assert "languages" not in {r.slot for r in result.applied}
    assert {str(v).lower() for v in {r.slot: r.value for r in result.proposals}["languages"]} == {"english", "german"}


@pytest.mark.parametrize(
    ("question", "text"),
    [
        ("quality", "we think low, but the safety officer has to sign off on that"),
        ("load", "depends on whether the other branches join; ours alone is ~300/day"),
    ],
)
def test_someone_else_deciding_leaves_the_slot_pending(question: str, text: str) -> None:
    result = read_answer(text, question, Scope())
    assert result.pending and not {r.slot for r in result.applied} & set(result.pending)


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("the model should label each ticket as urgent or not", "classification"),
        ("it reads the fault description and pre-fills the repair form", "extraction"),
        ("sort the incoming letters - permits, complaints, invoices - into the right queue", "classification"),
        ("it opens a work order in the maintenance system via its API", "actions"),
    ],
)
def test_task_phrasings(text: str, task: str) -> None:
    assert task in (_read(text, "tasks").get("tasks") or [])  # type: ignore[operator]


def test_a_first_list_that_rules_something_out_is_offered() -> None:
    result = read_answer("summaries yes, translation no", "tasks", Scope())
    assert "tasks" not in {r.slot for r in result.applied}
    assert {r.slot: r.value for r in result.proposals}["tasks"] == ["summarisation"]


def test_an_edit_of_a_list_the_plan_holds_is_applied_at_once() -> None:
    result = read_answer(
        "no chat after all, just summaries", "tasks", Scope(tasks=["chat", "summarisation"]), correction=True
    )
    assert {r.slot: r.value for r in result.applied}.get("tasks") == ["summarisation"]


def test_a_decider_named_holds_the_question_s_value() -> None:
    result = read_answer("medium, the steering group votes on it", "quality", Scope())
    assert "quality_bar" not in {r.slot for r in result.applied}


def test_lower_case_polish_counts_beside_other_languages() -> None:
    assert "Polish" in (_read("dutch + english + a bit of polish for some parents", "domain").get("languages") or [])  # type: ignore[operator]


def test_hosted_for_one_part_and_in_house_for_another_is_not_written() -> None:
    result = read_answer(
        "hosted is fine for the public pages, but the bookings with names have to stay on our own server",
        "privacy",
        Scope(),
    )
    assert "hosted_allowed" not in {r.slot for r in result.applied}


def test_someone_wanting_to_weigh_in_leaves_the_slot_pending() -> None:
    result = read_answer("let's say high, but the head of the school wants to weigh in first", "quality", Scope())
    assert "quality_bar" in result.pending


def test_two_change_rates_are_offered() -> None:
    result = read_answer("the timetables change daily in summer, hardly at all in winter", "data", Scope())
    assert "documents_change" not in {r.slot for r in result.applied}


def test_a_level_with_not_in_front_is_not_the_level() -> None:
    result = read_answer("not that high, it's internal and staff check everything", "quality", Scope())
    assert {r.slot: r.value for r in result.applied}.get("quality_bar") != "high"


def test_anonymising_part_of_the_data_means_personal_data_and_mixed_hosting() -> None:
    result = read_answer(
        "somewhere in between: the anonymised summaries could go to a hosted API, the raw notes never",
        "privacy",
        Scope(),
    )
    applied = {r.slot for r in result.applied}
    assert "hosted_allowed" not in applied and "personal_data" not in applied
    assert {r.slot: r.value for r in result.proposals}.get("personal_data") is True


def test_sorry_wrong_is_a_correction_that_takes_a_language_out() -> None:
    result = read_answer(
        "sorry, wrong: dutch and german, no english at all", "domain", Scope(languages=["english", "german"])
    )
    offered = {r.slot: r.value for r in result.applied + result.proposals}
    assert {str(v).lower() for v in offered["languages"]} == {"dutch", "german"}


# ------------------------------------------------------------------ after holdout 22 was read


@pytest.mark.parametrize(
    ("text", "weeks"),
    [
        ("3 sprints of 2 weeks and then a review", 6),
        ("four two-week sprints", 8),
        ("3 to 4 sprints of two weeks", [6, 8]),
    ],
)
def test_sprints_count_their_length(text: str, weeks: int | list[int]) -> None:
    assert _read(text, "timeline")["timeline_weeks"] == weeks


def test_a_sprint_length_alone_is_not_the_timeline() -> None:
    assert _read("we work in sprints of 2 weeks, about 5 months overall", "timeline")["timeline_weeks"] == 22


def test_the_people_who_labelled_are_not_the_examples() -> None:
    read = _read("two interns labelled 1,200 invoices over the summer", "data")
    assert read["labelled_examples"] == 1200


def test_naming_your_own_earlier_answer_corrects_it() -> None:
    message = "sorry i said translation but we actually need it to pull the amounts out of the receipts"
    guess = rule_intent(message, answer_found=False)
    assert guess is not None and guess.intent == "correction"
    result = read_answer(message, "tasks", Scope(tasks=["translation"]))
    # What the team took back leaves at once; what it names instead waits for one click.
    assert {r.slot: r.value for r in result.applied}["tasks"] == []
    assert {r.slot: r.value for r in result.proposals}["tasks"] == ["extraction"]


# ------------------------------------------------------------------ after holdout 23 was read


def _written(text: str, question: str) -> dict[str, object]:
    return {r.slot: r.value for r in read_answer(text, question, Scope()).applied}


@pytest.mark.parametrize(
    ("text", "gpus"),
    [("we have one GPU server with 8 cards", 8), ("small. two machines with 4 RTX 4090s", 8)],
)
def test_machines_with_cards_count_the_cards(text: str, gpus: int) -> None:
    assert _read(text, "budget")["gpus"] == gpus


@pytest.mark.parametrize(("text", "weeks"), [("two years and a half, to be honest", 130), ("2 months and a half", 11)])
def test_and_a_half_counts_the_half(text: str, weeks: int) -> None:
    assert _read(text, "timeline")["timeline_weeks"] == weeks


def test_a_duration_and_a_half_of_data_is_not_the_timeline() -> None:
    assert "timeline_weeks" not in _read("we kept a year and a half of chat logs", "timeline")


def test_each_one_is_not_a_count_of_examples() -> None:
    read = _read("about 2-3k scans of receipts, each one labelled with its cost centre", "data")
    assert read["labelled_examples"] == [2000, 3000]


def test_a_value_read_only_inside_quotes_is_offered() -> None:
    assert "tasks" not in _written("lol 'translation'. we only have one language", "tasks")
    assert _written("translation into french", "tasks")["tasks"] == ["translation"]


def test_someone_still_picking_between_two_options_leaves_both_open() -> None:
    result = read_answer(
        "the directors still have to choose: either the intake chatbot or the grant summaries. they decide in may",
        "use_case",
        Scope(),
    )
    assert "use_case" in result.pending
    assert "tasks" not in {r.slot for r in result.applied}


# ------------------------------------------------------------------ after holdout 24 was read


@pytest.mark.parametrize(
    ("text", "question", "slot"),
    [
        # A part that names an activity with a modal: the task list may be short.
        ("chat with the members + it should also renew their passes through the club system", "tasks", "tasks"),
        # A part that reads nothing at all: the language list may be short.
        ("english, and a handful of our drivers only speak tigrinja", "domain", "languages"),
    ],
)
def test_a_list_with_a_part_nothing_reads_is_offered(text: str, question: str, slot: str) -> None:
    assert slot not in _written(text, question)
    assert slot in _read(text, question)


def test_a_flag_read_with_a_list_follows_the_list() -> None:
    result = read_answer("english, and a handful of our drivers only speak tigrinja", "domain", Scope())
    offered = {r.slot for r in result.proposals}
    assert "languages" in offered and "rare_language" not in {r.slot for r in result.applied}


def test_fries_beside_dutch_is_frisian_and_otherwise_chips() -> None:
    assert "Frisian" in _read("nederlands en een beetje fries", "domain")["languages"]  # type: ignore[operator]
    assert "languages" not in _read("the canteen sells fries and soup", "domain")


def test_a_correction_that_names_a_new_list_without_saying_what_goes_is_offered() -> None:
    plan = Scope(tasks=["summarisation"])
    result = read_answer("actually, mostly it should answer questions from the wiki", "tasks", plan)
    assert "tasks" not in {r.slot for r in result.applied}
    assert "tasks" in {r.slot for r in result.proposals}


def test_a_correction_that_says_what_goes_is_still_applied() -> None:
    plan = Scope(tasks=["summarisation"])
    result = read_answer("actually no summaries, it should answer questions from the wiki", "tasks", plan)
    assert {r.slot: r.value for r in result.applied}["tasks"] == ["question_answering"]


def test_an_item_still_open_stays_out_of_the_list() -> None:
    result = read_answer("german for sure. italian is still open", "domain", Scope())
    languages = {r.slot: r.value for r in result.applied + result.proposals}["languages"]
    assert languages == ["German"] and "languages" not in {r.slot for r in result.applied}


def test_the_use_case_of_a_pasted_brief_is_the_sentence_that_says_what_it_does() -> None:
    from assistant.interview.readings import clean_use_case

    brief = (
        "pasting from the project page: \"We are a cooperative of 30 beekeepers. The assistant answers members' "
        'questions about hive diseases from our manual. Answers are in German."'
    )
    assert clean_use_case(brief).startswith("The assistant answers members' questions")


# ------------------------------------------------------------------ after holdout 25 was read


def test_take_an_item_out_removes_it() -> None:
    result = read_answer(
        "take summarisation out, nobody reads the long reports anyway", "tasks", Scope(tasks=["chat", "summarisation"])
    )
    assert {r.slot: r.value for r in result.applied}["tasks"] == ["chat"]


def test_a_value_the_team_calls_unrealistic_is_not_written() -> None:
    read = read_answer("a 6-week plan is unrealistic for a hospital. plan for half a year", "timeline", Scope())
    assert "timeline_weeks" not in {r.slot for r in read.applied}


def test_assume_a_duration_is_the_timeline() -> None:
    assert _read("assume a year", "timeline")["timeline_weeks"] == 52


def test_a_duration_said_of_the_programme_is_offered() -> None:
    text = "the grant runs 3 years (2026-2029), the pilot itself is due in month 6"
    assert "timeline_weeks" not in _written(text, "timeline")


def test_a_wish_that_points_back_keeps_the_sentence_it_points_to() -> None:
    from assistant.interview.readings import clean_use_case

    brief = (
        "bit of background first. our inspectors write site reports after every visit. "
        "we want a tool that drafts a first version from their photos and voice memos."
    )
    assert "site reports" in clean_use_case(brief)


@pytest.mark.parametrize(
    ("text", "question", "slot", "value"),
    [
        # Hosting said without the usual words.
        ("after talking to the client, nothing may go to an external API", "privacy", "hosted_allowed", False),
        ("extremely sensitive, nothing goes outside", "privacy", "hosted_allowed", False),
        ("we are the data centre, so we run it ourselves", "privacy", "hosted_allowed", False),
        ("non, les données restent chez nous", "privacy", "hosted_allowed", False),
        ("we won't run servers. just use an api", "privacy", "hosted_allowed", True),
        ("so sure, send it to whatever API you like", "privacy", "hosted_allowed", True),
        # Who reads the output.
        ("it goes straight to the vessel owners", "quality", "customer_facing", True),
        ("die Antworten gehen direkt an die Kunden", "quality", "customer_facing", True),
        ("nothing goes to customers directly", "quality", "customer_facing", False),
        # Documents and how often they change.
        ("documents yes, the SOP binder", "data", "has_documents", True),
        ("docs: no, there's no manual, it's all in their heads", "data", "has_documents", False),
        ("every couple of months", "data", "documents_change", "monthly"),
        ("the price lists change every morning", "data", "documents_change", "daily"),
        # Sources and speed.
        ("each answer has to link the SOP section it came from", "quality", "needs_citations", True),
        ("no citations needed, they just want the verdict", "quality", "needs_citations", False),
        ("drop the citations requirement", "quality", "needs_citations", False),
        ("it doesn't need to be instant, answers within the hour are fine", "load", "latency", "batch"),
    ],
)
def test_more_ways_teams_say_it(text: str, question: str, slot: str, value: object) -> None:
    result = read_answer(text, question, Scope())
    assert {r.slot: r.value for r in result.applied + result.proposals}.get(slot) == value


def test_an_open_change_rate_leaves_the_rate_pending_not_the_documents() -> None:
    result = read_answer("documents yes. how often they change, no idea, i'll ask the quality manager", "data", Scope())
    assert list(result.pending) == ["documents_change"]
    assert {r.slot: r.value for r in result.applied + result.proposals}["has_documents"] is True
