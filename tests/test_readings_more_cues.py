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
    ],
)
def test_an_intent_is_recognised(text: str, intent: str) -> None:
    guess = rule_intent(text, answer_found=False)
    assert guess is not None and guess.intent == intent
