"""Scoring answers and passages against question sets in the `../shared/eval` format.

A group of terms matches when any term occurs case-insensitively starting at a word
boundary (so "cycle" does not match inside "lifecycle", but "fine-tun" matches
"fine-tuning"); `any` needs one matching group, `all` needs every group to match.
An answer must also cite a source and stay within `MAX_ANSWER_WORDS`.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.answers.models import Answer
from assistant.plan.schema import ProjectPlan

MAX_ANSWER_WORDS = 300


class EvalQuestion(BaseModel):
    id: str
    q: str
    category: str = ""
    split: str = ""
    history: list[str] = Field(default_factory=list, description="Earlier user messages, oldest first.")
    any: list[list[str]] = Field(default_factory=list)
    all: list[list[str]] = Field(default_factory=list)


def load_questions(path: Path) -> list[EvalQuestion]:
    return [EvalQuestion.model_validate(item) for item in json.loads(path.read_text(encoding="utf-8"))]


@cache
def _term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"\b" + re.escape(term.lower()))


def _group_matches(text: str, group: list[str]) -> bool:
    return any(_term_pattern(term).search(text) for term in group)


def text_satisfies(text: str, question: EvalQuestion) -> bool:
    text = text.lower()
    any_ok = not question.any or any(_group_matches(text, g) for g in question.any)
    return any_ok and all(_group_matches(text, g) for g in question.all)


def answer_passes(answer: Answer, question: EvalQuestion) -> bool:
    return (
        answer.grounded
        and bool(answer.sources)
        and len(answer.answer.split()) <= MAX_ANSWER_WORDS
        and text_satisfies(answer.answer, question)
    )


def answer_refuses(answer: Answer) -> bool:
    return not answer.grounded and not answer.sources


class Persona(BaseModel):
    id: str
    brief: str
    expect: dict[str, object]


def load_personas(path: Path) -> list[Persona]:
    return [Persona.model_validate(item) for item in json.loads(path.read_text(encoding="utf-8"))]


def plan_misses(plan: ProjectPlan, expect: dict[str, object]) -> list[str]:
    """Expectations the plan does not meet (empty when it meets them all)."""
    parts = {
        "adaptation_has": plan.adaptation.model_dump_json(),
        "metrics_any": " ".join(plan.evaluation.metrics),
        "augment_any": " ".join(plan.augmentation.techniques) + " " + plan.augmentation.rationale,
        "deploy_any": plan.deployment.model_dump_json(),
    }
    misses: list[str] = []
    if "approach" in expect and plan.model_selection.approach != expect["approach"]:
        misses.append(f"approach is {plan.model_selection.approach}, expected {expect['approach']}")
    if "first_step" in expect:
        first = plan.adaptation.steps[0].technique if plan.adaptation.steps else ""
        if not first.startswith(str(expect["first_step"])):
            misses.append(f"first step is {first}, expected {expect['first_step']}")
    for key, text in parts.items():
        terms = expect.get(key)
        if isinstance(terms, list) and terms and not any(str(t).lower() in text.lower() for t in terms):
            misses.append(f"{key}: none of {terms}")
    return misses
