"""What is written without a click: only what was said in one go.

Twenty-six blind sets showed the rules misreading some multi-part answers in ways no check between the
parts could see. So an answer that says several things has everything read from it offered for one
click; a number no reading depends on holds the numbers that were read; what the team takes back out
of a list leaves the plan at once. Phrasings are our own, not taken from the messy corpus.
"""

from __future__ import annotations

from assistant.interview import confirm_all, plan_state_from_brief, start, step
from assistant.interview.machine import InterviewState
from assistant.interview.readings import SEVERAL_THINGS, UNPLACED_NUMBER, read_answer
from assistant.plan.scope import Scope, ScopeUpdate


def _split(text: str, question: str, scope: Scope | None = None) -> tuple[dict[str, object], dict[str, str]]:
    result = read_answer(text, question, scope or Scope())
    return {r.slot: r.value for r in result.applied}, {r.slot: r.reason for r in result.proposals}


def test_one_thing_said_is_written_several_things_are_offered() -> None:
    applied, _ = _split("about 5,000 labelled tickets", "data")
    assert applied == {"labelled_examples": 5000}
    applied, offered = _split("about 5,000 labelled tickets, and a wiki that changes weekly", "data")
    assert applied == {}
    assert offered["labelled_examples"] == SEVERAL_THINGS and offered["documents_change"] == SEVERAL_THINGS


def test_parts_that_read_the_same_say_one_thing() -> None:
    applied, _ = _split("no, the data never leaves our network", "privacy")
    assert applied == {"hosted_allowed": False}


def test_an_aside_without_content_is_not_another_thing() -> None:
    applied, _ = _split("oops, not translation - summarisation", "tasks", Scope(tasks=["translation"]))
    assert applied == {"tasks": ["summarisation"]}


def test_a_number_nothing_depends_on_holds_the_numbers_that_were_read() -> None:
    applied, offered = _split("3 people labelled 700 tickets", "data")
    assert "labelled_examples" not in applied
    assert offered["labelled_examples"].startswith(UNPLACED_NUMBER) and "“3”" in offered["labelled_examples"]
    applied, offered = _split("we serve 300 salons, about 50 questions a day", "load")
    assert "requests_per_day" not in applied and "“300”" in offered["requests_per_day"]


def test_numbers_that_are_part_of_what_was_read_are_placed() -> None:
    assert _split("1,000-2,000 questions a day", "load")[0]["requests_per_day"] == [1000, 2000]
    assert _split("12 weeks, not 20", "timeline", Scope(timeline_weeks=20))[0]["timeline_weeks"] == 12
    applied, _ = _split("the deadline is 30 June 2027", "timeline")
    assert str(applied["deadline"]) == "2027-06-30"  # the year is part of the date


def test_a_take_back_leaves_at_once_and_an_addition_waits() -> None:
    result = read_answer(
        "sorry i said translation but we actually need it to pull the amounts out of the receipts",
        "tasks",
        Scope(tasks=["translation"]),
    )
    assert {r.slot: r.value for r in result.applied} == {"tasks": []}
    assert "took out translation" in result.applied[0].note
    assert {r.slot: r.value for r in result.proposals}["tasks"] == ["extraction"]


def test_the_interview_keeps_the_addition_waiting_after_applying_the_take_back() -> None:
    state, _ = start()
    state = InterviewState.model_validate({**state.model_dump(), "current": "domain"})
    state.scope = Scope(use_case="Answer shipowners' questions", languages=["english", "german"])
    state, reply = step(state, "sorry, not german but norwegian — and french too")
    assert [str(v).lower() for v in state.scope.languages] == ["english"]
    offered = {p.slot: p.value for p in state.proposals}
    assert {str(v).lower() for v in offered["languages"]} == {"english", "norwegian", "french"}
    assert "took out" in reply.text and "Please confirm" in reply.text


def test_a_second_reader_that_agrees_settles_an_offer() -> None:
    # With an LLM configured, a value it read the same way is applied: two independent readers agree.
    message = "about 5,000 labelled tickets, and a wiki that changes weekly"
    state, _ = start()
    state = InterviewState.model_validate({**state.model_dump(), "current": "data"})
    state.scope = Scope(use_case="Summarise tickets")
    agreed, _ = step(state, message, extra=ScopeUpdate(values={"labelled_examples": 5000}))
    assert agreed.scope.labelled_examples == 5000
    assert agreed.scope.documents_change is None and "documents_change" in {p.slot for p in agreed.proposals}
    alone, _ = step(state, message)
    assert alone.scope.labelled_examples is None


def test_a_question_whose_answer_waits_for_a_click_is_not_asked() -> None:
    state, _ = start()
    state, _ = step(
        state,
        "We want to sort incoming complaints into 5 queues. We have 3,000 labelled complaints already.",
    )
    assert {"tasks", "labelled_examples"} <= {p.slot for p in state.proposals}
    assert state.current not in ("tasks", "data")
    state = confirm_all(state)
    assert state.scope.tasks == ["classification"] and state.scope.labelled_examples == 3000


def test_a_brief_for_the_cli_uses_what_was_read_and_lists_it_to_confirm() -> None:
    state = plan_state_from_brief(
        "We want to sort incoming complaints into 5 queues. We have 3,000 labelled complaints already."
    )
    assert state.scope.labelled_examples == 3000
    assert state.slots["labelled_examples"].confirmed is False
    assert any(q.startswith("To confirm: Labelled examples") for q in state.open_questions)


def test_a_take_back_stops_where_the_sentence_turns() -> None:
    for message in ("sorry, not german - norwegian", "sorry, not german but norwegian"):
        result = read_answer(message, "domain", Scope(languages=["english", "german"]))
        written = {r.slot: r.value for r in result.applied}
        assert [str(v).lower() for v in written["languages"]] == ["english", "norwegian"], message


def test_a_weekly_rate_on_weekdays_only_counts_five_days() -> None:
    result = read_answer("about 3,500 a week, weekdays only", "load", Scope())
    assert {r.slot: r.value for r in result.applied + result.proposals}["requests_per_day"] == 700
    result = read_answer("about 3,500 a week", "load", Scope())
    assert {r.slot: r.value for r in result.applied}["requests_per_day"] == 500


def test_sorting_messages_is_classification_and_sort_of_is_not() -> None:
    from assistant.interview.slots import extract_slots

    assert extract_slots("it's sorting them: sick leave, housing, pay, other").values["tasks"] == ["classification"]
    assert extract_slots("it sorts the incoming messages").values["tasks"] == ["classification"]
    assert "tasks" not in extract_slots("sort of works, sort them out later").values


def test_a_use_case_already_done_elsewhere_takes_its_tasks_out() -> None:
    held = Scope(use_case="Draft listing texts for agents", tasks=["content_generation"])
    message = (
        "sorry, to be precise: the listing texts are already done by the photo agency. "
        "what we need is answering buyers' questions about the listings"
    )
    result = read_answer(message, "use_case", held)
    assert {r.slot: r.value for r in result.applied}["tasks"] == []
    # Without "already done", a restated use case may be adding: nothing is taken out.
    adding = read_answer("actually captions are the smaller part, mainly it should sort the uploads", "use_case", held)
    assert "tasks" not in {r.slot for r in adding.applied}


FERRY = (
    "so we're a ferry operator, 14 ships. we want it to answer passengers' questions about bookings + delays, "
    "and translate the announcements"
)


def test_a_take_back_typed_against_a_waiting_offer_edits_it() -> None:
    state, _ = start()
    state, _ = step(state, FERRY)
    assert {p.slot: p.value for p in state.proposals}["tasks"] == ["question_answering", "translation"]
    state, reply = step(state, "sorry, not translation - the crew does the announcements. just the questions")
    assert state.scope.tasks == ["question_answering"] and "took out translation" in reply.text
    assert "tasks" not in {p.slot for p in state.proposals}


def test_a_waiting_side_reading_does_not_skip_its_question() -> None:
    # The brief's "customer-facing: yes?" waits for a click; the quality question is still asked.
    state, _ = start()
    state, _ = step(state, FERRY)
    assert "customer_facing" in {p.slot for p in state.proposals}
    asked = []
    for answer in ("skip", "skip", "skip"):
        state, _ = step(state, answer)
        asked.append(state.current)
    assert "quality" in asked


def test_the_use_case_drops_a_leading_it_to() -> None:
    from assistant.interview.readings import clean_use_case

    assert clean_use_case(FERRY).startswith("Answer passengers' questions about bookings")


def test_a_use_case_said_in_several_sentences_is_offered() -> None:
    state, _ = start()
    state, reply = step(state, "we run a security control room. alarm comes in, it writes a short summary + what to do")
    assert state.scope.use_case is None
    assert "use_case" in {p.slot for p in state.proposals} and "Please confirm" in reply.text
    state, _ = start()
    state, _ = step(state, "a bot that answers HR policy questions for employees")
    assert state.scope.use_case == "A bot that answers HR policy questions for employees"


def test_list_edits_in_other_words() -> None:
    held = Scope(tasks=["summarisation", "question_answering"])
    result = read_answer("scrap the Q&A part, its only summarisation", "tasks", held)
    assert {r.slot: r.value for r in result.applied}["tasks"] == ["summarisation"]
    # "another vendor" adds no language; "english and french only actually" says what stays.
    held = Scope(languages=["dutch", "english"])
    result = read_answer(
        "it's english and french only actually, the dutch subtitles are done by another vendor", "domain", held
    )
    assert {r.slot: r.value for r in result.applied}["languages"] == ["english"]
    assert "dutch" not in {str(v).lower() for r in result.proposals if r.slot == "languages" for v in r.value}


def test_a_refusal_named_by_a_place_is_about_where_not_whether() -> None:
    result = read_answer("nothing goes to US clouds", "privacy", Scope())
    assert "hosted_allowed" not in {r.slot for r in result.applied + result.proposals}


def test_list_items_read_in_passing_from_another_answer_are_not_offered() -> None:
    held = Scope(use_case="Answer passengers' questions", tasks=["question_answering"])
    result = read_answer("3 agents tagged about 1,200 chats last year", "data", held)
    assert "tasks" not in {r.slot for r in result.applied + result.proposals}
    assert {r.slot: r.value for r in result.proposals}["labelled_examples"] == 1200
    # On its own question the same kind of words still edit the list.
    result = read_answer("also tagging the chats by topic", "tasks", held)
    assert "classification" in {v for r in result.applied + result.proposals if r.slot == "tasks" for v in r.value}
