"""What a kickoff workshop produces beside the plan: participants, decisions, actions, a risk
register, sign-offs, a parking lot, and the facilitator's agenda and timer.

Everything here is data plus pure functions (no Streamlit, no storage): the session saves a
`Workshop` with the plan, the app draws it, exports print it. Notes typed in the chat
("decision: …", "action: Ana drafts the golden set by Friday", "risk: …", "park: …",
"sign-off: legal approved") become records through `parse_note`; dates in words go
through `dateparser` (English and Dutch, among others).
"""

from __future__ import annotations

import hashlib
import re
import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

from pydantic import BaseModel, Field, ValidationError, model_validator

from assistant.plan.schema import Citation, StageId
from assistant.plan.scope import Scope

Role = Literal["facilitator", "product", "ml", "engineering", "legal", "security", "data_protection", "other"]
Level = Literal["low", "medium", "high"]
RiskCategory = Literal[
    "hallucination", "toxicity", "privacy", "bias", "ip", "security", "cost", "schedule", "data", "other"
]
SignOffStatus = Literal["pending", "approved", "rejected"]
RISK_CATEGORIES: tuple[str, ...] = get_args(RiskCategory)


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
    edited_by: str = Field("", description="Who last changed it in the Plan tab.")


class Action(BaseModel):
    id: str = Field(default_factory=_id)
    what: str
    owner: str = ""
    due: date | None = None
    status: Literal["open", "done", "dropped"] = "open"
    who: str = Field("", description="Who recorded it.")
    when: datetime = Field(default_factory=_now)
    edited_by: str = Field("", description="Who last changed it in the Plan tab.")


class RiskItem(BaseModel):
    id: str = Field(default_factory=_id)
    description: str
    category: RiskCategory = "other"
    likelihood: Level = "medium"
    impact: Level = "medium"
    mitigation: str = ""
    owner: str = ""
    sources: list[Citation] = Field(default_factory=list)
    who: str = Field("", description="Who recorded it.")
    edited_by: str = Field("", description="Who last changed it in the Plan tab.")


class SignOff(BaseModel):
    id: str = ""
    party: str = Field(description="Who must approve: legal, IT security, data protection, works council…")
    status: SignOffStatus = "pending"
    note: str = ""
    who: str = Field("", description="Who recorded it.")
    edited_by: str = Field("", description="Who last changed it in the Plan tab.")

    @model_validator(mode="after")
    def _stable_id(self) -> SignOff:
        # Sign-offs saved before they had ids get one from the party, the same on every load,
        # so an edit made on one load still finds its row on the next.
        if not self.id:
            self.id = hashlib.sha1(self.party.lower().encode()).hexdigest()[:8]
        return self


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
    risks_seeded: bool = Field(False, description="The register got the scope's seed risks (once, when scope ended).")


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
            who=author,
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
    return SignOff(party=party, status=status, who=author)


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


def with_seeded_risks(workshop: Workshop, scope: Scope, find: Finder) -> Workshop:
    """The register plus the scope's seed risks, once: risks the team typed during the scope stay,
    and a seed already in the register (same description) is not added twice."""
    if workshop.risks_seeded:
        return workshop
    have = {r.description.lower() for r in workshop.risks}
    seeds = [r for r in seed_risks(scope, find) if r.description.lower() not in have]
    return workshop.model_copy(update={"risks": [*workshop.risks, *seeds], "risks_seeded": True})


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


# ------------------------------------------------------------------ edits from the Plan tab
RecordKind = Literal["decisions", "actions", "risks", "sign_offs"]
# The fields a table edit may change, per kind; the rest (id, sources, when) is kept.
EDITABLE: dict[RecordKind, tuple[str, ...]] = {
    "decisions": ("question", "options", "choice", "reason", "stage"),
    "actions": ("what", "owner", "due", "status"),
    "risks": ("description", "category", "likelihood", "impact", "mitigation", "owner"),
    "sign_offs": ("party", "status", "note"),
}
_MODELS: dict[RecordKind, type[BaseModel]] = {
    "decisions": Decision,
    "actions": Action,
    "risks": RiskItem,
    "sign_offs": SignOff,
}
# A row without this is an empty row the table added, not a record.
_REQUIRED: dict[RecordKind, str] = {
    "decisions": "choice",
    "actions": "what",
    "risks": "description",
    "sign_offs": "party",
}
_NOUN = {"decisions": "decision", "actions": "action", "risks": "risk", "sign_offs": "sign-off"}


class EditError(ValueError):
    """A table row that is not a valid record (the message says which and why)."""


def _clean(kind: RecordKind, row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in EDITABLE[kind]:
        if key not in row:
            continue
        value = row[key]
        if key == "options" and isinstance(value, str):
            # Typed in one cell: "hosted; open weights" or "hosted, open weights".
            value = [o.strip() for o in re.split(r"[;,]", value) if o.strip()]
        elif isinstance(value, str):
            value = " ".join(value.split())
        if value in ("", None) and key in ("stage", "due"):
            value = None
        elif value is None:
            continue  # an empty cell keeps the field's default
        out[key] = value
    return out


def edit_records(
    workshop: Workshop, kind: RecordKind, rows: list[dict[str, Any]], seen_ids: list[str] | None, author: str
) -> tuple[Workshop, str]:
    """Apply a table as edited in the Plan tab: rows with a known id change that record, rows without
    one are added, and records the editor saw (`seen_ids`) but left out are removed. Records someone
    else added meanwhile (not in `seen_ids`) are kept, so two people editing at once lose nothing.

    Returns the new workshop and a line for the chat saying who changed what ("" when nothing did).
    """
    model = _MODELS[kind]
    current: list[Any] = list(getattr(workshop, kind))
    by_id = {r.id: r for r in current}
    seen = set(by_id) if seen_ids is None else set(seen_ids)
    kept_ids = {row.get("id") for row in rows if row.get("id")}
    added, changed = [], 0
    out: list[Any] = []
    for record in current:
        if record.id in seen and record.id not in kept_ids:
            continue  # removed by the editor
        out.append(record)
    index = {r.id: n for n, r in enumerate(out)}
    for n, row in enumerate(rows, start=1):
        values = _clean(kind, row)
        rid = row.get("id")
        if rid and rid in index:
            old = out[index[rid]]
            new_values = {k: v for k, v in values.items() if getattr(old, k) != v}
            if not new_values:
                continue
            try:
                out[index[rid]] = model.model_validate({**old.model_dump(), **new_values, "edited_by": author})
            except ValidationError as exc:
                raise EditError(f"{_NOUN[kind]} row {n}: {_first_error(exc)}") from exc
            changed += 1
        elif not rid:
            if not values.get(_REQUIRED[kind]):
                continue
            try:
                added.append(model.model_validate({**values, "id": _id(), "who": author}))
            except ValidationError as exc:
                raise EditError(f"new {_NOUN[kind]} row {n}: {_first_error(exc)}") from exc
        # A row whose id is gone was removed by someone else meanwhile: their removal stands.
    removed = len(current) - len(out)
    out += added
    parts = [
        f"{count} {what}"
        for count, what in ((len(added), "added"), (changed, "changed"), (removed, "removed"))
        if count
    ]
    if not parts:
        return workshop, ""
    label = {"decisions": "decisions", "actions": "actions", "risks": "risk register", "sign_offs": "sign-offs"}[kind]
    return workshop.model_copy(update={kind: out}), f"{author} edited the {label}: {', '.join(parts)}."


def _first_error(exc: ValidationError) -> str:
    err = exc.errors()[0]
    where = ".".join(str(x) for x in err.get("loc", ()))
    return f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid"))
