"""What a kickoff workshop produces beside the plan: participants, decisions, actions, a risk
register, sign-offs, a parking lot, and the facilitator's agenda and timer.

Everything here is data plus pure functions (no Streamlit, no storage): the session saves a
`Workshop` with the plan, the app draws it, exports print it. Notes typed in the chat
("decision: …", "action: Ana drafts the golden set by Friday", "risk: …", "park: …",
"sign-off: legal approved") become records through `parse_note`; dates in words go
through `dateparser` (English and Dutch, among others).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from assistant.plan.schema import Citation, StageId
from assistant.plan.scope import Scope

Role = Literal["facilitator", "product", "ml", "engineering", "legal", "security", "data_protection", "other"]
Level = Literal["low", "medium", "high"]
RiskCategory = Literal[
    "hallucination", "toxicity", "privacy", "bias", "ip", "security", "cost", "schedule", "data", "other"
]
SignOffStatus = Literal["pending", "approved", "rejected"]


def _now() -> datetime:
    return datetime.now(UTC)


def _id() -> str:
    return uuid.uuid4().hex[:8]


class Participant(BaseModel):
    name: str
    role: Role = "other"
    joined_at: datetime = Field(default_factory=_now)


class Decision(BaseModel):
    id: str = Field(default_factory=_id)
    question: str = Field("", description="What was decided about; may be empty when the note only gives the choice.")
    options: list[str] = Field(default_factory=list, description="Options the team considered.")
    choice: str
    reason: str = ""
    stage: StageId | None = None
    who: str = ""
    when: datetime = Field(default_factory=_now)


class Action(BaseModel):
    id: str = Field(default_factory=_id)
    what: str
    owner: str = ""
    due: date | None = None
    status: Literal["open", "done", "dropped"] = "open"
    who: str = Field("", description="Who recorded it.")
    when: datetime = Field(default_factory=_now)


class RiskItem(BaseModel):
    id: str = Field(default_factory=_id)
    description: str
    category: RiskCategory = "other"
    likelihood: Level = "medium"
    impact: Level = "medium"
    mitigation: str = ""
    owner: str = ""
    sources: list[Citation] = Field(default_factory=list)


class SignOff(BaseModel):
    party: str = Field(description="Who must approve: legal, IT security, data protection, works council…")
    status: SignOffStatus = "pending"
    note: str = ""


class ParkedQuestion(BaseModel):
    text: str
    who: str = ""
    when: datetime = Field(default_factory=_now)


class AgendaItem(BaseModel):
    section: str
    minutes: int = Field(gt=0, le=240)


class Workshop(BaseModel):
    participants: list[Participant] = Field(default_factory=list)
    decisions: list[Decision] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    risks: list[RiskItem] = Field(default_factory=list)
    sign_offs: list[SignOff] = Field(default_factory=list)
    parking_lot: list[ParkedQuestion] = Field(default_factory=list)
    agenda: list[AgendaItem] = Field(default_factory=list)
    section: int | None = Field(None, description="Index of the agenda section running now; None before the start.")
    section_started_at: datetime | None = None


# ------------------------------------------------------------------ agenda and timer
DEFAULT_AGENDA = [
    AgendaItem(section="Scope: use case, users, success criteria", minutes=20),
    AgendaItem(section="Select: existing model or pretrain, hosting", minutes=15),
    AgendaItem(section="Adapt & align: prompting, fine-tuning, evaluation", minutes=20),
    AgendaItem(section="Application integration: deploy, augment", minutes=15),
    AgendaItem(section="Risks and sign-offs", minutes=15),
    AgendaItem(section="Next steps: decisions and actions", minutes=10),
]


class TimerState(BaseModel):
    section: str
    elapsed_s: int
    remaining_s: int = Field(description="Negative when the section runs over its time box.")
    overrun: bool


def timer(workshop: Workshop, now: datetime) -> TimerState | None:
    if workshop.section is None or workshop.section_started_at is None or not workshop.agenda:
        return None
    item = workshop.agenda[workshop.section]
    elapsed = int((now - workshop.section_started_at).total_seconds())
    remaining = item.minutes * 60 - elapsed
    return TimerState(section=item.section, elapsed_s=elapsed, remaining_s=remaining, overrun=remaining < 0)


def advance(workshop: Workshop, now: datetime) -> Workshop:
    """Start the workshop, or move to the next section (the last one stays)."""
    agenda = workshop.agenda or list(DEFAULT_AGENDA)
    nxt = 0 if workshop.section is None else min(workshop.section + 1, len(agenda) - 1)
    return workshop.model_copy(update={"agenda": agenda, "section": nxt, "section_started_at": now})


# ------------------------------------------------------------------ notes typed in the chat
_NOTE = re.compile(
    r"^\s*(?P<kind>decision|decided|action(?:\s+item)?|todo|risk|park(?:ing lot)?|parked|sign[- ]?off)"
    r"(?:\s+for\s+(?P<for>[A-Z][\w-]+))?\s*[:\-–]\s*(?P<body>.+)$",
    re.I | re.S,
)
_REASON = re.compile(r"\s+(?:because|since|as|so that|—|--)\s+", re.I)
_DUE = re.compile(r"\s+(?:by|before|due|until|on)\s+(?P<when>[^,.;]+?)\s*[.!]?$", re.I)
_NOT_A_NAME = {"we", "the", "our", "team", "someone", "everyone", "i", "they", "all", "a", "an"}
_STATUS_WORDS: dict[str, SignOffStatus] = {
    "approved": "approved",
    "signed off": "approved",
    "agreed": "approved",
    "ok": "approved",
    "rejected": "rejected",
    "refused": "rejected",
    "blocked": "rejected",
    "pending": "pending",
    "waiting": "pending",
    "not yet": "pending",
    "tbd": "pending",
}
_LEVEL = re.compile(r"\b(?P<level>low|medium|high)\s+(?P<what>likelihood|probability|impact|severity)\b", re.I)
CATEGORY_WORDS: dict[RiskCategory, tuple[str, ...]] = {
    "hallucination": ("hallucinat", "made-up", "wrong answer", "confident", "fabricat", "inaccura"),
    "toxicity": ("toxic", "offensive", "harmful", "abusive", "insult"),
    "privacy": ("privacy", "personal data", "pii", "gdpr", "salary", "leak", "confidential", "avg"),
    "bias": ("bias", "unfair", "discriminat", "stereotyp"),
    "ip": ("copyright", "licen", "intellectual property", " ip ", "plagiar"),
    "security": ("injection", "jailbreak", "attack", "security", "exfiltrat"),
    "cost": ("cost", "budget", "expensive", "spend"),
    "schedule": ("deadline", "late", "delay", "schedule", "timeline"),
    "data": ("labelled", "labeled", "data quality", "too few examples", "no data"),
}

Note = Decision | Action | RiskItem | ParkedQuestion | SignOff


def parse_due(text: str, today: date) -> date | None:
    import dateparser  # a second to import; only notes with a date need it

    parsed = dateparser.parse(
        text,
        settings={"PREFER_DATES_FROM": "future", "RELATIVE_BASE": datetime(today.year, today.month, today.day)},
    )
    return parsed.date() if parsed else None


def risk_category(text: str) -> RiskCategory:
    lowered = f" {text.lower()} "
    for category, words in CATEGORY_WORDS.items():
        if any(w in lowered for w in words):
            return category
    return "other"


def parse_note(text: str, author: str, today: date, stage: StageId | None = None) -> Note | None:
    """A workshop note typed in the chat, or None when the message is not one."""
    m = _NOTE.match(text)
    if not m:
        return None
    kind, body = m.group("kind").lower(), m.group("body").strip()
    if kind.startswith(("decid", "decis")):
        choice, reason = _split_reason(body)
        return Decision(choice=choice, reason=reason, stage=stage, who=author)
    if kind.startswith(("action", "todo")):
        owner = m.group("for") or ""
        what = body
        if not owner:
            first, _, rest = body.partition(" ")
            if first[:1].isupper() and first.lower() not in _NOT_A_NAME and rest:
                owner, what = first.rstrip(":,"), rest
        due = None
        found = _DUE.search(what)
        if found:
            due = parse_due(found.group("when"), today)
            if due is not None:
                what = what[: found.start()]
        return Action(what=what.strip().rstrip("."), owner=owner, due=due, who=author)
    if kind == "risk":
        levels = {g.group("what").lower(): g.group("level").lower() for g in _LEVEL.finditer(body)}
        likelihood = levels.get("likelihood") or levels.get("probability") or "medium"
        impact = levels.get("impact") or levels.get("severity") or "medium"
        description = _LEVEL.sub("", body).strip(" ,;()")
        return RiskItem(
            description=description,
            category=risk_category(description),
            likelihood=likelihood,  # the regex admits only low/medium/high; pydantic validates it
            impact=impact,
            owner="",
        )
    if kind.startswith("park"):
        return ParkedQuestion(text=body, who=author)
    party, status = body, "pending"
    lowered = body.lower()
    for word, value in _STATUS_WORDS.items():
        if re.search(rf"\b{re.escape(word)}\b", lowered):
            party = re.sub(rf"\s*\b{re.escape(word)}\b\s*", " ", body, flags=re.I).strip(" :,-")
            status = value
            break
    return SignOff(party=party, status=status)


def _split_reason(body: str) -> tuple[str, str]:
    parts = _REASON.split(body, maxsplit=1)
    return (parts[0].strip().rstrip("."), parts[1].strip().rstrip(".")) if len(parts) == 2 else (body.rstrip("."), "")


def describe_note(note: Note) -> str:
    """The chat's confirmation of what was recorded, so a misread note is seen at once."""
    if isinstance(note, Decision):
        return f"Recorded the decision: **{note.choice}**" + (f" — because {note.reason}." if note.reason else ".")
    if isinstance(note, Action):
        owner = note.owner or "no owner yet"
        due = f", due {note.due:%a %d %b}" if note.due else ""
        return f"Recorded the action for {owner}{due}: **{note.what}**."
    if isinstance(note, RiskItem):
        return (
            f"Added to the risk register ({note.category}; likelihood {note.likelihood}, impact {note.impact}): "
            f"**{note.description}**."
        )
    if isinstance(note, ParkedQuestion):
        return f"Parked for later: **{note.text}**."
    return f"Sign-off — **{note.party}**: {note.status}."


def add_note(workshop: Workshop, note: Note) -> Workshop:
    field = {
        Decision: "decisions",
        Action: "actions",
        RiskItem: "risks",
        ParkedQuestion: "parking_lot",
        SignOff: "sign_offs",
    }[type(note)]
    items = list(getattr(workshop, field))
    if isinstance(note, SignOff):
        # One row per party: a later note updates it.
        items = [s for s in items if s.party.lower() != note.party.lower()]
    items.append(note)
    return workshop.model_copy(update={field: items})


# ------------------------------------------------------------------ risk register
Finder = Callable[[str], list[Citation]]

_SEEDS: list[tuple[RiskCategory, str, str, str]] = [
    (
        "hallucination",
        "Confident but wrong answers (hallucination)",
        "Ground answers in retrieved passages with citations; refuse when nothing relevant is found.",
        "how to reduce hallucination in LLM answers",
    ),
    (
        "toxicity",
        "Harmful or offensive outputs reach users",
        "Guardrails on input and output, red-teaming before launch, a human review path.",
        "toxicity harmful outputs guardrails",
    ),
    (
        "privacy",
        "Personal or confidential data in prompts, logs or training data",
        "Minimise and redact personal data; keep it inside your environment; set log retention.",
        "privacy personal data LLM",
    ),
    (
        "bias",
        "Biased or unfair outputs for some groups of users",
        "Test on a golden set covering the groups affected; review samples with the people concerned.",
        "bias fairness in model outputs",
    ),
    (
        "ip",
        "Generated text or code reproduces copyrighted material or violates a licence",
        "Check model and data licences; filter near-verbatim reproductions; keep a human in the loop for publication.",
        "intellectual property licence of models and generated content",
    ),
]


def seed_risks(scope: Scope, find: Finder) -> list[RiskItem]:
    """The register a team starts from: the lifecycle's risk families that this scope makes likely, cited."""
    customer = bool(scope.customer_facing)
    generative = bool(set(scope.tasks) & {"chat", "content_generation", "question_answering", "code_generation"})
    wanted: dict[RiskCategory, tuple[Level, Level]] = {
        "hallucination": ("high" if generative else "medium", "high" if scope.quality_bar == "high" else "medium")
    }
    if customer or "chat" in scope.tasks:
        wanted["toxicity"] = ("medium", "high" if customer else "medium")
    if (
        scope.personal_data
        or scope.hosted_allowed is False
        or (scope.domain or "").lower() in {"hr", "medical", "legal"}
    ):
        wanted["privacy"] = ("medium", "high")
    if customer or (scope.domain or "").lower() in {"hr", "finance", "legal", "medical"}:
        wanted["bias"] = ("medium", "high")
    if set(scope.tasks) & {"content_generation", "code_generation"}:
        wanted["ip"] = ("medium", "medium")
    out = []
    for category, description, mitigation, query in _SEEDS:
        if category in wanted:
            likelihood, impact = wanted[category]
            out.append(
                RiskItem(
                    description=description,
                    category=category,
                    likelihood=likelihood,
                    impact=impact,
                    mitigation=mitigation,
                    sources=find(query),
                )
            )
    return out


# ------------------------------------------------------------------ closing summary
def closing_summary(workshop: Workshop, open_questions: list[str]) -> str:
    """What the team leaves with: decisions, actions, open questions, pending sign-offs (Markdown)."""

    def section(title: str, lines: list[str]) -> list[str]:
        return [f"**{title}**", *(lines or ["- none"]), ""]

    decisions = [f"- {d.choice}" + (f" — because {d.reason}" if d.reason else "") for d in workshop.decisions]
    actions = [
        f"- {a.what} — {a.owner or 'owner to be named'}" + (f", due {a.due:%a %d %b}" if a.due else "")
        for a in workshop.actions
        if a.status == "open"
    ]
    pending = [f"- {s.party}" for s in workshop.sign_offs if s.status == "pending"]
    parked = [f"- {p.text}" for p in workshop.parking_lot]
    return "\n".join(
        section("Decisions", decisions)
        + section("Actions", actions)
        + section("Open questions", [f"- {q}" for q in open_questions] + parked)
        + section("Pending sign-offs", pending)
    ).rstrip()


def overdue(workshop: Workshop, today: date) -> list[Action]:
    return [a for a in workshop.actions if a.status == "open" and a.due is not None and a.due < today]
