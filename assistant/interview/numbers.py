"""Numbers, ranges and rates in running text: the one place the interview turns words into quantities.

Single quantities ("50,000", "~3k", "two", "a few hundred", "2.5 million") are read by
`parse_number` (the slot reader's tokenizer). This module adds what a slot needs on top:
ranges that keep both ends ("1,000–2,000", "between 5 and 10k", "20 to 30 thousand",
"2 or 3 months"), with a scale written once applying to both ends, and rates converted
to a daily figure ("50k a month" -> about 1,667 a day).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from assistant.interview.slots import _NUMBER, parse_number

__all__ = ["Quantity", "find_quantities", "parse_number", "parse_quantity", "per_day"]

_I = re.IGNORECASE
_SCALE_TAIL = re.compile(r"^(?:\s*(?P<s>k|thousand|million|m|mn|bn|billion))\b", _I)
_RANGE = re.compile(
    rf"(?:(?P<between>betw\w*|from|anywhere from|somewhere betw\w*)\s+)?(?P<a>{_NUMBER})"
    rf"\s*(?:-|to|or|and|en|und|et|y|till|until)\s*(?P<b>{_NUMBER})",
    _I,
)
_SINGLE = re.compile(_NUMBER, _I)
_SCALE_VALUE = {"k": 1e3, "thousand": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "bn": 1e9, "billion": 1e9}


@dataclass(frozen=True)
class Quantity:
    """A number or a stated range; `lo == hi` for a single number."""

    lo: float
    hi: float
    start: int
    end: int
    text: str

    @property
    def is_range(self) -> bool:
        return self.lo != self.hi

    def scaled(self, factor: float) -> Quantity:
        return Quantity(self.lo * factor, self.hi * factor, self.start, self.end, self.text)


_SCALE_IN = re.compile(r"(?<=\d)\s*(k|thousand|million|mn|m|bn|billion)\b", _I)


def _scale_of(number_text: str) -> float:
    found = _SCALE_IN.search(number_text)
    return _SCALE_VALUE[found[1].lower()] if found else 1


def _normalise(text: str) -> str:
    return text.replace("\u2013", "-").replace("\u2014", "-").replace("~", " ")


def find_quantities(text: str) -> Iterator[Quantity]:
    """Every quantity in `text`, ranges first where two numbers are joined by "-", "to", "or" or "and"."""
    text = _normalise(text)
    taken: list[tuple[int, int]] = []
    found: list[Quantity] = []
    for match in _RANGE.finditer(text):
        a, b = parse_number(match["a"]), parse_number(match["b"])
        if a is None or b is None:
            continue
        joiner = text[match.end("a") : match.start("b")].strip().lower()
        if joiner in ("and", "en", "und", "et", "y") and not match["between"]:
            continue  # "5 and 10" is a range only after "between"
        # A scale written once applies to both ends ("5 to 10k", "20 to 30 thousand", "5-10k").
        end = match.end()
        tail = _SCALE_TAIL.match(text[end:])
        if tail:
            b *= _SCALE_VALUE[tail["s"].lower()]
            end += tail.end()
        scale = _scale_of(match["b"] + (tail.group() if tail else ""))
        if scale > 1 and _scale_of(match["a"]) == 1 and a * scale <= b * 1.0001:
            a *= scale
        if b < a:
            continue
        found.append(Quantity(a, b, match.start("a"), end, text[match.start() : end]))
        taken.append((match.start(), end))
    for match in _SINGLE.finditer(text):
        if any(s <= match.start() < e for s, e in taken):
            continue
        value = parse_number(match.group())
        if value is not None:
            found.append(Quantity(value, value, match.start(), match.end(), match.group()))
    yield from sorted(found, key=lambda q: q.start)


def parse_quantity(text: str) -> Quantity | None:
    """The first quantity in `text` (a range keeps both ends), or None."""
    return next(find_quantities(text), None)


_PER_DAY = {"second": 86_400, "sec": 86_400, "minute": 1_440, "min": 1_440, "hour": 24, "day": 1, "week": 1 / 7}
_PER_DAY.update({"month": 1 / 30, "year": 1 / 365})


def per_day(quantity: Quantity, period: str) -> Quantity:
    """A rate converted to a daily figure: 50k a month -> about 1,667 a day."""
    return quantity.scaled(_PER_DAY[period.lower().rstrip("s")])
