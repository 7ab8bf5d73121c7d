"""Transition tables for the interview state machine."""

import pytest

from assistant.interview.machine import QUESTIONS, InterviewState, confirm_all, plan_state_from_brief, start, step
from assistant.plan.scope import ScopeUpdate


def _run(*messages: str) -> tuple[InterviewState, list]:
    state, reply = start()
    replies = [reply]
    for message in messages:
        state, reply = step(state, message)
        replies.append(reply)
    return state, replies


def test_start_asks_the_first_question_with_an_example() -> None:
    state, reply = start()
    assert state.stage == "scope" and state.current == "use_case"
    assert "Question 1 of 9" in reply.text and "For example" in reply.text


# (messages, expected stage, expected current question, expected scope values)
TRANSITIONS = [
    (["Route support emails to the right team"], "scope", "data", {"tasks": ["classification"]}),
    (
        ["A tool for our lawyers", "extraction of contract parties and dates"],
        "scope",
        "data",
        {"tasks": ["extraction"]},
    ),
    (
        ["Summarise tickets", "summarisation", "about 2,000 labelled tickets"],
        "scope",
        "domain",
        {"labelled_examples": 2000},
    ),
    (["Summarise tickets", "summarisation", "we have no labelled data"], "scope", "domain", {"labelled_examples": 0}),
    (["Summarise tickets", "summarisation", "skip"], "scope", "domain", {}),
]


@pytest.mark.parametrize(("messages", "stage", "current", "values"), TRANSITIONS)
def test_answers_move_the_interview_forward(messages: list[str], stage: str, current: str, values: dict) -> None:
    state, _ = _run(*messages)
    assert (state.stage, state.current) == (stage, current)
    for key, value in values.items():
        assert getattr(state.scope, key) == value


def test_each_answer_shows_what_was_understood() -> None:
    _, replies = _run(
        "Summarise tickets", "summarisation", "about 2,000 labelled tickets and a wiki that changes weekly"
    )
    assert replies[-1].text.startswith("Understood:")
    assert "Labelled examples: 2,000" in replies[-1].text
    assert any("weekly" in line for line in replies[-1].understood)


def test_a_correction_at_any_time_replaces_the_slot() -> None:
    state, replies = _run(
        "Summarise tickets", "summarisation", "about 200 labelled tickets", "actually we have 5,000 labelled examples"
    )
    assert state.scope.labelled_examples == 5000
    assert "5,000" in replies[-1].text
    assert state.current == "domain"  # still waiting for the domain answer


def test_a_correction_can_replace_the_task_list() -> None:
    state, _ = _run("Summarise tickets", "summarisation and classification", "actually only classification")
    assert state.scope.tasks == ["classification"]


def test_skip_records_an_open_question() -> None:
    state, replies = _run("Summarise tickets", "summarisation", "skip")
    assert "data" in state.skipped
    assert any("labelled examples" in q for q in state.open_questions)
    assert "open question" in replies[-1].text


def test_back_returns_to_the_previous_question() -> None:
    state, replies = _run("Summarise tickets", "summarisation", "skip", "back")
    assert state.current == "data" and "data" not in state.skipped
    assert "Going back" in replies[-1].text and "Question 3 of 9" in replies[-1].text


def test_a_knowledge_question_mid_interview_is_handed_out_and_the_interview_resumes() -> None:
    before, _ = _run("Summarise tickets", "summarisation")
    after, reply = step(before, "What is LoRA?")
    assert reply.knowledge_question == "What is LoRA?"
    assert after.model_dump(exclude={"last_intent"}) == before.model_dump(exclude={"last_intent"})  # nothing changed
    assert reply.text.startswith("Back to planning") and "Question 3 of 9" in reply.text


def test_a_question_that_answers_the_slot_is_an_answer() -> None:
    state, reply = _run("Summarise tickets", "summarisation", "We have about 5,000 labelled examples, is that enough?")
    assert reply[-1].knowledge_question is None
    # Unsure ("is that enough?"): offered for one-click confirmation, not written yet.
    assert ("labelled_examples", 5000) in [(p.slot, p.value) for p in state.proposals]
    assert state.scope.labelled_examples is None


def test_a_pasted_brief_fills_every_slot_it_covers_and_asks_only_the_rest() -> None:
    brief = (
        "We want to classify incoming support emails into 12 categories so they reach the right team. "
        "We have 50,000 emails already labelled by category, and the classifier must run inside our own data centre."
    )
    state, replies = _run(brief)
    # Several things at once: each reading waits for one click, and the questions they answer are not asked.
    assert state.scope.tasks == [] and {p.slot for p in state.proposals} >= {"tasks", "labelled_examples"}
    state = confirm_all(state)
    assert state.scope.tasks == ["classification"]
    assert state.scope.labelled_examples == 50000
    assert state.scope.hosted_allowed is False
    assert {"use_case", "tasks", "data", "privacy"} <= set(state.answered)
    asked_next = state.current
    assert asked_next not in {"use_case", "tasks", "data", "privacy"}
    assert f"Question {[q.id for q in QUESTIONS].index(asked_next) + 1} of 9" in replies[-1].text


def test_unreadable_answer_is_asked_again_once_then_kept_as_a_note() -> None:
    state, replies = _run("Summarise tickets", "hmm", "still thinking about it")
    assert state.scope.tasks == ["summarisation"]  # read from the first answer, so data is next
    assert "couldn't read the data" in replies[2].text
    assert state.current != "data"
    assert any("still thinking" in q for q in state.open_questions)


@pytest.mark.parametrize(
    ("question", "answer", "field", "value"),
    [
        ("quality", "high", "quality_bar", "high"),
        ("privacy", "no", "hosted_allowed", False),
        ("privacy", "yes, that's fine", "hosted_allowed", True),
        ("budget", "small", "budget", "small"),
    ],
)
def test_short_answers_are_read_in_the_context_of_their_question(
    question: str, answer: str, field: str, value: object
) -> None:
    state = InterviewState(current=question, asked=[question], answered=[q.id for q in QUESTIONS if q.id != question])
    state.scope.use_case = "x"
    state, _ = step(state, answer)
    assert getattr(state.scope, field) == value


def test_full_walk_through_the_four_stages() -> None:
    state, replies = _run(
        "Answer questions about our wiki for engineers",
        "question answering",
        "no labelled data, a wiki that changes daily",
        "software engineering, English",
        "medium",
        "within 3 seconds, 500 requests a day",
        "hosted APIs are fine",
        "small budget, no GPUs",
        "2 months, 3 engineers",
    )
    assert state.stage == "select" and "Stage 2 — Select" in replies[-1].text
    state, reply = step(state, "yes")
    assert state.stage == "adapt_align" and "adaptation ladder" in reply.text
    state, reply = step(state, "yes")
    assert state.stage == "integrate" and "Retrieval-augmented generation" in reply.text
    state, reply = step(state, "yes")
    assert state.stage == "done" and "plan is complete" in reply.text
    assert state.stage_progress() == {"scope": 1.0, "select": 1.0, "adapt_align": 1.0, "integrate": 1.0}


def test_a_correction_in_a_later_stage_updates_the_recommendation() -> None:
    state = plan_state_from_brief("Chat assistant for customers. Using a hosted model is fine.")
    assert state.stage == "select"
    state, reply = step(state, "actually no external APIs are allowed, it must run in our own data centre")
    assert state.scope.hosted_allowed is False
    assert "open weights, self-hosted" in reply.text and state.stage == "select"


def test_finish_early_turns_the_rest_into_open_questions() -> None:
    state, replies = _run("Summarise meeting transcripts", "finish")
    assert state.stage == "select"
    assert len(state.open_questions) >= 6
    assert "open questions" in replies[-1].text


def test_restart_and_summary() -> None:
    state, replies = _run("Summarise tickets", "summary")
    assert "Use case: Summarise tickets" in replies[-1].text
    state, reply = step(state, "start over")
    assert state.scope.use_case == "Summarise tickets" and "Start a new plan?" in reply.text  # asks first
    state, reply = step(state, "yes")
    assert state.scope.use_case is None and "Question 1 of 9" in reply.text


def test_llm_readings_only_fill_empty_slots() -> None:
    state, _ = _run("Summarise tickets", "summarisation")
    extra = ScopeUpdate(values={"labelled_examples": 120, "tasks": ["chat"]}, notes=["Labelled examples: 120"])
    state, _ = step(state, "we've got a spreadsheet of past tickets with their summaries", extra=extra)
    assert state.scope.labelled_examples == 120
    assert state.scope.tasks == ["summarisation"]  # the rules already had tasks


def test_steps_are_pure() -> None:
    state, _ = _run("Summarise tickets")
    snapshot = state.model_dump()
    step(state, "summarisation")
    assert state.model_dump() == snapshot
