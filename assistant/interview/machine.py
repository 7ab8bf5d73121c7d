"""The scope interview: a pure state machine, `step(state, message) -> (state, reply)`.

It walks the lifecycle stages in order. In Scope it asks one question at a time
and fills slots from free text; in Select, Adapt & align and Application
integration it presents the recommendation for that stage and asks the team to
confirm or correct it. Knowledge questions are handed back to the caller
(`Reply.knowledge_question`), which answers them from the knowledge base; the
interview itself never does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field

from assistant.interview.choices import apply_model_choices, read_model_pushback, record_override, team_approach
from assistant.interview.intents import Intent, IntentClassifier
from assistant.interview.readings import (
    AGREEABLE,
    HEARSAY,
    LIST_SLOTS,
    QUESTION_SLOTS,
    RANGE_SLOTS,
    REMARK,
    Reading,
    Readings,
    clean_use_case,
    is_hedged,
    read_answer,
    taken_back,
    working_value,
)
from assistant.plan.recommend import Recommender
from assistant.plan.schema import AUGMENT_NAMES, TECHNIQUE_NAMES, ProjectPlan, Risk, SlotRecord, TeamOverride
from assistant.plan.scope import TASK_LABELS, Scope, ScopeUpdate

Stage = Literal["scope", "select", "adapt_align", "integrate", "done"]
STAGE_ORDER: list[Stage] = ["scope", "select", "adapt_align", "integrate", "done"]


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    text: str
    example: str
    filled: Callable[[Scope], bool]


QUESTIONS: list[Question] = [
    Question(
        "use_case",
        "Use case",
        "What should the model do in your application, and for whom?",
        "Summarise customer support tickets for our on-call engineers.",
        lambda s: bool(s.use_case),
    ),
    Question(
        "tasks",
        "Task type",
        "Which kind of task is it: chat, drafting content, summarisation, translation, code generation, "
        "answering questions from documents, extraction (named entities), classification, or calling APIs?",
        "Classification, plus extracting the order number.",
        lambda s: bool(s.tasks),
    ),
    Question(
        "data",
        "Data",
        "What data do you have: labelled examples (how many?) and documents (how often do they change)?",
        "About 5,000 labelled tickets, and a wiki that changes weekly.",
        lambda s: s.labelled_examples is not None or s.has_documents is not None,
    ),
    Question(
        "domain",
        "Domain and languages",
        "Which domain is it in, and which language(s)?",
        "Insurance claims, in English and German.",
        lambda s: bool(s.domain or s.languages),
    ),
    Question(
        "quality",
        "Quality bar",
        "How good must it be: what does a wrong output cost?",
        "High: answers go straight to customers.",
        lambda s: s.quality_bar is not None,
    ),
    Question(
        "load",
        "Latency and volume",
        "How fast must it respond, and how many requests do you expect?",
        "Within 2 seconds, about 10,000 requests a day.",
        lambda s: s.latency is not None or s.requests_per_day is not None,
    ),
    Question(
        "privacy",
        "Privacy and hosting",
        "May data be sent to a hosted model API, or must the model run in your own environment?",
        "No external APIs; it must run in our data centre.",
        lambda s: s.hosted_allowed is not None,
    ),
    Question(
        "budget",
        "Budget and compute",
        "What budget and compute do you have?",
        "A small budget and one 24 GB GPU.",
        lambda s: s.budget is not None or s.gpus is not None,
    ),
    Question(
        "timeline",
        "Timeline and team",
        "What is your timeline, and who is on the team?",
        "3 months, two ML engineers.",
        lambda s: s.timeline_weeks is not None or s.team_size is not None or s.deadline is not None,
    ),
]
QUESTION_BY_ID = {q.id: q for q in QUESTIONS}


SlotState = SlotRecord
Override = TeamOverride


class InterviewState(BaseModel):
    scope: Scope = Field(default_factory=Scope)
    slots: dict[str, SlotState] = Field(default_factory=dict, description="How each filled or pending slot was read.")
    proposals: list[Reading] = Field(default_factory=list, description="Readings waiting for a one-click confirmation.")
    pending: dict[str, str] = Field(default_factory=dict, description="Slots the team left open, with their words.")
    overrides: list[Override] = Field(default_factory=list)
    confirming: str | None = Field(None, description="A command waiting for yes/no (start over).")
    stage: Stage = "scope"
    current: str | None = "use_case"
    answered: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    asked: list[str] = Field(default_factory=list, description="Question ids in the order they were asked, for 'back'.")
    notes: dict[str, str] = Field(default_factory=dict, description="Answers that could not be read into slots.")
    retried: str | None = None
    last_intent: str | None = Field(None, description="What the previous message was, to read follow-ups.")

    @property
    def open_questions(self) -> list[str]:
        out = [QUESTION_BY_ID[q].text for q in self.skipped]
        out += [f"{QUESTION_BY_ID[q].topic}: {text}" for q, text in self.notes.items() if q not in self.skipped]
        out += [f"{_SLOT_TOPIC.get(slot, slot)} (pending): {words}" for slot, words in self.pending.items()]
        out += [f"To confirm: {p.note}" for p in self.proposals]
        return out

    def stage_progress(self) -> dict[str, float]:
        """0..1 per lifecycle stage, for the progress diagram."""
        done = len(set(self.answered) | set(self.skipped))
        position = STAGE_ORDER.index(self.stage)
        progress = {"scope": 1.0 if position > 0 else done / len(QUESTIONS)}
        for stage in ("select", "adapt_align", "integrate"):
            progress[stage] = 1.0 if position > STAGE_ORDER.index(stage) else 0.0
        return progress


class Reply(BaseModel):
    text: str
    understood: list[str] = Field(default_factory=list)
    intent: Intent = "answer"
    command: str | None = None
    proposals: list[Reading] = Field(default_factory=list, description="Readings to confirm with one click.")
    app_help: str | None = Field(None, description="A question about the app; the caller answers it from the help.")
    repeat: bool = False
    knowledge_question: str | None = Field(
        None, description="The caller answers this from the knowledge base, then shows `text`."
    )


# --------------------------------------------------------------- intents
def _short(message: str, words: int = 6) -> bool:
    return len(message.split()) <= words


_YES = re.compile(
    r"^(y|yes|yep|ok|okay|sure|fine|looks good|good|great|continue|next|confirm(ed)?|agreed|go on|sounds good|perfect)\b",
    re.I,
)
_BACK = re.compile(r"^(back|go back|previous( question)?)\b", re.I)
_FINISH = re.compile(r"^(finish|done|that'?s all|make the plan|write the plan|generate( the)? plan)\b", re.I)


# -------------------------------------------------------------- rendering
def describe_scope(scope: Scope) -> list[str]:
    lines: list[str] = []
    if scope.use_case:
        lines.append(f"Use case: {scope.use_case}")
    if scope.users:
        lines.append(f"Users: {scope.users}")
    if scope.tasks:
        lines.append("Tasks: " + ", ".join(TASK_LABELS[t] for t in scope.tasks))
    if scope.labelled_examples is not None:
        lines.append(
            "Labelled examples: " + ("none" if scope.labelled_examples == 0 else f"{scope.labelled_examples:,}")
        )
    if scope.has_documents is not None:
        docs = "yes" if scope.has_documents else "no"
        if scope.has_documents and scope.documents_change:
            docs += (
                f", changing {scope.documents_change}" if scope.documents_change != "static" else ", rarely changing"
            )
        lines.append(f"Reference documents: {docs}")
    if scope.domain:
        lines.append(f"Domain: {scope.domain}" + (" (specialised)" if scope.specialised_domain else ""))
    if scope.languages:
        lines.append("Languages: " + ", ".join(scope.languages))
    if scope.quality_bar:
        lines.append(f"Quality bar: {scope.quality_bar}" + (", customer-facing" if scope.customer_facing else ""))
    if scope.latency or scope.latency_seconds:
        lines.append(
            f"Latency: {scope.latency or ''}{f' (≤ {scope.latency_seconds:g} s)' if scope.latency_seconds else ''}".strip()
        )
    if scope.requests_per_day:
        lines.append(f"Volume: about {scope.requests_per_day:,} requests/day")
    if scope.hosted_allowed is not None:
        lines.append("Hosted API allowed: " + ("yes" if scope.hosted_allowed else "no"))
    if scope.budget:
        lines.append(f"Budget: {scope.budget}")
    if scope.gpus is not None:
        lines.append(f"GPUs: {scope.gpus}")
    if scope.timeline_weeks:
        lines.append(f"Timeline: {scope.timeline_weeks} weeks")
    if scope.start_date:
        lines.append(f"Start: {scope.start_date:%a %d %b %Y}")
    if scope.deadline:
        lines.append(f"Deadline: {scope.deadline:%a %d %b %Y}")
    if scope.team_size:
        lines.append(f"Team: {scope.team_size}")
    return lines


def _bullets(lines: list[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def _ask(question: Question) -> str:
    n = QUESTIONS.index(question) + 1
    return (
        f"**Question {n} of {len(QUESTIONS)} — {question.topic}.** {question.text}\n\n"
        f"*For example: “{question.example}”* (or say *skip*)"
    )


def _stage_summary(stage: Stage, plan: ProjectPlan) -> str:
    if stage == "select":
        m = plan.model_selection
        candidates = "; ".join(c.name for c in m.candidates)
        body = (
            f"**Stage 2 — Select.** Approach: **{'existing foundation model' if m.approach == 'existing' else 'pretrain your own'}**, "
            f"{m.architecture}, {m.size_class}, {'hosted API' if m.hosting == 'hosted_api' else 'open weights, self-hosted'}.\n\n"
            f"{m.rationale}\n\nCandidates to compare: {candidates}."
        )
    elif stage == "adapt_align":
        steps = "\n".join(
            f"{n}. **{TECHNIQUE_NAMES[s.technique]}** — move on when: {s.exit_criteria}"
            for n, s in enumerate(plan.adaptation.steps, start=1)
        )
        body = (
            f"**Stage 3 — Adapt & align.** The adaptation ladder:\n\n{steps}\n\n"
            f"Evaluate with: {', '.join(plan.evaluation.metrics)}."
        )
    else:
        aug = ", ".join(AUGMENT_NAMES[t] for t in plan.augmentation.techniques) or "none needed at first"
        body = (
            f"**Stage 4 — Application integration.** Deploy: {plan.deployment.target}\n\n"
            f"Optimise: {', '.join(plan.deployment.optimizations)}.\n\nAugment: {aug}. {plan.augmentation.rationale}"
        )
    return (
        body
        + "\n\nDoes this fit? Say *yes* to continue, or tell me what to change (for example “actually hosted APIs are not allowed”)."
    )


def _plan(state: InterviewState, recommender: Recommender) -> ProjectPlan:
    return plan_for(state, recommender)


_TITLE_LEAD = re.compile(
    r"^(?:(?:a|an|the|some|something|tool|bot|assistant|system|that|which|to|we want|it should|should)\s+)+", re.I
)


def plan_title(use_case: str | None) -> str:
    """A short noun phrase from the use case ("HR policy questions for employees"), not the first words typed."""
    if not use_case:
        return "Generative AI project plan"
    text = clean_use_case(use_case)
    text = _TITLE_LEAD.sub("", text).strip()
    words = re.split(r"[,;:(]|\s-\s|\s(?:so|so that|because|which|who|and then)\s", text)[0].split()[:10]
    while words and words[-1].lower() in ("for", "the", "a", "an", "of", "to", "and", "our", "in", "with"):
        words.pop()
    title = " ".join(words).rstrip(".?! ")
    return (title[:1].upper() + title[1:]) or "Generative AI project plan"


def plan_for(state: InterviewState, recommender: Recommender) -> ProjectPlan:
    """The plan from the scope, with every slot's record and the team's overrides applied on top of the rules."""
    plan = recommender.plan(
        state.scope,
        title=plan_title(state.scope.use_case),
        open_questions=state.open_questions,
        approach=team_approach(state.overrides),
    )
    plan.scope.slots = {slot: record.model_copy() for slot, record in state.slots.items()}
    apply_model_choices(plan, state.overrides, state.scope, recommender)
    return apply_overrides(plan, state.overrides)


def apply_overrides(plan: ProjectPlan, overrides: list[TeamOverride]) -> ProjectPlan:
    """Team choices win over the rules; the text says where a choice departs from the rule's advice.

    Model choices (approach, hosting, candidates; `MODEL_FIELDS`) need the scope and the rules, so
    `plan_for` applies them (choices.apply_model_choices); this applies the ladder and the rest.
    """
    from assistant.plan.schema import AdaptationStep

    for o in overrides:
        why = f" Reason given: “{o.why}”." if o.why and o.why != o.value else ""
        if o.field == "adaptation.remove":
            before = [s.technique for s in plan.adaptation.steps]
            plan.adaptation.steps = [
                s for s in plan.adaptation.steps if s.technique != o.value
            ] or plan.adaptation.steps
            if o.value in before and len(plan.adaptation.steps) < len(before):
                plan.risks.append(
                    Risk(
                        risk=f"The team removed “{TECHNIQUE_NAMES.get(str(o.value), o.value)}” from the ladder, which the rules recommended.{why}",
                        mitigation="Revisit if the evaluation misses its targets.",
                    )
                )
        elif o.field == "adaptation.add":
            technique = str(o.value)
            if technique in TECHNIQUE_NAMES and all(s.technique != technique for s in plan.adaptation.steps):
                plan.adaptation.steps.append(
                    AdaptationStep(
                        technique=technique,
                        why=f"Added by the team.{why}",
                        exit_criteria="Agreed by the team.",
                    )
                )
        elif o.field == "adaptation.order":
            order = [str(v) for v in o.value]
            plan.adaptation.steps.sort(key=lambda s: order.index(s.technique) if s.technique in order else len(order))
        elif o.field == "augmentation.remove":
            plan.augmentation.techniques = [t for t in plan.augmentation.techniques if t != o.value]
            plan.augmentation.rationale += f" The team removed {AUGMENT_NAMES.get(str(o.value), o.value)}.{why}"
        elif o.field == "requirements":
            plan.scope.constraints.append(f"Team requirement: {o.value}")
    plan.overrides = list(overrides)
    return plan


# ------------------------------------------------------------ transitions
def start() -> tuple[InterviewState, Reply]:
    state = InterviewState(asked=["use_case"])
    text = (
        "Hi! I'll help your team plan a generative-AI project through the lifecycle: "
        "**Scope → Select → Adapt & align → Application integration**. I'll ask one question at a time; "
        "you can paste a whole project brief instead, correct anything at any time (“actually we have 5,000 labelled examples”), "
        "say *skip* or *back*, or ask me a question about the lifecycle whenever you like.\n\n" + _ask(QUESTIONS[0])
    )
    return state, Reply(text=text)


def _next_question(state: InterviewState) -> Question | None:
    for question in QUESTIONS:
        if question.id in state.answered or question.id in state.skipped:
            continue
        if question.filled(state.scope) or any(s in state.pending for s in QUESTION_SLOTS[question.id]):
            continue
        if any(
            question.filled(state.scope.model_copy(update={p.slot: p.value}))
            for p in state.proposals
            if p.reason not in HEARSAY  # a remark or a related word does not answer the question for the team
        ):
            continue  # its answer waits for a click (not a side slot: a customer-facing guess leaves quality open)
        return question
    return None


def _mark_filled(state: InterviewState) -> None:
    for question in QUESTIONS:
        if question.filled(state.scope) and question.id not in state.answered:
            state.answered.append(question.id)
            if question.id in state.skipped:
                state.skipped.remove(question.id)


def _advance(state: InterviewState, recommender: Recommender, preface: str) -> tuple[InterviewState, Reply]:
    """Ask the next open question, or move on to the Select stage."""
    question = _next_question(state)
    if question is not None:
        state.current = question.id
        state.asked.append(question.id)
        return state, Reply(text=f"{preface}{_ask(question)}")
    state.current = None
    state.stage = "select"
    return state, Reply(
        text=f"{preface}That completes the scope. {_stage_summary('select', _plan(state, recommender))}"
    )


# "and FSDP?", "why?", "what about classification?": right after a knowledge question these lean on it.
_FOLLOW_UP = re.compile(r"^(?:and|but|so|also|what about|how about|why|en|und)\b[^.!]{0,60}\?*$", re.I)


def step(
    state: InterviewState,
    message: str,
    recommender: Recommender | None = None,
    extra: ScopeUpdate | None = None,
    classifier: IntentClassifier | None = None,
) -> tuple[InterviewState, Reply]:
    """One turn. `extra` carries slots an LLM read from the same message (origin "llm", never beating the rules)."""
    after_question = state.last_intent == "knowledge_question"
    state, reply = _step(state, message, recommender, extra, classifier, after_question)
    state.last_intent = reply.intent
    return state, reply


def _step(
    state: InterviewState,
    message: str,
    recommender: Recommender | None,
    extra: ScopeUpdate | None,
    classifier: IntentClassifier | None,
    after_question: bool,
) -> tuple[InterviewState, Reply]:
    recommender = recommender or Recommender()
    classifier = classifier or _RULES_ONLY
    state = state.model_copy(deep=True)
    message = message.strip()
    if not message:
        return state, Reply(text="Please type an answer, *skip*, or a question.")

    question = state.current if state.stage == "scope" else None
    extra_values = {k: v for k, v in (extra.values if extra else {}).items() if k != "use_case"}
    # "sorry, not translation - just the questions" about a list still waiting for a click: read it
    # against the offered list, so the take-back edits the offer instead of being lost.
    view = state.scope
    for waiting in state.proposals:
        if (
            waiting.slot in LIST_SLOTS
            and isinstance(waiting.value, list)
            and not getattr(state.scope, waiting.slot)
            and {str(v).lower() for v in waiting.value} & taken_back(message, waiting.slot)
        ):
            view = view.model_copy(update={waiting.slot: list(waiting.value)})
    readings = read_answer(message, question, view, extra=None)
    llm_readings = (
        read_answer(message, question, state.scope, extra=extra_values, origin="llm") if extra_values else None
    )
    if llm_readings is not None:
        for proposal in list(readings.proposals):
            if (
                proposal.reason.startswith(AGREEABLE)
                and extra_values.get(proposal.slot) == proposal.value
                and not is_hedged(message)
            ):
                # A loose cue, or one of several things said at once, and the LLM read the same value:
                # two independent readers agree, so it is applied.
                readings.proposals.remove(proposal)
                readings.applied.append(proposal.model_copy(update={"confidence": 0.9, "reason": ""}))
        ruled = {r.slot for r in readings.applied + readings.proposals}
        for reading in llm_readings.applied + llm_readings.proposals:
            if reading.slot in extra_values and reading.slot not in ruled:
                # An LLM reading is shown for confirmation unless it fills an empty slot of this question.
                if question is None or reading.slot not in QUESTION_SLOTS[question]:
                    reading.confidence = min(reading.confidence, 0.6)
                reading.origin = "llm"
                (readings.applied if reading.confident else readings.proposals).append(reading)
    on_question = [r for r in readings.applied + readings.proposals if question and r.slot in QUESTION_SLOTS[question]]
    guess = classifier.classify(message, answer_found=bool(on_question or readings.pending))
    if after_question and _FOLLOW_UP.match(message) and guess.intent in ("answer", "knowledge_question"):
        guess = guess.model_copy(update={"intent": "knowledge_question", "close": False})

    if state.confirming == "restart":
        state.confirming = None
        if _YES.match(message) and _short(message):
            return start()
        if guess.intent == "command" and guess.command == "restart":
            return start()
        if _NO.match(message) and _short(message):
            return state, Reply(text="Kept the plan as it is. " + _resume(state, recommender), intent="command")

    if guess.intent == "command":
        return _command(state, guess.command or "skip", recommender)
    if guess.intent == "app_help":
        return state, Reply(
            text=_resume(state, recommender), intent="app_help", app_help=message, repeat=_asks_repeat(message)
        )
    both = {guess.intent, guess.runner_up} == {"answer", "knowledge_question"} and guess.close
    if both and message.rstrip().endswith("?"):
        # Too close to call: do both safely. Answer the question, keep the interview question
        # open, and offer whatever the message said about the slots for one-click confirmation.
        state.proposals = _merge_proposals(
            state.proposals, [_as_proposal(r) for r in readings.applied + readings.proposals]
        )
        return state, Reply(
            text=_resume(state, recommender),
            knowledge_question=message,
            intent="knowledge_question",
            proposals=state.proposals,
        )
    if guess.intent == "knowledge_question":
        # Do both safely: answer the question, and keep this interview question open. A value the
        # question tests ("is 500 examples enough?") is offered for confirmation, never written.
        state.proposals = _merge_proposals(state.proposals, [_as_proposal(r) for r in on_question if _numeric(r)])
        return state, Reply(
            text=_resume(state, recommender),
            knowledge_question=message,
            intent="knowledge_question",
            proposals=state.proposals,
        )
    if guess.chatter and not readings.applied and not readings.proposals:
        current = QUESTION_BY_ID[state.current] if state.current and state.stage == "scope" else None
        text = "No problem — whenever you're ready. " + (_ask(current) if current else _resume(state, recommender))
        return state, Reply(text=text, intent="answer")

    pushback_note = ""
    if guess.intent == "pushback":
        pushback_note = _pushback(state, message, recommender)
    if guess.intent == "correction":
        if not readings.replace_lists:
            # The classifier heard a correction the reader's own cues missed: read it again as one, so
            # the value it takes back is removed and never re-applied.
            again = read_answer(message, question, state.scope, correction=True)
            ruled = {r.slot for r in again.applied + again.proposals}
            again.proposals += [
                r for r in readings.applied + readings.proposals if r.origin == "llm" and r.slot not in ruled
            ]
            readings = again
        readings.replace_lists = True
    if state.stage == "scope":
        state, reply = _scope_turn(state, message, readings, recommender, guess.intent)
    else:
        state, reply = _stage_turn(state, message, readings, recommender, guess.intent)
    if pushback_note:
        reply.text = pushback_note + "\n\n" + reply.text
    reply.intent = guess.intent
    reply.proposals = list(state.proposals)
    return state, reply


_RULES_ONLY = IntentClassifier()
_NO = re.compile(r"^(no|nope|cancel|keep it|don'?t|never ?mind)\b", re.I)


def _asks_repeat(message: str) -> bool:
    return bool(
        re.search(
            r"repeat|rephrase|again|what (was|is) the question|what did you ask|where were we|come again", message, re.I
        )
    )


def _numeric(reading: Reading) -> bool:
    return reading.slot in ("labelled_examples", "timeline_weeks", "gpus", "team_size", "requests_per_day")


def _as_proposal(reading: Reading) -> Reading:
    return reading.model_copy(update={"confidence": min(reading.confidence, 0.5), "reason": "from your question"})


def _merge_proposals(old: list[Reading], new: list[Reading]) -> list[Reading]:
    # A remark never displaces an offer waiting for the same slot: "Domain: music education?", read
    # from the answer to the domain question, is not replaced by a guess from a later privacy answer.
    # An older remark or an LLM guess is replaced as before.
    answered = {r.slot for r in old if r.reason != REMARK and r.origin != "llm"}
    new = [r for r in new if not (r.reason == REMARK and r.slot in answered)]
    slots = {r.slot for r in new}
    return [r for r in old if r.slot not in slots] + new


def apply_reading(state: InterviewState, reading: Reading, *, confirmed: bool, replace_lists: bool = False) -> None:
    """Write one reading into the scope and its slot record (value, confidence, origin, confirmed)."""
    value = working_value(reading.slot, reading.value)
    update = ScopeUpdate(values={reading.slot: value}, replace_lists=replace_lists)
    try:
        state.scope = update.apply(state.scope)
    except ValueError:
        return
    stored = getattr(state.scope, reading.slot)
    state.slots[reading.slot] = SlotState(
        value=reading.value if isinstance(reading.value, list) and reading.slot in RANGE_SLOTS else stored,
        confidence=reading.confidence,
        origin=reading.origin,
        confirmed=confirmed,
        pending=False,
    )
    state.pending.pop(reading.slot, None)


def confirm(state: InterviewState, slot: str, value: object, by: str = "team") -> InterviewState:
    """The team confirms (or fixes) a proposal or a slot with one click: it wins, with origin "team"."""
    state = state.model_copy(deep=True)
    lists = slot in ("tasks", "languages")
    apply_reading(
        state,
        Reading(slot=slot, value=value, confidence=1.0, origin="team", note=_note_for(slot, value)),
        confirmed=True,
        replace_lists=lists,
    )
    state.proposals = [p for p in state.proposals if p.slot != slot]
    _mark_filled(state)
    return state


def dismiss(state: InterviewState, slot: str) -> InterviewState:
    state = state.model_copy(deep=True)
    state.proposals = [p for p in state.proposals if p.slot != slot]
    return state


def confirm_all(state: InterviewState) -> InterviewState:
    for proposal in list(state.proposals):
        state = confirm(state, proposal.slot, proposal.value)
    return state


def _note_for(slot: str, value: object) -> str:
    return Reading(slot=slot, value=value, confidence=1.0).note or f"{slot}: {value}"


def _apply_readings(state: InterviewState, readings: Readings) -> list[str]:
    notes = []
    for reading in readings.applied:
        apply_reading(state, reading, confirmed=False, replace_lists=readings.replace_lists)
        notes.append(reading.note)
    for slot, words in readings.pending.items():
        state.pending[slot] = words
        state.slots[slot] = SlotState(value=None, confidence=0.0, origin="team", confirmed=False, pending=True)
    # An offer already waiting with the same value is not listed again ("Domain: marketing?" read
    # from remark after remark): it stays in the panel until someone clicks.
    waiting = {(p.slot, repr(p.value)) for p in state.proposals}
    state.proposals = _merge_proposals(state.proposals, readings.proposals)
    readings.proposals = [
        p for p in readings.proposals if (p.slot, repr(p.value)) not in waiting and any(p is q for q in state.proposals)
    ]
    # A slot just applied confidently has nothing left to propose, except what this same message
    # offers on top (a take-back is applied, what the message adds waits for a click).
    applied = {r.slot for r in readings.applied}
    state.proposals = [p for p in state.proposals if p.slot not in applied or any(p is q for q in readings.proposals)]
    return notes


def _preface(notes: list[str], readings: Readings) -> str:
    parts = []
    if notes:
        parts.append("Understood:\n" + _bullets(notes))
    if readings.proposals:
        parts.append(
            "Please confirm (one click below, or type the right value):\n"
            + _bullets([f"{p.note}? — {p.reason}" if p.reason else f"{p.note}?" for p in readings.proposals])
        )
    if readings.pending:
        parts.append(
            "Left open (in the plan as an open question):\n"
            + _bullets([f"{_SLOT_TOPIC.get(s, s)}: “{w}”" for s, w in readings.pending.items()])
        )
    return "\n\n".join(parts) + ("\n\n" if parts else "")


def _command(state: InterviewState, command: str, recommender: Recommender) -> tuple[InterviewState, Reply]:
    if command == "restart":
        state.confirming = "restart"
        return state, Reply(
            text="Start a new plan? This clears the scope for everyone on this plan (every version stays stored, "
            "so it can be restored). Say *yes* to start over, or *no* to keep going.",
            intent="command",
            command="restart",
        )
    if command in ("undo", "redo"):
        # The caller (sessions) owns the stored versions and does the undo or redo.
        return state, Reply(text=f"{command.capitalize()}ing.", intent="command", command=command)
    if command == "summary":
        lines = describe_scope(state.scope) or ["nothing yet"]
        return state, Reply(
            text="So far I have:\n" + _bullets(lines) + "\n\n" + _resume(state, recommender),
            intent="command",
            command="summary",
        )
    if state.stage != "scope":
        if command == "back":
            new_state, reply = _stage_turn(state, "back", Readings(), recommender, "command")
        elif command in ("finish", "skip"):
            new_state, reply = _stage_turn(state, "yes", Readings(), recommender, "command")
        else:
            new_state, reply = state, Reply(text=_resume(state, recommender))
        reply.intent, reply.command = "command", command
        return new_state, reply
    new_state, reply = _scope_command(state, command, recommender)
    reply.intent, reply.command = "command", command
    return new_state, reply


def _scope_command(state: InterviewState, command: str, recommender: Recommender) -> tuple[InterviewState, Reply]:
    current = QUESTION_BY_ID[state.current] if state.current else None
    if command == "skip" and current:
        if current.id not in state.skipped:
            state.skipped.append(current.id)
        return _advance(
            state, recommender, f"Skipped — I'll list “{current.topic}” as an open question in the plan.\n\n"
        )
    if command == "back":
        previous = [q for q in state.asked[:-1] if q != state.current]
        if not previous:
            return state, Reply(text="This is the first question. " + _ask(current or QUESTIONS[0]))
        target = QUESTION_BY_ID[previous[-1]]
        state.asked = state.asked[: len(state.asked) - 1 - state.asked[::-1][1:].index(target.id)]
        for bucket in (state.answered, state.skipped):
            if target.id in bucket:
                bucket.remove(target.id)
        state.current = target.id
        state.asked.append(target.id)
        return state, Reply(text="Going back. " + _ask(target))
    # finish
    for question in QUESTIONS:
        if not question.filled(state.scope) and question.id not in state.answered and question.id not in state.skipped:
            state.skipped.append(question.id)
    state.current = None
    state.stage = "select"
    plan = _plan(state, recommender)
    return state, Reply(
        text="I'll plan with what I have; unanswered questions go into the plan as open questions.\n\n"
        + _stage_summary("select", plan)
    )


_SLOT_TOPIC = {slot: QUESTION_BY_ID[q].topic for q, slots in QUESTION_SLOTS.items() for slot in slots}


def _resume(state: InterviewState, recommender: Recommender) -> str:
    if state.stage == "scope" and state.current:
        return "Back to planning — " + _ask(QUESTION_BY_ID[state.current])
    if state.stage in ("select", "adapt_align", "integrate"):
        return "Back to planning — " + _stage_summary(state.stage, _plan(state, recommender))
    return "The plan is complete: download it from the sidebar, or tell me what to change."


def _answered_by(question: Question, state: InterviewState) -> bool:
    """Filled, left pending by the team, or waiting for a one-click confirmation."""
    slots = QUESTION_SLOTS[question.id]
    return (
        question.filled(state.scope)
        or any(s in state.pending for s in slots)
        or any(p.slot in slots for p in state.proposals)
    )


_REPHRASE = re.compile(
    r"^\W*(?:(?:hmm+|no|ok(?:ay)?|actually|sorry|wait)\W+)*(?:let me rephrase|i mean|to rephrase|rephrasing)?\W*", re.I
)


def _scope_turn(
    state: InterviewState, message: str, readings: Readings, recommender: Recommender, intent: str
) -> tuple[InterviewState, Reply]:
    current = QUESTION_BY_ID[state.current] if state.current else None
    correction = intent == "correction" or readings.replace_lists
    if (
        current
        and current.id == "use_case"
        and not correction
        and not state.scope.use_case
        and "use_case" not in readings.pending
        and intent == "answer"
    ):
        use_case = clean_use_case(message)
        # A use case names something the system does; with no task read from the message it may be a
        # greeting or an introduction ("hi, we're from the archive"): offer it, don't write it.
        says_what = any(r.slot == "tasks" for r in readings.applied + readings.proposals)
        confidence, reason = 0.9, ""
        sentences = [x for x in re.split(r"(?<=[.!?])\s+|\n+", message.strip()) if re.search(r"[a-z]{4,}", x, re.I)]
        if is_hedged(message):
            confidence, reason = 0.6, "you sounded unsure"
        elif not says_what:
            confidence, reason = 0.6, "is this what it should do?"
        elif len(sentences) > 1:
            # Several sentences: which one says what the tool does is a choice (written in one go only).
            confidence, reason = 0.6, "you said several things at once: is this the use case?"
        reading = Reading(
            slot="use_case",
            value=use_case,
            confidence=confidence,
            note=f"Use case: {use_case}",
            reason=reason,
        )
        (readings.applied if reading.confident else readings.proposals).insert(0, reading)
    elif (
        current
        and current.id == "use_case"
        and intent in ("answer", "correction")
        and not any(r.slot == "use_case" for r in readings.applied + readings.proposals)
        and "use_case" not in readings.pending  # "the board still has to pick": open, not a proposal
        and len(message.split()) >= 4
    ):
        # A hedged, corrected or restated use case ("hmm no, let me rephrase - it's for our shop staff …")
        # is still the team's description: offered for one click, never written.
        use_case = clean_use_case(_REPHRASE.sub("", message))
        if use_case and use_case != state.scope.use_case:
            readings.proposals.insert(
                0,
                Reading(
                    slot="use_case",
                    value=use_case,
                    confidence=0.6,
                    note=f"Use case: {use_case}",
                    reason="is this the use case?",
                ),
            )
    if (
        current
        and current.id == "domain"
        and not any(r.slot == "domain" for r in readings.applied + readings.proposals)
        and "domain" not in readings.pending
        and _short(message, 6)
        and not correction
        and intent == "answer"
    ):
        domain = re.sub(
            r"^(?:not sure what you'?d call it\W*|it'?s |we'?re in |mostly )", "", message.rstrip(".?! "), flags=re.I
        ).lower()
        if domain and len(domain.split()) <= 4:
            readings.proposals.append(
                Reading(
                    slot="domain",
                    value=domain,
                    confidence=0.6,
                    note=f"Domain: {domain}",
                    reason="a domain I don't know by name",
                )
            )

    notes = _apply_readings(state, readings)
    preface = _preface(notes, readings)
    if correction and not preface:
        preface = "Nothing to change there: the plan already says so (see *Plan so far*).\n\n"
    _mark_filled(state)
    understood = notes

    if current and not _answered_by(current, state) and not correction and intent != "pushback":
        if state.retried != current.id:
            state.retried = current.id
            return state, Reply(
                text=f"{preface}I couldn't read the {current.topic.lower()} from that. {_ask(current)}",
                understood=understood,
            )
        # Second try: keep the team's words as an open point rather than loop.
        state.notes[current.id] = message[:300]
        state.answered.append(current.id)
    if (correction or intent == "pushback") and current and not _answered_by(current, state):
        return state, Reply(text=f"{preface}{_ask(current)}", understood=understood)
    if current and _answered_by(current, state) and current.id not in state.answered:
        state.answered.append(current.id)
    state.retried = None
    new_state, reply = _advance(state, recommender, preface)
    reply.understood = understood
    return new_state, reply


def _stage_turn(
    state: InterviewState, message: str, readings: Readings, recommender: Recommender, intent: str
) -> tuple[InterviewState, Reply]:
    if readings.applied or readings.proposals or readings.pending:
        notes = _apply_readings(state, readings)
        _mark_filled(state)
        preface = _preface(notes, readings)
        if state.stage == "done":
            return state, Reply(text=f"{preface}The plan is updated.", understood=notes)
        changed = "I've updated the recommendation." if notes else "Nothing changes until you confirm."
        return state, Reply(
            text=f"{preface}{changed}\n\n{_stage_summary(state.stage, _plan(state, recommender))}",
            understood=notes,
        )
    if intent == "pushback":
        return state, Reply(text=_resume(state, recommender))
    if _BACK.match(message) and _short(message):
        position = STAGE_ORDER.index(state.stage)
        if position <= 1:
            state.stage = "scope"
            state.current = QUESTIONS[-1].id
            if state.current in state.answered:
                state.answered.remove(state.current)
            return state, Reply(text="Going back to the scope. " + _ask(QUESTIONS[-1]))
        state.stage = STAGE_ORDER[position - 1]
        return state, Reply(text="Going back. " + _stage_summary(state.stage, _plan(state, recommender)))
    if state.stage == "done":
        return state, Reply(
            text="The plan is complete: download it from the sidebar, tell me what to change, or ask me anything about the lifecycle."
        )
    if _YES.match(message) or (_FINISH.match(message) and _short(message)):
        following = STAGE_ORDER[STAGE_ORDER.index(state.stage) + 1]
        state.stage = following
        if following == "done":
            return state, Reply(
                text=(
                    "The plan is complete. Download it as Markdown or JSON from the sidebar; the link in your address bar "
                    "opens this plan for anyone on your team. Tell me if anything should change."
                )
            )
        return state, Reply(text=_stage_summary(following, _plan(state, recommender)))
    return state, Reply(
        text="I didn't catch a change in that. Say *yes* to continue, or tell me what to change.\n\n"
        + _stage_summary(state.stage, _plan(state, recommender))
    )


# ------------------------------------------------------------ push-back and overrides
_DROP = re.compile(
    r"\b(?:drop|remove|forget|scrap|ditch|skip|no)\b[^.?!]{0,30}?\b(?P<what>fine[- ]?tun\w*|rlhf|peft|lora|rag|agent|guardrails?|few[- ]shot|in[- ]context)",
    re.I,
)
_TECHNIQUE_WORDS = {
    "fine": ["peft", "instruction_fine_tuning", "full_fine_tuning"],
    "rlhf": ["rlhf"],
    "peft": ["peft"],
    "lora": ["peft"],
    "few": ["in_context_learning"],
    "in": ["in_context_learning"],
}
_HOSTED_PUSH = re.compile(r"\b(?:rather|prefer|want to|would like to)\b[^.?!]{0,20}\b(?:hosted|api|cloud)\b", re.I)
_OPEN_PUSH = re.compile(
    r"\b(?:rather|prefer|want to)\b[^.?!]{0,25}\b(?:open[- ]?(?:source|weights)|self[- ]hosted|on[- ]prem\w*)\b", re.I
)


def _pushback(state: InterviewState, message: str, recommender: Recommender) -> str:
    """Turn push-back into a recorded team override; say what changed (and what did not)."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    model = read_model_pushback(message, plan_for(state, recommender))
    if model is not None:
        overrides, said = model
        for override in overrides:
            state.overrides = record_override(state.overrides, override)
        return said
    drop = _DROP.search(message)
    if drop:
        word = drop["what"].lower()
        if word.startswith("rag"):
            state.overrides.append(Override(field="augmentation.remove", value="rag", why=message[:200], when=now))
            return "Noted: RAG is taken out of the plan (a team choice, recorded with your reason)."
        if word.startswith(("agent", "guardrail")):
            value = "react_agent" if word.startswith("agent") else "guardrails"
            state.overrides.append(Override(field="augmentation.remove", value=value, why=message[:200], when=now))
            return f"Noted: {AUGMENT_NAMES[value]} is taken out of the plan (a team choice, recorded)."
        key = (
            "fine"
            if word.startswith("fine")
            else ("few" if word.startswith("few") else ("in" if word.startswith("in") else word))
        )
        for technique in _TECHNIQUE_WORDS.get(key, []):
            state.overrides.append(Override(field="adaptation.remove", value=technique, why=message[:200], when=now))
        return "Noted: the fine-tuning rungs are removed from the adaptation ladder (a team choice, recorded with your reason)."
    if _HOSTED_PUSH.search(message):
        state.overrides.append(
            Override(field="model_selection.hosting", value="hosted_api", why=message[:200], when=now)
        )
        return "Noted: hosting is set to a hosted API (a team choice, recorded)."
    if _OPEN_PUSH.search(message):
        state.overrides.append(
            Override(field="model_selection.hosting", value="open_weights", why=message[:200], when=now)
        )
        return "Noted: hosting is set to open weights you run yourselves (a team choice, recorded)."
    state.overrides.append(Override(field="requirements", value=message[:200], why=message[:200], when=now))
    return f"Noted as a team requirement in the plan: “{message[:200]}”. The rules have no setting for this, so it is listed as a requirement rather than changing a recommendation."


def plan_state_from_brief(brief: str, recommender: Recommender | None = None) -> InterviewState:
    """A pasted brief fills what it covers; everything else becomes an open question.

    Nobody can click here, so what the interview would offer for a click is used as read (not marked
    confirmed) and stays listed under "To confirm" in the plan's open questions."""
    state, _ = start()
    state, _ = step(state, brief, recommender)
    for proposal in state.proposals:
        apply_reading(state, proposal, confirmed=False, replace_lists=proposal.slot in LIST_SLOTS)
    _mark_filled(state)
    if state.stage == "scope":
        state, _ = step(state, "finish", recommender)
    return state
