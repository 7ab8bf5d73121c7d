"""Readings held for a click when the message leaves room: a change of mind, a list part no rule reads,
a qualified domain; and cues that would otherwise be misread ("not just English", "the board decides")."""

from __future__ import annotations

import pytest

from assistant.interview.intents import is_question, rule_intent
from assistant.interview.readings import read_answer
from assistant.plan.scope import Scope


def _applied(readings):
    return {r.slot: r.value for r in readings.applied}


def _offered(readings):
    return {r.slot: r.value for r in readings.proposals}


def test_a_change_of_mind_inside_a_message_is_offered_with_the_final_word() -> None:
    readings = read_answer("the manuals change weekly, no wait, monthly since the reorg", "data", Scope())
    assert "documents_change" not in _applied(readings)
    assert _offered(readings).get("documents_change") == "monthly"


def test_a_list_part_no_rule_reads_holds_the_task_list_for_a_click() -> None:
    readings = read_answer("translate the leaflets, plus frobnicating the archive index", "tasks", Scope())
    assert "tasks" not in _applied(readings)
    assert _offered(readings).get("tasks") == ["translation"]


def test_a_list_every_part_of_which_is_read_is_written() -> None:
    readings = read_answer("translate the leaflets + summarise the inspection reports", "tasks", Scope())
    assert _applied(readings).get("tasks") == ["translation", "summarisation"]


def test_not_just_adds_rather_than_removes() -> None:
    scope = Scope(languages=["English"])
    readings = read_answer("correction: English and Polish, not just English", "domain", scope)
    values = {**_applied(readings), **_offered(readings)}
    assert {v.lower() for v in values["languages"]} == {"english", "polish"}


def test_a_qualified_domain_keeps_the_teams_words() -> None:
    readings = read_answer("dental surgery", "domain", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert "dental" in str(values.get("domain", "")).lower()
    assert "domain" not in _applied(readings)


def test_users_spelled_out_after_the_group_are_kept() -> None:
    readings = read_answer(
        "look up tariff codes for our brokers, so customs clerks and junior brokers", "use_case", Scope()
    )
    values = {**_applied(readings), **_offered(readings)}
    assert "customs clerks" in str(values.get("users", ""))


def test_a_decision_someone_else_takes_later_leaves_the_slot_pending() -> None:
    readings = read_answer("probably medium, but the steering group decides after the summer", "budget", Scope())
    assert "budget" in readings.pending
    assert "budget" not in _applied(readings)


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("back — the use case was wrong", "back"),
        ("next question please, nobody here knows the volumes", "skip"),
        ("skip this one for now, finance will tell us", "skip"),
    ],
)
def test_a_command_with_a_reason_is_a_command(text: str, command: str) -> None:
    guess = rule_intent(text, answer_found=False)
    assert guess is not None and guess.intent == "command" and guess.command == command


@pytest.mark.parametrize(
    "text",
    [
        "hold on, which documents do you mean here?",
        "quick in what sense — per message or per batch?",
        "why do you need the languages?",
        "can we change these answers later on?",
        "is this chat being saved to some cloud?",
    ],
)
def test_questions_about_the_interview_are_app_help(text: str) -> None:
    guess = rule_intent(text, answer_found=False)
    assert guess is not None and guess.intent == "app_help"


def test_a_question_with_a_little_context_is_still_a_question() -> None:
    assert is_question("how do we keep the model from inventing prices? our catalogue is huge")
    assert not is_question("does a shared drive of scanned forms count? it changes yearly")
    assert not is_question("what? we have 500 tickets, that's what we said before, maybe more now honestly")


@pytest.mark.parametrize(
    ("text", "allowed"), [("oui, c'est ok", True), ("nein, das geht nicht", False), ("API only", True)]
)
def test_short_hosting_answers_in_other_words(text: str, allowed: bool) -> None:
    readings = read_answer(text, "privacy", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("hosted_allowed") is allowed


@pytest.mark.parametrize(
    ("text", "facing"),
    [
        ("it goes out to passengers as push notices", True),
        ("answers go live on the site straight away", True),
        ("nobody outside the firm sees it", False),
        ("just an internal experiment for now", False),
    ],
)
def test_who_sees_the_output(text: str, facing: bool) -> None:
    readings = read_answer(text, "quality", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("customer_facing") is facing


@pytest.mark.parametrize(
    ("text", "question", "slot"),
    [
        (
            "no cloud for the member records, though a hosted API is fine for the public FAQ",
            "privacy",
            "hosted_allowed",
        ),
        ("three months feels too long, we need a demo in 4 weeks", "timeline", "timeline_weeks"),
    ],
)
def test_two_values_for_one_slot_in_one_message_are_offered(text: str, question: str, slot: str) -> None:
    readings = read_answer(text, question, Scope())
    assert slot not in _applied(readings)
    assert slot in _offered(readings)


def test_an_explicit_level_is_not_a_conflict_with_a_cue() -> None:
    readings = read_answer("let's say medium, though it's internal only", "quality", Scope())
    assert _applied(readings).get("quality_bar") == "medium"


def test_a_decision_in_german_leaves_the_slot_pending() -> None:
    readings = read_answer("das muss unser CISO entscheiden, wahrscheinlich on-prem", "privacy", Scope())
    assert "hosted_allowed" in readings.pending
    assert "hosted_allowed" not in _applied(readings)


def test_a_numbered_list_with_an_unread_item_is_offered() -> None:
    readings = read_answer("1) summarise the logs 2) frobnicate the rosters", "tasks", Scope())
    assert "tasks" not in _applied(readings)


def test_languages_by_their_own_names_and_after_some() -> None:
    readings = read_answer("mostly español, some Polish", "domain", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert {v.lower() for v in values["languages"]} == {"spanish", "polish"}


def test_people_named_by_nationality_hold_the_language_list() -> None:
    readings = read_answer("english and dutch, plus lots of italians in summer", "domain", Scope())
    assert "languages" not in _applied(readings)


@pytest.mark.parametrize(
    "text", ["a bot for tenants and caretakers to report repairs", "for our nurses + porters: find the ward procedure"]
)
def test_two_groups_named_together_are_both_the_users(text: str) -> None:
    readings = read_answer(text, "use_case", Scope())
    users = str({**_applied(readings), **_offered(readings)}.get("users"))
    first, second = ("tenants", "caretakers") if "tenants" in text else ("nurses", "porters")
    assert first in users and second in users


def test_nothing_customer_facing_is_internal() -> None:
    readings = read_answer("nothing customer facing, it writes notes for our clinicians", "quality", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("customer_facing") is False


def test_a_value_rejected_after_it_is_named_is_not_written() -> None:
    readings = read_answer("people could lose benefits over a wrong answer. so low is not ok", "quality", Scope())
    assert _applied(readings).get("quality_bar") != "low"
    scope = Scope(languages=["English", "Dutch"])
    readings = read_answer("english and german, the dutch was a typo", "domain", scope, correction=True)
    values = {**_applied(readings), **_offered(readings)}
    assert "dutch" not in {v.lower() for v in values.get("languages", [])}


def test_a_change_of_mind_that_only_adds_to_a_list_is_not_held() -> None:
    readings = read_answer("english — sorry, I meant english and italian", "domain", Scope())
    assert {v.lower() for v in _applied(readings).get("languages", [])} == {"english", "italian"}


def test_a_short_use_case_answer_offers_what_it_says_about_other_questions() -> None:
    readings = read_answer("sort the incoming permit requests for our clerks (team of 2)", "use_case", Scope())
    assert "team_size" not in _applied(readings)


def test_a_corpus_size_class_is_an_estimate_to_confirm() -> None:
    readings = read_answer("we have millions of pages of scanned files going back decades", "data", Scope())
    assert "corpus_size" not in _applied(readings)
    assert "corpus_size" in _offered(readings)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("traducción de los contratos", {"tasks": ["translation"]}),
        ("en anglais et allemand", {"languages": ["English", "German"]}),
    ],
)
def test_task_and_language_words_in_other_languages(text: str, expected: dict[str, list[str]]) -> None:
    question = "tasks" if "tasks" in expected else "domain"
    readings = read_answer(text, question, Scope())
    values = {**_applied(readings), **_offered(readings)}
    for slot, value in expected.items():
        assert values.get(slot) == value


def test_a_conflict_offers_the_later_statement() -> None:
    readings = read_answer(
        "on-prem for the member records, though a hosted API is fine for the FAQ", "privacy", Scope()
    )
    assert _offered(readings).get("hosted_allowed") is True


def test_an_offered_task_adds_to_the_list_when_confirmed() -> None:
    scope = Scope(use_case="draft replies to tenants", tasks=["content_generation"])
    readings = read_answer("oh and classifying the incoming repair requests", "data", scope)
    assert _offered(readings).get("tasks") == ["content_generation", "classification"]


def test_the_teams_own_summary_is_the_use_case() -> None:
    from assistant.interview.readings import clean_use_case

    text = "Für die Bibliothek: Ausleihfragen beantworten. so basically answering loan questions for the front desk"
    assert clean_use_case(text).startswith("Answering loan questions")


def test_two_domains_named_together_are_offered() -> None:
    readings = read_answer("somewhere between insurance and healthcare really", "domain", Scope())
    assert "domain" not in _applied(readings)


def test_niche_vocabulary_makes_the_domain_specialised() -> None:
    readings = read_answer("geology outreach. the mineral names are very niche", "domain", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("specialised_domain") is True


@pytest.mark.parametrize(
    "text",
    [
        "does the app itself cost anything?",
        "where is what I type here stored?",
        "can I pick more than one option?",
        "can you give an example of what you mean?",
    ],
)
def test_questions_about_this_app_are_app_help(text: str) -> None:
    guess = rule_intent(text, answer_found=False)
    assert guess is not None and guess.intent == "app_help"


@pytest.mark.parametrize(
    "text",
    [
        "don't plan for a GPU cluster, we rent",
        "cut the fine-tuning step, there is no time",
        "we can't do a six-month plan",
        "it has to answer inside Slack",
    ],
)
def test_push_back_on_the_plan(text: str) -> None:
    guess = rule_intent(text, answer_found=False)
    assert guess is not None and guess.intent == "pushback"


@pytest.mark.parametrize(
    ("text", "personal"),
    [
        ("the files are tax returns of our clients", True),
        ("all public info from the timetable", False),
        ("sí, no hay datos personales", False),
    ],
)
def test_personal_data_by_its_kind(text: str, personal: bool) -> None:
    readings = read_answer(text, "privacy", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("personal_data") is personal


def test_a_span_of_durations_in_words_keeps_both_ends() -> None:
    readings = read_answer("a quarter to half a year, depending on hiring", "timeline", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("timeline_weeks") == [13, 26]


def test_a_programme_length_is_not_the_project_timeline() -> None:
    readings = read_answer("it sits in a 4 year programme, the pilot has no date yet", "timeline", Scope())
    assert "timeline_weeks" not in _applied(readings)


def test_an_open_either_or_is_not_written() -> None:
    text = "summarising permit files — legal still has to decide whether it's for clerks or for applicants directly"
    readings = read_answer(text, "use_case", Scope())
    assert "customer_facing" not in _applied(readings)
    assert "users" not in _applied(readings)


def test_a_brief_that_starts_with_context_takes_the_wanted_sentence_as_use_case() -> None:
    from assistant.interview.readings import clean_use_case

    text = (
        "Some background first. We run twelve libraries. What we want is a tool that drafts replies to reader emails."
    )
    assert clean_use_case(text).startswith("A tool that drafts replies")


def test_nothing_in_a_language_in_spanish_denies_it() -> None:
    readings = read_answer("no hacemos nada en inglés, solo español", "domain", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert [v.lower() for v in values.get("languages", [])] == ["spanish"]


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("we'd rather just use a hosted API, nobody here runs servers", True),
        ("hosted api or nothing", True),
        ("our own environment only, the contract says so", False),
    ],
)
def test_hosting_said_as_a_preference(text: str, allowed: bool) -> None:
    readings = read_answer(text, "privacy", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("hosted_allowed") is allowed


def test_a_frequency_span_is_a_choice() -> None:
    readings = read_answer("the guidelines change weekly to monthly, depends on the team", "data", Scope())
    assert "documents_change" not in _applied(readings)


def test_what_people_can_read_is_not_a_denied_language() -> None:
    readings = read_answer("dutch + turkish, because half the drivers don't read dutch well", "domain", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert {v.lower() for v in values.get("languages", [])} == {"dutch", "turkish"}


def test_users_named_loosely_are_offered() -> None:
    readings = read_answer("probably something that supports the night porters, not sure yet", "use_case", Scope())
    assert "porters" in str(_offered(readings).get("users", ""))
    assert "users" not in _applied(readings)


def test_items_people_have_judged_count_as_labelled_examples() -> None:
    readings = read_answer("about 1200 claims flagged by our fraud team, plus the handbook", "data", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("labelled_examples") == 1200
    readings = read_answer("handbook only. labelled: none", "data", Scope())
    assert {**_applied(readings), **_offered(readings)}.get("labelled_examples") == 0


def test_a_domain_with_a_place_or_a_slash() -> None:
    readings = read_answer("lottery / gaming regulation in Ireland, english only", "domain", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert "regulation" in str(values.get("domain", ""))


def test_a_task_no_longer_needed_is_taken_out() -> None:
    scope = Scope(tasks=["summarisation", "translation"])
    readings = read_answer("translation isn't needed any more, it's all English now", "tasks", scope, correction=True)
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("tasks") == ["summarisation"]


def test_doing_it_in_the_teams_system_is_an_action() -> None:
    readings = read_answer("it should also make the booking in our scheduling system", "tasks", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert "actions" in values.get("tasks", [])


def test_hosted_and_on_prem_both_fine_is_not_written_as_on_prem() -> None:
    readings = read_answer(
        "a hosted API to fully on-prem would work, as long as it stays in the EU", "privacy", Scope()
    )
    assert _applied(readings).get("hosted_allowed") is not False


def test_users_stop_before_who_they_are_not() -> None:
    scope = Scope(use_case="answer questions about menus", users="parents")
    readings = read_answer("wait no, it's for our catering staff not the parents", "use_case", scope, correction=True)
    values = {**_applied(readings), **_offered(readings)}
    assert "parents" not in str(values.get("users", "")) and "catering staff" in str(values.get("users", ""))


def test_contractions_without_apostrophes_still_negate() -> None:
    readings = read_answer("we dont need translation, just extraction of the form fields", "tasks", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("tasks") == ["extraction"]


def test_a_review_under_way_leaves_the_slot_pending() -> None:
    readings = read_answer("security is reviewing that, we should know in 2 weeks. hunch: on-prem", "privacy", Scope())
    assert "hosted_allowed" in readings.pending and "hosted_allowed" not in _applied(readings)


def test_just_me_and_a_colleague_is_two() -> None:
    readings = read_answer("no deadline. it's just me and my colleague on fridays", "timeline", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("team_size") == 2


def test_a_take_back_that_empties_a_list_leaves_the_plan_at_once_and_says_so() -> None:
    # Keeping "chat" until someone clicks would leave in the plan the very value the team rejected.
    scope = Scope(tasks=["chat"])
    readings = read_answer("actually scratch the chat", "tasks", scope, correction=True)
    assert _applied(readings)["tasks"] == []
    assert "took out" in readings.applied[0].note


def test_a_take_back_is_applied_and_what_the_message_adds_is_offered() -> None:
    scope = Scope(languages=["english", "german"])
    readings = read_answer("sorry, not german but norwegian — and french too", "domain", scope)
    assert _applied(readings)["languages"] == ["english"]
    assert {str(v).lower() for v in _offered(readings)["languages"]} == {"english", "norwegian", "french"}


def test_an_answer_to_another_question_is_not_offered_as_a_domain() -> None:
    readings = read_answer("about 2k labelled letters, updated weekly, no wait, quarterly", "domain", Scope())
    assert "domain" not in {r.slot for r in readings.applied + readings.proposals}


def test_two_domains_are_named_in_the_reason() -> None:
    readings = read_answer("we're an insurer but it's the medical reports we summarise", "domain", Scope())
    reasons = " ".join(r.reason for r in readings.proposals if r.slot == "domain")
    assert "insurance" in reasons and "medical" in reasons


def test_a_gpu_model_number_is_not_a_count() -> None:
    scope = Scope(budget="small", gpus=0)
    readings = read_answer("oh wait, we do have a GPU, an old 4090 under a desk", "budget", scope, correction=True)
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("gpus") == 1


def test_drop_a_task_by_name() -> None:
    scope = Scope(tasks=["classification", "chat"])
    readings = read_answer("sorry, drop chat from that list", "tasks", scope)
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("tasks") == ["classification"]


@pytest.mark.parametrize(
    ("text", "size"),
    [("8 weeks. me and Priya", 2), ("10 weeks, 4 on the team", 4), ("trois mois, et on est trois", 3)],
)
def test_more_ways_to_say_the_team(text: str, size: int) -> None:
    readings = read_answer(text, "timeline", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("team_size") == size


@pytest.mark.parametrize(
    ("text", "facing"),
    [("medium, it's all internal", False), ("high, the summaries are posted on the public club page", True)],
)
def test_more_ways_to_say_who_sees_it(text: str, facing: bool) -> None:
    readings = read_answer(text, "quality", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("customer_facing") is facing


@pytest.mark.parametrize(
    "text",
    ["can I just paste our brief here?", "how does this thing work?", "what's a 'golden set' in plain words?"],
)
def test_more_questions_about_the_app(text: str) -> None:
    guess = rule_intent(text, answer_found=False)
    assert guess is not None and guess.intent == "app_help"


def test_a_span_mixing_numbers_and_words() -> None:
    readings = read_answer("somewhere between 3 months and half a year", "timeline", Scope())
    values = {**_applied(readings), **_offered(readings)}
    assert values.get("timeline_weeks") == [13, 26]


def test_a_french_list_with_an_unread_part_is_offered() -> None:
    readings = read_answer("classification des tickets, et aussi la frobnication des rapports", "tasks", Scope())
    assert "tasks" not in _applied(readings)


def test_zero_docs_is_no_documents() -> None:
    readings = read_answer("nothing labelled, and zero docs too", "data", Scope())
    assert _applied(readings).get("has_documents") is not True
