"""Rule-based slot extraction: what each kind of sentence fills, and what it must leave alone."""

from __future__ import annotations

import pytest

from assistant.interview.slots import extract_slots, is_correction, parse_number
from assistant.plan.scope import Scope, ScopeUpdate

BRIEF_SUPPORT = (
    "We want to classify incoming support emails into 12 categories so they reach the right team. "
    "We have 50,000 emails already labelled by category, and the classifier must run inside our own data centre."
)
BRIEF_MARKETING = (
    "Marketing wants first drafts of blog posts in our brand voice. We have a style guide and about "
    "30 good example posts. Using a hosted model is fine."
)
BRIEF_WIKI = (
    "Our engineers want to ask questions about our internal wiki and runbooks and get answers with links "
    "to the pages. The wiki changes daily."
)
BRIEF_MEETINGS = "We need meeting transcripts condensed into short summaries with action items for the team."
BRIEF_LEGAL = """Project brief: contract review assistant

- Our lawyers want to extract key terms (parties, dates, termination clauses) from supplier contracts.
- The contracts archive holds about 2 million documents and rarely changes.
- Everything is in English and German.
- Data must not leave our network; no external APIs.
- Outputs must be accurate: mistakes create legal liability.
- We have 2 ML engineers and a data scientist, one 24 GB GPU, and a budget of $120k.
- We need a first version in 3 months. Nightly batch processing is fine.
"""


def values(text: str) -> dict[str, object]:
    return extract_slots(text).values


def assert_slots(text: str, expected: dict[str, object]) -> None:
    found = values(text)
    for key, value in expected.items():
        assert found.get(key) == value, f"{key}: expected {value!r}, got {found.get(key)!r} from {text!r}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            BRIEF_SUPPORT,
            {
                "tasks": ["classification"],
                "labelled_examples": 50000,
                "hosted_allowed": False,
                "domain": "customer support",
                "specialised_domain": False,
            },
        ),
        (
            BRIEF_MARKETING,
            {"labelled_examples": 30, "hosted_allowed": True, "users": "marketing team", "domain": "marketing"},
        ),
        (
            BRIEF_WIKI,
            {"has_documents": True, "documents_change": "daily", "needs_citations": True, "users": "engineers"},
        ),
        (
            BRIEF_LEGAL,
            {
                "users": "lawyers",
                "tasks": ["extraction"],
                "has_documents": True,
                "documents_change": "static",
                "corpus_size": "large",
                "domain": "legal",
                "specialised_domain": True,
                "languages": ["English", "German"],
                "rare_language": False,
                "quality_bar": "high",
                "latency": "batch",
                "hosted_allowed": False,
                "budget": "medium",
                "gpus": 1,
                "timeline_weeks": 13,
                "team_size": 3,
            },
        ),
    ],
)
def test_a_whole_brief_fills_many_slots(text: str, expected: dict[str, object]) -> None:
    assert_slots(text, expected)


def test_briefs_name_the_task_they_describe() -> None:
    assert "content_generation" in values(BRIEF_MARKETING)["tasks"]
    assert "question_answering" in values(BRIEF_WIKI)["tasks"]
    assert "summarisation" in values(BRIEF_MEETINGS)["tasks"]


@pytest.mark.parametrize(
    ("text", "tasks"),
    [
        ("Route incoming tickets to the right queue and detect sentiment.", ["classification"]),
        ("Sort the feedback into themes and tag each comment.", ["classification"]),
        ("Pull out names, dates and amounts from scanned invoices.", ["extraction"]),
        ("We need named entity recognition on news articles.", ["extraction"]),
        ("Translate our help articles into German and French.", ["translation"]),
        ("Our analysts want to turn questions into SQL.", ["code_generation"]),
        ("A coding assistant that helps developers write code faster.", ["code_generation"]),
        ("A chatbot on our website that holds a conversation with visitors.", ["chat"]),
        ("Write product descriptions and marketing copy for the shop.", ["content_generation"]),
        ("The agent should book appointments and process returns for customers.", ["actions"]),
        ("Give customers a daily digest and a weekly recap of their account.", ["summarisation"]),
        ("Staff should be able to look up the policy in the FAQ.", ["question_answering"]),
        ("Summarise each call, then classify it by topic.", ["summarisation", "classification"]),
    ],
)
def test_tasks_are_read_from_keywords(text: str, tasks: list[str]) -> None:
    assert values(text).get("tasks") == tasks


@pytest.mark.parametrize(
    ("text", "absent_task"),
    [
        ("We answer support emails by hand today.", "content_generation"),
        ("The emails are labelled by category already.", "classification"),
        ("We don't need translation, everything is in English.", "translation"),
        ("We summarise support conversations for managers.", "chat"),
        ("Our data lives in a SQL database.", "code_generation"),
        ("The handbook is a PDF.", "actions"),
        ("Summary: we want to classify tickets.", "summarisation"),
        ("We have a draft of the requirements.", "content_generation"),
        ("Our data classification policy is strict.", "classification"),
        ("What triggered this project was a backlog.", "actions"),
    ],
)
def test_task_words_in_other_roles_are_not_tasks(text: str, absent_task: str) -> None:
    assert absent_task not in values(text).get("tasks", [])


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("We have 50,000 emails already labelled by category.", 50000),
        ("There are about 5k labelled examples.", 5000),
        ("We have 5 000 annotated tickets.", 5000),
        ("We've collected 2.5k example pairs.", 2500),
        ("We have 1 million labeled samples from the old system.", 1_000_000),
        ("We have a few hundred labelled examples.", 300),
        ("We have a couple of thousand annotated contracts.", 2000),
        ("We have dozens of examples.", 36),
        ("We have about 30 good example posts.", 30),
        ("Labelled examples: 12,000", 12000),
        ("We have 50,000 emails, 2,000 of them labelled.", 2000),
        ("Actually we have 5,000 labelled examples, not 500.", 5000),
        ("Not 500 but 5,000 labelled examples.", 5000),
        ("We've labelled 5,000 emails so far.", 5000),
        ("We have 200,000 reports, 15k of which were coded by hand.", 15000),
        ("We have 80,000 aligned sentence pairs.", 80000),
    ],
)
def test_labelled_example_counts_are_read_with_units(text: str, count: int) -> None:
    assert values(text).get("labelled_examples") == count


@pytest.mark.parametrize(
    "text",
    [
        "We have no labelled data.",
        "We don't have any labeled examples yet.",
        "We would have to start without labels.",
        "There is no training data.",
        "The emails aren't labelled.",
        "We have no labelled data yet, but could label 500 examples.",
    ],
)
def test_negations_mean_zero_labels(text: str) -> None:
    assert values(text).get("labelled_examples") == 0


@pytest.mark.parametrize(
    "text",
    [
        "Classify tickets into 12 categories.",
        "We have 100 users.",
        "We need 500 labelled examples.",
        "Since 2019 we have labelled everything by hand.",
        "It costs $5,000 a year to label data.",
        "We have 3 labelled datasets.",
        "We have labelled 5 categories.",
    ],
)
def test_other_numbers_are_not_label_counts(text: str) -> None:
    assert "labelled_examples" not in values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Answers should come from our product manuals and policies.", {"has_documents": True}),
        ("We have a knowledge base of about 400 pages.", {"has_documents": True}),
        ("There are no documents; it's all in people's heads.", {"has_documents": False}),
        ("We don't have any documentation.", {"has_documents": False}),
        ("The knowledge base is updated weekly.", {"has_documents": True, "documents_change": "weekly"}),
        ("Policies are revised monthly.", {"documents_change": "monthly"}),
        ("The manuals rarely change.", {"documents_change": "static"}),
        ("Our docs are static.", {"documents_change": "static"}),
        ("Prices change constantly.", {"documents_change": "realtime"}),
        ("It changes every day.", {"documents_change": "daily"}),
        ("The wiki changes daily, but the handbook never changes.", {"documents_change": "daily"}),
    ],
)
def test_documents_and_how_often_they_change(text: str, expected: dict[str, object]) -> None:
    assert_slots(text, expected)


@pytest.mark.parametrize(
    "text",
    [
        "We send a daily report to managers.",
        "Answers must be real-time.",
        "Our team meets weekly.",
        "Our data policy forbids sharing.",
    ],
)
def test_rate_words_not_about_documents_leave_change_unset(text: str) -> None:
    found = values(text)
    assert "documents_change" not in found
    assert "has_documents" not in found


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("We have billions of tokens of chat logs.", "very_large"),
        ("Our archive is 3 TB of text.", "very_large"),
        ("We own decades of proprietary research data.", "very_large"),
        ("We have hundreds of millions of documents.", "very_large"),
        ("We hold millions of documents.", "large"),
        ("The corpus is about 40 GB.", "large"),
        ("About 2 million records.", "large"),
        ("It is a small corpus.", "small"),
    ],
)
def test_corpus_size_from_scale_words(text: str, size: str) -> None:
    assert values(text).get("corpus_size") == size


def test_gpu_memory_is_not_corpus_size() -> None:
    assert "corpus_size" not in values("We have one 24 GB GPU.")


@pytest.mark.parametrize(
    ("text", "domain", "specialised"),
    [
        ("Lawyers review supplier contracts for risky clauses.", "legal", True),
        ("Radiology reports for our clinical team.", "medical", True),
        ("Our bank wants to flag fraud in trading messages.", "finance", True),
        ("Summarise chemistry and biology research papers.", "scientific", True),
        ("Help our helpdesk answer tickets faster.", "customer support", False),
        ("Social media posts for our next campaign.", "marketing", False),
        ("Explain the code in our repository to new developers.", "software engineering", False),
        ("Screen CVs for recruiters.", "hr", False),
        ("Our online shop needs product descriptions.", "e-commerce", False),
        ("Students ask questions about the course material.", "education", False),
    ],
)
def test_domain_and_whether_it_is_specialised(text: str, domain: str, specialised: bool) -> None:
    assert_slots(text, {"domain": domain, "specialised_domain": specialised})


@pytest.mark.parametrize(
    "text",
    [
        "We have 2 ML engineers and a data scientist.",
        "Support emails must stay inside our own data centre for compliance.",
    ],
)
def test_weak_domain_hints_do_not_decide_the_domain(text: str) -> None:
    assert values(text).get("domain") in (None, "customer support")


@pytest.mark.parametrize(
    ("text", "languages", "rare"),
    [
        ("Customers write in English, German and French.", ["English", "German", "French"], False),
        ("We need answers in Icelandic and English.", ["Icelandic", "English"], True),
        ("Content is in welsh and basque.", ["Welsh", "Basque"], True),
        ("Most tickets are in Polish.", ["Polish"], False),
        ("Our users speak Swahili, Yoruba and English.", ["Swahili", "Yoruba", "English"], True),
        ("Not German but Dutch.", ["Dutch"], False),
        ("We serve M\u0101ori speakers.", ["Maori"], True),
    ],
)
def test_languages_and_rare_languages(text: str, languages: list[str], rare: bool) -> None:
    assert_slots(text, {"languages": languages, "rare_language": rare})


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("We can't use OpenAI, but Azure OpenAI in our tenant is ok.", True),
        ("Hosted APIs are fine for public data, but customer data must stay on-prem.", False),
    ],
)
def test_the_later_hosting_statement_qualifies_the_earlier_one(text: str, allowed: bool) -> None:
    found = values(text)
    assert found.get("hosted_allowed") is allowed
    assert "customer_facing" not in found  # "public data" is not the public reading outputs


@pytest.mark.parametrize(
    ("text", "not_domain"),
    [
        ("Our legal team says hosted LLMs are risky.", "legal"),
        ("Wrong answers could mean legal trouble for our support desk.", "legal"),
        ("Our data scientists want quick answers.", "scientific"),
    ],
)
def test_stakeholders_and_risks_do_not_set_the_domain(text: str, not_domain: str) -> None:
    assert values(text).get("domain") != not_domain


def test_polish_the_verb_is_not_a_language() -> None:
    assert "languages" not in values("Polish the drafts before they go out.")


def test_multilingual_without_names_is_only_a_note() -> None:
    update = extract_slots("The product is multilingual.")
    assert "languages" not in update.values
    assert any(note.startswith("Languages:") for note in update.notes)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Answers must be accurate; wrong answers reach customers.", {"quality_bar": "high", "customer_facing": True}),
        ("We're a regulated business and errors are costly.", {"quality_bar": "high"}),
        (
            "These are rough drafts, internal only, and a human always edits them.",
            {"quality_bar": "low", "customer_facing": False},
        ),
        ("Good enough is fine for a first version.", {"quality_bar": "medium"}),
        ("It's not critical if a summary is slightly off.", {"quality_bar": "low"}),
        ("Replies are sent to customers on our website.", {"customer_facing": True}),
        ("Only our staff will see the output.", {"customer_facing": False}),
        ("Only adjusters see the output and they always review it.", {"customer_facing": False, "quality_bar": "low"}),
        (
            "Customers can ask the assistant about their insurance policy.",
            {"customer_facing": True, "domain": "insurance"},  # insurance is its own specialised domain
        ),
        ("Payout amounts must be calculated exactly.", {"needs_arithmetic": True}),
        ("Answers should cite the policy and show sources.", {"needs_citations": True}),
        ("We don't need citations.", {"needs_citations": False}),
        ("It has to calculate invoice totals with exact numbers.", {"needs_arithmetic": True}),
        ("No maths involved.", {"needs_arithmetic": False}),
        ("The tickets contain personal data, so GDPR applies.", {"personal_data": True}),
        ("We process patient records.", {"personal_data": True}),
        ("All data is anonymised.", {"personal_data": False}),
    ],
)
def test_quality_bar_audience_citations_arithmetic_and_personal_data(text: str, expected: dict[str, object]) -> None:
    assert_slots(text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Agents need an answer within 2 seconds.", {"latency": "interactive", "latency_seconds": 2.0}),
        ("Responses under 500 ms, please.", {"latency": "realtime", "latency_seconds": 0.5}),
        ("It must respond in real-time as the user types.", {"latency": "realtime"}),
        ("An overnight batch job is fine.", {"latency": "batch"}),
        ("We get about 10,000 requests a day.", {"requests_per_day": 10000}),
        ("Around 500 emails per hour come in.", {"requests_per_day": 12000}),
        ("We expect 2 million queries a month.", {"requests_per_day": 66667}),
        ("Roughly 300 support tickets per day.", {"requests_per_day": 300}),
        ("We get 300 tickets a day, each needs a category.", {"requests_per_day": 300}),
        ("Expect about 1,500 conversations a week.", {"requests_per_day": 214}),
        (
            "The wiki is updated weekly and answers must be real-time.",
            {"documents_change": "weekly", "latency": "realtime"},
        ),
    ],
)
def test_latency_and_request_volume(text: str, expected: dict[str, object]) -> None:
    assert_slots(text, expected)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("We have 100 users.", "requests_per_day"),
        ("Roughly 50 users, each asking maybe 10 questions a day.", "requests_per_day"),
        ("We get 3 million page views a month.", "requests_per_day"),
        ("Answer within 2 seconds.", "timeline_weeks"),
        ("The wiki is updated once a day.", "latency"),
        ("The data changes in real time.", "latency"),
    ],
)
def test_numbers_and_rates_that_are_not_latency_volume_or_deadlines(text: str, absent: str) -> None:
    assert absent not in values(text)


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("Using a hosted model is fine.", True),
        ("A hosted API is ok.", True),
        ("We can use OpenAI.", True),
        ("Cloud APIs are fine for this.", True),
        ("SaaS is fine.", True),
        ("No external APIs.", False),
        ("The model must run inside our own data centre.", False),
        ("Everything has to be on-premises.", False),
        ("Self-hosted only.", False),
        ("Customer data must not leave the EU region.", False),
        ("We can't send data to third parties.", False),
        ("The system is air-gapped.", False),
        ("Private cloud only.", False),
        ("Hosted is not allowed.", False),
        ("Hosted models are not an option for us.", False),
        ("It doesn't need to be on-prem; a cloud API is fine.", True),
        ("Patient data cannot be sent to any external service.", False),
        ("Hosted models via Bedrock are approved.", True),
    ],
)
def test_hosted_api_permission_and_refusal(text: str, allowed: bool) -> None:
    assert values(text).get("hosted_allowed") is allowed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Our budget is $50k.", {"budget": "medium"}),
        ("We have a budget of \u20ac10,000.", {"budget": "small"}),
        ("The budget is \u00a32m.", {"budget": "large"}),
        ("There's a 200k budget for the year.", {"budget": "medium"}),
        ("We can spend $2k per month.", {"budget": "small"}),
        ("$300,000", {"budget": "large"}),
        ("The budget is tight.", {"budget": "small"}),
        ("We have a generous budget.", {"budget": "large"}),
        ("A moderate budget.", {"budget": "medium"}),
        ("We have no GPUs; CPU only.", {"gpus": 0}),
        ("We have one 24 GB GPU.", {"gpus": 1}),
        ("We have 8 A100s.", {"gpus": 8}),
        ("A server with 4x H100.", {"gpus": 4}),
        ("We have a GPU under a desk.", {"gpus": 1}),
        ("We have \u20ac5k/month for API costs.", {"budget": "medium"}),
        ("two A100 80GB GPUs", {"gpus": 2}),
    ],
)
def test_budget_and_gpus(text: str, expected: dict[str, object]) -> None:
    assert_slots(text, expected)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("We don't have a budget yet.", "budget"),
        ("The budget is not tight.", "budget"),
        ("Each wrong answer costs us $10,000 in refunds and support time later on.", "budget"),
        ("We have millions of documents.", "budget"),
        ("We have a GPU budget to discuss.", "gpus"),
    ],
)
def test_money_and_hardware_words_that_are_not_budget_or_gpus(text: str, absent: str) -> None:
    assert absent not in values(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("We need it in 3 months.", {"timeline_weeks": 13}),
        ("The project should take six weeks.", {"timeline_weeks": 6}),
        ("We have a quarter to ship it.", {"timeline_weeks": 13}),
        ("Over two years.", {"timeline_weeks": 104}),
        ("Timeline: 12 weeks", {"timeline_weeks": 12}),
        ("A 3-month pilot.", {"timeline_weeks": 13}),
        ("We have 2 ML engineers.", {"team_size": 2}),
        ("We are a team of five.", {"team_size": 5}),
        ("A 3-person team will build it.", {"team_size": 3}),
        ("It's just me.", {"team_size": 1}),
        ("We have two developers and a designer.", {"team_size": 3}),
        ("We have 3 years of tickets and 5 people on the team.", {"team_size": 5}),
        ("Our 3 data scientists and 2 engineers can spend half their time on it.", {"team_size": 5}),
        ("Over 4 months.", {"timeline_weeks": 17}),
    ],
)
def test_timeline_and_team(text: str, expected: dict[str, object]) -> None:
    assert_slots(text, expected)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("We want it live by end of year.", "timeline_weeks"),
        ("We have 3 years of tickets.", "timeline_weeks"),
        ("The wiki is updated every 2 weeks.", "timeline_weeks"),
        ("Support runs 24 hours a day, 7 days a week.", "timeline_weeks"),
        ("100 engineers use the wiki.", "team_size"),
        ("The claims archive goes back 15 years.", "timeline_weeks"),
        ("We want it live by Q3.", "timeline_weeks"),
    ],
)
def test_durations_and_headcounts_that_are_not_deadlines_or_team(text: str, absent: str) -> None:
    assert absent not in values(text)


@pytest.mark.parametrize(
    ("text", "users"),
    [
        ("A summary bot for our on-call engineers.", "engineers"),
        ("Our engineers want to search the runbooks.", "engineers"),
        ("Our support agents need suggested replies.", "support agents"),
        ("A chatbot for our customers.", "customers"),
        ("Our lawyers want contract summaries.", "lawyers"),
        ("It should help clinicians write discharge letters.", "clinicians"),
        ("Our financial analysts need quick answers.", "analysts"),
    ],
)
def test_users_are_named_groups(text: str, users: str) -> None:
    assert values(text).get("users") == users


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "Hello!",
        "I'm not sure yet, let me check with the team.",
        "Thanks, that sounds good.",
        "What do you mean?",
    ],
)
def test_unrelated_text_fills_nothing(text: str) -> None:
    update = extract_slots(text)
    assert update.values == {}
    assert update.notes == []


def test_long_run_on_text_is_still_read() -> None:
    # Thousands of repeats: a regex that backtracks badly would hang here (no timing assert: slow CI is fine).
    assert extract_slots("one two three four five " * 1000).values == {}
    assert extract_slots("1 000 " * 3000).values.get("labelled_examples") is None
    update = extract_slots("we have a few hundred labelled examples and no GPUs, " * 500)
    assert update.values["labelled_examples"] == 300 and update.values["gpus"] == 0


def test_use_case_is_left_to_the_interview() -> None:
    assert "use_case" not in values(BRIEF_SUPPORT)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        (BRIEF_SUPPORT, "Tasks: classification / routing"),
        (BRIEF_SUPPORT, "Hosted API allowed: no"),
        (BRIEF_SUPPORT, "Labelled examples: 50,000"),
        ("Timeline: 12 weeks", "Timeline: 12 weeks"),
        ("We have no labelled data.", "Labelled examples: none"),
        ("Responses under 500 ms.", "Latency target: 500 ms"),
    ],
)
def test_each_slot_found_gets_a_note(text: str, note: str) -> None:
    update = extract_slots(text)
    assert note in update.notes
    assert len(update.notes) == len(update.values)


@pytest.mark.parametrize(
    ("text", "correction"),
    [
        ("Actually we have 5,000 labelled examples.", True),
        ("Correction: the budget is $20k.", True),
        ("Update: hosted is fine now.", True),
        ("Please change the task to summarisation.", True),
        ("Summarisation instead.", True),
        ("Not classification but summarisation.", True),
        ("We want to classify support emails.", False),
        ("The wiki changes daily.", False),
        ("Not only Q&A but also summaries.", False),
    ],
)
def test_corrections_are_recognised(text: str, correction: bool) -> None:
    assert is_correction(text) is correction
    assert extract_slots(text).replace_lists is correction


def test_corrections_replace_lists() -> None:
    scope = extract_slots("We want to classify tickets, in English and German.").apply(Scope())
    corrected = extract_slots("Actually, not classification but summarisation, in French.").apply(scope)
    assert corrected.tasks == ["summarisation"]
    assert corrected.languages == ["French"]
    added = extract_slots("We also need summaries in French.").apply(scope)
    assert added.tasks == ["classification", "summarisation"]
    assert added.languages == ["English", "German", "French"]


@pytest.mark.parametrize("text", [BRIEF_SUPPORT, BRIEF_MARKETING, BRIEF_WIKI, BRIEF_MEETINGS, BRIEF_LEGAL])
def test_every_update_applies_to_a_valid_scope(text: str) -> None:
    update = extract_slots(text)
    assert isinstance(update, ScopeUpdate)
    scope = update.apply(Scope())
    for key, value in update.values.items():
        assert getattr(scope, key) == value


def test_extraction_is_deterministic() -> None:
    assert extract_slots(BRIEF_LEGAL) == extract_slots(BRIEF_LEGAL)


@pytest.mark.parametrize(
    ("phrase", "number"),
    [
        ("50,000", 50000),
        ("5k", 5000),
        ("2.5k", 2500),
        ("2.5 million", 2_500_000),
        ("5 000", 5000),
        ("a dozen", 12),
        ("dozens", 36),
        ("a few hundred", 300),
        ("a couple of thousand", 2000),
        ("twenty five", 25),
        ("one hundred and twenty", 120),
        ("hundreds of thousands", 300_000),
        ("$2m", 2_000_000),
        ("1 million", 1_000_000),
        ("twelve", 12),
        ("no number here", None),
    ],
)
def test_numbers_are_parsed_from_digits_units_and_words(phrase: str, number: float | None) -> None:
    assert parse_number(phrase) == number
