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
* the agreement rule: in a message of several clauses, a value is written only when some clause,
  read on its own, gives it too; a value put together across clauses is offered;
* a slot already filled is never overwritten by a reading unless the message corrects it;
* a correction never re-applies the value it corrects.
"""

from __future__ import annotations

import re
from datetime import date
from functools import partial
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.interview.dates import read_dates
from assistant.interview.intents import looks_like_correction
from assistant.interview.normalise import normalise
from assistant.interview.numbers import Quantity, find_quantities, parse_number, per_day
from assistant.interview.slots import (
    _NUMBER,
    _note,
    both_ways,
    documents_change_rates,
    extract_slots,
    hosting_is_mixed,
    is_correction,
    is_language_name,
    one_role_and_me,
    people_named,
    team_listed,
    team_stated,
)
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
    "timeline": ("timeline_weeks", "team_size", "start_date", "deadline"),
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
LIST_SLOTS = ("tasks", "languages")
TOOK_OUT = "(took out "  # marks the note of a take-back reading, applied at once
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
    r"not (?:100% )?sure|i suppose|somewhere around|if i had to guess|kind of|sort of|might|"
    r"(?:i'?d|we'?d|i|we) (?:would )?lean(?: towards?)?|leaning(?: towards?)?"
    r"|vermutlich|wahrscheinlich|vielleicht|waarschijnlijk|misschien|denk ik|peut-être|probablement|quizás|quizas|probablemente|tal vez)\b"
    r"|-ish\b|\?",
    _I,
)
_PENDING = re.compile(
    r"\b(?:tbd|tbc|to be (?:decided|determined|confirmed|defined)|not sure yet|no idea|unknown yet|undecided|"
    r"not sure (?:if |whether )?we (?:even )?(?:have|'ve got)|"
    r"still (?:figuring|deciding|discussing|open)|hard to say|(?:still )?being (?:decided|discussed|worked out)|"
    r"(?:has|have)(?:n'?t| not)(?: yet)? (?:signed off|approved|decided|set|agreed|confirmed|said yes|given (?:the )?(?:go|ok|green light))|"
    r"(?:has|have|gets?) the (?:final|last) (?:say|word)|(?:has|have|needs?|must) to (?:sign off|approve|ok|okay|greenlight) (?:on )?(?:that|this|it)|"
    r"depends on (?:whether|if)\b|decides? (?:that|this|it) (?:in|by|next|after|before|at)\b|"
    r"needs? (?:to )?(?:sign[- ]?off|approv\w+|weigh in)|wants? to (?:weigh in|have a say|look at it)|still (?:has|have|needs?) to (?:approve|decide|sign|confirm|weigh in)|"
    r"depends on (?:legal|it|the business|the rollout|the steering|management|finance|security|procurement|what|"
    r"the (?:dpo|ciso|board|data class\w*|client|customer|contract|budget|outcome|pilot|committee)|our (?:dpo|ciso|board|client))|"
    r"(?:legal|(?-i:IT)|finance|security|the dpo|the board|management|procurement|compliance|ops) (?:still )?(?:has|have|needs?|wants?) to "
    r"(?:look at|check|review|approve|decide|sign off|weigh in|confirm)|(?:legal|(?-i:IT)|finance|security|compliance|management) decides|"
    r"up to (?:legal|(?-i:IT)|finance|ops|security|management|the business|procurement|compliance)|"
    r"if (?:(?-i:IT)|legal|finance|security|management|procurement) (?:is nice|agrees?|approves?|says yes|signs off|lets us)|"
    r"waiting (?:for|on) (?:legal|it|finance|approval|sign[- ]?off)|not (?:yet )?(?:decided|approved|signed off)|"
    # Someone else decides later: "the co-op board decides in march", "the CFO will sign off next week".
    r"(?:board|committee|council|cfo|ciso|dpo|director|directors|leadership|steering group|client|partners?) (?:still )?"
    r"(?:decides|will decide|is deciding|has to decide|must decide|signs off|will sign off|approves|will approve|has the final say"
    r"|(?:has|have|must|will|still needs? to) (?:to )?(?:pick|choose))|"
    r"\b(?:they|we|he|she)(?:'ll| will)? (?:decide|pick|choose) (?:in|by|next|after|before|at|on)\b|"
    # The same in the languages teams mix in: "das muss der Datenschutzbeauftragte entscheiden", "dat moet de CISO beslissen".
    r"(?:is|are) (?:still )?(?:reviewing|checking|looking into|assessing|evaluating) (?:that|it|this)|"
    r"we(?:'ll| will| should) know (?:in|by|after|next|more)|before we (?:commit|decide|sign)|"
    r"(?:muss|müssen|moet|moeten|doit|doivent|tiene que|tienen que|debe|deben)\b[^.?!]{0,50}\b(?:entscheiden|beslissen|besluiten"
    r"|goedkeuren|freigeben|genehmigen|décider|valider|approuver|decidir|aprobar)|entscheidet|beslist|décidera|decidirá)\b",
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
        (re.compile(r"^(?:no|nope|nee|nein|non|not allowed|never|must not)\b", _I), "hosted_allowed", False),
        (
            re.compile(
                r"^(?:i think |i guess |probably )?(?:yes|yep|ja|oui|si|sí|sure|allowed|fine|ok|okay|hosted)\b"
                r"|\b(?:then|so) yes\W*$|\bsend it wherever\b|\bapi only\b",
                _I,
            ),
            "hosted_allowed",
            True,
        ),
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
# "french is open", "translation is still up in the air": an item the team has not decided on.
_ITEM_OPEN = re.compile(
    r"\b(?P<x>[\w-]+) (?:is|are) (?:still )?(?:open|undecided|tbd|tbc|not (?:yet )?decided|up in the air|a maybe|maybe)\b",
    _I,
)
# A span in quotes: 'calling APIs', "summarise the minutes", “…” (not the apostrophe of "don't").
_QUOTED = re.compile(r"(?<!\w)'[^'\n]{3,60}'(?!\w)|\"[^\"\n]{3,60}\"|“[^”\n]{3,60}”")
# "… test tiles, each one labelled": what a counted range is, said a few words later.
_LABELLED_LATER = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?[\w-]+,?\s+(?:each|all|every one)(?: one| of them)?\s+(?:hand-)?(?:labell?ed|annotated|tagged)\b",
    _I,
)
# "2 to 3 sprints of two weeks", "2-3 two-week sprints": the range counts sprints of a stated length.
_SPRINTS_AFTER = re.compile(r"^\s*(?:sprints?\s+of\s+(?P<a>\w+)\s*-?\s*weeks?|(?P<b>\w+)[- ]weeks?\s+sprints?)\b", _I)
_RATE_AFTER = re.compile(
    r"^\s*(?:\w+\s+|\w+(?=/)){0,2}?(?:(?:a|an|per|each|every|/)\s*)(?P<p>second|sec|minute|min|hour|day|week|month|year)\b",
    _I,
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
_WANTED = re.compile(
    r"(?:^|[.!?]\s+)(?:what )?(?:we'?d like|we would like|we want|we need|the idea is|the goal is|we'?re looking for)"
    r"(?: is| to have| to build)?\s*(?:to\s+)?(?P<w>\S.{14,})",
    re.I,
)
_RESTATED = re.compile(
    r"\b(?:so basically|basically|in short|in other words|i\.e\.|tl;?dr:?|to sum up)\s*[:,-]?\s+(?P<r>\S.{14,})", re.I
)
_FILLER = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|so|basically|well|um+|uh+|right|hi|hello|hey|yeah|yes|alright|"
    r"we(?:'re| are)? (?:want(?:ing)?|need(?:ing)?|would like) (?:to )?(?:build|have|make)?|"
    r"the idea is(?: to)?|probably|i guess|i think|maybe)\b\W*\s*)+",  # whole words: not the "so" of "something"
    _I,
)


# Which slot a hedge leaves open when the question covers several: "TBD how fast it must be" is the latency.
_PENDING_TOPICS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "load": [(re.compile(r"\bfast\b|\bquick|\blatency\b|\brespon\w*|\bseconds?\b|\bspeed\b|\bwait", _I), "latency")],
    "budget": [(re.compile(r"\bgpus?\b|\bcompute\b|\bhardware\b", _I), "gpus")],
    "timeline": [(re.compile(r"\bteam\b|\bpeople\b|\bwho\b|\bstaff(?:ing|ed)?\b|\bhire\b", _I), "team_size")],
    "data": [
        # "documents yes. how often they change, no idea": what is open is the rate, not the documents.
        (re.compile(r"\bhow often\b|\bchange (?:rate|frequency)\b", _I), "documents_change"),
        (
            re.compile(r"\bdocuments?\b|\bdocs\b|\bwiki\b|\bmanuals?\b|\bscans?\b|\barchive\b|\bfiles\b|\bpdfs?\b", _I),
            "has_documents",
        ),
    ],
    "domain": [(re.compile(r"\blanguages?\b", _I), "languages")],
}


def _pending_slot(question: str, text: str) -> str:
    primary = PRIMARY[question]
    if re.search(primary.split("_")[0], text, _I):
        return primary
    for pattern, slot in _PENDING_TOPICS.get(question, []):
        if pattern.search(text):
            return slot
    return primary


def is_hedged(text: str) -> bool:
    return bool(_HEDGE.search(text))


def pending_cue(text: str) -> bool:
    return bool(_PENDING.search(text))


_POINTS_BACK = re.compile(r"\b(?:a |the )?first (?:version|draft|cut)s?\b|\b(?:them|these|those)\b", re.I)
# A correction said as one ("actually …", "update: …", "i meant …"), not only shaped like one ("not X, but Y").
_OUTRIGHT_CORRECTION = re.compile(
    r"\b(?:actually|correction|update:|i meant|we meant|instead|sorry,? (?:i|we) (?:meant|said))", re.I
)
# A sentence about the tool itself, not about the team: "… intends to use a language model to …".
_TOOL = re.compile(r"\b(?:assistant|model|tool|bot|chatbot|ai|llm|system|copilot)\b", re.I)
_PASTED = re.compile(
    r"^(?:cop(?:y|ied)(?:[- ]?past(?:e|ed|ing))?|past(?:ed|ing)|here'?s|this is|quoting|straight)\b[^:\n]{0,50}:\s*",
    re.I,
)


def clean_use_case(message: str) -> str:
    """The use case in the team's words, without the chatter in front ("ok so basically - ...")."""
    text = _FILLER.sub("", message.strip()).strip(" -:,")
    text = _PASTED.sub("", text).strip(" -:,\"“”'")  # "copy-paste from our intake doc: \"…\""
    if (restated := _RESTATED.search(text)) is not None and restated.start() > 0:
        # "Für unser Chemiewerk: … so basically Q&A on the safety data sheets": the team's own summary.
        text = restated["r"].strip(" -:,")
    elif (wanted := _WANTED.search(text)) is not None and wanted.start() > 0:
        # A brief that starts with context ("Some context. We're a charity …. What we'd like is …").
        # When the wish points back ("drafts a first version", "summarises them"), the sentence
        # before it says of what.
        before = re.split(r"(?<=[.!?])\s+", text[: wanted.start()].strip())[-1]
        text = wanted["w"].strip(" -:,")
        if _POINTS_BACK.search(text) and before:
            text = f"{before.rstrip('.!? ')}: {text}"
    sentences = re.split(r"(?<=[.!])\s+", text)
    # "We don't want it talking to the kids. It drafts the newsletters …": what it must not do is not the use case.
    while len(sentences) > 1 and _turned(sentences[0]) and not _turned(sentences[1]):
        sentences = sentences[1:]
    # A brief that opens with who the team is ("The practice (6 speech therapists) wants to cut admin
    # time."): the use case is the first sentence that says what the tool does.
    if len(sentences) > 2 and not extract_slots(sentences[0]).values.get("tasks") and not _TOOL.search(sentences[0]):
        doing = next(
            (i for i, sentence in enumerate(sentences[1:3], 1) if extract_slots(sentence).values.get("tasks")), 0
        )
        sentences = sentences[doing:]
    first = _IT_TO.sub("", sentences[0])  # "(we want) it to answer passengers' questions"
    if len(first) < 60 and len(sentences) > 1:
        first = f"{first} {sentences[1]}"
    return (first[:1].upper() + first[1:])[:300].rstrip("?. ")


_IT_TO = re.compile(r"^(?:it|the (?:bot|assistant|tool|model|system))\s+to\s+(?=[a-z])", re.I)


# --------------------------------------------------------------------------- ranges
def _ranges(text: str, question: str | None) -> dict[str, list[float]]:
    """Stated ranges ("3-6 months", "between 5 and 10k examples"), each tied to the slot its unit names."""
    found: dict[str, list[float]] = {}
    for q in find_quantities(text):
        if not q.is_range:
            continue
        after = text.replace("\u2013", "-").replace("~", " ")[q.end :]
        every = re.search(r"\b(?:every|each|once in|once every)\s*$", text[: q.start], _I)
        if (unit := _UNIT_AFTER.match(after)) is not None and every is None:  # "every 1-3 months" is a rate
            factor = _WEEKS_PER[unit["u"].lower().rstrip("s")]
            found.setdefault("timeline_weeks", [round(q.lo * factor), round(q.hi * factor)])
        elif (sprint := _SPRINTS_AFTER.match(after)) is not None and (
            length := parse_number(sprint["a"] or sprint["b"])
        ):
            found.setdefault("timeline_weeks", [round(q.lo * length), round(q.hi * length)])
        elif (rate := _RATE_AFTER.match(after)) is not None and not re.search(r"\bpeaks?\b", text, _I):
            daily = per_day(q, rate["p"])
            found.setdefault("requests_per_day", [round(daily.lo), round(daily.hi)])
        elif _GPU_AFTER.match(after):
            found.setdefault("gpus", [round(q.lo), round(q.hi)])
        elif _TEAM_AFTER.match(after):
            found.setdefault("team_size", [round(q.lo), round(q.hi)])
        elif _SECONDS_AFTER.match(after):
            found.setdefault("latency_seconds", [q.lo, q.hi])
        elif (
            _EXAMPLES_AFTER.match(after)
            or (question == "data" and not after.strip())
            # "10–15k test tiles, each one labelled with …": the items counted are the labelled ones.
            or (question == "data" and _LABELLED_LATER.match(after))
        ):
            found.setdefault("labelled_examples", [round(q.lo), round(q.hi)])
    return found


# --------------------------------------------------------------------------- cues the general rules miss
def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, _I)


_QUALITY_CUES = [
    (
        _p(
            r"\bno room for error\b|\bcosts?(?: \w+){0,2} (?:real )?money\b|\bmoney lost\b|\bcourt\b|\bsalar|\blegal issue\b|\bcan'?t afford\b|\breally reliable\b|\bmust be (?:very )?accurate\b"
        ),
        "high",
    ),
    (_p(r"\b(?:aren'?t|isn'?t|not) (?:a )?disaster\b|\bannoy"), "medium"),
]
_NOT_LEVEL = _p(r"\b(?:not|n't|never)\s+(?:\w+\s+)?$")
_LEVEL_ANY = _p(r"\b(very high|high|hoog|hihg|medium|moderate|middel|low|laag)\b(?![- ]priority|-)")
_PRIVACY_CUES = [
    (_p(r"\b(?:would|will|'?d) say no\b|\bin-house\b|\bkeep it in\b|\bon[- ]?prem\w*\b|\bnothing leaves\b"), False),
    (
        _p(
            r"\bhosted (?:should be|is|would be) (?:fine|ok|okay)\b|\b(?:we'?d|we would|rather) use (?:a hosted |an )?api\b|\brather use a hosted\b"
            r"|\b(?:is|are) (?:ok|okay|fine) with (?:a |an |the )?(?:hosted|cloud|external) (?:api|model|service)s?\b"
        ),
        True,
    ),
]
_GPU_CUES = [
    (
        _p(
            r"\b(?:don'?t|do not) have (?:our own |any )?(?:compute|gpus?|hardware)\b|\bgpus?:\s*none\b|\bno gpus?\b"
            r"|\blaptops? only\b|\bonly (?:our )?laptops\b|\b(?:don'?t|do not|won'?t) (?:want to )?buy (?:any )?(?:hardware|gpus?)\b"
        ),
        0,
    ),
]
_GPU_COUNT_X = _p(r"\b(\d+)\s*x\s*(?:nvidia\s+)?(?:l40s?|a100s?|h100s?|a10g?s?|gpus?|v100s?|t4s?)\b")
_GPU_OR_TWO = _p(r"\ban? (?:\w+ )?(?:gpu|card)s? or two\b|\bone or two (?:\w+ )?(?:gpus|cards)\b")
# "one GPU node with 4 cards", "2 servers with 8 A100s each": the cards are counted, not the machines.
_NODES_WITH_CARDS = _p(
    r"\b(?P<n>\d+|one|two|three|four|a|an|a single)\s+(?:gpu\s+)?(?:nodes?|servers?|machines?|boxes?|workstations?)\s+with\s+"
    r"(?P<m>\d+|one|two|three|four|six|eight)\s+(?:\w+\s+)?(?:cards|gpus|a100s|h100s|l40s|a10s|rtx\s*\w+s)\b"
)
_ONE_CARD = _p(
    r"\b(?:one|1|a single)\s+(?:\d+\s*gb\s+)?(?:card|gpu)\b(?!\s+(?:nodes?|servers?|machines?|box|cluster))|\ban?\s+\d+\s*gb\s+(?:card|gpu)\b"
    r"|\b(?:rent|borrow|buy|there'?s|we have|we've got) an?\s+(?:card|gpu)\b"
)
_DOC_KINDS = _p(
    r"\b(?:catalog(?:ue)?s|protocols|guidelines|regulations|rulebooks?|glossar(?:y|ies)|brochures|bulletins"
    r"|terms (?:&|and) cond\w*|(?:inspection|scanned|technical|service) reports)\b"
)
_ZERO_LABELS = _p(r"^\W*(?:zero|none|nada|nothing)\b|\bzero labels\b|\bnobody (?:ever )?labell?ed\b")
# "3 people labelled 700 tickets": the people did the labelling, the tickets are the examples.
_LABELLERS = (
    r"(?:people|persons|volunteers|staff|annotators|colleagues|interns|students|engineers|nurses|of us|analysts)\b"
)
_COUNT_LABELS = _p(
    rf"(?P<n>{_NUMBER})\s+(?!{_LABELLERS})(?:\w+[- ])?(?:labell?ed|gelabelde|examples|voorbeelden|labels|hand-labell?ed)\b"
    rf"|\b(?:labell?ed|annotated|tagged|hand-labell?ed)\s+(?:about |around |roughly |over |~)?(?P<v>{_NUMBER})\s+"
    rf"(?!{_LABELLERS}|(?:categories|classes|types|labels|ways|times|hours|days|weeks|months|years)\b)[a-z]"
    rf"|(?P<m>{_NUMBER})\s+\w+ with human-written"
    rf"|\blabell?ed(?: examples| data)?\s*:\s*(?:~|about |around )?(?P<k>{_NUMBER})"
    rf"|(?P<j>{_NUMBER})(?:\s+\w+){{0,3}}\s+(?:have|has|carry|carries|got) (?:a |an )?(?:label|category|tag)\b"
)
_CHANGE_NL = [
    (_p(r"\bdagelijks\b"), "daily"),
    (_p(r"\bwekelijks\b|\bweekly\b"), "weekly"),
    (_p(r"\bmaandelijks\b"), "monthly"),
]
_DOMAIN_WORDS = {
    "hr": "hr",
    "human resources": "hr",
    "juridisch": "legal",
    "legal": "legal",
    "finance": "finance",
    "medical": "medical",
    "retail": "retail",
    "customer support": "customer support",
    "insurance": "insurance",
    "logistics": "logistics",
    "healthcare": "medical",
    "banking": "finance",
}
_DOMAIN_IS = _p(r"\bdomain is (?P<d>[a-z ]{2,25}?)(?:,|$| not\b)")
_NOT_SPECIAL = _p(
    r"\bno special jargon\b|\bnothing specialised\b|\bnothing specialized\b|\bno jargon\b|\bgeneral office\b"
)
# Plural nouns with a people-like ending that are things, not people.
_THINGS = (
    r"(?:papers|letters|orders|numbers|folders|containers|reminders|filters|headers|servers|computers"
    r"|printers|markers|meters|centers|factors|sensors|monitors|errors|documents|elements|comments"
    r"|payments|requirements|assessments|investments|contents|arguments|events|parameters|chapters"
    r"|registers|answers|others|matters|layers|offers|covers|stickers|posters|flyers|banners|trailers"
    r"|tractors|motors|generators|processors|elevators|calculators|indicators|incidents|accidents"
    r"|appointments|departments|instruments|statements|agreements|tenders|transfers|vendors|users|quarters"
    r"|hours|powers|towers|waters|borders|dinners|colors|colours|floors|doors|mirrors|sectors|vectors"
    r"|clusters|workers|lots|parts|shifts|remains|grants|plants|points|products|restaurants|segments"
    r"|tickets|managers|owners|members)"
)
_BY_ENDING = rf"(?!{_THINGS}\b)[a-z]{{3,}}(?:ers|ors|ists|ians|ants|ents|ees|eurs)|crews|techs|chairs"
_QUANTITY = r"(?:(?:about|some|around|~)\s*)?\d[\d,.]*k?(?:\s*(?:to|-|\u2013|or)\s*\d[\d,.]*k?)?\s+"
_USERS_FOR = _p(
    rf"\bfor (?:our |the |all |all our )?(?:{_QUANTITY})?(?P<u>[a-z][\w' -]{{1,40}}?)(?=\s+(?:on|in|so|that|to|who|which|die|about|can|could|will|would|should|must|get|gets)\b|[,.;:?!]|\s+-|$)"
)
# People who use a tool, named by their role; a modifier in front is kept ("on-call engineers", "IT staff").
_KNOWN_ROLES = (
    r"(?:agents|engineers|devs|developers|lawyers|paralegals|employees|staff|colleagues|recruiters|nurses|doctors|"
    r"clinicians|analysts|tenants|customers|clients|citizens|planners|drivers|dispatchers|technicians|mechanics|"
    r"operators|accountants|auditors|underwriters|adjusters|advisors|advisers|consultants|managers|teachers|students|"
    r"researchers|scientists|editors|writers|marketers|reps|representatives|volunteers|residents|members|patients|"
    r"visitors|shoppers|buyers|sellers|pharmacists|inspectors|officers|clerks|translators|support staff|designers)"
)
# Also any role named by its ending ("restorers", "setters", "congregants", "lab techs"), unless it is a thing.
_PEOPLE = rf"(?:{_KNOWN_ROLES}|{_BY_ENDING})"
# What users do with the tool: "the volunteers type what the caller asks", "operators search our procedures".
_PEOPLE_DO = (
    r"(?:would|will|can|could|should|see|use|ask|get|read|check|need|want|type|search|write|spend|draft|send|answer|handle"
    r"|look|fill|receive|review|edit|approve|upload|dictate|have to|must)"
)
_PEOPLE_CONTEXT = _p(
    rf"\b(?:for|help|helps|helping|assist|assists|support|supports|replace|serve|serves|by|to|with|gives?|lets?|so)\s+(?:all\s+)?(?:our\s+|the\s+|their\s+|its\s+)?"
    rf"(?:{_QUANTITY})?(?P<u>(?:[\w-]+\s+)?{_PEOPLE})\b"
    rf"|\b(?:the|our)\s+(?P<v>(?:[\w-]+\s+)?{_PEOPLE})\s+(?:\([^)]{{1,30}}\)\s+)?(?:[\w-]+\s+){{0,4}}?{_PEOPLE_DO}\b"
    rf"|(?:^|[,;:.!?]\s+|\s-\s|\bwhere\s+)\W*(?P<w>(?:[\w-]+\s+)?{_PEOPLE})\s+{_PEOPLE_DO}\b"
)
_KNOWN_PEOPLE = _p(rf"\b{_KNOWN_ROLES}\b")
_NOT_MODIFIER = _p(r"^(?:the|our|all|their|its|to|for|with|of|and|by|so|that|them|it|help|only|just|\d[\d,.]*k?)$")
_NOT_THEM = _p(r"\s+(?:not|rather than|instead of|and not)\s+.*$")
# Who the users are, spelled out after the group: "for clinic staff, so vets + vet nurses".
_USERS_MORE = _p(
    r"\s*[,(:\u2013\u2014-]*\s*(?:so|i\.?e\.?|namely|meaning|that is|mainly|mostly|esp(?:ecially)?|incl(?:uding|\.)?)"
    r"\s+(?P<more>[^.;()!?]{2,60})"
)
# "… so the lifeguards get fewer questions": a purpose clause, not more about the users.
_PURPOSE_VERB = _p(
    r"\b(?:get|gets|can|could|have|has|don'?t|doesn'?t|won'?t|will|spend|save|saves|need|needs|stop|stops)\b"
)
_ROLE = _p(r"\b(?:agents|engineers|lawyers|employees|recruiters|nurses|doctors|analysts|tenants|customers|citizens)\b")
# "our legal team"; not "the right team" a message is routed to.
_USERS_TEAM = _p(
    r"\b(?:the|our) (?!right\b|correct\b|relevant\b|appropriate\b|wrong\b|same\b)[a-z]+ (?:team|department)\b"
)
_TO_CUSTOMERS = _p(r"\bnaar klanten\b|\b(?:straight|directly|direct) to (?:the |our )?customers\b")
_MONEY = _p(r"\d[\d,.]*\s*(?:k|m)?\s*(?:euros?|eur|dollars?|pounds?|usd)\b|[€$£]\s*\d")
_LEVEL_WORD = _p(r"\b(?:small|medium|large|tiny|big|huge|limited|tight|generous)\b")
_HORIZON = _p(
    r"\bfor (?:many |several |the next few )?years\b|\blong[- ]term\b|\bmulti[- ]year\b|\b\d+[- ]year (?:programme|program|roadmap|horizon|plan|investment)\b"
)
_VULNERABLE = _p(
    r"\b(?:children|kids|minors|teenagers|patients|elderly|vulnerable|in crisis|in distress|mental health|suicid\w*)\b"
)
_CITE = _p(r"\bpoint to the (?:page|source|document)|\bwhere it got it\b|\bcite\b|\bshow the source")
_TEAM_ME_PLUS = _p(r"\bme (?:plus|and) (?P<n>\w+)\b")
_TEAM_OF = _p(
    r"\bteam of (?P<n>\w+)\b|(?P<m>\b\d+\b) people\b|\b(?P<k>two|three|four|five|six|\d+) of us\b"
    r"|\bwe(?:'re| are) (?:now )?(?P<w>two|three|four|five|six|\d{1,2})(?: now| in total)?\s*(?:[.,;!]|$)"
)
_BARE_SECONDS = _p(rf"(?P<n>{_NUMBER})\s*-?\s*(?:s|secs?|seconds?)\b")
_WORD_INT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_HALF_YEAR = _p(r"\bhalf a year\b|\bsix months\b")
# Durations in words, and a span between two of them ("half a year to a year", "a quarter or two").
_WORD_WEEKS = {
    "a month": 4, "one month": 4, "two months": 9, "three months": 13, "a quarter": 13, "six months": 26,
    "half a year": 26, "nine months": 39, "a year": 52, "one year": 52, "a year and a half": 78,
    "two years": 104, "three years": 156,
}  # fmt: skip
_WORD_DURATION = (
    "|".join(sorted(map(re.escape, _WORD_WEEKS), key=len, reverse=True)) + r"|\d+ (?:weeks?|months?|years?)"
)
_WORD_SPAN = _p(rf"\b(?P<a>{_WORD_DURATION})\s*(?:to|-|–|or|and|up to)\s*(?P<b>{_WORD_DURATION})\b")
_UNIT_WEEKS = {"week": 1, "month": 52 / 12, "year": 52}


def _weeks_of(phrase: str) -> int:
    """ "half a year" → 26, "6 months" → 26."""
    phrase = phrase.lower()
    if phrase in _WORD_WEEKS:
        return _WORD_WEEKS[phrase]
    n, unit = phrase.split()
    return round(int(n) * _UNIT_WEEKS[unit.rstrip("s")])


# A duration of something bigger than the project: "a 3 year programme" is a horizon, not the timeline.
_BIGGER_THAN_PROJECT = _p(
    r"\b\d+[- ]?(?:years?|months?)[- ](?:programme|program|initiative|strategy|roadmap|contract|partnership|framework|grant)\b"
    # "the programme runs 2025-2028 (4 years, EU money)": the duration is said of the programme.
    r"|\b(?:programme|program|initiative|grant|funding|subsidy|partnership|contract)\b[^.;]{0,40}?\b\d+[- ]?(?:years?|months?)\b"
)
# The old use case is handled elsewhere: "the listing texts are already done by the photo agency".
_ALREADY_DONE = _p(r"\balready (?:done|handled|covered|taken care of|solved|in place)\b")
_A_WEEK = _p(r"\b(?:a|per|each|every)\s+week\b|/\s*(?:week|wk)\b|\bweekly\b")
_WEEKDAYS = _p(r"\b(?:week|working|business|work)\s?days?\b|\bmon(?:day)?\s*(?:-|to|–)\s*fri(?:day)?\b")
_A_QUARTER = _p(r"\ba quarter\b")
_DURATIONS = _p(r"\b(?P<n>\d+)\s*(?P<u>weeks?|months?|years?)\b")
_COUPLE_SECONDS = _p(r"\ba couple of seconds\b|\ba few seconds\b")
_RATE_SINGLE = _p(
    r"(?P<n>\d[\d,.]*\s*k?)\s*(?:req(?:uest)?s?|questions|queries|calls|chats|messages)?\s*(?:/|a |per )\s*(?P<p>day|week|month|hour)\b"
)
_AT_MOST = _p(
    r"\b(?:no|not|n't)\s+(?:take\s+|be\s+|need\s+)?(?:more|longer) than\s+(?P<n>a|an|one|\d+(?:\.\d+)?)\s+(?P<u>seconds?|secs?|s|minutes?|mins?)\b"
)
_NOBODY_WAITS = _p(
    r"\b(?:nobody|no one|no-one)(?:'s| is)? (?:\w+ ){0,2}waiting\b|\bcan wait\b|\bnot time[- ]critical\b"
)
_PER_MINUTE = _p(r"(?P<n>\d[\d,.]*\s*k?)\s*(?:\w+\s+)?(?:/|a |an |per |every )\s*(?P<p>minute|min|hour)\b")
_OFFICE_HOURS = _p(r"\b(?:office|working|business|opening) hours\b|\bduring the (?:work(?:ing)? )?day\b|\b9 to 5\b")
_PER_DAY = {"day": 1.0, "week": 1 / 7, "month": 1 / 30, "hour": 24.0}
_VAGUE = {"a few": (2, 5), "a couple of": (2, 3), "a couple": (2, 3), "several": (3, 9), "some": (2, 5)}
_VAGUE_RATE = _p(
    r"\b(?P<q>a few|a couple(?: of)?|several|some) (?P<s>hundred|thousand)s?(?:\s+\w+)?\s+(?:a|an|per|/)\s*(?P<p>day|week|month|hour)\b"
)
_EACH_RATE = _p(
    r"(?P<a>\d[\d,.]*\s*k?)\s+(?:users|people|employees|agents|staff|customers|engineers|colleagues|members)\b[^.;]{0,25}?"
    r"\b(?:each|every one|per (?:user|person|head))\b[^.;\d]{0,20}?(?P<b>\d[\d,.]*)\s+(?:\w+\s+)?(?:a|per|/)\s*(?P<p>day|week|month)\b"
)
# On the load question any count per period is the volume, whatever the things are called ("30k letters
# a month", "400 watch hits a week", "unos 200 al día"), unless they are people (a headcount with its
# own rate), a peak or a per-person figure.
_PERIOD_WORDS = {
    **{w: "day" for w in ("day", "days", "night", "nights", "día", "dia", "dag", "tag", "jour")},
    **{w: "week" for w in ("week", "weeks", "semana", "woche", "semaine")},
    **{w: "month" for w in ("month", "months", "mes", "maand", "monat", "mois")},
    **{w: "year" for w in ("year", "years", "año", "jaar", "jahr", "an")},
    **{w: "hour" for w in ("hour", "hours", "hr", "hrs", "uur", "stunde")},
}
_A_PERIOD = (
    r"(?:(?:a|an|per|each|every|in a|al|por|pro|am|par|au)\s+|/\s*)"
    r"(?P<p>days?|nights?|weeks?|months?|years?|hours?|hrs?|día|dia|dag|tag|jour|semana|woche|semaine|mes|maand|monat|mois"
    r"|año|jaar|jahr|uur|stunde)\b"
)
_HEADS = r"(?:users?|people|persons?|staff|employees?|colleagues?|engineers?|agents?|coaches?|members?|graders?|workers?|teams?)"
_RATE_AFTER_ANY = _p(rf"^\s*(?:(?!{_HEADS}\b)[\w'&-]+(?:\s+|(?=/))){{0,3}}?{_A_PERIOD}")
_RATE_BEFORE_ANY = _p(
    rf"{_A_PERIOD}\s*(?:it'?s|is|are|=|:|of|more like|like|about|around|roughly|maybe|approx\w*|\s)*$"
)
_NOT_A_RATE = _p(r"\b(?:peaks?|concurrent|at once|simultaneous\w*|each|per (?:user|person|head))\b")


def _any_rate(text: str) -> int | list[int] | None:
    """The one count per period the load answer gives ("30k letters a month" -> 1,000 a day), or None
    when there is none or several that disagree (those are for the team to check)."""
    flat = text.replace("\u2013", "-").replace("\u2014", "-").replace("~", " ")
    found: list[Quantity] = []
    for q in find_quantities(text):
        after, before = flat[q.end :], flat[: q.start]
        m = _RATE_AFTER_ANY.match(after) or _RATE_BEFORE_ANY.search(before[-30:])
        if m is None or q.lo < 1 or (1900 <= q.lo <= 2100 and not q.is_range):
            continue
        sentences = re.split(r"[.;!?]", flat[max(0, q.start - 40) : q.end + 40])
        denied = re.search(r"\b(?:not|no|never)\s+(?:\w+\s+)?$", before[-15:], _I)
        if denied or any(_NOT_A_RATE.search(c) for c in sentences if q.text in c):
            continue
        found.append(per_day(q, _PERIOD_WORDS[m["p"].lower()]))
    if len(found) != 1:
        return None
    daily = found[0]
    if daily.is_range:
        return [max(1, round(daily.lo)), max(1, round(daily.hi))]
    return max(1, round(daily.lo))


_ONLY_ROLE = _p(
    r"\b(?:only|just)\s+(?P<n>\d+|one|two|three|four|five|six|a)\s+(?:[\w-]+\s+)?(?:devs?|developers?|engineers?|data scientists?|people|analysts?)\b"
)
_NOTHING = _p(r"^\W*(?:none|nothing|nope|nada|zero|no data|nothing at all)\W*$")
_EVERY_SHORT = _p(r"^\W*(?:about |roughly |maybe )?every (?:\w+ ){0,2}(?:days?|weeks?|months?)\W*$")
_CHANGE_SHORT = _p(r"^\W*(?P<c>daily|weekly|monthly)\W*$")
# A corrected number, not a model number ("an old 3090", "RTX 4090", "A100") or a year.
_CORRECT_NUMBER = _p(
    r"(?<![\w-])(?<!rtx )(?<!gtx )(?<!old )(?<!an )(?<!model )(?P<n>\d[\d,.]*\s*k?)\b(?!\s*(?:ti|super)\b)"
)
_UNIT_SWAP = _p(r"\bper (?P<new>week|month|day|hour),? not (?:per )?(?P<old>day|week|month|hour)\b")


def _people(text: str) -> str | None:
    """The people a tool serves, in the team's words ("the on-call engineers", "2 or 3 planners")."""
    for m in _PEOPLE_CONTEXT.finditer(text):
        group = (m["u"] or m["v"] or m["w"]).strip()
        words = group.split()
        if len(words) == 2 and _NOT_MODIFIER.match(words[0]):
            group = words[1]
        if not _negated_at(text, m.start()):
            return group.lower() if group.isupper() is False else group
    return None


def _negated_at(text: str, start: int) -> bool:
    # "we don't want it to replace the agents" still names the agents; only a plain "not the agents" negates.
    return bool(re.search(r"\bnot\s+(?:the\s+|our\s+)?$", text[max(0, start - 12) : start], _I))


def _int(word: str) -> int | None:
    word = word.strip().lower()
    if word in _WORD_INT:
        return _WORD_INT[word]
    from assistant.interview.numbers import parse_number

    value = parse_number(word.replace("~", ""))
    return round(value) if value is not None else None


def _cues(text: str, question: str | None, scope: Scope, correction: bool) -> dict[str, object]:
    """Readings for phrasings the general rules do not know; mostly tied to the question asked."""
    out: dict[str, object] = {}
    lowered = text.lower()
    if question == "quality":
        # "not that high": a level said with "not" in front is what the bar is not.
        levels = {
            _LEVEL[m.group(1).lower()] for m in _LEVEL_ANY.finditer(text) if not _NOT_LEVEL.search(text[: m.start()])
        }
        if len(levels) == 1:
            out["quality_bar"] = levels.pop()
        elif not levels:
            for pattern, level in _QUALITY_CUES:
                if pattern.search(text):
                    out["quality_bar"] = level
                    break
    if question == "privacy":
        for pattern, allowed in _PRIVACY_CUES:
            if pattern.search(text):
                out["hosted_allowed"] = allowed
                break
    elif _PRIVACY_CUES[1][0].search(text):
        out["hosted_allowed"] = True
    if question in ("budget", "timeline"):
        if _GPU_OR_TWO.search(text):
            out["gpus"] = [1, 2]
        for pattern, count in _GPU_CUES:
            if pattern.search(text):
                out["gpus"] = count
        if (nodes := _NODES_WITH_CARDS.search(text)) is not None:
            cards = _int(nodes["m"])
            machines = 1 if nodes["n"].lower() in ("a", "an", "a single") else _int(nodes["n"])
            if cards and machines:
                out["gpus"] = machines * cards
        elif (m := _GPU_COUNT_X.search(text)) is not None:
            out["gpus"] = int(m[1])
        elif _ONE_CARD.search(text) and "gpus" not in out:
            out["gpus"] = 1
        first = re.split(r"[,;.!?(]|\s-\s", text.strip())[0].strip().lower()
        for word, level in (
            ("large", "large"),
            ("big", "large"),
            ("medium", "medium"),
            ("small", "small"),
            ("tiny", "small"),
        ):
            if first.startswith(word):
                out["budget"] = level
    if question == "data":
        if _NOTHING.match(text):
            out["has_documents"] = False  # "none": no labels and no documents either
        if scope.has_documents and (m := _CHANGE_SHORT.match(text)) is not None:
            out["documents_change"] = m["c"].lower()
        elif _EVERY_SHORT.match(text) and (
            rate := extract_slots(f"the documents change {text}").values.get("documents_change")
        ):
            out["documents_change"] = rate  # "every couple of months" as the whole answer: how often they change
        kind = _DOC_KINDS.search(text)
        if "has_documents" not in out and kind is not None and not _turned(text[: kind.start()][-30:]):
            # On the data question, reference material named by its kind: "the catalogues going back 30 years".
            out["has_documents"] = True
        if _ZERO_LABELS.search(text):
            out["labelled_examples"] = 0
        elif (m := _COUNT_LABELS.search(text)) is not None:
            number = _int(m["n"] or m["v"] or m["m"] or m["k"] or m["j"])
            if number is not None and not re.search(r"\byears?\b", m.group(), _I):
                out["labelled_examples"] = number
        for pattern, rate in _CHANGE_NL:
            if pattern.search(text):
                out["documents_change"] = rate
                break
    if question in ("use_case",) and (m := _COUNT_LABELS.search(text)) is not None:
        number = _int(m["n"] or m["v"] or m["m"] or m["k"] or m["j"] or "")
        if number and number >= 50:
            out["labelled_examples"] = number
    if question == "domain" or correction:
        first = re.split(r"[,;.!?(]|\s-\s", text.strip())[0].strip().lower()
        first = re.sub(r"^(?:mostly|probably|i think|it'?s)\s+|\s+i think$", "", first)
        if (m := _DOMAIN_IS.search(lowered)) is not None:
            out["domain"] = _DOMAIN_WORDS.get(m["d"].strip(), m["d"].strip())
        elif question == "domain" and first in _DOMAIN_WORDS:
            out["domain"] = _DOMAIN_WORDS[first]
        if _NOT_SPECIAL.search(text):
            out["specialised_domain"] = False
        if re.search(r"\bnederlands\b", lowered):
            out["languages"] = ["Dutch"]
    people = _people(text)
    if question == "use_case":
        if (m := _USERS_FOR.search(text)) is not None and _p(_PEOPLE).search(m["u"]):
            out["users"] = _NOT_THEM.sub("", m["u"]).strip()  # "kitchen staff not the parents"
            if not _KNOWN_PEOPLE.search(str(out["users"])):
                out["_users_unsure"] = True  # a role known only by its ending may be who it is for, not who uses it
            role = _ROLE.search(text)
            if (more := _USERS_MORE.match(text, m.end())) is not None and not _PURPOSE_VERB.search(more["more"]):
                out["users"] = f"{out['users']} ({more['more'].strip()})"  # "clinic staff, so vets + vet nurses"
            elif role is not None and role.group().lower() not in str(out["users"]).lower():
                out["users"] = f"{out['users']} ({role.group()})"
        elif people is not None:
            out["users"] = people
            # A group named somewhere in the message may be who benefits, not who uses it ("a bot for
            # the parents so the location managers get some air"): offered unless it opens the message.
            if not re.match(rf"^\W*(?:our |the |for (?:our |the )?)?{re.escape(people)}\b", text, _I):
                out["_users_unsure"] = True
        elif (m := _USERS_TEAM.search(text)) is not None:
            out["users"] = m.group().strip()
        elif (m := _USERS_FOR.search(text)) is not None:
            out["users"] = m["u"].strip()
            out["_users_unsure"] = True
    elif people is not None and not scope.users:
        out["users"] = people
    if _TO_CUSTOMERS.search(text):
        out["customer_facing"] = True
    if _CITE.search(text):
        out["needs_citations"] = True
    if _HORIZON.search(text):
        out["long_horizon"] = True
    if _VULNERABLE.search(text):
        out["vulnerable_users"] = True
    if question is None and (listed := team_listed(text)) is not None:
        out["team_size"] = listed  # after the scope questions: "team: Marieke, Joost and the external dev"
    if question == "timeline":
        if (m := _TEAM_ME_PLUS.search(text)) is not None and (n := _int(m["n"])) is not None:
            out["team_size"] = n + 1
        elif ((m := _ONLY_ROLE.search(text)) is not None and (n := _int(m["n"])) is not None) or (
            (m := _TEAM_OF.search(text)) is not None and (n := _int(m["n"] or m["m"] or m["k"] or m["w"])) is not None
        ):
            out["team_size"] = n
        # A team written out after its label ("team: Sanne, Ali and the external guy", "équipe de 5").
        if "team_size" not in out and (listed := team_listed(text)) is not None:
            out["team_size"] = listed
        # A team listed by role ("2 devs and a PM") is added up by `people_named` in `read_answer`.
        if (m := _WORD_SPAN.search(text)) is not None:
            out["timeline_weeks"] = [
                _weeks_of(m["a"]),
                _weeks_of(m["b"]),
            ]  # "half a year to a year", "6 months and a year"
        elif _HALF_YEAR.search(text):
            out["timeline_weeks"] = 26
        elif _A_QUARTER.search(text):
            out["timeline_weeks"] = 13
        durations = {
            (int(m["n"]), m["u"].lower().rstrip("s"))
            for m in _DURATIONS.finditer(text)
            if not re.search(r"\bsprints? of\s*$", text[: m.start()], _I)  # a sprint's length, not the project's
        }
        if len(durations) > 1:
            weeks = min(round(n * _WEEKS_PER[u]) for n, u in durations)
            out["timeline_weeks"] = weeks
    if _COUPLE_SECONDS.search(text):
        out["latency_seconds"] = 2.0
        out["latency"] = "interactive"
    if question == "load":
        if (m := _AT_MOST.search(text)) is not None:
            amount = 1.0 if m["n"].lower() in ("a", "an", "one") else _int(m["n"])
            if amount:
                seconds = amount * (60 if m["u"].lower().startswith("min") else 1)
                out["latency_seconds"] = float(seconds)
                out["latency"] = "realtime" if seconds <= 1 else "interactive" if seconds <= 30 else "batch"
        elif _NOBODY_WAITS.search(text):
            out["latency"] = "batch"
        if (m := _PER_MINUTE.search(text)) is not None and not re.search(r"\bpeaks?\b", text, _I):
            number = _int(m["n"])
            if number is not None:
                hours = 8 if _OFFICE_HOURS.search(text) else 24
                out["requests_per_day"] = round(number * hours * (60 if m["p"].lower().startswith("min") else 1))
        if (m := _VAGUE_RATE.search(text)) is not None:
            lo, hi = _VAGUE[m["q"].lower()]
            scale = 100 if m["s"].lower().startswith("hundred") else 1000
            daily = _PER_DAY[m["p"].lower()]
            out["requests_per_day"] = [round(lo * scale * daily), round(hi * scale * daily)]
        if (m := _RATE_SINGLE.search(text)) is not None and not re.search(r"\bpeaks?\b", text, _I):
            number = _int(m["n"])
            if number is not None:
                out["requests_per_day"] = round(
                    number * {"day": 1, "week": 1 / 7, "month": 1 / 30, "hour": 24}[m["p"].lower()]
                )
        if "requests_per_day" not in out and (rate := _any_rate(text)) is not None:
            out["requests_per_day"] = rate
        # "500 users, each 5 a day" is 2,500 a day, whatever single rate was read above.
        if (m := _EACH_RATE.search(text)) is not None:
            heads, per_head = _int(m["a"]), _int(m["b"])
            if heads and per_head:
                out["requests_per_day"] = round(heads * per_head * _PER_DAY[m["p"].lower()])
    if correction and question:
        numeric = [
            s
            for s in QUESTION_SLOTS[question]
            if isinstance(getattr(scope, s, None), int) and not isinstance(getattr(scope, s), bool)
        ]
        if (m := _UNIT_SWAP.search(text)) is not None and "requests_per_day" in numeric:
            per = {"day": 1, "week": 7, "month": 30, "hour": 1 / 24}
            out["requests_per_day"] = round(scope.requests_per_day * per[m["old"].lower()] / per[m["new"].lower()])  # type: ignore[operator]
        elif numeric and numeric[0] not in out:
            first_number = _CORRECT_NUMBER.search(re.sub(r"\bnot \S+", "", text))
            if (
                first_number is not None
                and (n := _int(first_number["n"])) is not None
                and not re.search(r"\d\s*(?:months?|weeks?|years?)\b", text, _I)
            ):
                out[numeric[0]] = n
    return out


# --------------------------------------------------------------------------- reading
def read_answer(
    text: str,
    question: str | None,
    scope: Scope,
    *,
    correction: bool | None = None,
    origin: Origin = "rule",
    extra: dict[str, object] | None = None,
    today: date | None = None,
    whole: bool = True,
) -> Readings:
    """Readings of one answer to `question` (None once the scope questions are done).

    `today` anchors dates in words ("next Monday", "end of June"); the default is the real today.
    """
    turn = _CHANGED_MIND.search(text) if whole else None
    if (
        turn is not None
        and len(_CONTENT_WORD.findall(text[: turn.start()])) >= 1
        and _CONTENT_WORD.search(text[turn.end() :])
    ):
        # "updated yearly, no wait, quarterly now": what follows the change of mind wins, and a slot
        # the two halves read differently is not written without a click.
        reread = partial(
            read_answer, question=question, scope=scope, correction=correction, origin=origin, extra=extra, today=today
        )
        head, tail = text[: turn.start()], text[turn.end() :]
        joined = reread(head + " " + tail)
        head_read = reread(head)
        before_turn = {r.slot: r.value for r in head_read.applied + head_read.proposals}
        said = {r.slot: r.value for r in joined.applied + joined.proposals}
        # The new words usually replace the last words before the turn ("change weekly, no wait,
        # monthly"): read the tail alone, then with the head's start, until it says something new.
        head_words = head.split()
        final: dict[str, Reading] = {}
        for cut in range(0, min(4, len(head_words)) + 1):
            start = " ".join(head_words[: len(head_words) - cut]) if cut else ""
            after = reread(f"{start} {tail}".strip())
            final = {r.slot: r for r in after.applied + after.proposals}
            if any(said.get(slot) != r.value for slot, r in final.items()):
                break
        merged = Readings(pending={**joined.pending, **after.pending}, replace_lists=joined.replace_lists)
        # A take-back read from the whole message leaves the plan at once, as it would without the turn.
        merged.applied += [r for r in joined.applied if r.slot in LIST_SLOTS and TOOK_OUT in r.note]
        for reading in joined.applied + joined.proposals:
            chosen = final.pop(reading.slot, reading)
            changed = reading.slot in before_turn and _contradicts(before_turn[reading.slot], chosen.value)
            held = _held(chosen) if changed or (chosen is reading and reading.slot in before_turn) else chosen
            (merged.applied if held.confident else merged.proposals).append(held)
        for reading in final.values():
            changed = reading.slot in before_turn and _contradicts(before_turn[reading.slot], reading.value)
            held = _held(reading) if changed else reading
            (merged.applied if held.confident else merged.proposals).append(held)

        # One offer per slot: for a list, the fullest reading (it holds what the other readings hold).
        def size(r: Reading) -> int:
            return len(r.value) if r.slot in LIST_SLOTS and isinstance(r.value, list) else 0

        best: dict[str, Reading] = {}
        for r in merged.proposals:
            if r.slot not in best or size(r) >= size(best[r.slot]):
                best[r.slot] = r
        merged.proposals = list(best.values())
        return merged
    plain = normalise(text, typos=False)  # Dutch words, language codes
    text = normalise(text)  # and typos of the keywords the rules look for
    # A value read only because a typo was fixed is offered for one click, never written.
    through_typo: set[str] = set()
    update = extract_slots(text)
    if text != plain:
        as_typed = extract_slots(plain).values
        through_typo = {slot for slot, value in update.values.items() if as_typed.get(slot) != value}
    correction = (is_correction(text) or looks_like_correction(text)) if correction is None else correction
    negated = _negated_values(text)
    if not correction and any(_denies_current(scope, slot, denied) for slot, denied in negated.items()):
        correction = True  # "500 not 5000" when the plan says 5,000: the team corrects it
    values: dict[str, object] = dict(update.values)
    words = len(text.split())
    short = words <= 12
    first_clause = re.split(r"[,;.!?(]|\s[-\u2013\u2014]\s", text.strip())[0]

    # An explicit level at the start of a quality answer beats any cue read elsewhere.
    explicit: set[str] = set()
    if question == "quality" and (m := _EXPLICIT_LEVEL.match(first_clause)):
        values["quality_bar"] = _LEVEL[m["v"].lower()]
        explicit.add("quality_bar")
    if question in _BARE_LEVEL_SLOT and _BARE_LEVEL_SLOT[question] not in values:
        # "budget? we're a distillery … small. very small.": a part that is nothing but a level answers.
        bare_levels: set[str] = {
            _LEVEL_CANON[m["v"].lower()]
            for part in _PARTS.split(text)
            if (m := _BARE_LEVEL.match(part)) is not None and m["v"].lower() in _LEVEL_CANON
        }
        bare_levels &= set(_LEVELS_OF[_BARE_LEVEL_SLOT[question]])
        if len(bare_levels) == 1:
            values[_BARE_LEVEL_SLOT[question]] = bare_levels.pop()
    if question == "privacy" and "hosted_allowed" not in values:
        # "absolutely not hosted. these are children's names …": a bare yes or no in its own part answers
        # the hosting question, whatever else the message says about the data.
        bare_answers: list[bool] = [
            m.lastgroup == "yes" for part in _PARTS.split(text) if (m := _BARE_HOSTING.match(part)) is not None
        ]
        if _SARCASM.search(text):
            bare_answers = bare_answers[-1:]  # "sure, let's send it all to the US, what could go wrong 🙄 — no."
        if bare_answers and len(set(bare_answers)) == 1:
            values["hosted_allowed"] = bare_answers[0]
    if question in _SHORT_READERS and short:
        slots_here = QUESTION_SLOTS[question]
        if not any(s in values for s in slots_here):
            for pattern, slot, value in _SHORT_READERS[question]:
                if pattern.search(text):
                    values[slot] = value
                    break
    cues = _cues(text, question, scope, correction)
    if "domain" in cues and cues["domain"] != values.get("domain") and "specialised_domain" not in cues:
        values.pop("specialised_domain", None)  # it came with the domain the cue replaced
    for slot, value in cues.items():
        values[slot] = value
    if values.get("documents_change") and "has_documents" not in values:
        values["has_documents"] = True
    for slot, pair in _ranges(text, question).items():
        lo, hi = pair
        values[slot] = [lo, hi] if lo != hi else lo
        if slot == "latency_seconds" and "latency" not in values:
            values["latency"] = "interactive" if hi <= 10 else "batch"
    # "3,500 a week, weekdays only": a week of five working days, not seven.
    if (rate := values.get("requests_per_day")) is not None and _A_WEEK.search(text) and _WEEKDAYS.search(text):
        values["requests_per_day"] = [round(v * 7 / 5) for v in rate] if isinstance(rate, list) else round(rate * 7 / 5)  # type: ignore[operator]
    # The start and the deadline as days; a month or a quarter alone leaves the day to us: proposed.
    vague: dict[str, str] = {}
    for found in read_dates(text, today or date.today()):
        values[found.slot] = found.value
        if not found.exact:
            edge = "last" if found.slot == "deadline" else "first"
            vague[found.slot] = f"you named a month or a quarter, not a day: I took its {edge} day"
    if extra:
        for slot, value in extra.items():
            values.setdefault(slot, value)

    took_out = False
    taken_out: dict[str, set[str]] = {}  # per list, the held items the team explicitly took back
    takes_out = bool(_TAKE_OUT.search(text) or _TAKE_X_OUT.search(text) or _X_IS_OUT.search(text))  # "scrap the X"
    if correction or takes_out:
        for slot in ("tasks", "languages"):
            removed = _removed_items(text, slot)
            existing = list(getattr(scope, slot))
            if removed and existing:
                took_out = True
                gone = {str(v).lower() for v in removed}
                taken_out.setdefault(slot, set()).update(gone)
                kept = [v for v in existing if str(v).lower() not in gone]
                read = values.get(slot)
                added = [v for v in read if str(v).lower() not in gone] if isinstance(read, list) else []
                values[slot] = _merged(kept, added)
    unsure: dict[str, str] = {}
    takes_back = False
    for slot in ("tasks", "languages"):
        denied_items = {str(d).lower() for d in negated.get(slot, [])}
        existing = list(getattr(scope, slot))
        if denied_items & {str(v).lower() for v in existing}:
            # "Dutch, not English" when English is in the plan: take it out, whatever the intent was called.
            read = values.get(slot)
            if not isinstance(read, list) or not read:
                instead = _instead(text, slot, question, scope, list(negated[slot]))
                read = instead if isinstance(instead, list) else []
            new = [v for v in existing if str(v).lower() not in denied_items]
            new += [v for v in read if str(v).lower() not in denied_items]
            values[slot] = _merged(new, [])
            taken_out.setdefault(slot, set()).update(denied_items)
            takes_back = True
    if takes_back:
        correction = True
        for slot in ("tasks", "languages"):
            if isinstance(values.get(slot), list) and not (
                {str(d).lower() for d in negated.get(slot, [])} & {str(v).lower() for v in getattr(scope, slot)}
            ):
                values[slot] = _merged(list(getattr(scope, slot)), values[slot])  # type: ignore[arg-type]
    for slot, denied in negated.items():
        value = values.get(slot)
        if value is None or (takes_back and slot in ("tasks", "languages")):
            continue
        if isinstance(value, list) and slot not in RANGE_SLOTS:
            kept_items = [v for v in value if str(v).lower() not in {str(d).lower() for d in denied}]
            if kept_items:
                values[slot] = kept_items
            else:
                values.pop(slot)
        elif value in denied or (isinstance(value, list) and any(v in denied for v in value)):
            # The team said what it is *not* ("not legal", "we don't have 10k"): never write that value.
            values.pop(slot)
            if slot == "domain" and values.get("specialised_domain") is True:
                values.pop("specialised_domain")  # it came with the denied domain
            other = _instead(text, slot, question, scope, denied)
            if other is not None:
                values[slot] = other
                unsure[slot] = "read around what you said it is not"
    # "dutch for sure. french is open": an item the team has not decided on stays out of the list.
    for m in _ITEM_OPEN.finditer(text):
        for slot in ("tasks", "languages"):
            items = values.get(slot)
            named = extract_slots(f"we need {m['x']}").values.get(slot)
            if isinstance(items, list) and isinstance(named, list) and named:
                gone = {str(v).lower() for v in named}
                kept = [v for v in items if str(v).lower() not in gone]
                if len(kept) < len(items):
                    values[slot] = kept
                    unsure[slot] = f"{m['x']} is still open: left out for now"
    if values.pop("_users_unsure", None):
        unsure["users"] = "is this who uses it?"
    inferred: dict[str, object] = {}
    if question == "data" and values.get("labelled_examples") is None and (marked := _marked_items(text)) is not None:
        inferred["labelled_examples"] = marked  # "2,500 transcripts with the terms marked"
    if question == "use_case" and not values.get("users") and not scope.users and (loose := _users_loose(text)):
        inferred["users"] = loose  # "helps our court interpreters prepare"
    for slot, guess in inferred.items():
        values[slot] = guess
        unsure[slot] = LOOSE_CUE  # offered; the interview applies it when an LLM reading says the same
    for slot in through_typo:
        if slot in values:
            unsure.setdefault(slot, "read through a typo: is this what you meant?")
    for slot, levels in _level_range(text, question).items():
        # "medium to high", "between small and medium": two levels at once are a choice for the team.
        values[slot] = levels[-1]
        unsure[slot] = "between two levels: pick one"
    if "hosted_allowed" in values and hosting_is_mixed(text):
        unsure["hosted_allowed"] = "you said both: pick one"
    if question == "load" and _VAGUE_RATE.search(text) and isinstance(values.get("requests_per_day"), list):
        unsure["requests_per_day"] = "a rough amount: confirm the working figure"
    if (
        "domain" in values
        and len(named_domains := _domains_named(text) - {str(d) for d in negated.get("domain", [])}) > 1
    ):
        # "between finance and legal", "an insurer … medical reports": the team picks.
        unsure["domain"] = f"you named more than one domain ({', '.join(sorted(named_domains))}): pick one"
    if _NICHE.search(text) and (question == "domain" or "domain" in values) and not _NEGATION.search(text):
        values["specialised_domain"] = True  # "the astronomy terms are pretty niche"
    elif (
        values.get("specialised_domain") is False
        and ("domain" in unsure or len(str(values.get("domain", "")).split()) > 1)
        and not _GENERAL_DOMAIN.search(text)
    ):
        # A domain in the team's own words ("astronomy education"): how specialised it is, is a guess.
        unsure.setdefault("specialised_domain", "inferred from the domain's name: is its language everyday?")
    if "documents_change" in values and _FREQUENCY_SPAN.search(text):
        unsure.setdefault("documents_change", "between two frequencies: pick one")  # "weekly to monthly"
    if "timeline_weeks" in values and _BIGGER_THAN_PROJECT.search(text):
        unsure.setdefault("timeline_weeks", "is this the project's timeline or the programme's?")
    for span in _OPEN_CHOICE.finditer(text):
        # "the director still has to decide if it's for the agents or straight for citizens": what the
        # either/or names is still open.
        in_span = extract_slots(span["span"]).values
        for slot, value in values.items():
            named_there = in_span.get(slot) not in (None, [])
            worded_there = isinstance(value, str) and len(value) > 3 and value.lower() in span["span"].lower()
            if named_there or worded_there:
                unsure.setdefault(slot, "still an open choice: pick one")
    if "team_size" in values and question not in ("timeline", None) and words < _LONG_BRIEF_WORDS:
        # "for the marketing girl (team of 1 lol)": a team named in passing may not be the project's.
        unsure.setdefault("team_size", "is this the team working on the project?")
    if "corpus_size" in values and not _SIZE_IN_TEXT_UNITS.search(text):
        # A size class estimated from a count of pages or documents (not of tokens): the team confirms it.
        unsure.setdefault("corpus_size", "estimated from what you described: confirm the size")
    if question == "quality" and values.get("quality_bar") and not _LEVEL_ANY.search(text):
        unsure.setdefault("quality_bar", "inferred from what a wrong answer costs: confirm the level")
    # On its own question a bare count or duration is probably the answer, but the unit leaves room:
    # "2 devs" on the timeline question, "3 sec or so" on the load question. Offered, not written.
    # A team added up from roles ("2 backend devs and a product owner", "2 engineers + me") is easy to
    # miscount: it is offered, not written. Only a size said outright ("a team of 4") is written.
    people = people_named(text)
    if "team_size" in values:
        if people is not None and isinstance(values["team_size"], int) and people > values["team_size"]:
            values["team_size"] = people
            if not one_role_and_me(text):  # "team is 2 backend devs, a product owner and me": added up
                unsure["team_size"] = "counted from the people you named: is that the team?"
        elif not team_stated(text):
            unsure.setdefault("team_size", "counted from the people you named: is that the team?")
    elif question == "timeline" and people:
        values["team_size"] = people
        unsure["team_size"] = "counted from the people you named: is that the team?"
    if question == "load" and "latency_seconds" not in values:
        bare = [m for m in _BARE_SECONDS.finditer(text) if not _negated_at(text, m.start())]
        if len(bare) == 1 and (n := parse_number(bare[0]["n"])) is not None and 0 < n <= 600:
            values["latency_seconds"] = float(n)
            unsure["latency_seconds"] = "is this the response time?"
    # The domain in the team's own words beats a label inferred from related words ("pharma", not "medical").
    if question == "domain" or (correction and "domain" in negated):
        domain = values.get("domain")
        named = _team_domain(text, negated.get("domain", []))
        # A qualified name ("veterinary medicine", "hospital pharmacy") says more than the label its
        # head word maps to ("medical"): the team's words are offered.
        qualified = (
            named is not None
            and domain is not None
            and len(named.split()) > 1
            and named != domain
            and _stems_in(str(domain), named)  # "veterinary medicine" qualifies "medical"; "i think" does not
        )
        if named is not None and (domain is None or not _stems_in(str(domain), text) or qualified):
            values["domain"] = named
            unsure["domain"] = "in your words: confirm the domain"
            # "aviation - pilot training": the first name is the domain, what follows narrows it.
            explicit.add("domain")
    if isinstance(values.get("users"), str) and (both := _users_joined(text, str(values["users"]))) is not None:
        values["users"] = both  # "visitors AND volunteers": both groups, not the one the rule named
    # The same slot given two different values in different clauses ("nothing leaves the EU, but an
    # EU-hosted API is ok", "a 6-month plan is too long, we need it in 6 weeks"): the team picks.
    reads = _clause_readings(text, question, scope, False) if whole else []
    # A correction's clauses are checked as a correction: "actually the domain is HR, not legal".
    support = _clause_readings(text, question, scope, True) if whole and correction else reads
    for slot, latest in _clause_conflicts(reads).items():
        if slot in values and slot not in explicit:  # "let's say high — … internal only": the statement wins
            values[slot] = latest
            unsure.setdefault(slot, "you said two different things: pick one")
    if isinstance(values.get("languages"), list) and _PEOPLES.search(text):
        unsure.setdefault("languages", "you named people by where they are from: add their language?")
    # Only a list being added: a correction or a take-back that a proposal held back would leave the
    # value the team just rejected in the plan.
    # An edit of a list the plan holds is applied, so what it takes out leaves the plan at once.
    edits = {slot for slot in ("tasks", "languages") if getattr(scope, slot) and (correction or took_out)}
    for slot in ("tasks", "languages"):
        if isinstance(values.get(slot), list) and slot not in edits and _unread_list_part(text, slot):
            unsure.setdefault(slot, "part of what you listed matched nothing I know: check the list")
    for slot, why in _weak_cues(text, values, question, scope if whole else None).items():
        unsure.setdefault(slot, why)
    # "haha 'calling APIs'. our API is a fax machine": a value read only inside quotes may be the team
    # quoting us (or a term), not answering: offered.
    unquoted = _QUOTED.sub(" ", text)
    if unquoted != text:
        outside, inside = extract_slots(unquoted).values, update.values
        for slot, value in values.items():
            if outside.get(slot) in (None, []) and inside.get(slot) == value:
                unsure.setdefault(slot, "you put it in quotes: is this your answer?")
    # "only dutch. the english version of the site is dead": the list is what follows "only".
    only, trailing = _only_items(text, "languages")
    if isinstance(langs := values.get("languages"), list) and only:
        kept = [v for v in langs if str(v).lower() in only] or langs
        if trailing and len(kept) < len(langs):
            # "the marketing copy is english only": maybe one part of the work; the team says which.
            unsure.setdefault("languages", "you said 'only' for some of the languages: check the list")
        values["languages"] = kept
    # A first list read from a message that also rules something out or keeps only part ("chat yes,
    # code no", "english + french only — dutch is for the subtitles"): offered for one click. An edit
    # of a list the plan holds is applied, so what it takes out leaves the plan at once.
    for slot in ("tasks", "languages"):
        if isinstance(values.get(slot), list) and not getattr(scope, slot) and _LIST_EDIT.search(text):
            unsure.setdefault(slot, "you took something out or kept only part: check the list")
    # Someone who decides is named ("the board votes in March", "procurement will tell us"): the
    # question's own value is offered, not written, even without a clear hedge.
    if question and _DECIDER.search(text) and (primary := PRIMARY.get(question)) in values:
        unsure.setdefault(primary, "someone else may decide this: confirm")
    # The agreement rule: a value is written only when some clause, read on its own, says it too.
    for slot, value in values.items():
        if _unsupported(slot, value, support, getattr(scope, slot, None)):
            unsure.setdefault(slot, "read from the message as a whole, not from any one part of it: check it")
    # Coverage: "Understood" means every part of the answer was read. A part with content that no rule
    # reads ("we have 120 volunteers", "half a year is too long", "staff is Polish so Polish too") may
    # qualify, contradict or extend what was read, so everything read from the message is offered,
    # naming that part. Still written: a level said outright, a pasted brief (read sentence by
    # sentence) and an edit of a list the plan holds.
    unread = _unread_part(support) if words < _LONG_BRIEF_WORDS else None
    if unread is not None:
        for slot in values:
            if slot in explicit:
                continue  # "medium, people double-check it anyway": the level was said outright, then the reason
            if slot in edits:
                continue
            unsure.setdefault(slot, f"I didn't follow “{unread}”: check this")

    # Written without a click is only what was said in one go. Twenty-six blind sets showed the rules
    # misreading some multi-part answers in ways no check between the parts could see (a number that
    # belongs to something else, one clause qualifying another), so when an answer says several things
    # everything read from it is offered. Still written: a level said outright, and what the team takes
    # out of a list the plan holds (below: it leaves the plan at once; what the message adds is offered).
    # A part counts as something said when it reads something or, like the coverage rule's parts, has
    # three content words ("oops", "that's fine" do not count); parts that read the same ("no, the data
    # never leaves our network") say one thing.
    # A part that only denies ("not legal") belongs to the correction next to it, unless it is the only
    # part about its slot ("no API. the vet records include farmer names": two things).
    def other_slots(part: str) -> set[str]:
        return {slot for c, read in reads if c is not part for slot in read}

    things = {
        tuple(sorted((slot, repr(value)) for slot, value in read.items()))
        for c, read in reads
        if (read or len(_CONTENT_WORD.findall(c)) >= _UNREAD_WORDS)
        and not (_DENIAL_ONLY.match(c) and set(read) <= other_slots(c))
    }
    if whole and len(things) >= 2:
        for slot in values:
            if slot not in explicit:
                unsure.setdefault(slot, SEVERAL_THINGS)
    # A number no reading depends on ("3 people labelled 700 tickets", "one node with 4 cards"): the
    # numbers that were read may belong to something else.
    if (
        whole
        and words < _LONG_BRIEF_WORDS
        and any(slot in NUMERIC_SLOTS for slot in values)
        and (left := _unused_number(text, question, scope, correction)) is not None
    ):
        for slot in values:
            if slot in NUMERIC_SLOTS and slot not in explicit:
                unsure.setdefault(slot, f"{UNPLACED_NUMBER} (“{left}”)")
    # A flag read from a list or a name follows it: offered when the list or the name is.
    for flag, source in (("rare_language", "languages"), ("specialised_domain", "domain")):
        if flag in values and source in unsure:
            unsure.setdefault(flag, unsure[source])
    hedged = is_hedged(text)
    pending: dict[str, str] = {}
    if question and pending_cue(text):
        primary = _pending_slot(question, text)
        # "classification for sure, summarisation depends on what the head steward wants": for a list,
        # the items said in parts that leave nothing open are offered; the open part is named.
        open_parts = [p for p in _PARTS.split(text) if pending_cue(p)]
        settled = [p for p in _PARTS.split(text) if p.strip() and not pending_cue(p)]
        sure_items = (
            extract_slots(". ".join(settled)).values.get(primary) if primary in LIST_SLOTS and open_parts else None
        )
        if isinstance(sure_items, list) and sure_items:
            values[primary] = sure_items
            unsure[primary] = f"you left “{open_parts[0].strip()[:60]}” open: confirm the rest"
        else:
            pending[primary] = text.strip()[:300]
            values.pop(primary, None)
            if primary == "labelled_examples":
                values.pop("has_documents", None)

    on_question = set(QUESTION_SLOTS.get(question or "", ()))
    brief = question in (None, "use_case") or words >= _LONG_BRIEF_WORDS
    said_outright = _OUTRIGHT_CORRECTION.search(text) is not None
    result = Readings(pending=pending, replace_lists=correction or took_out)
    for slot, value in values.items():
        confidence, reason = 0.9, ""
        current = getattr(scope, slot, None)
        if current not in (None, []) and not isinstance(value, list) and current == value:
            continue  # nothing new
        if (
            isinstance(current, list)
            and isinstance(value, list)
            and current
            and not (correction or took_out)
            and {str(v).lower() for v in value} <= {str(c).lower() for c in current}
        ):
            continue  # a list the plan already holds in full: nothing new
        if correction and current not in (None, []) and _same(current, value):
            continue  # a correction never re-applies the value it corrects
        if hedged:
            confidence, reason = 0.6, "you sounded unsure"
        if slot in unsure:
            confidence, reason = min(confidence, 0.6), unsure[slot]
        # A correction corrects what the plan holds, or states a slot outright ("actually we have 5,000
        # labelled examples"); an empty slot named in passing in a "not X, but Y" sentence ("not life
        # or death, but … a legal problem") is still only a remark.
        if slot not in on_question and not brief and not (correction and (current not in (None, []) or said_outright)):
            confidence, reason = min(confidence, 0.6), REMARK
        if (
            slot in LIST_SLOTS
            and current
            and slot not in on_question
            and not brief
            and not correction
            and slot not in taken_out  # "translation's out btw" on another question takes it back all the same
            and not (_ADDING.search(text) or _AND_ALSO.match(text))  # "oh and classifying the requests"
        ):
            # "3 agents tagged about 1,200 chats" on the data question: list items read in passing from
            # another answer are noise, not additions to the team's list (the Plan tab adds items).
            continue
        if current not in (None, []) and not correction and not _adds_to(current, value):
            if slot not in on_question:
                continue  # a remark about something else never touches a filled slot, not even as a proposal
            confidence, reason = min(confidence, 0.4), f"would replace {_shown(slot, current)}"
        if slot in ("tasks", "languages") and value == [] and current:
            # A correction that takes everything back and names nothing new leaves the list empty: ask first.
            confidence, reason = min(confidence, 0.4), f"would leave no {slot.replace('_', ' ')}: confirm"
        if slot == "budget" and _MONEY.search(text) and not _LEVEL_WORD.search(text):
            confidence, reason = min(confidence, 0.5), "an amount: is that small, medium or large for you?"
        if isinstance(value, list) and slot in RANGE_SLOTS:
            reason = reason or "a range: confirm the working figure"
        if slot in vague:  # more telling than "several things at once"
            confidence, reason = min(confidence, 0.6), vague[slot] if reason in ("", SEVERAL_THINGS) else reason
        if slot in ("start_date", "deadline") and (clash := _dates_clash(slot, value, values, scope)):
            confidence, reason = min(confidence, 0.4), clash
        # "… not legal. and add dutch": adds to the list; "scratch french, add german" took one out first.
        adds = correction and not took_out and slot not in negated and _ADDING.search(text) is not None
        if (
            slot in ("tasks", "languages")
            and isinstance(value, list)
            and isinstance(current, list)
            and current
            and correction
            and not (took_out or takes_back or adds or slot in negated or _only_items(text, slot)[0] or takes_out)
            and not {str(v).lower() for v in current} <= {str(v).lower() for v in value}
        ):
            # "actually captions are the smaller part, mainly it should sort the uploads": a correction
            # that names a new list without saying what goes may be adding, not replacing.
            confidence, reason = min(confidence, 0.6), f"would replace {_shown(slot, current)}: is that right?"
        if (
            slot in ("tasks", "languages")
            and isinstance(value, list)
            and current
            and (adds or not (correction or took_out))
        ):
            # "oh, and classifying the claims too": confirming the offer adds to the list, never replaces it.
            value = _merged(current, value)
        reading = Reading(
            slot=slot,
            value=value,
            confidence=confidence,
            origin=origin,
            note=_shown(slot, value),
            reason=reason,
        )
        gone = set(taken_out.get(slot, set()))
        replaces = slot in edits and (
            took_out
            or takes_back
            or takes_out
            or slot in negated
            or bool(_only_items(text, slot)[0])
            # "sorry, to be precise: the listing texts are already done by …": a use case restated as
            # already handled elsewhere brings its own tasks.
            or (
                slot == "tasks"
                and question == "use_case"
                and correction
                and bool(scope.use_case)
                and _ALREADY_DONE.search(text)
            )
        )
        if replaces and isinstance(value, list) and isinstance(current, list):
            # "only dutch", "scrap the minutes thing, it's answering questions": what the new list leaves out goes.
            gone |= {str(v).lower() for v in current} - {str(v).lower() for v in value}
        if not reading.confident and not hedged and isinstance(value, list) and isinstance(current, list) and gone:
            # What the team took back leaves the plan at once ("sorry, not german - norwegian"); what
            # the same message adds waits for a click. Leaving a rejected item in until someone clicks
            # would keep in the plan the very value the team just corrected.
            kept = [v for v in current if str(v).lower() not in gone]
            dropped = _note(slot, [v for v in current if str(v).lower() in gone])
            label, took = dropped.split(": ", 1)
            note = f"{_note(slot, kept) if kept else label + ': none for now'} {TOOK_OUT}{took})"
            result.applied.append(Reading(slot=slot, value=kept, confidence=0.9, origin=origin, note=note))
            if {str(v).lower() for v in value} - {str(v).lower() for v in kept}:
                if reading.reason.startswith("would replace"):  # it is taken out already
                    reading = reading.model_copy(update={"reason": "what you named instead: check it"})
                result.proposals.append(reading)
            continue
        (result.applied if reading.confident else result.proposals).append(reading)
    return result


# ---------------------------------------------------------------- weak cues: offer, don't write
# Readings that rest on a weak cue are offered for one click instead of written. Each test here is
# about the *kind* of evidence (a negated sentence, a converted unit, an inferred word, one end of a
# range), never about particular wordings.
_NEGATION = _p(
    r"\b(?:not|no|never|nobody|nothing|none|without|stop|cannot|dont|doesnt|isnt|arent|wont|cant|shouldnt)\b|n't\b"
)
# Push-back verbs turn the sentence around: "stop suggesting on-prem" asks for the opposite of on-prem.
# So do verdicts on a value: "a 3-month plan is unrealistic", "6 weeks is out of the question".
_REVERSING = _p(
    r"\b(?:stop|quit|drop|remove|forget|scrap|no more|don'?t (?:suggest|recommend|propose)"
    r"|unrealistic|impossible|out of the question|not happening|won'?t (?:work|happen)|no way|dream on|fantasy)\b"
)
_CLAUSE_SPLIT = re.compile(r"[,;.!?:()]|\s[-\u2013\u2014]\s|\bbut\b|\bso\b", _I)
_SUB_DAILY = _p(r"(?:\b(?:per|an?|each|every)\s+|/\s*)(?:hour|hr|minute|min|second|sec)s?\b|\bhourly\b")
_HOURS_A_DAY = _p(
    r"(?P<n>\d{1,2})\s+(?:office|working|business|opening|work)\s+hours\b|(?P<m>\d{1,2})\s+hours\s+(?:a|per)\s+day\b"
)
_DOT_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d.,]|\.\d)")
_VAGUE_AMOUNT = _p(r"\b(?:couple|few|several|handful|dozens|hundreds|thousands|tens of)\b")
_COUNT_SLOTS = ("labelled_examples", "requests_per_day", "gpus", "timeline_weeks", "team_size")


# What each kind of time amount looks like right after a number: a duration ("6 weeks"), a rate
# ("150 an hour", "2k/day") or a short wait ("3 sec"). Hours count for a rate: "open 10 hours a day".
_AFTER_DURATION = _p(r"^\s*(?:days?|weeks?|wks?|months?|quarters?|years?|yrs?)\b")
_AFTER_RATE = _p(
    r"^\s*(?:\w+\s+){0,2}?(?:(?:a|an|per|each|every)\s+|/\s*)(?:second|sec|minute|min|hour|hr|day|week|month|year)s?\b"
    r"|^\s*(?:hours?|hrs?)\b"
)
_AFTER_WAIT = _p(r"^\s*-?\s*(?:s|secs?|seconds?|mins?|minutes?)\b(?!\s*(?:a|an|per|each)\b)")
_TIME_RIVALS: dict[str, tuple[re.Pattern[str], ...]] = {
    "timeline_weeks": (_AFTER_DURATION,),
    "requests_per_day": (_AFTER_RATE,),
    "latency_seconds": (_AFTER_WAIT,),
}


def _timed_quantities(text: str, kinds: tuple[re.Pattern[str], ...]) -> list[Quantity]:
    """The quantities in `text` followed by a unit of one of these kinds (a range is one quantity)."""
    flat = text.replace("\u2013", "-").replace("~", " ")
    return [q for q in find_quantities(text) if any(k.match(flat[q.end :]) for k in kinds)]


_AND_ALSO = _p(r"^\W*(?:oh,?\s+)?(?:and|plus)\b")
# "another vendor" adds nothing to the list: only another or an extra language or task does.
_ADDING = _p(r"\b(?:add|adding|also|as well|too)\b|\b(?:another|an extra|one more) (?:one|language|task)\b")
# "not only English" / "not just chat" add; "just q&a" after a held list says what stays.
_ONLY = _p(r"(?<!not )\b(?:only|just)\b")


def _only_items(text: str, slot: str) -> tuple[set[str], bool]:
    """The items a clause with "only" names for a list slot ("correction: only dutch"), lower-cased, and
    whether any came from a trailing "only" ("english only"), which may be about one part of the work."""
    named: set[str] = set()
    trailing = False
    for clause in re.split(r"[.;!?,]|\bbut\b|\s[-\u2013\u2014]\s", text):
        if (m := _ONLY.search(clause)) is not None:
            after = clause[m.end() :]
            # "only dutch" names what follows; "english + french only" what comes before.
            part = after if re.search(r"\w", after) else clause[: m.start()]
            value = extract_slots(part).values.get(slot)
            if not value and part is after:  # "english and french only actually": the list comes before
                part = clause[: m.start()]
                value = extract_slots(part).values.get(slot)
            if isinstance(value, list):
                named |= {str(v).lower() for v in value}
                trailing = trailing or part is not after
    return named, trailing


_LIST_EDIT = _p(
    r"\b(?:not|no|nope|never|only|just|except|instead|rather than|scratch|drop|remove|forget|without|isn'?t|aren'?t|don'?t|doesn'?t|no longer)\b"
)
_DECIDER = _p(
    r"\b(?:decides?|deciding|decision|sign(?:s|ed)? off|sign-off|approv\w+|final (?:say|word)|votes?|voting|tender|procurement"
    r"|committee|steering group)\b"
)
# The vulnerable group is who the tool serves: "answers questions from patients", "for children".
_VULNERABLE_AUDIENCE = _p(
    r"\b(?:from|for|to|with|by) (?:the |our |their |young )?(?:[\w-]+ )?(?:children|kids|minors|teenagers|patients|elderly|people in crisis)\b"
)
_ANONYMISED = _p(r"\b(?:anonymi[sz]\w*|pseudonymi[sz]\w*|de-identif\w*)")
_ALL_ANONYMISED = _p(r"\b(?:all|everything|fully|completely)\b[^.!?]{0,20}\b(?:anonymi|pseudonymi|de-identif)")
_IN_BETWEEN = _p(r"\bsomewhere (?:in )?between\b|\bin between\b|\bpartly\b|\bfor some of (?:it|the data)\b")
_CONDITIONAL = _p(r"\b(?:if|whether|unless|in case|depends on|depending on|provided that|as long as)\b")
_NO_RUSH = _p(
    r"\bno rush\b|\bnot urgent\b|\bnobody(?:'s| is)? (?:waiting|waits)\b|\bno one(?:'s| is)? (?:waiting|waits)\b"
    r"|\b(?:the )?next (?:morning|day)\b|\bovernight is fine\b|\bwithin (?:the|an|one) hour\b"
    r"|\b(?:doesn't|does not|don't|do not|no) (?:need|have) to be (?:instant|immediate|real[- ]?time)\b"
)
_WHILE_WAITING = _p(r"\bwhile (?:the |they |he |she |you |we |our )?(?:[\w-]+ )?(?:waits?|is waiting|are waiting)\b")
_A_MINUTE = _p(r"\b(?:a|one|1) minute (?:is|would be) (?:fine|ok|okay|enough)\b|\bwithin (?:a|one) minute\b")
_BUDGET_SAID = _p(r"\b(?:call it|let'?s say|budget is|budget:|budget's)\s+(?P<v>small|medium|large|tiny|big)\b")
_NO_BUDGET = _p(r"\bno (?:real )?budget\b|\bzero budget\b|\bno money\b|\bside project\b")
_CHECKED_FIRST = _p(
    r"\b(?:check|checks|checked|review|reviews|reviewed|approve|approves|approved|edit|edits|edited|proofread\w*|"
    r"sign(?:s)? off|go(?:es)? over|look(?:s)? over|vet|vets|vetted)\b[^.!?]{0,60}\bbefore\b"
    r"|\bbefore (?:it|anything|they|that|this|the \w+) (?:goes|go|is sent|are sent|gets? sent|reach(?:es)?|is published)\b"
)


_OPEN_FROM_TO = _p(
    r"\bopen (?:from )?(?P<a>\d{1,2})\s*(?:am|h)?\s*(?:-|to|till|until|\u2013)\s*(?P<b>\d{1,2})\s*(?:pm|h)?\b"
)


def _open_hours(text: str) -> int | None:
    """Hours a day the service is used: "10 working hours", "open 10 hours a day", "open 9 to 5"."""
    if (m := _HOURS_A_DAY.search(text)) is not None and 0 < (hours := int(m["n"] or m["m"])) <= 24:
        return hours
    if (m := _OPEN_FROM_TO.search(text)) is not None:
        start, end = int(m["a"]), int(m["b"])
        end = end + 12 if end <= start else end  # "9 to 5" is nine to five in the afternoon
        return end - start if 0 < end - start <= 24 else None
    return None


def _turned(clause: str) -> bool:
    """Whether a clause says "not", "no", "stop" ...: a value read from it may be the opposite."""
    return bool(_NEGATION.search(clause) or _REVERSING.search(clause))


def _range_owner(text: str, end: int) -> str | None:
    """The slot the unit after a range names ("months" -> timeline_weeks), or None without a unit."""
    after = text.replace("\u2013", "-").replace("~", " ")[end:]
    for pattern, slot in (
        (_UNIT_AFTER, "timeline_weeks"),
        (_RATE_AFTER, "requests_per_day"),
        (_GPU_AFTER, "gpus"),
        (_TEAM_AFTER, "team_size"),
        (_SECONDS_AFTER, "latency_seconds"),
        (_EXAMPLES_AFTER, "labelled_examples"),
    ):
        if pattern.match(after):
            return slot
    return None


_DOMAIN_LEAD = _p(
    r"^(?:(?:actually|probably|maybe|mostly|mainly|so|well|more like|rather|like|i think|i'?d say|i guess|it'?s|its|it is|we'?re in|"
    r"we are in|we'?re|the domain is|domain)(?:\s+|$))+"
)
_DOMAIN_TAIL = _p(r"(?:\s+(?:i'?d say|i guess|i think|probably|maybe|really|mostly))+$|-ish$")
_NOT_A_DOMAIN = _p(
    r"\b(?:no|not|none|nothing|same|before|know|sure|idea|yes|the|a|an|we|our|with|and|or|it|that|this|what|tbd|"
    r"jargon|general|special|specialised|specialized|language|languages|docs|documents|only|wrong|right|sorry|correct|"
    r"letters|e?mails|messages|texts|reports|forms|vocab|vocabulary|terms|"
    r"correction|update|edit|change|oops|"
    r"hourly|daily|weekly|monthly|quarterly|yearly|annually|static|realtime|never|often|sometimes|rarely|"
    r"small|medium|large|high|low|soon|later|skip|next|back)\b|\d"
)


def _stems_in(label: str, text: str) -> bool:
    stems = [w[:4] for w in re.findall(r"[a-z]+", label.lower()) if len(w) >= 2]
    return bool(stems) and any(stem in text.lower() for stem in stems)


# A change of mind inside one message.
_CHANGED_MIND = _p(
    r"[,;.!\s-]+(?:no wait|wait no|no,? wait|scratch that|strike that|sorry,? i meant|i mean(?=[,\s])|or rather|"
    r"actually no|well,? no|no sorry|correction:)[,;:!\s-]*"
)


def _contradicts(first: object, final: object) -> bool:
    """Does the final word take back what came first? A list that only grows ("English — I mean
    English and French") does not."""
    if isinstance(first, list) and isinstance(final, list):
        return not {str(v).lower() for v in first} <= {str(v).lower() for v in final}
    return first != final


def _held(reading: Reading) -> Reading:
    reason = reading.reason or "you changed your mind in the message: confirm the final word"
    return reading.model_copy(update={"confidence": min(reading.confidence, 0.6), "reason": reason})


_CLAUSE = _p(r"[.;!?]+\s|,\s*(?=but|though|although|while|whereas|yet)\b|\bbut\b|\s[-\u2013\u2014]\s|,\s")
# People named by nationality: their language is implied, not said ("lots of germans and walloons").
_PEOPLES = _p(
    r"\b(?:germans|spaniards|poles|italians|frenchmen|french people|dutch people|walloons|flemings|swiss|austrians"
    r"|belgians|turks|arabs|ukrainians|russians|chinese people|portuguese people|brazilians|moroccans)\b"
)


_NOT_A_GROUP = _p(
    r"^(?:questions|answers|documents|docs|emails|reports|tickets|maps|rules|things|others|details|was|is|has|does|days|weeks|months|years|hours)$"
)


def _users_joined(text: str, users: str) -> str | None:
    """Two groups named together ("visitors and volunteers", "tenants + caretakers"): both are the users."""
    last = users.split()[-1]
    pattern = rf"\b(?P<a>[a-z][\w-]+s)\s+(?:and|&|\+|plus)\s+{re.escape(last)}\b|\b{re.escape(last)}\s+(?:and|&|\+|plus)\s+(?P<b>[a-z][\w-]+s)\b"
    m = re.search(pattern, text, _I)
    if m is None:
        return None
    other = (m["a"] or m["b"]).lower()
    if _NOT_A_GROUP.match(other) or other in users.lower():
        return None
    return f"{other} and {users}" if m["a"] else f"{users} and {other}"


LOOSE_CUE = "read from a loose cue: is that right?"
# Why a reading of a slot the question was not about is only offered.
REMARK = "read from a remark, not an answer to this question"
SEVERAL_THINGS = "you said several things at once: check what I read"
INFERRED_DOMAIN = "inferred from related words: is this the domain?"
# Offers that rest on hearsay rather than an answer: a remark made on another question, a word
# related to a domain, a loose cue. Such an offer does not stand in for asking the question.
HEARSAY = (REMARK, INFERRED_DOMAIN, LOOSE_CUE)
# A clause that only denies a value ("not legal", "no english at all") is part of the correction
# next to it ("actually the domain is HR, not legal"), not another thing said.
_DENIAL_ONLY = _p(r"^\W*(?:(?:and|but|so)\s+)?(?:not|no|never|without)\s+(?:[\w&/-]+\s*){1,3}(?:at all)?\W*$")
UNPLACED_NUMBER = "you gave a number I couldn't place: check the numbers"
# Offers a second reader (an LLM) may settle: it read the same value, so two readers agree.
AGREEABLE = (LOOSE_CUE, SEVERAL_THINGS, UNPLACED_NUMBER)
_SIZE_IN_TEXT_UNITS = _p(r"\b(?:tokens?|words|terabytes?|tb|gb|gigabytes?)\b")
_FREQUENCY_SPAN = _p(
    r"\b(?:hourly|daily|weekly|monthly|quarterly|yearly|annually)\s*(?:to|or|-|–|/|and)\s*(?:hourly|daily|weekly|monthly|quarterly|yearly|annually)\b"
)
_USERS_LOOSE = _p(
    r"\b(?:helps?|for|lets?|so|allows?|assists?|supports?)\s+(?:our|the|all|their|all our)\s+"
    r"(?P<u>(?:[a-z-]+\s+){0,2}?(?:[a-z-]+s|staff|crew|team|people|guys|folks|personnel))\b"
    r"|\b(?:answer|answers|answering)\s+(?P<v>[a-z-]+s)(?:'|’)?\s+questions\b"
)
_NOT_PEOPLE = _p(r"\b(?:questions|documents|files|emails|e-mails|reports|tickets|orders|records|data|things|answers)\b")


def _users_loose(text: str) -> str | None:
    """A group named after "helps our …", "for the …" or "answer customers' questions", when the rules found none."""
    for m in _USERS_LOOSE.finditer(text):
        group = (m["u"] or m["v"]).strip()
        if not _NOT_PEOPLE.search(group) and not _negated_at(text, m.start()):
            return group
    return None


# Items a person has already judged: the count before it is probably the labelled examples.
_MARKED = _p(
    r"\b(?:flagged|marked|tagged|labell?ed|annotated|classified|graded|scored|rated|categori[sz]ed|coded)\b"
    r"|\b(?:wrote|written|checked|corrected) by hand\b|\bhand[- ](?:written|checked|labell?ed|tagged)\b"
)
_LABELS_NONE = _p(r"\blabell?ed(?: examples| data)?\s*[:=-]\s*(?:zero|none|0|nothing|nada)\b")


def _marked_items(text: str) -> object | None:
    """A count of items that people have judged ("2-5 thousand bets flagged by analysts"), or 0 for "labelled: zero"."""
    if _LABELS_NONE.search(text):
        return 0
    for q in find_quantities(text):
        after = text[q.end : q.end + 60]
        if q.lo >= 10 and _MARKED.search(after) and not _negated_at(text, q.start):
            return [round(q.lo), round(q.hi)] if q.is_range else round(q.lo)
    return None


_OPEN_CHOICE = _p(r"\b(?:whether|if|either)\b(?P<span>[^.?!]{0,80}?\bor\b[^.?!]{0,50})")
_NICHE = _p(
    r"\bniche\b|\bjargon\b|\bspeciali[sz]ed (?:terms|vocabulary|language)\b|\btechnical terms\b|\bterms of art\b"
)
_GENERAL_DOMAIN = _p(
    r"\bgeneral\b|\beveryday\b|\bnothing special\b|\bnot (?:very |really )?speciali[sz]ed\b|\bplain language\b"
)
_DOMAIN_SPLIT = _p(r"\band\b|\bor\b|\bbut\b|/|,|\bbetween\b|\bversus\b|\bvs\.?")


def _domains_named(text: str) -> set[str]:
    """The domains a message names in its separate parts ("somewhere between finance and legal")."""
    named: set[str] = set()
    for part in _DOMAIN_SPLIT.split(text):
        if part and part.strip() and (domain := extract_slots(part).values.get("domain")):
            named.add(str(domain))
    return named


Clauses = list[tuple[str, dict[str, object]]]


def _clause_readings(text: str, question: str | None, scope: Scope, correction: bool) -> Clauses:
    """Each clause of a message read on its own (an empty list for a one-clause message): the second
    reader a value read from the whole message is checked against."""
    clauses = [c for c in _CLAUSE.split(text) if c and re.search(r"\w", c)]  # "low", "two A100s" count
    if len(clauses) < 2:
        return []
    reads = []
    for clause in clauses:
        read = read_answer(clause, question, scope, correction=correction, whole=False)
        reads.append((clause, {r.slot: r.value for r in read.applied + read.proposals}))
    return reads


def _clause_conflicts(reads: Clauses) -> dict[str, object]:
    """Slots that two clauses of one message fill with different single values, each with the value of
    the last clause that names it: the later statement is usually the qualification ("nothing leaves
    the EU, but an EU-hosted API is ok"). Clauses without a content word ("low", "2 A100s") are left out."""
    seen: dict[str, set[str]] = {}
    last: dict[str, object] = {}
    for clause, read in reads:
        if not _CONTENT_WORD.search(clause):
            continue
        for slot, value in read.items():
            if isinstance(value, list) or slot in ("specialised_domain", "rare_language"):
                continue
            seen.setdefault(slot, set()).add(str(value))
            last[slot] = value
    return {slot: last[slot] for slot, values in seen.items() if len(values) > 1}


def _unsupported(slot: str, value: object, reads: Clauses, current: object) -> bool:
    """A value no single clause gives: it was put together from several parts of the message
    ("100 an hour" + "open 10 hours a day"), or read across a clause boundary. Lists are supported
    when the clauses (and the plan) name every item between them."""
    if not reads or slot in ("use_case", "users"):
        return False
    given = [read[slot] for _, read in reads if slot in read]
    if isinstance(value, list) and slot in ("tasks", "languages"):
        # A clause read against the plan says nothing of items the plan already holds ("just the drafting").
        held = current if isinstance(current, list) else []
        named = {str(v).lower() for g in [*given, held] if isinstance(g, list) for v in g}
        return not {str(v).lower() for v in value} <= named
    return not any(_plain_value(g) == _plain_value(value) for g in given)


_UNREAD_WORDS = 3  # content words (four letters or more): "give or take", "company policy" are asides


def _unread_part(reads: Clauses) -> str | None:
    """The first clause that says something (three content words or more) and yields no reading; a
    clause that leaves a decision open ("they decide next month") was read as such."""
    for clause, read in reads:
        if not read and len(_CONTENT_WORD.findall(clause)) >= _UNREAD_WORDS and not pending_cue(clause):
            part = clause.strip(" ,;:-")
            return part if len(part) <= 60 else part[:57].rsplit(" ", 1)[0] + "…"
    return None


# A number written in digits ("700", "4", "3.5k", "1,200"); not part of a word ("P95", "A100", "GPT-4").
_DIGIT_NUMBER = re.compile(r"(?<![\w.\-/])\d[\d,.]*(?:\s?k\b)?(?![\w/])")
_YEAR = re.compile(r"(?:19|20)\d\d")
NUMERIC_SLOTS = (*RANGE_SLOTS, "start_date", "deadline", "budget")


def _unused_number(text: str, question: str | None, scope: Scope, correction: bool) -> str | None:
    """A number in the message that no reading depends on: taking it out changes nothing that was read.

    "3 people labelled 700 tickets", "one GPU node with 4 cards", "2 sprints of 2 weeks": when a number
    is left over, the numbers that were read may belong to something else, so they are offered."""
    numbers = list(_DIGIT_NUMBER.finditer(text))
    if not numbers:
        return None
    read = partial(read_answer, question=question, scope=scope, correction=correction, whole=False)
    base = read(text)
    # With how sure the reading is: "1 March" without its "1" still reads March, but only as a month.
    numeric = {r.slot: (r.value, r.confident) for r in base.applied + base.proposals if r.slot in NUMERIC_SLOTS}
    if not numeric:
        return None
    dated = "start_date" in numeric or "deadline" in numeric
    for m in numbers:
        if dated and _YEAR.fullmatch(m.group().strip()):
            continue  # "23 June 2027" reads the same date without its year: the year is part of it
        if _negated_at(text, m.start()):
            continue  # "12 weeks, not 20": the denied number is placed (it is what the plan is not)
        again = read(text[: m.start()] + " " + text[m.end() :])
        after = {r.slot: (r.value, r.confident) for r in again.applied + again.proposals if r.slot in NUMERIC_SLOTS}
        if after == numeric:
            return m.group().strip()
    return None


def _plain_value(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


_LIST_JOINT = _p(
    r"\s*(?:\+|&|;|,|\bplus\b|\band also\b|\bas well as\b|\bthen\b|(?<!\w)\d[.)](?=\s)|\bet\b|\bund\b|\by\b|\ben\b)\s*"
)
_CONTENT_WORD = _p(r"\b[a-z]{4,}\b")
_LIST_WORDS = 30


def _unread_list_part(text: str, slot: str = "tasks") -> bool:
    """A list where one part yields no reading at all ("translate them, plus shortening them for the
    displays" when shortening were unknown, "nederlands en een beetje fries"): the list read from the
    other parts may be short. For tasks, a part that names an activity no task rule knows counts too."""
    parts = [p for p in _LIST_JOINT.split(text) if p and p.strip()]
    if len(parts) < 2 or len(text.split()) > _LIST_WORDS:
        return False  # a pasted brief is read sentence by sentence, not as one list
    for part in parts:
        if len(_CONTENT_WORD.findall(part)) < 2:
            continue
        read = extract_slots(f"we need {part}").values
        if not any(v not in (None, [], False) for k, v in read.items() if not k.startswith("_")):
            return True
        if slot == "tasks" and not read.get("tasks") and (_ACTIVITY.search(part) or _DOES.search(part)):
            return True  # "and writing the product blurbs", "it should book the berth via their api"
    return False


# What the tool should do, said with a modal: "+ it should actually book the berth via their api".
_DOES = _p(
    r"^\W*(?:and\s+|also\s+|then\s+)?(?:it|we|they|the (?:bot|assistant|tool|model|system))\s+"
    r"(?:should|must|will|can|could|would|has to|have to|needs? to)\s+(?:also\s+|actually\s+|then\s+)?[a-z]{3,}"
)
# An activity in a list item: a verb in -ing ("writing", "checking"), not a thing ("morning", "building").
_ACTIVITY = _p(
    r"^\W*(?:and\s+|also\s+|then\s+)?(?!(?:morning|evening|nothing|something|anything|everything|during|building|meeting"
    r"|housing|clothing|funding|pricing|booking|training|string|spring|thing|king|ring)\b)[a-z]{3,}ing\b"
)


def _team_domain(text: str, denied: list[object]) -> str | None:
    """The domain as the team named it: the first short clause that is not negated, a language or filler."""
    for clause in re.split(r"[,;.!?:()]|\s[-\u2013\u2014]\s|\bbut\b", text):
        words = _DOMAIN_TAIL.sub("", _DOMAIN_LEAD.sub("", clause.strip().lower())).strip(" '\"")
        words = re.sub(r"\s+in\s+[a-z]+$", "", words)  # "betting regulation in malta": the place is not the domain
        size = len([w for w in words.split() if w not in ("/", "&", "+")])
        if not words or _NEGATION.search(clause) or _NOT_A_DOMAIN.search(words) or size > 3:
            continue
        if is_language_name(words):
            continue  # "… dutch, turkish, polish": a language in a list, not a domain
        other = extract_slots(words).values
        if words in {str(d).lower() for d in denied} or any(
            v not in (None, [], False) for k, v in other.items() if k not in ("domain", "specialised_domain")
        ):
            continue  # a language, a frequency, a number …: an answer to another question, not a domain
        if re.fullmatch(r"[a-z][a-z&/ -]*", words):
            return _DOMAIN_WORDS.get(words, words)  # the known synonyms keep their usual label
    return None


def _weak_cues(
    text: str, values: dict[str, object], question: str | None = None, scope: Scope | None = None
) -> dict[str, str]:
    """Slots whose reading rests on weak evidence, with the reason shown to the team.

    With a `scope`, each clause is also read as an answer to `question` ("not tiny either" on the
    budget question), not only by the question-free slot rules.

    May also widen a single number to the range it belongs to ("30-50k" read as 50,000 -> [30000, 50000]),
    and scale an hourly rate to the hours the team stated.
    """
    out: dict[str, str] = {}
    # One end of a stated range is never the answer on its own: keep both ends and offer them.
    ranges = [q for q in find_quantities(text) if q.is_range]
    for slot in RANGE_SLOTS:
        value = values.get(slot)
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        for q in ranges:
            owner = _range_owner(text, q.end)
            if owner is not None and owner != slot:
                continue  # "3-6 months, me plus two": the range has a unit of another slot
            if any(abs(float(value) - end) < 1e-6 for end in (q.lo, q.hi)):
                lo, hi = (round(q.lo), round(q.hi)) if slot != "latency_seconds" else (q.lo, q.hi)
                values[slot] = [lo, hi]
                out[slot] = "a range: confirm the working figure"
                break
    # A daily rate converted from an hourly one assumes traffic around the clock; a range keeps both ends.
    rate = values.get("requests_per_day")
    if isinstance(rate, int | list) and not isinstance(rate, bool) and _SUB_DAILY.search(text):
        if (hours := _open_hours(text)) is not None:
            scaled = [round(float(v) / 24 * hours) for v in (rate if isinstance(rate, list) else [rate])]
            values["requests_per_day"] = scaled if isinstance(rate, list) else scaled[0]
        out["requests_per_day"] = "converted from a rate per hour: check the daily figure"
    # "names and bank details stay in-house … anonymised material may go out": answered both ways.
    for slot in both_ways(text):
        if slot in values:
            out[slot] = "you said it both ways: pick one"
    # "daily in summer, hardly at all in winter": two rates, the team picks the one to plan for.
    if "documents_change" in values and len(documents_change_rates(text)) > 1:
        out["documents_change"] = "you gave more than one rate: which one should the plan use?"
    # Anonymising before sending means the raw data holds personal data ("all anonymised" aside).
    if values.get("personal_data") is False and _ANONYMISED.search(text) and not _ALL_ANONYMISED.search(text):
        values["personal_data"] = True
        out["personal_data"] = "you anonymise part of it: so the raw data is personal?"
    # "somewhere in between: … could go to a hosted API, … never": hosting for part of the data only.
    if "hosted_allowed" in values and _IN_BETWEEN.search(text):
        out["hosted_allowed"] = "somewhere in between: which data may go to a hosted model?"
    # Who counts as vulnerable is the team's call: a word like "kids" or "patients" elsewhere in the
    # message only suggests it. Written only when the users themselves are named so ("patients").
    users = values.get("users")
    named_users = (isinstance(users, str) and _VULNERABLE.search(users)) or any(
        not _turned(clause) for clause in _CLAUSE_SPLIT.split(text) if clause and _VULNERABLE_AUDIENCE.search(clause)
    )
    if values.get("vulnerable_users") is True and not named_users:
        out["vulnerable_users"] = "inferred from who you named: are they vulnerable users?"
    # Output that people check before it reaches the audience ("the bookers check everything before it
    # goes to clients") is a draft: whether that is customer-facing is the team's call.
    if values.get("customer_facing") is not False and _CHECKED_FIRST.search(text):
        values["customer_facing"] = False
        out["customer_facing"] = "someone checks it before it goes out: so not customer-facing?"
    # On the load question, "no rush" / "nobody waits for it" is a guess at batch, not a statement.
    if question == "load" and "latency" not in values and _NO_RUSH.search(text):
        values["latency"] = "batch"
        out["latency"] = "nobody waits for it: is overnight (batch) fine?"
    if question == "load" and "latency" not in values and _WHILE_WAITING.search(text):
        values["latency"] = "interactive"
        out["latency"] = "someone waits for it: is a few seconds fine (interactive)?"
    if question == "load" and "latency_seconds" not in values and _A_MINUTE.search(text):
        values["latency_seconds"] = 60.0
        out["latency_seconds"] = "is a minute the response time?"
    # "call it medium", "budget: large": a level said outright anywhere in a budget answer.
    if question == "budget" and "budget" not in values and (m := _BUDGET_SAID.search(text)) is not None:
        values["budget"] = _LEVEL_CANON.get(m["v"].lower(), m["v"].lower())
    # On the budget question, "no budget really" is a small budget.
    if question == "budget" and "budget" not in values and _NO_BUDGET.search(text):
        values["budget"] = "small"
        out["budget"] = "no money set aside: is that a small budget?"
    # Two amounts of the same kind of time in one answer ("between 6 weeks and 2 months", "100 an hour,
    # open 10 hours a day", "2 s normally, 10 s at peak"): which one the slot holds is a guess.
    for slot, kinds in _TIME_RIVALS.items():
        if slot in values and len(_timed_quantities(text, kinds)) >= 2:
            out.setdefault(slot, "you gave more than one amount of time: check the figure")
    # "a couple hundred", "a few thousand", "dozens": a vague amount has no single right number.
    if _VAGUE_AMOUNT.search(text):
        for slot in (*_COUNT_SLOTS, "latency_seconds"):
            # "nobody labelled anything … every few months": none is not a rough amount.
            if slot in values and not isinstance(values[slot], list) and values[slot] not in (0, False):
                out.setdefault(slot, "a rough amount: confirm the working figure")
    # "1.200" is 1,200 in Dutch and 1.2 in English.
    if _DOT_THOUSANDS.search(text):
        for slot in (*_COUNT_SLOTS, "latency_seconds"):
            if slot in values:
                out[slot] = "read a number with a dot in it: check it"
    # A domain named by a word the team did not use was inferred from related words.
    domain = values.get("domain")
    if isinstance(domain, str) and not _stems_in(domain, text):
        out["domain"] = INFERRED_DOMAIN
    # A value read only from clauses that say "not", "no", "stop" … (the negation may turn it) or only
    # from a condition ("depends on whether it quotes prices to customers"): each clause is read once.
    turned, conditional = _turned(text), _CONDITIONAL.search(text) is not None
    clauses = [c for c in _CLAUSE_SPLIT.split(text) if c and c.strip()] if turned or conditional else []
    reads = [(c, _clause_values(c, question, scope)) for c in clauses]
    for slot, value in values.items():
        if slot in ("use_case", "users") or slot in out:
            continue
        sources = [c for c, read in reads if read.get(slot) == value]
        if not sources:
            continue
        negated = turned and not (isinstance(value, list) and slot in RANGE_SLOTS) and all(_turned(c) for c in sources)
        # "no labels", "not customer-facing": the rule read the negation itself.
        if negated and not ((value is False or value == 0) and not any(_REVERSING.search(c) for c in sources)):
            out[slot] = "read from a sentence with a negation: is this right?"
        elif conditional and all(_CONDITIONAL.search(c) for c in sources):
            out[slot] = "read from a condition ('if', 'whether'): is it so?"
    return out


def _clause_values(clause: str, question: str | None, scope: Scope | None) -> dict[str, object]:
    values = dict(extract_slots(clause).values)
    if scope is not None:
        read = read_answer(clause, question, scope, correction=False, whole=False)
        for reading in read.applied + read.proposals:
            values.setdefault(reading.slot, reading.value)
    return values


# "not legal", "we don't have 10k examples", "rather than English": what follows says what the value is not.
_NEGATED_PHRASE = _p(
    r"(?:\bnot(?!\s+(?:just|only|merely|simply)\b)|\bno longer|n't(?:\s+(?:have|want|need|use|be|do))?|\bnever|\binstead of|\brather than)\s+"
    r"(?:(?:a|an|the|our|really|quite|exactly|just|only)\s+)?(?P<x>\w(?:[\w&+'-]|[.,](?=\d))*(?:\s+(?!(?:but|rather|instead)\b)\w(?:[\w&+'-]|[.,](?=\d))*){0,2})"
)
_NOT_A_VALUE = _p(
    r"^(?:sure|yet|much|many|so|too|very|that|this|it|all|always|really|quite|everything|anything|something|bad|great|"
    r"perfect|needed|necessary|allowed|possible|decided|approved|signed|confirmed|clear|known|certain|\d+%)\b"
)
_LEVELS_OF = {
    "quality_bar": ("low", "medium", "high"),
    "budget": ("small", "medium", "large"),
}
_LEVEL_WORDS_OF = {
    "quality_bar": r"very high|high|hoog|medium|moderate|middel|low|laag",
    "budget": r"small|tiny|tight|limited|medium|moderate|large|big|generous",
}
_BARE_HOSTING = _p(
    r"^\W*(?:(?:absolutely|definitely|certainly|hell|oh|so|then|ok|well|honestly|i think|probably)[,\s]+)*"
    r"(?:(?P<no>no|nope|nee|nein|non|never|no way|not allowed|(?:not|no) (?:hosted|api|apis|cloud|external apis?)|make it a no)"
    r"|(?P<yes>yes|yep|yeah|ja|oui|sí|si|sure|go ahead|hosted is (?:fine|ok|okay)|fine|ok|okay|allowed))"
    r"(?:\s*,?\s*(?:no|never|sorry|thanks|full stop|period|obviously|of course))*\W*$"
)
_SARCASM = _p(r"[\U0001F644\U0001F643]|\bwhat could (?:possibly )?go wrong\b|\byeah right\b")
_BARE_LEVEL_SLOT = {"budget": "budget", "quality": "quality_bar"}
_PARTS = re.compile(r"[,;.!?()]|\s[-\u2013\u2014]\s")
_BARE_LEVEL = _p(
    r"^\W*(?:(?:probably|maybe|prob|i'?d say|i guess|i think|definitely|honestly|so|ok|okay|well|then|just|realistically"
    r"|let'?s say|budget|quality)\s*:?\s+)*(?:very |quite |pretty |rather |really |super )?(?P<v>small|tiny|medium|moderate|large|big"
    r"|low|high)(?:-?ish)?(?:\s+(?:probably|i guess|i think|really|obviously|then|tbh|honestly))*\W*$"
)
_LEVEL_CANON = {
    **_LEVEL,
    "tiny": "small",
    "tight": "small",
    "limited": "small",
    "small": "small",
    "big": "large",
    "generous": "large",
    "large": "large",
}


def _level_range(text: str, question: str | None) -> dict[str, list[str]]:
    """Two different levels given as a range ("medium to high", "between small and medium")."""
    out: dict[str, list[str]] = {}
    for slot, words in _LEVEL_WORDS_OF.items():
        if question is not None and QUESTION_SLOTS.get(question, ())[:1] != (slot,):
            continue
        pattern = _p(rf"\b({words})\s*(?:to|-|\u2013|/|or|and|,)\s*(?:maybe\s+|possibly\s+)?({words})\b")
        m = pattern.search(text)
        if m is None:
            continue
        levels = {_LEVEL_CANON[m[1].lower()], _LEVEL_CANON[m[2].lower()]}
        if slot == "budget":
            levels = {"medium" if v == "medium" else v for v in levels}
        if len(levels) == 2:
            out[slot] = sorted(levels, key=_LEVELS_OF[slot].index)
    return out


# A value rejected after it is named: "the dutch was wrong", "low is not ok", "medium won't cut it".
_DENIED_AFTER = _p(
    r"\b(?P<x>[\w-]+)\s+(?:was|is|were|are|would be)\s+(?:wrong|a mistake|a typo|incorrect"
    r"|not (?:ok|okay|acceptable|an option|fine|good enough|right|correct|enough))\b"
    r"|\b(?P<z>[\w-]+)\s+(?:isn'?t|is not|aren'?t|are not|is no longer|are no longer)\s+(?:needed|required|necessary|wanted|relevant)\b"
    r"|\b(?P<y>[\w-]+)\s+(?:isn'?t|wasn'?t|won'?t|wouldn'?t)\s+(?:be )?(?:ok|okay|acceptable|right|correct|an option|do|cut it|enough|it)\b"
    # A list answered item by item: "chat yes, code no, translation no thx", "translation: no".
    r"|(?:^|[,;/]\s*)(?P<w>[\w-]+(?:\s[\w-]+)?)\s*:?\s+(?:no|nope|nah|nee|nein|not needed|not really)\b(?=\s*(?:thx|thanks|pls)?\s*(?:[,;./!]|$))"
)


_ABILITY = _p(r"^(?:read|speak|write|understand|know|like|master)\b")


def _negated_values(text: str) -> dict[str, list[object]]:
    """Per slot, the values the team said it is *not*."""
    out: dict[str, list[object]] = {}
    phrases = [m["x"] for m in _NEGATED_PHRASE.finditer(text)]
    phrases += [m["x"] or m["y"] or m["z"] or m["w"] for m in _DENIED_AFTER.finditer(text)]
    for phrase in phrases:
        if _ABILITY.match(phrase):
            continue  # "coordinators don't read dutch well" is about people, not what the product speaks
        if _NOT_A_VALUE.match(phrase):
            continue
        read = dict(extract_slots(f"we need {phrase}").values)
        if (level := _LEVEL_ANY.match(phrase)) is not None:
            read["quality_bar"] = _LEVEL[level.group().lower()]
        first = phrase.split()[0].lower()
        if first in _DOMAIN_WORDS:
            read["domain"] = _DOMAIN_WORDS[first]
        numbers = [q for q in find_quantities(phrase)]
        for slot, value in read.items():
            if slot in ("specialised_domain", "rare_language"):
                continue
            out.setdefault(slot, []).extend(value if isinstance(value, list) and slot not in RANGE_SLOTS else [value])
        if numbers:
            out.setdefault("_numbers", []).extend(q.lo for q in numbers)
    if "_numbers" in out:
        denied = out.pop("_numbers")
        for slot in RANGE_SLOTS:
            out.setdefault(slot, []).extend(denied)
    return out


def _denies_current(scope: Scope, slot: str, denied: list[object]) -> bool:
    current = getattr(scope, slot, None)
    if current in (None, []):
        return False
    if isinstance(current, list):
        return bool({str(v).lower() for v in current} & {str(d).lower() for d in denied})
    return any(current == d or str(current).lower() == str(d).lower() for d in denied)


def _instead(text: str, slot: str, question: str | None, scope: Scope, denied: list[object]) -> object | None:
    """What the value is, once the part the team denied is taken out ("not legal - it's HR" -> hr)."""
    rest = _NEGATED_PHRASE.sub(" ", text)
    values = dict(extract_slots(rest).values)
    values.update(_cues(rest, question, scope, False))
    value = values.get(slot)
    if value in denied:
        value = None
    if value is None and slot in RANGE_SLOTS and slot in QUESTION_SLOTS.get(question or "", ()):
        numbers = [q for q in find_quantities(rest) if not q.is_range]
        if len(numbers) == 1:
            value = round(numbers[0].lo) if slot != "latency_seconds" else numbers[0].lo
    if value is None and slot == "domain":
        for word, label in _DOMAIN_WORDS.items():
            if label not in denied and re.search(rf"\b{re.escape(word)}\b", rest, _I):
                value = label
                break
    return None if value is None or value in denied else value


def _dates_clash(slot: str, value: object, values: dict[str, object], scope: Scope) -> str:
    """A deadline on or before the start is surely misread (or a typo): never applied without a click."""
    start = values.get("start_date", scope.start_date) if slot == "deadline" else value
    deadline = value if slot == "deadline" else values.get("deadline", scope.deadline)
    if isinstance(start, date) and isinstance(deadline, date) and deadline <= start:
        return f"the deadline ({deadline:%d %b %Y}) is not after the start ({start:%d %b %Y})"
    return ""


_REMOVED_PHRASE = _p(
    r"\b(?:than|not(?!\s+(?:just|only|merely|simply)\b)|no|scratch(?:ed)?|no longer|instead of|drop(?:ped)?|without|forget(?: about)?"
    r"|remove[d]?|leave out|left out|skip(?:ped)?|ditch(?:ed)?|scrap(?:ped)?|stopped|take out|took out|get rid of|got rid of|no need for|cut)"
    # What is taken back stops where the sentence turns: "not german - norwegian", "not chat but Q&A".
    r"\s+(?P<x>(?:(?!(?:but|rather|instead)\b)\w[\w&-]*\s+){0,3}(?!(?:but|rather|instead)\b)\w[\w&-]*)"
)
# Taking a list item back without calling it a correction: "forget the API calling part".
# "take translation out", "leave the chat bit out": the item between the verb and "out".
_TAKE_X_OUT = _p(r"\b(?:take|leave|cut|strike|cross)\s+(?P<x>(?:the\s+)?[\w-]+(?:\s+[\w-]+)?)\s+out\b")
# The verdict after the item: "translation is out", "the chat part's gone", "summaries are no longer needed".
_X_IS_OUT = _p(
    r"\b(?P<x>(?:[\w&-]+\s+){0,2}[\w&-]+)\s*(?:\s(?:is|are)|'s)\s+(?:out|gone|off the (?:list|table)|dropped|cancelled"
    r"|(?:not|no longer) (?:needed|wanted|in scope|happening))\b"
)
_TAKE_OUT = _p(
    r"\b(?:forget(?: about)?|remove[d]?|leave out|left out|drop(?:ped)?|ditch(?:ed)?|scrap(?:ped)?|take out|took out|get rid of"
    r"|got rid of|scratch(?:ed)?|no need for)\s+\w"
)


# What a team calls a task when it takes it back: "forget the API part", "drop the drafting bit".
_TASK_NICKNAMES: dict[str, re.Pattern[str]] = {
    "actions": _p(r"\bapis?\b|\btool(?:s| use| calls?)?\b|\bbookings?\b|\bactions?\b|\bintegrations?\b"),
    "chat": _p(r"\bchat\w*"),
    "translation": _p(r"\btranslat\w*"),
    "summarisation": _p(r"\bsummar\w*"),
    "classification": _p(r"\bclassif\w*|\bcategori\w*|\btagging\b|\brouting\b"),
    "extraction": _p(r"\bextract\w*"),
    "question_answering": _p(r"\bq ?& ?a\b|\bquestion[- ]answering\b|\banswering\b"),
    "content_generation": _p(r"\bdraft\w*|\bwriting\b|\bgeneration\b"),
    "code_generation": _p(r"\bcod(?:e|ing)\b"),
}


# The team's own earlier answer, named to correct it: "i said classification but we actually need …".
_SAID_BEFORE = _p(r"\b(?:i|we) (?:said|put|wrote|answered)\s+(?P<x>[^.!?,;]{1,40}?)\s*,?\s(?:but|no)\b")


def taken_back(text: str, slot: str) -> set[str]:
    """The list items a message takes back, lower-cased: denied ("not translation") or removed ("scratch X")."""
    text = normalise(text)
    named = [*_negated_values(text).get(slot, []), *_removed_items(text, slot)]
    return {str(v).lower() for v in named}


def _removed_items(text: str, slot: str) -> list[object]:
    """List items a correction takes back: "more Q&A than chat", "scratch translation", "forget the API part"."""
    out: list[object] = []
    for m in [
        *_REMOVED_PHRASE.finditer(text),
        *_SAID_BEFORE.finditer(text),
        *_TAKE_X_OUT.finditer(text),
        *_X_IS_OUT.finditer(text),
    ]:
        read = extract_slots(f"we need {m['x']}").values.get(slot)
        if isinstance(read, list) and read:
            out += read
        elif slot == "tasks":
            out += [task for task, name in _TASK_NICKNAMES.items() if name.search(m["x"])]
    return out


def _merged(current: list[object], value: list[object]) -> list[object]:
    """The two lists joined, each item once whatever its case ("german" and "German")."""
    seen: dict[str, object] = {}
    for item in [*current, *value]:
        seen.setdefault(str(item).lower(), item)
    return list(seen.values())


def _same(current: object, value: object) -> bool:
    if isinstance(current, list) and isinstance(value, list):
        return set(map(str, value)) == set(map(str, current))
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


def slot_choices(slot: str) -> list[object] | None:
    """The values a slot can take, for a one-click widget; None for free text and numbers."""
    from typing import get_args, get_origin

    field = Scope.model_fields.get(slot)
    if field is None:
        return None
    annotation = field.annotation
    for arg in (annotation, *get_args(annotation)):
        if arg is bool:
            return [True, False]
        if get_origin(arg) is Literal:
            return list(get_args(arg))
        if get_origin(arg) is list:
            inner = get_args(arg)[0] if get_args(arg) else None
            if inner is not None and get_origin(inner) is Literal:
                return list(get_args(inner))
    return None
