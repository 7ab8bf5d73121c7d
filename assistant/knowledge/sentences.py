"""Splitting passages into sentences that can be quoted on their own."""

from __future__ import annotations

import re

_ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "approx.", "cf.", "Fig.", "No.", "Dr.", "Mr.", "Ms.")
_PLACEHOLDER = "\u2024"  # one-dot leader: looks like a period, is not one
_BOUNDARY = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z0-9\"'(\[])")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
_CITATION = re.compile(r"\s*\[(\d+(?:\s*,\s*\d+)*)\]")
# "Claim. [2]" -> "Claim [2]." so a citation stays with the sentence it supports.
_TRAILING_CITATION = re.compile(r"([.!?])\s*((?:\[\d+(?:\s*,\s*\d+)*\]\s*)+)")


def split_sentences(text: str) -> list[str]:
    """Sentences in order; each bullet item counts as (at least) one sentence."""
    sentences: list[str] = []
    for block in re.split(r"\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)", text):
        block = _BULLET.sub("", block.strip())
        block = " ".join(block.split())
        if not block:
            continue
        block = _TRAILING_CITATION.sub(lambda m: " " + m.group(2).strip() + m.group(1) + " ", block).strip()
        for abbr in _ABBREVIATIONS:
            block = block.replace(abbr, abbr.replace(".", _PLACEHOLDER))
        for sentence in _BOUNDARY.split(block):
            sentence = sentence.replace(_PLACEHOLDER, ".").strip()
            if sentence:
                sentences.append(sentence)
    return sentences


def strip_citations(sentence: str) -> str:
    return _CITATION.sub("", sentence).strip()


def cited_numbers(text: str) -> list[int]:
    found: list[int] = []
    for group in _CITATION.findall(text):
        for number in group.split(","):
            n = int(number)
            if n not in found:
                found.append(n)
    return found


def word_count(sentence: str) -> int:
    return len(sentence.split())


def renumber_citations(text: str, mapping: dict[int, int]) -> str:
    """Rewrite [n] markers through `mapping`; numbers it lacks are dropped."""

    def swap(match: re.Match[str]) -> str:
        numbers = [mapping[int(n)] for n in match.group(1).split(",") if int(n) in mapping]
        return f" [{', '.join(map(str, numbers))}]" if numbers else ""

    return _CITATION.sub(swap, text)
