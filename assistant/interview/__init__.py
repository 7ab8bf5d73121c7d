"""The scope interview: slot reading from free text and a pure state machine over the lifecycle stages."""

from assistant.interview.llm_reader import llm_scope_extractor
from assistant.interview.machine import InterviewState, Reply, describe_scope, plan_state_from_brief, start, step
from assistant.interview.slots import extract_slots

__all__ = [
    "InterviewState",
    "Reply",
    "describe_scope",
    "extract_slots",
    "llm_scope_extractor",
    "plan_state_from_brief",
    "start",
    "step",
]
