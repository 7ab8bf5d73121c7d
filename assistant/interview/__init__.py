"""The scope interview: slot reading from free text and a pure state machine over the lifecycle stages."""

from assistant.interview.choices import APPROACH_LABELS, catalogue_families
from assistant.interview.intents import IntentClassifier
from assistant.interview.llm_reader import llm_scope_extractor
from assistant.interview.machine import (
    InterviewState,
    Reply,
    apply_overrides,
    confirm,
    confirm_all,
    describe_scope,
    dismiss,
    plan_for,
    plan_state_from_brief,
    plan_title,
    start,
    step,
)
from assistant.interview.readings import QUESTION_SLOTS, Reading, slot_choices
from assistant.interview.slots import extract_slots

__all__ = [
    "APPROACH_LABELS",
    "QUESTION_SLOTS",
    "IntentClassifier",
    "InterviewState",
    "Reading",
    "Reply",
    "apply_overrides",
    "catalogue_families",
    "confirm",
    "confirm_all",
    "describe_scope",
    "dismiss",
    "extract_slots",
    "llm_scope_extractor",
    "plan_for",
    "plan_state_from_brief",
    "plan_title",
    "slot_choices",
    "start",
    "step",
]
