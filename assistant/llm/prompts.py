"""Prompt templates live in `prompts/` as files and are loaded by name."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.settings import PROJECT_ROOT

if TYPE_CHECKING:
    from langchain_core.prompts import ChatPromptTemplate

PROMPTS_DIR = PROJECT_ROOT / "prompts"


class PromptNotFound(FileNotFoundError):
    pass


@cache
def load_prompt(name: str, directory: Path = PROMPTS_DIR) -> str:
    path = directory / f"{name}.md"
    if not path.is_file():
        raise PromptNotFound(f"prompt '{name}' not found at {path}")
    return path.read_text(encoding="utf-8")


def chat_prompt(system: str, human: str) -> ChatPromptTemplate:
    """A system + human prompt; invoking it without every variable raises KeyError."""
    # Imported here: LangChain's prompt machinery takes ~0.4 s and a no-LLM answer never needs it.
    from langchain_core.prompts import ChatPromptTemplate

    return ChatPromptTemplate.from_messages([("system", load_prompt(system)), ("human", load_prompt(human))])
