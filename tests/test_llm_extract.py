"""Scope slots read by an LLM (deterministic fake), only where the rules found nothing."""

from assistant.interview.llm_reader import llm_scope_extractor
from assistant.interview.machine import start, step
from tests.support.fake_llm import FailingLLM, fake_llm


def test_no_llm_means_no_extractor() -> None:
    assert llm_scope_extractor(None) is None


def test_llm_reading_is_parsed_into_a_scope_update() -> None:
    extract = llm_scope_extractor(fake_llm('{"labelled_examples": 1200, "languages": ["Dutch"]}'))
    state, _ = start()
    update = extract("we've got twelve hundred graded answers, all in Dutch", state)
    assert update.values == {"labelled_examples": 1200, "languages": ["Dutch"]}
    assert "Labelled examples: 1200" in update.notes


def test_llm_reading_fills_a_slot_the_rules_missed() -> None:
    extract = llm_scope_extractor(fake_llm('{"labelled_examples": 1200}'))
    state, _ = start()
    state, _ = step(state, "Grade student essays")
    state, _ = step(state, "content generation")
    message = "we've got a spreadsheet of twelve hundred graded essays"
    state, reply = step(state, message, extra=extract(message, state))
    assert state.scope.labelled_examples == 1200
    assert "couldn't read" not in reply.text


def test_invalid_or_failing_llm_output_is_ignored() -> None:
    state, _ = start()
    assert llm_scope_extractor(fake_llm("I think they have lots of data!"))("text", state) is None
    failing = FailingLLM(messages=iter([]), error=ConnectionError("down"))
    assert llm_scope_extractor(failing)("text", state) is None


def test_llm_is_not_asked_outside_the_scope_stage() -> None:
    extract = llm_scope_extractor(fake_llm('{"budget": "large"}'))
    state, _ = start()
    state = state.model_copy(update={"stage": "select"})
    assert extract("whatever", state) is None
