"""Rules that read a whole kind of answer, not one wording.

Blind sets kept missing answers whose words no list had foreseen: a volume counted in "letters" or
"watch hits", a GPU named only by its model number, a budget given as a bare "small." in the middle of
a story, personal data named by whose it is. Each rule here reads the kind; the phrasings below are
our own, not taken from the messy corpus.
"""

from __future__ import annotations

import re

import pytest

from assistant.interview import readings
from assistant.interview.intents import rule_intent
from assistant.interview.readings import read_answer, taken_back
from assistant.interview.slots import team_listed
from assistant.plan.scope import Scope


def _read(text: str, question: str, scope: Scope | None = None) -> dict[str, object]:
    """Everything read, written or offered."""
    result = read_answer(text, question, scope or Scope())
    return {r.slot: r.value for r in [*result.applied, *result.proposals]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("roughly 60k parking fines a month", 2000),  # any noun: the question says it is the volume
        ("perhaps 350 meter readings per week", 50),
        ("around 36,500 leaflets a year", 100),
        ("the 9k is the whole quarter. per day it's more like 100-150", [100, 150]),
        ("unos 300 al día, no es urgente", 300),  # a period in another language
        ("about 12,000 scans/month", 400),
    ],
)
def test_any_count_per_period_is_the_volume_on_the_load_question(text: str, expected: object) -> None:
    assert _read(text, "load")["requests_per_day"] == expected


@pytest.mark.parametrize(
    "text",
    [
        "8 planners, each does about 40 routes a day",  # a rate per person, not the total
        "at peak, 25 bookings an hour",  # a peak, not the daily volume
        "we opened in 2019 a year after the merger",  # a year is not a count
        "not 500 a day, we have no idea yet",  # a denied figure
    ],
)
def test_what_is_not_the_daily_volume_is_not_read_as_one(text: str) -> None:
    assert "requests_per_day" not in _read(text, "load")


def test_the_same_count_outside_the_load_question_needs_its_usual_words() -> None:
    assert "requests_per_day" not in _read("roughly 60k parking fines a month", "data")


@pytest.mark.parametrize(
    ("text", "gpus"),
    [
        ("three A5000s under a desk", 3),
        ("small, and one old workstation with a 3080 Ti", 1),
        ("a 4070 in the lab pc", 1),
        ("we have 2 RTX 4090s", 2),
    ],
)
def test_a_gpu_named_by_its_model_is_counted(text: str, gpus: int) -> None:
    assert _read(text, "budget")["gpus"] == gpus


def test_a_model_year_is_not_a_gpu() -> None:
    assert "gpus" not in _read("our budget plan for 2030 is small", "budget")


@pytest.mark.parametrize(
    ("text", "question", "slot", "value"),
    [
        ("budget? we spent it all on the new roof 😅. small. very small.", "budget", "budget", "small"),
        ("medium-ish. we are a law firm but this one matters", "budget", "budget", "medium"),
        ("we're a bakery chain, nobody dies of a wrong cake. low", "quality", "quality_bar", "low"),
    ],
)
def test_a_part_that_is_only_a_level_answers_the_level_question(
    text: str, question: str, slot: str, value: str
) -> None:
    assert _read(text, question)[slot] == value


def test_two_different_bare_levels_are_not_written() -> None:
    result = read_answer("small. or medium. depends who you ask", "budget", Scope())
    assert "budget" not in {r.slot for r in result.applied}


@pytest.mark.parametrize(
    "text",
    [
        "the logs hold tenant names and addresses",
        "there are patient ids and diagnoses in the notes",
        "names + dates of birth of every member",
        "es sind Kundendaten drin",
    ],
)
def test_personal_data_named_by_whose_it_is(text: str) -> None:
    assert _read(text, "privacy")["personal_data"] is True


def test_product_names_are_not_personal_data() -> None:
    assert "personal_data" not in _read("the catalogue has product names and prices", "privacy")


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        ("summarisation is out, the editors do that themselves", {"summarisation"}),
        ("translation's gone, they hired a translator", {"translation"}),
        ("classification is no longer needed", {"classification"}),
    ],
)
def test_an_item_with_its_verdict_after_it_is_taken_back(text: str, gone: set[str]) -> None:
    assert taken_back(text, "tasks") == gone


def test_just_after_a_held_list_says_what_stays() -> None:
    result = read_answer("correction: just extraction", "tasks", Scope(tasks=["translation"]))
    written = {r.slot: r.value for r in result.applied}
    assert "translation" not in written.get("tasks", [])


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("you keep assuming we want a chatbot. it's a nightly batch job", "pushback"),
        ("your on-prem suggestion needs hardware we will never have, hosted is fine", "pushback"),
        ("we are not going to label anything, work with the manuals we have", "pushback"),
        ("a 3 month plan is unrealistic here, assume a year", "pushback"),
        ("correction: drop the chat part, it's extraction", "correction"),
        ("do you mean the pilot budget or the yearly running cost?", "app_help"),
        ("is this per week or per day?", "app_help"),
        ("can i give a date instead of a number of weeks?", "app_help"),
        ("is there a way to pick these from a list?", "app_help"),
    ],
)
def test_intents_by_who_is_addressed(text: str, intent: str) -> None:
    guess = rule_intent(text, answer_found=True)
    assert guess is not None and guess.intent == intent


def test_a_field_question_is_still_a_knowledge_question() -> None:
    guess = rule_intent("what's the difference between hosted and on-prem for latency?", answer_found=False)
    assert guess is not None and guess.intent == "knowledge_question"


@pytest.mark.parametrize(
    "text",
    [
        "nothing labelled at all. zero.",
        "we don't have anything labelled",
        "labels: none. the manuals exist though",
        "about 30k case files, none of it labelled",
        "the archive goes back to 2015 but nobody ever tagged it",
    ],
)
def test_no_labels_said_any_way_round_is_zero(text: str) -> None:
    assert _read(text, "data")["labelled_examples"] == 0


def test_not_knowing_how_many_are_labelled_is_not_zero() -> None:
    assert _read("not sure how many are labelled", "data").get("labelled_examples") != 0


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("around 800 past tenders together with the score the jury gave", 800),
        ("1,500 claims with the final decision on each", 1500),
        ("roughly 3k support mails (input + output: the question and our reply)", 3000),
        ("450 incident reports checked by a senior engineer", 450),
        ("5000 was everything we have, only ~700 of them are actually labelled", 700),
    ],
)
def test_items_kept_with_a_human_judgement_are_labelled_examples(text: str, count: int) -> None:
    assert _read(text, "data")["labelled_examples"] == count


def test_acting_in_another_system_is_an_action() -> None:
    assert "actions" in _read("it answers, and then it has to create the repair order in our ERP", "tasks")["tasks"]


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("absolutely not hosted. the files hold tenants' names", False),
        ("no API. the meter data is harmless but the contracts are not", False),
        ("customer data does not leave our building, full stop", False),
        ("so hosted is no problem, there's nothing personal in it", True),
        ("no, we don't have a problem with the cloud", True),
        ("sure, let's mail all our patient files to a US server, what could possibly go wrong 🙄 — no.", False),
    ],
)
def test_hosting_said_in_a_part_of_its_own(text: str, allowed: bool) -> None:
    assert _read(text, "privacy")["hosted_allowed"] is allowed


def test_a_bare_no_next_to_another_reading_is_a_second_thing() -> None:
    result = read_answer("no API. the vet records include farmer names", "privacy", Scope())
    assert result.applied == []
    assert {r.slot for r in result.proposals} == {"hosted_allowed", "personal_data"}


@pytest.mark.parametrize(
    ("text", "question", "facing"),
    [
        ("high, it goes straight to the stallholders", "quality", True),
        ("hoog, want het gaat direct naar de klanten", "quality", True),
        ("high. the results get published the same night", "quality", True),
        ("a whatsapp bot for our tenants' repair questions", "use_case", True),
        ("low, the editors read every draft anyway before it goes out", "quality", False),
        ("medium. it drafts, the planner decides", "quality", False),
        ("only for our 5 office staff, to sort the post", "use_case", False),
        ("the guests never see it, it's for the night desk", "use_case", False),
    ],
)
def test_who_reads_the_output_said_in_the_teams_words(text: str, question: str, facing: bool) -> None:
    assert _read(text, question)["customer_facing"] is facing


def test_going_straight_to_our_own_staff_is_not_customer_facing() -> None:
    assert _read("high, it goes straight to our engineers", "quality").get("customer_facing") is not True


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("the route maps get revised after each roadworks season, so monthly-ish", "monthly"),
        ("the tariffs change every 2-4 months", "monthly"),
        ("the sensor page updates every 5 minutes", "realtime"),
        ("een kennisbank die wekelijks wordt bijgewerkt", "weekly"),
        ("the handbook is frozen, it can only change by a vote", "static"),
        ("our bylaws are amended once every few years", "static"),
    ],
)
def test_how_often_documents_change_in_the_teams_words(text: str, rate: str) -> None:
    assert _read(text, "data")["documents_change"] == rate


@pytest.mark.parametrize("text", ["just the SOP binder", "we have the style guides and a rulebook", "wel een handboek"])
def test_reference_material_in_the_teams_words_is_documents(text: str) -> None:
    assert _read(text, "data")["has_documents"] is True


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("team: Mirjam, Koen and the freelance designer", 3),
        ("core team: PO, 2 devs, 1 data engineer. steering group meets monthly", 4),
        ("team: 2 ontwikkelaars + ik", 3),
        ("équipe de 4", 4),
        ("we're 6 incl. the project lead", 6),
        ("team 3-4 depending on hiring", [3, 4]),
    ],
)
def test_a_team_written_out_after_its_label_is_counted(text: str, size: object) -> None:
    assert team_listed(text) == size


@pytest.mark.parametrize("text", ["the team is great and motivated", "the team of the client is huge"])
def test_words_about_a_team_are_not_a_list_of_people(text: str) -> None:
    assert team_listed(text) is None


@pytest.mark.parametrize(
    ("text", "task"),
    [
        ("qa over the regs", "question_answering"),
        ("code gen, mostly", "code_generation"),
        ("sorting + pulling the supplier and the amount out", "extraction"),
        ("it only has to pick the right queue for each mail", "classification"),
        ("put each complaint in one of our 12 codes", "classification"),
        ("it reads the delivery notes and fills in the stock sheet", "extraction"),
        ("Zusammenfassungen der Berichte", "summarisation"),
        ("write the shelf cards for new arrivals", "content_generation"),
    ],
)
def test_tasks_in_the_teams_own_words(text: str, task: str) -> None:
    assert task in _read(text, "tasks")["tasks"]


def test_a_list_with_one_part_left_open_offers_the_settled_part() -> None:
    result = read_answer("extraction for sure, translation depends on what sales decides", "tasks", Scope())
    offered = {r.slot: r for r in result.proposals}
    assert offered["tasks"].value == ["extraction"] and "translation depends" in offered["tasks"].reason
    assert "tasks" not in result.pending


@pytest.mark.parametrize(
    ("text", "domain"),
    [
        ("forestry - timber sales mostly. dutch", "forestry"),
        ("brewing (craft beer). english and german", "brewing"),
        ("no, not legal. it's archaeology — excavation reports", "archaeology"),
    ],
)
def test_the_first_name_given_is_the_domain_and_what_follows_narrows_it(text: str, domain: str) -> None:
    assert _read(text, "domain")["domain"] == domain


@pytest.mark.parametrize(
    ("text", "users"),
    [
        ("a checklist helper for our 12 restorers", "restorers"),
        ("it explains the safety reports to our demolition crews", "demolition crews"),
    ],
)
def test_a_role_known_only_by_its_ending_is_offered_as_the_users(text: str, users: str) -> None:
    result = read_answer(text, "use_case", Scope())
    offered = {r.slot: r.value for r in result.proposals}
    assert users in str(offered.get("users"))
    assert "users" not in {r.slot for r in result.applied}


@pytest.mark.parametrize(
    ("word", "person"), [("restorers", True), ("congregants", True), ("orders", False), ("sensors", False)]
)
def test_things_with_a_people_like_ending_are_not_people(word: str, person: bool) -> None:
    assert bool(re.fullmatch(readings._PEOPLE, word, re.IGNORECASE)) is person


@pytest.mark.parametrize(
    ("text", "users"),
    [
        ("the volunteers type what the caller asks and get suggestions", "volunteers"),
        ("internal. operators search the procedures in plain words", "operators"),
        ("members should be able to ask about their shares. we are a co-op", "members"),
    ],
)
def test_users_named_by_what_they_do_with_the_tool(text: str, users: str) -> None:
    assert users in str(_read(text, "use_case").get("users"))


def test_a_language_in_a_list_is_not_the_domain() -> None:
    assert _read("education (primary schools). letters in dutch, turkish, polish and arabic", "domain")["domain"] == (
        "education"
    )


def test_a_question_after_a_filler_word_is_a_question_not_a_correction() -> None:
    guess = rule_intent("wait, what does fine-tuning cost roughly?", answer_found=False)
    assert guess is not None and guess.intent == "knowledge_question"
    guess = rule_intent("wait, no, it's 500 a day", answer_found=True)
    assert guess is not None and guess.intent == "correction"


def test_data_that_stays_in_the_building_is_not_sent_to_a_hosted_api() -> None:
    assert _read("the files have client names, that stays in our building", "privacy")["hosted_allowed"] is False


def test_a_range_after_every_is_a_change_rate_not_a_timeline() -> None:
    read = _read("the port rules change every 1-3 months", "data")
    assert read["documents_change"] == "monthly" and "timeline_weeks" not in read


def test_a_team_written_out_after_the_scope_questions_is_read() -> None:
    assert _read("team: Marieke, Joost and the external dev", None)["team_size"] == 3
