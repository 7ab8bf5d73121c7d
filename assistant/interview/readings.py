"""Readings: what one answer says about each slot, with how sure we are and where it came from.

`read_answer` turns a message into `Reading`s. A reading is *applied* only when it is
confident (`confidence >= CONFIDENT`); otherwise it is a *proposal* the team confirms or
fixes with one click before it touches the plan. A hedge that leaves the decision to
someone else ("IT hasn't signed off", "TBD") marks the question's slot *pending* instead.

The policy, in the order it is applied:
* the rules (`slots.extract_slots`) read every slot; a short answer is also read against
  the question being asked ("high" means the quality bar when the quality bar is asked);
* an explicit statement at the start ("let's say high") beats a cue inferred elsewhere
  ("internal only");
* ranges keep both ends ("1,000-2,000 a day" -> [1000, 2000]);
* hedged answers ("probably", "I think", a trailing "?") become proposals;
* slots the current question is not about become proposals, except in a long brief;
* a slot already filled is never overwritten by a reading unless the message corrects it;
* a correction never re-applies the value it corrects.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.interview.numbers import find_quantities, per_day
from assistant.interview.slots import _note, extract_slots, is_correction
from assistant.plan.scope import Scope

Origin = Literal["rule", "llm", "team"]
CONFIDENT = 0.75
_I = re.IGNORECASE

QUESTION_SLOTS: dict[str, tuple[str, ...]] = {
    "use_case": ("use_case", "users"),
    "tasks": ("tasks",),
    "data": ("labelled_examples", "has_documents", "documents_change", "corpus_size"),
    "domain": ("domain", "specialised_domain", "languages", "rare_language"),
    "quality": ("quality_bar", "customer_facing"),
    "load": ("latency", "latency_seconds", "requests_per_day"),
    "privacy": ("hosted_allowed", "personal_data"),
    "budget": ("budget", "gpus"),
    "timeline": ("timeline_weeks", "team_size"),
}
# The slot a question is mainly about: the one a hedge on that question leaves pending.
PRIMARY: dict[str, str] = {
    "use_case": "use_case",
    "tasks": "tasks",
    "data": "labelled_examples",
    "domain": "domain",
    "quality": "quality_bar",
    "load": "requests_per_day",
    "privacy": "hosted_allowed",
    "budget": "budget",
    "timeline": "timeline_weeks",
}
# Slots that may hold a stated range [lo, hi].
RANGE_SLOTS = ("labelled_examples", "requests_per_day", "gpus", "timeline_weeks", "team_size", "latency_seconds")


class Reading(BaseModel):
    slot: str
    value: Any
    confidence: float = Field(ge=0, le=1)
    origin: Origin = "rule"
    note: str = ""
    reason: str = Field("", description="Why this is a proposal rather than applied, for people.")

    @property
    def confident(self) -> bool:
        return self.confidence >= CONFIDENT


class Readings(BaseModel):
    applied: list[Reading] = Field(default_factory=list)
    proposals: list[Reading] = Field(default_factory=list)
    pending: dict[str, str] = Field(default_factory=dict, description="Slot -> the team's words, left open.")
    replace_lists: bool = False


# --------------------------------------------------------------------------- cues
_HEDGE = re.compile(
    r"\b(?:probably|i think|i guess|i'?d (?:think|say|guess)|maybe|perhaps|possibly|roughly|presumably|"
    r"not (?:100% )?sure|i suppose|somewhere around|if i had to guess|kind of|sort of)\b|\w-?ish\b|\?",
    _I,
)
_PENDING = re.compile(
    r"\b(?:tbd|tbc|to be (?:decided|determined|confirmed|defined)|not sure yet|no idea|unknown yet|undecided|"
    r"still (?:figuring|deciding|discussing|open)|hard to say|"
    r"(?:has|have)(?:n'?t| not)(?: yet)? (?:signed off|approved|decided|set|agreed|confirmed)|"
    r"needs? (?:to )?(?:sign[- ]?off|approv\w+|weigh in)|still (?:has|have|needs?) to (?:approve|decide|sign|confirm|weigh in)|"
    r"depends on (?:legal|it|the business|the rollout|the steering|management|finance|security|procurement|what)|"
    r"waiting (?:for|on) (?:legal|it|finance|approval|sign[- ]?off)|not (?:yet )?(?:decided|approved|signed off))\b",
    _I,
)
_EXPLICIT_LEVEL = re.compile(
    r"^\W*(?:let'?s say|i'?d say|we'?d say|say|definitely|clearly|it'?s|its|it is|wait,? no\s*-?\s*it'?s|no,? it'?s)?\s*"
    r"(?P<v>very high|high|hoog|medium|moderate|middel|low|laag|hihg|hgih)\b",
    _I,
)
_LEVEL = {
    "very high": "high",
    "high": "high",
    "hoog": "high",
    "hihg": "high",
    "hgih": "high",
    "medium": "medium",
    "moderate": "medium",
    "middel": "medium",
    "low": "low",
    "laag": "low",
}
_SHORT_READERS: dict[str, list[tuple[re.Pattern[str], str, object]]] = {
    "privacy": [
        (re.compile(r"^(?:no|nope|nee|not allowed|never|must not)\b", _I), "hosted_allowed", False),
        (re.compile(r"^(?:yes|yep|ja|sure|allowed|fine|ok|okay|hosted)\b", _I), "hosted_allowed", True),
    ],
    "budget": [
        (re.compile(r"\b(?:small|tight|limited|low|tiny|no money|shoestring)\b", _I), "budget", "small"),
        (re.compile(r"\b(?:medium|moderate)\b", _I), "budget", "medium"),
        (re.compile(r"\b(?:large|big|generous|high)\b", _I), "budget", "large"),
    ],
    "load": [
        (re.compile(r"^(?:batch|overnight|nightly)\b", _I), "latency", "batch"),
        (re.compile(r"^(?:real[- ]?time|instant(?:ly)?)\b", _I), "latency", "realtime"),
        (re.compile(r"^(?:interactive)\b", _I), "latency", "interactive"),
    ],
}
_WEEKS_PER = {"day": 1 / 7, "week": 1, "month": 52 / 12, "quarter": 13, "year": 52}
_UNIT_AFTER = re.compile(r"^\s*(?P<u>days?|weeks?|months?|quarters?|years?)\b", _I)
_RATE_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:(?:a|an|per|each|every|/)\s*)(?P<p>second|sec|minute|min|hour|day|week|month|year)\b", _I
)
_EXAMPLES_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:labell?ed|tagged|annotated|examples?|samples|pairs|graded|hand-labell?ed)\b", _I
)
_TEAM_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:engineers?|people|devs?|developers?|data scientists?|persons?|fte|analysts?)\b", _I
)
_GPU_AFTER = re.compile(r"^\s*(?:x\s*)?(?:\w+\s+){0,2}?(?:gpus?|a100s?|h100s?|l40s?|a10s?|cards?)\b", _I)
_SECONDS_AFTER = re.compile(r"^\s*(?:s|secs?|seconds?)\b", _I)
_LONG_BRIEF_WORDS = 25
_FILLER = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|basically|well|um+|uh+|right|hi|hello|hey|yeah|yes|alright|"
    r"we(?:'re| are)? (?:want(?:ing)?|need(?:ing)?|would like) (?:to )?(?:build|have|make)?|"
    r"the idea is(?: to)?|probably|i guess|i think|maybe)\W*\s*)+",
    _I,
)


def is_hedged(text: str) -> bool:
    return bool(_HEDGE.search(text))


def pending_cue(text: str) -> bool:
    return bool(_PENDING.search(text))


def clean_use_case(message: str) -> str:
    """The use case in the team's words, without the chatter in front ("ok so basically - ...")."""
    text = _FILLER.sub("", message.strip()).strip(" -:,")
    sentences = re.split(r"(?<=[.!])\s+", text)
    first = sentences[0]
    if len(first) < 60 and len(sentences) > 1:
        first = f"{first} {sentences[1]}"
    return (first[:1].upper() + first[1:])[:300].rstrip("?. ")


# --------------------------------------------------------------------------- ranges
def _ranges(text: str, question: str | None) -> dict[str, list[float]]:
    """Stated ranges ("3-6 months", "between 5 and 10k examples"), each tied to the slot its unit names."""
    found: dict[str, list[float]] = {}
    for q in find_quantities(text):
        if not q.is_range:
            continue
        after = text.replace("\u2013", "-").replace("~", " ")[q.end :]
        if (unit := _UNIT_AFTER.match(after)) is not None:
            factor = _WEEKS_PER[unit["u"].lower().rstrip("s")]
            found.setdefault("timeline_weeks", [round(q.lo * factor), round(q.hi * factor)])
        elif (rate := _RATE_AFTER.match(after)) is not None and not re.search(r"\bpeaks?\b", text, _I):
            daily = per_day(q, rate["p"])
            found.setdefault("requests_per_day", [round(daily.lo), round(daily.hi)])
        elif _GPU_AFTER.match(after):
            found.setdefault("gpus", [round(q.lo), round(q.hi)])
        elif _TEAM_AFTER.match(after):
            found.setdefault("team_size", [round(q.lo), round(q.hi)])
        elif _SECONDS_AFTER.match(after):
            found.setdefault("latency_seconds", [q.lo, q.hi])
        elif _EXAMPLES_AFTER.match(after) or (question == "data" and not after.strip()):
            found.setdefault("labelled_examples", [round(q.lo), round(q.hi)])
    return found


# --------------------------------------------------------------------------- reading
def read_answer(
    text: str,
    question: str | None,
    scope: Scope,
    *,
    correction: bool | None = None,
    origin: Origin = "rule",
    extra: dict[str, object] | None = None,
) -> Readings:
    """Readings of one answer to `question` (None once the scope questions are done)."""
    correction = is_correction(text) if correction is None else correction
    update = extract_slots(text)
    values: dict[str, object] = dict(update.values)
    words = len(text.split())
    short = words <= 12
    first_clause = re.split(r"[,;.!?(]|\s[-\u2013\u2014]\s", text.strip())[0]

    # An explicit level at the start of a quality answer beats any cue read elsewhere.
    if question == "quality" and (m := _EXPLICIT_LEVEL.match(first_clause)):
        values["quality_bar"] = _LEVEL[m["v"].lower()]
    if question in _SHORT_READERS and short:
        slots_here = QUESTION_SLOTS[question]
        if not any(s in values for s in slots_here):
            for pattern, slot, value in _SHORT_READERS[question]:
                if pattern.search(text):
                    values[slot] = value
                    break
    for slot, pair in _ranges(text, question).items():
        lo, hi = pair
        values[slot] = [lo, hi] if lo != hi else lo
        if slot == "latency_seconds" and "latency" not in values:
            values["latency"] = "interactive" if hi <= 10 else "batch"
    if extra:
        for slot, value in extra.items():
            values.setdefault(slot, value)

    hedged = is_hedged(text)
    pending: dict[str, str] = {}
    if question and pending_cue(text):
        primary = PRIMARY[question]
        pending[primary] = text.strip()[:300]
        values.pop(primary, None)
        if primary == "labelled_examples":
            values.pop("has_documents", None)

    on_question = set(QUESTION_SLOTS.get(question or "", ()))
    brief = question in (None, "use_case") or words >= _LONG_BRIEF_WORDS
    result = Readings(pending=pending, replace_lists=correction)
    for slot, value in values.items():
        confidence, reason = 0.9, ""
        current = getattr(scope, slot, None)
        if current not in (None, []) and not isinstance(value, list) and current == value:
            continue  # nothing new
        if correction and current not in (None, []) and _same(current, value):
            continue  # a correction never re-applies the value it corrects
        if hedged:
            confidence, reason = 0.6, "you sounded unsure"
        if slot not in on_question and not brief and not correction:
            confidence, reason = min(confidence, 0.6), "read from a remark, not an answer to this question"
        if current not in (None, []) and not correction and not _adds_to(current, value):
            confidence, reason = min(confidence, 0.4), f"would replace {_shown(slot, current)}"
        if isinstance(value, list) and slot in RANGE_SLOTS:
            reason = reason or "a range: confirm the working figure"
        reading = Reading(
            slot=slot,
            value=value,
            confidence=confidence,
            origin=origin,
            note=_shown(slot, value),
            reason=reason,
        )
        (result.applied if reading.confident else result.proposals).append(reading)
    return result


def _same(current: object, value: object) -> bool:
    if isinstance(current, list) and isinstance(value, list):
        return set(map(str, value)) <= set(map(str, current))
    return current == value


def _adds_to(current: object, value: object) -> bool:
    """A list answer that only adds items (languages, tasks) does not overwrite anything."""
    return isinstance(current, list) and isinstance(value, list)


def _shown(slot: str, value: object) -> str:
    if isinstance(value, list) and slot in RANGE_SLOTS and len(value) == 2:
        lo, hi = value
        unit = {"timeline_weeks": " weeks", "latency_seconds": " s"}.get(slot, "")
        label = _note(slot, 1).split(":")[0]
        return f"{label}: {_fmt(lo)}–{_fmt(hi)}{unit}"
    return _note(slot, value)


def _fmt(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}" if isinstance(value, float) else str(value)


def working_value(slot: str, value: object) -> object:
    """The single figure a Scope slot holds for a kept range: the middle, rounded (the slot keeps both ends)."""
    if isinstance(value, list) and slot in RANGE_SLOTS and len(value) == 2:
        middle = (float(value[0]) + float(value[1])) / 2
        return middle if slot == "latency_seconds" else round(middle)
    return value
