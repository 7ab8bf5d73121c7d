"""Dates in what a team types: when the project starts and when it must be done.

"we start on 1 March", "kick-off next Monday", "deadline is end of June", "go-live in Q3",
"we have until 15/09". A trigger word says which date it is; the words after it are read
with `dateparser` (relative to today, future dates preferred, day before month), after the
phrasings it does not know — "end of June", "mid-May", "Q3", "end of the year" — are turned
into a day here.

A reading names one day. When the team named one (1 March, 15/09, next Monday, end of June)
it is applied; when they named only a month or a quarter ("in September", "Q3") the day is
our choice — the first day for a start, the last for a deadline — so it is proposed instead.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Literal

DateSlot = Literal["start_date", "deadline"]
_I = re.IGNORECASE

_MONTHS = {name.lower(): n for n, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): n for n, name in enumerate(calendar.month_abbr) if name}
_MONTHS |= {"sept": 9}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:\s*,?\s*(?P<year>(?:19|20)\d\d))?"

# Which date a phrase is about. The words after the trigger (connectors skipped) are the date.
_CONNECT = r"(?:\s+|\s*[:\-–]\s*)(?:(?:date|is|was|will be|would be|should be|set|planned|scheduled|for|on|in|at|from|by|before|around|the project|the work|work|it|we|officially|properly|to)\s+)*"
_TRIGGERS: list[tuple[DateSlot, re.Pattern[str]]] = [
    (
        "deadline",
        re.compile(
            r"\b(?:deadline|due date|go[- ]?live|launch(?:es|ing)?|release|cut[- ]?off|"
            r"(?:must|has to|have to|need to|needs to|should|got to) (?:be )?(?:live|ready|done|finished|shipped|delivered|in production)|"
            r"(?:live|ready|done|finished|shipped|delivered|in production) (?:by|before)|"
            r"(?:have|has|got|given) (?:until|till|til)|until|due)\b" + _CONNECT,
            _I,
        ),
    ),
    (
        "start_date",
        re.compile(
            r"\b(?:start(?:s|ing)?|kick[- ]?offs?|kicking off|kicks? off|begin(?:s|ning)?|commenc\w*)\b" + _CONNECT,
            _I,
        ),
    ),
]
# Where the date's words end: the clause ends, or the sentence goes on about something else.
_CLAUSE_END = re.compile(r"[;!?()]|\.(?:\s|$)|,\s*(?!\d{4})|\s(?:and|but|so|because|with|then|or|which|when|if)\s", _I)

_ANY_MONTH = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_ANY_MONTH}(?:\s*,?\s*(?:19|20)\d\d)?\b"
    rf"|\b{_ANY_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?\b(?:,?\s*(?:19|20)\d\d)?",
    _I,
)
_END_OF_MONTH = re.compile(rf"^(?:the\s+)?(?:end|last day|last week)\s+of\s+{_MONTH}{_YEAR}\b", _I)
_MID_MONTH = re.compile(rf"^(?:mid|the middle of|middle of)[- ]\s*{_MONTH}{_YEAR}\b", _I)
_START_OF_MONTH = re.compile(rf"^(?:the\s+)?(?:start|beginning|first day|early)\s+(?:of\s+)?{_MONTH}{_YEAR}\b", _I)
_QUARTER = re.compile(
    r"^(?:the\s+)?(?:(?P<edge>end|start|beginning)\s+of\s+)?(?:the\s+)?"
    r"(?:q(?P<q>[1-4])|(?P<word>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter)"
    r"(?:\s+(?:of\s+)?(?P<year>(?:19|20)\d\d|'\d\d))?\b",
    _I,
)
_YEAR_END = re.compile(r"^(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?year\b|^year[- ]end\b", _I)
_MONTH_ONLY = re.compile(rf"^(?:early\s+|late\s+)?{_MONTH}{_YEAR}\s*$", _I)
_QUARTER_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
# A number alone is a duration or a count, never a date ("deadline in 3", "until 5").
_HAS_DATE_WORD = re.compile(
    rf"\d{{1,2}}[/.-]\d{{1,2}}|\d{{4}}-\d\d-\d\d|{_MONTH}|\b(?:mon|tue|wed|thu|fri|sat|sun)\w*\b|"
    r"\b(?:today|tomorrow|next|this|coming)\b|\bq[1-4]\b|\bquarter\b|\bend of (?:the |this )?year\b",
    _I,
)
_DURATION = re.compile(
    r"^\s*(?:in\s+)?(?:\d+|a|an|one|two|three|four|five|six)\s+(?:days?|weeks?|months?|years?)\b", _I
)


@dataclass(frozen=True)
class DateReading:
    slot: DateSlot
    value: date
    exact: bool  # the team named the day (not only a month or a quarter)
    words: str  # what they typed, for the note


def _future_year(month: int, day: int, today: date, year: str | None) -> int:
    if year:
        return int(year) if len(year) == 4 else 2000 + int(year.strip("'"))
    return today.year if (month, day) >= (today.month, today.day) else today.year + 1


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _special(words: str, slot: DateSlot, today: date) -> tuple[date, bool] | None:
    """Phrasings dateparser does not read as a day; (day, exact)."""
    if (m := _END_OF_MONTH.match(words)) is not None:
        month = _MONTHS[m["month"].lower()]
        year = _future_year(month, 1, today.replace(day=1), m["year"])
        return date(year, month, _last_day(year, month)), True
    if (m := _MID_MONTH.match(words)) is not None:
        month = _MONTHS[m["month"].lower()]
        year = _future_year(month, 15, today, m["year"])
        return date(year, month, 15), True
    if (m := _START_OF_MONTH.match(words)) is not None:
        month = _MONTHS[m["month"].lower()]
        year = _future_year(month, 1, today, m["year"])
        return date(year, month, 1), True
    if (m := _QUARTER.match(words)) is not None:
        q = int(m["q"]) if m["q"] else _QUARTER_WORDS[m["word"].lower()]
        first_month = 3 * (q - 1) + 1
        year_text = m["year"]
        if year_text:
            year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text.strip("'"))
        else:
            last_day = date(today.year, first_month + 2, _last_day(today.year, first_month + 2))
            year = today.year if last_day >= today else today.year + 1
        edge = (m["edge"] or "").lower()
        first = date(year, first_month, 1)
        last = date(year, first_month + 2, _last_day(year, first_month + 2))
        # "go-live in Q3" leaves the day to us: the last day for a deadline, the first for a start.
        if edge == "end":
            return last, True
        if edge in ("start", "beginning"):
            return first, True
        return (last if slot == "deadline" else first), False
    if _YEAR_END.match(words):
        return date(today.year, 12, 31), True
    if (m := _MONTH_ONLY.match(words)) is not None:
        month = _MONTHS[m["month"].lower()]
        late = words.lower().startswith("late")
        if slot == "deadline" or late:
            year = _future_year(month, 1, today.replace(day=1), m["year"])
            return date(year, month, _last_day(year, month)), False
        year = _future_year(month, 1, today.replace(day=1), m["year"])
        return date(year, month, 1), False
    return None


def _parse(words: str, slot: DateSlot, today: date) -> date | None:
    import dateparser  # a second to import; only messages that mention a start or a deadline need it

    base = datetime(today.year, today.month, today.day)
    settings = {
        "PREFER_DATES_FROM": "future",
        "RELATIVE_BASE": base,
        "DATE_ORDER": "DMY",
        "PREFER_DAY_OF_MONTH": "last" if slot == "deadline" else "first",
        "REQUIRE_PARTS": ["month"],
    }
    tokens = words.split()
    # The date is the longest start of the clause dateparser reads ("1 March with two engineers").
    for n in range(min(len(tokens), 6), 0, -1):
        phrase = " ".join(tokens[:n])
        if not _HAS_DATE_WORD.search(phrase):
            continue
        parsed = dateparser.parse(phrase, languages=["en", "nl"], settings=settings)
        if parsed is None and re.search(r"\b(?:mon|tue|wed|thu|fri|sat|sun)\w*\b", phrase, _I):
            # Weekdays have no month part; read them on their own.
            relaxed = {k: v for k, v in settings.items() if k != "REQUIRE_PARTS"}
            parsed = dateparser.parse(phrase, languages=["en", "nl"], settings=relaxed)
        if parsed is not None:
            return parsed.date()
    return None


def read_dates(text: str, today: date) -> list[DateReading]:
    """The start and the deadline the text names (at most one of each), in the order found."""
    found: dict[DateSlot, DateReading] = {}
    for slot, trigger in _TRIGGERS:
        for m in trigger.finditer(text):
            if slot in found:
                break
            rest = text[m.end() :]
            if _DURATION.match(rest):
                continue  # "deadline in 3 months" is a timeline, read elsewhere
            end = _CLAUSE_END.search(rest)
            words = rest[: end.start() if end else len(rest)].strip(" .,:-")
            if not words:
                continue
            special = _special(words, slot, today)
            if special is not None:
                value, exact = special
            else:
                parsed = _parse(words, slot, today)
                if parsed is None and (inner := _DAY_MONTH.search(words)) is not None:
                    # "live for the season opening on 15 April 2027": the date inside the phrase.
                    parsed = _parse(inner.group(), slot, today)
                if parsed is None:
                    continue
                value, exact = parsed, True
            if slot == "start_date" and value < today - timedelta(days=366):
                continue
            found[slot] = DateReading(slot=slot, value=value, exact=exact, words=words)
    return sorted(found.values(), key=lambda r: r.slot != "start_date")
