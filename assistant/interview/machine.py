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
from typing import Literal

from pydantic import BaseModel, Field

from assistant.interview.slots import extract_slots, is_correction
from assistant.plan.recommend import Recommender
from assistant.plan.schema import AUGMENT_NAMES, TECHNIQUE_NAMES, ProjectPlan
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
        lambda s: s.timeline_weeks is not None or s.team_size is not None,
    ),
]
QUESTION_BY_ID = {q.id: q for q in QUESTIONS}


class InterviewState(BaseModel):
    scope: Scope = Field(default_factory=Scope)
    stage: Stage = "scope"
    current: str | None = "use_case"
    answered: list[str] = Field(default_factory=list)
    skipped: list[str] = Field(default_factory=list)
    asked: list[str] = Field(default_factory=list, description="Question ids in the order they were asked, for 'back'.")
    notes: dict[str, str] = Field(default_factory=dict, description="Answers that could not be read into slots.")
    retried: str | None = None

    @property
    def open_questions(self) -> list[str]:
        out = [QUESTION_BY_ID[q].text for q in self.skipped]
        out += [f"{QUESTION_BY_ID[q].topic}: {text}" for q, text in self.notes.items() if q not in self.skipped]
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
    knowledge_question: str | None = Field(
        None, description="The caller answers this from the knowledge base, then shows `text`."
    )


# --------------------------------------------------------------- intents
def _short(message: str, words: int = 6) -> bool:
    return len(message.split()) <= words


_SKIP = re.compile(
    r"^(skip|pass|next question|n/?a|don'?t know|do not know|not sure|no idea|unknown|later|tbd|we don'?t know( yet)?)\b",
    re.I,
)
_BACK = re.compile(r"^(back|go back|previous( question)?|undo)\b", re.I)
_FINISH = re.compile(
    r"^(finish|done|that'?s all|make the plan|write the plan|generate( the)? plan|show( me)? the plan|create( the)? plan)\b",
    re.I,
)
_RESTART = re.compile(r"^(restart|start over|start again|new plan|reset)\b", re.I)
_SUMMARY = re.compile(r"^(summary|status|what do you know|what have you understood|show( the)? scope)\b", re.I)
_YES = re.compile(
    r"^(y|yes|yep|ok|okay|sure|fine|looks good|good|great|continue|next|confirm(ed)?|agreed|go on|sounds good|perfect)\b",
    re.I,
)
_QUESTION_START = re.compile(
    r"^(what|how|why|when|which|who|where|can|could|should|would|is|are|does|do|explain|tell me|define)\b", re.I
)


# Short answers mean something only next to the question they answer ("high", "no").
_CONTEXT_READERS: dict[str, list[tuple[re.Pattern[str], str, object]]] = {
    "quality": [
        (re.compile(r"\b(high|very high|critical|strict|essential)\b", re.I), "quality_bar", "high"),
        (re.compile(r"\b(medium|moderate|average|reasonable)\b", re.I), "quality_bar", "medium"),
        (re.compile(r"\b(low|not critical|cheap|minor)\b", re.I), "quality_bar", "low"),
    ],
    "privacy": [
        (re.compile(r"^(no|nope|not allowed|never|must not)\b", re.I), "hosted_allowed", False),
        (re.compile(r"^(yes|yep|sure|allowed|fine|ok|okay|hosted)\b", re.I), "hosted_allowed", True),
    ],
    "budget": [
        (re.compile(r"\b(small|tight|limited|low)\b", re.I), "budget", "small"),
        (re.compile(r"\b(medium|moderate)\b", re.I), "budget", "medium"),
        (re.compile(r"\b(large|big|generous|high)\b", re.I), "budget", "large"),
    ],
}


def _read_in_context(question_id: str, message: str, update: ScopeUpdate, scope: Scope) -> None:
    question = QUESTION_BY_ID[question_id]
    if question.filled(update.apply(scope)) or not _short(message, 12):
        return
    for pattern, field, value in _CONTEXT_READERS.get(question_id, []):
        if pattern.search(message):
            update.values[field] = value
            update.notes.append(
                f"{field.replace('_', ' ').capitalize()}: {value if not isinstance(value, bool) else ('yes' if value else 'no')}"
            )
            return


def is_question(message: str) -> bool:
    return message.rstrip().endswith("?") or bool(_QUESTION_START.match(message.strip()))


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
    return recommender.plan(state.scope, open_questions=state.open_questions)


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
        if question.filled(state.scope):
            continue
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


def _understood(update: ScopeUpdate, scope: Scope) -> tuple[str, list[str]]:
    if not update.values:
        return "", []
    return "Understood:\n" + _bullets(update.notes or describe_scope(scope)) + "\n\n", update.notes


def _use_case_from(message: str) -> str:
    sentences = re.split(r"(?<=[.!?])\s+", message.strip())
    text = sentences[0]
    if len(text) < 60 and len(sentences) > 1:
        text = f"{text} {sentences[1]}"
    return text[:300]


def step(
    state: InterviewState,
    message: str,
    recommender: Recommender | None = None,
    extra: ScopeUpdate | None = None,
) -> tuple[InterviewState, Reply]:
    """One turn. `extra` carries slots an LLM read from the same message (applied only where rules found nothing)."""
    recommender = recommender or Recommender()
    state = state.model_copy(deep=True)
    message = message.strip()
    if not message:
        return state, Reply(text="Please type an answer, *skip*, or a question.")

    if _RESTART.match(message) and _short(message):
        return start()
    if _SUMMARY.match(message) and _short(message):
        lines = describe_scope(state.scope) or ["nothing yet"]
        return state, Reply(text="So far I have:\n" + _bullets(lines) + "\n\n" + _resume(state, recommender))

    update = extract_slots(message)
    if extra is not None:
        for key, value in extra.values.items():
            if key not in update.values and getattr(state.scope, key) in (None, []):
                update.values[key] = value
        update.notes += [n for n in extra.notes if n not in update.notes]

    if state.stage == "scope":
        return _scope_turn(state, message, update, recommender)
    return _stage_turn(state, message, update, recommender)


def _resume(state: InterviewState, recommender: Recommender) -> str:
    if state.stage == "scope" and state.current:
        return "Back to planning — " + _ask(QUESTION_BY_ID[state.current])
    if state.stage in ("select", "adapt_align", "integrate"):
        return "Back to planning — " + _stage_summary(state.stage, _plan(state, recommender))
    return "The plan is complete: download it from the sidebar, or tell me what to change."


def _asks_knowledge(message: str, update: ScopeUpdate, current: Question | None, scope: Scope) -> bool:
    """A question mark alone is not enough: "we have 5k examples?" still answers the interview."""
    if current is None:
        return not update.values
    if current.id == "use_case":
        # A long first message is a brief, even when it ends in a question.
        return not update.values and len(message.split()) <= 12
    return not current.filled(update.apply(scope))


def _scope_turn(
    state: InterviewState, message: str, update: ScopeUpdate, recommender: Recommender
) -> tuple[InterviewState, Reply]:
    current = QUESTION_BY_ID[state.current] if state.current else None

    if _SKIP.match(message) and _short(message) and current:
        if current.id not in state.skipped:
            state.skipped.append(current.id)
        return _advance(
            state, recommender, f"Skipped — I'll list “{current.topic}” as an open question in the plan.\n\n"
        )
    if _BACK.match(message) and _short(message):
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
    if _FINISH.match(message) and _short(message):
        for question in QUESTIONS:
            if (
                not question.filled(state.scope)
                and question.id not in state.answered
                and question.id not in state.skipped
            ):
                state.skipped.append(question.id)
        state.current = None
        state.stage = "select"
        plan = _plan(state, recommender)
        return state, Reply(
            text="I'll plan with what I have; unanswered questions go into the plan as open questions.\n\n"
            + _stage_summary("select", plan)
        )

    correction = is_correction(message)
    if is_question(message) and _asks_knowledge(message, update, current, state.scope):
        return state, Reply(text=_resume(state, recommender), knowledge_question=message)

    if current and current.id == "use_case" and not correction and not state.scope.use_case:
        update.values["use_case"] = _use_case_from(message)
        update.notes.insert(0, f"Use case: {update.values['use_case']}")
    if current:
        _read_in_context(current.id, message, update, state.scope)
    if (
        current
        and current.id == "domain"
        and not current.filled(update.apply(state.scope))
        and _short(message, 8)
        and not correction
    ):
        update.values["domain"] = message.rstrip(".").lower()
        update.notes.append(f"Domain: {update.values['domain']}")

    state.scope = update.apply(state.scope)
    preface, understood = _understood(update, state.scope)
    _mark_filled(state)

    if current and not current.filled(state.scope) and not correction:
        if state.retried != current.id:
            state.retried = current.id
            return state, Reply(
                text=f"{preface}I couldn't read the {current.topic.lower()} from that. {_ask(current)}",
                understood=understood,
            )
        # Second try: keep the team's words as an open point rather than loop.
        state.notes[current.id] = message[:300]
        state.answered.append(current.id)
    if correction and current and not current.filled(state.scope):
        # A correction of an earlier answer: confirm it and ask the open question again.
        return state, Reply(text=f"{preface}{_ask(current)}", understood=understood)
    state.retried = None
    new_state, reply = _advance(state, recommender, preface)
    reply.understood = understood
    return new_state, reply


def _stage_turn(
    state: InterviewState, message: str, update: ScopeUpdate, recommender: Recommender
) -> tuple[InterviewState, Reply]:
    if update.values:
        state.scope = update.apply(state.scope)
        _mark_filled(state)
        preface, understood = _understood(update, state.scope)
        if state.stage == "done":
            return state, Reply(text=f"{preface}The plan is updated.", understood=understood)
        return state, Reply(
            text=f"{preface}I've updated the recommendation.\n\n{_stage_summary(state.stage, _plan(state, recommender))}",
            understood=understood,
        )
    if is_question(message):
        return state, Reply(text=_resume(state, recommender), knowledge_question=message)
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


def plan_state_from_brief(brief: str, recommender: Recommender | None = None) -> InterviewState:
    """A pasted brief fills what it covers; everything else becomes an open question."""
    state, _ = start()
    state, _ = step(state, brief, recommender)
    if state.stage == "scope":
        state, _ = step(state, "finish", recommender)
    return state
