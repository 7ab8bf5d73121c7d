"""Scoring answers and passages against question sets in the `../shared/eval` format.

A group of terms matches when any term occurs (case-insensitive substring);
`any` needs one matching group, `all` needs every group to match.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.models import Answer


class EvalQuestion(BaseModel):
    id: str
    q: str
    any: list[list[str]] = Field(default_factory=list)
    all: list[list[str]] = Field(default_factory=list)


def load_questions(path: Path) -> list[EvalQuestion]:
    return [EvalQuestion.model_validate(item) for item in json.loads(path.read_text(encoding="utf-8"))]


def _group_matches(text: str, group: list[str]) -> bool:
    return any(term.lower() in text for term in group)


def text_satisfies(text: str, question: EvalQuestion) -> bool:
    text = text.lower()
    any_ok = not question.any or any(_group_matches(text, g) for g in question.any)
    return any_ok and all(_group_matches(text, g) for g in question.all)


def answer_passes(answer: Answer, question: EvalQuestion) -> bool:
    return answer.grounded and bool(answer.sources) and text_satisfies(answer.answer, question)


def answer_refuses(answer: Answer) -> bool:
    return not answer.grounded and not answer.sources
