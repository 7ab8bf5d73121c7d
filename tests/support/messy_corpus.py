"""Scoring the interview against the messy-answer corpus (tests/corpus/README.md).

Each item is run through the real state machine (`interview.step`) from a state where the
item's question is being asked and its `before` slots are filled. What the turn did is then
compared with the item's expectations:

* **wrong writes** (precision): a value written to the scope *without confirmation* that the
  item forbids (`must_not`), that contradicts `expect`, that fills an `ask` or `pending`
  slot, or any write at all for a knowledge question, app request or command (strict mode);
* **recall**: the share of expectations met, where an expected value counts when it is
  applied or proposed for one click, an `ask` slot counts when nothing was written for it,
  a `pending` slot counts when it is marked pending with no value, and the intent counts
  when the turn was handled as that intent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from assistant.interview.intents import IntentClassifier
from assistant.interview.machine import QUESTIONS, InterviewState, step
from assistant.plan.scope import Scope

CORPUS = Path(__file__).resolve().parents[1] / "corpus" / "messy_answers.yaml"
STRICT_INTENTS = {"knowledge_question", "app_help", "command"}
RANGE_TOLERANCE = 0.10


def load_items(split: str | None = None) -> list[dict[str, Any]]:
    items = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
    return [item for item in items if split is None or item["split"] == split]


@dataclass
class Outcome:
    item_id: str
    wrong: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    checks: int = 0


@dataclass
class Score:
    outcomes: list[Outcome]

    @property
    def items(self) -> int:
        return len(self.outcomes)

    @property
    def wrong_writes(self) -> int:
        return sum(len(o.wrong) for o in self.outcomes)

    @property
    def recall(self) -> float:
        checks = sum(o.checks for o in self.outcomes)
        return (checks - sum(len(o.missed) for o in self.outcomes)) / checks if checks else 1.0

    @property
    def precision(self) -> float:
        """Share of items with no wrong write."""
        return sum(1 for o in self.outcomes if not o.wrong) / self.items if self.items else 1.0


def state_for(item: dict[str, Any]) -> InterviewState:
    before = Scope.model_validate(item["before"] or {})
    question = item["question"]
    answered = [q.id for q in QUESTIONS if q.filled(before) and q.id != question]
    return InterviewState(scope=before, current=question, asked=[*answered, question], answered=answered)


def _num_ok(expected: Any, got: Any, converted: bool) -> bool:
    if isinstance(expected, list):
        if not (isinstance(got, list) and len(got) == 2):
            return False
        return all(_close(e, g, converted) for e, g in zip(expected, got, strict=True))
    return not isinstance(got, list) and got == expected


def _close(expected: float, got: float, converted: bool) -> bool:
    if not converted:
        return float(expected) == float(got)
    return abs(float(got) - float(expected)) <= max(1.0, RANGE_TOLERANCE * abs(float(expected)))


def _plain(value: Any) -> Any:
    """Dates as the corpus writes them (ISO strings), whether the reader or YAML made a date of them."""
    return value.isoformat() if isinstance(value, date) else value


def matches(key: str, expected: Any, got: Any, text: str) -> bool:
    """Does a read value `got` satisfy the expectation `key: expected` (README value conventions)?"""
    got, expected = _plain(got), _plain(expected)
    if got is None:
        return False
    if key.endswith("_contains"):
        return all(fragment.lower() in str(got).lower() for fragment in expected)
    if key.endswith("_between"):
        lo, hi = expected
        values = got if isinstance(got, list) else [got]
        return all(lo <= float(v) <= hi for v in values)
    if isinstance(got, list) and key in ("tasks", "languages"):
        return {str(e).lower() for e in expected} <= {str(g).lower() for g in got}
    if isinstance(expected, list) or isinstance(got, list):
        converted = key in ("timeline_weeks", "requests_per_day")
        return _num_ok(expected, got, converted)
    return bool(got == expected)


def forbidden(key: str, value: Any, got: Any) -> bool:
    got, value = _plain(got), _plain(value)
    if got is None:
        return False
    if key.endswith("_contains"):
        return any(fragment.lower() in str(got).lower() for fragment in value)
    if isinstance(value, list):
        return bool(
            {str(v).lower() for v in value} & {str(g).lower() for g in (got if isinstance(got, list) else [got])}
        )
    return bool(got == value)


def slot_of(key: str) -> str:
    for suffix in ("_contains", "_between"):
        if key.endswith(suffix):
            return key[: -len(suffix)]
    return key


def run_item(item: dict[str, Any], classifier: IntentClassifier | None = None) -> Outcome:
    state = state_for(item)
    new_state, reply = step(state, item["text"], classifier=classifier)
    before = state.scope.model_dump()
    after = new_state.scope.model_dump()
    written: dict[str, Any] = {}
    for slot, value in after.items():
        if value != before[slot]:
            record = new_state.slots.get(slot)
            written[slot] = record.value if record is not None and record.value is not None else value
    if new_state.scope == Scope() and state.scope != Scope():
        written = {}  # a restart (after confirmation only) writes nothing
    proposed = {p.slot: p.value for p in new_state.proposals}
    pending = set(new_state.pending)
    outcome = Outcome(item["id"])

    for key, expected in item["expect"].items():
        slot = slot_of(key)
        outcome.checks += 1
        got_written = written.get(slot)
        if slot in ("tasks", "languages") and slot not in written and after[slot]:
            got_written = after[slot] if slot in item["before"] else None
        if matches(key, expected, got_written, item["text"]) or matches(
            key, expected, proposed.get(slot), item["text"]
        ):
            continue
        outcome.missed.append(f"expect {key}={expected!r} got written={got_written!r} proposed={proposed.get(slot)!r}")
        if got_written is not None and slot in written:
            outcome.wrong.append(f"wrote {slot}={got_written!r}, expected {expected!r}")
    for key, value in item["must_not"].items():
        slot = slot_of(key)
        got = written.get(slot)
        if slot in ("tasks", "languages"):
            got = after[slot] if slot in written or (slot in item["before"]) else None
        if forbidden(key, value, got):
            outcome.wrong.append(f"must_not {key}={value!r} but wrote {got!r}")
    for slot in item["ask"]:
        outcome.checks += 1
        if slot in written:
            outcome.wrong.append(f"ask {slot} but wrote {written[slot]!r}")
            outcome.missed.append(f"ask {slot}")
    for slot in item["pending"]:
        outcome.checks += 1
        if slot in written:
            outcome.wrong.append(f"pending {slot} but wrote {written[slot]!r}")
        if slot not in pending or slot in written:
            outcome.missed.append(f"pending {slot} not marked")
    if item["intent"] in STRICT_INTENTS and written:
        outcome.wrong.append(f"strict: {item['intent']} wrote {written}")
    outcome.checks += 1
    if not intent_ok(item["intent"], reply.intent, reply.knowledge_question):
        outcome.missed.append(f"intent {item['intent']} handled as {reply.intent}")
    return outcome


def intent_ok(expected: str, got: str, knowledge_question: str | None) -> bool:
    if expected in ("answer", "correction"):
        return got in ("answer", "correction")
    if expected == "knowledge_question":
        return knowledge_question is not None
    return expected == got


def score(items: Iterable[dict[str, Any]], classifier: IntentClassifier | None = None) -> Score:
    return Score([run_item(item, classifier) for item in items])
