"""Answers about the app itself, from its short help document (docs/help.md)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

HELP_FILE = Path(__file__).resolve().parents[2] / "docs" / "help.md"
_WORD = re.compile(r"[a-z]+")
_STOP = {
    "the",
    "a",
    "an",
    "i",
    "do",
    "how",
    "can",
    "you",
    "what",
    "is",
    "to",
    "this",
    "it",
    "we",
    "of",
    "my",
    "me",
    "in",
    "or",
    "and",
}
# Words people use for the same thing as the help headings.
_ALIASES = {
    "download": "export",
    "pdf": "export",
    "print": "export",
    "send": "share",
    "link": "share",
    "file": "upload",
    "upload": "upload",
    "fix": "correct",
    "change": "correct",
    "wrong": "correct",
    "restore": "undo",
    "version": "undo",
    "mean": "mean",
    "interactive": "mean",
    "counts": "mean",
    "small": "mean",
    "redo": "undo",
    "candidate": "model",
    "candidates": "model",
    "models": "model",
    "pretrain": "approach",
    "pretraining": "approach",
    "shortlist": "model",
}


@lru_cache(maxsize=1)
def sections() -> list[tuple[str, str]]:
    text = HELP_FILE.read_text(encoding="utf-8") if HELP_FILE.exists() else ""
    parts = re.split(r"^## ", text, flags=re.M)[1:]
    return [(p.split("\n", 1)[0].strip(), p.split("\n", 1)[1].strip()) for p in parts if "\n" in p]


def _words(text: str) -> set[str]:
    words = {w for w in _WORD.findall(text.lower()) if w not in _STOP}
    return words | {_ALIASES[w] for w in words if w in _ALIASES}


def answer_help(message: str) -> str:
    """The help section that best matches the message; the overview when nothing matches."""
    found = sections()
    if not found:
        return (
            "Answer the question in your own words, say *skip*, *back*, *undo* or *finish*, or ask about the lifecycle."
        )
    asked = _words(message)
    # A word in a heading counts double: "how do I undo?" is the undo section, not one whose body says "version".
    best = max(found, key=lambda s: 2 * len(asked & _words(s[0])) + len(asked & _words(s[1][:200])))
    if not asked & _words(best[0] + " " + best[1][:200]):
        best = found[0]
    return f"**{best[0]}**\n\n{best[1]}"
