"""One team conversation: the interview, its knowledge answers and the plan, saved after every turn."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.answers.answerer import Answerer
from assistant.answers.models import Answer
from assistant.errors import EmbeddingModelError, KnowledgeStoreError, PlanBusy, QuestionError, WorkshopEditError
from assistant.interview.choices import record_override
from assistant.interview.help import answer_help
from assistant.interview.intents import IntentClassifier
from assistant.interview.machine import (
    InterviewState,
    Reply,
    TeamOverride,
    confirm,
    dismiss,
    plan_for,
    start,
    step,
)
from assistant.interview.readings import Reading
from assistant.plan.overrides import describe_override
from assistant.plan.recommend import Recommender, retriever_citations
from assistant.plan.schema import ProjectPlan, StageId
from assistant.plan.scope import ScopeUpdate
from assistant.plan.store import AlreadyApplied, InboxMessage, PlanStore, PlanSummary, StoredPlan, VersionConflict
from assistant.plan.workshop import (
    DEFAULT_AGENDA,
    EditError,
    Participant,
    RecordKind,
    Workshop,
    add_note,
    advance,
    describe_note,
    edit_records,
    parse_note,
    with_seeded_risks,
)

log = logging.getLogger(__name__)

DEFAULT_TITLE = "Untitled plan"
# Replays when someone saved first. Twenty people typing at once on one plan need many; each
# replay is cheap (the knowledge answer is computed once), and a pause with jitter spreads them.
MAX_SAVE_ATTEMPTS = 200


class RateLimit:
    """At most `per_minute` events in any sliding minute (per browser session; OWASP LLM10)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._times: list[float] = []

    def wait_s(self) -> float:
        """0 when an event may happen now (and records it); else the seconds until one may."""
        now = self._clock()
        self._times = [t for t in self._times if now - t < 60.0]
        if len(self._times) >= self.per_minute:
            return 60.0 - (now - self._times[0])
        self._times.append(now)
        return 0.0


class ChatMessage(BaseModel):
    role: Literal["user", "assistant"]
    content: str
    answer: Answer | None = Field(None, description="A knowledge-base answer, with its sources.")
    followup: str | None = Field(None, description="Interview text shown after a knowledge answer.")
    understood: list[str] = Field(default_factory=list)
    proposals: list[Reading] = Field(default_factory=list, description="Readings to confirm with one click.")
    author: str | None = Field(None, description="Who sent it (the participant's name), for user messages.")


class SessionState(BaseModel):
    interview: InterviewState
    messages: list[ChatMessage] = Field(default_factory=list)
    title_set_by_user: bool = False
    plan: ProjectPlan | None = None
    workshop: Workshop = Field(default_factory=Workshop, description="Decisions, actions, risks, sign-offs.")
    undo_to: int | None = Field(
        None, description="The version an undo returns to; None means the version before this one."
    )
    redo: list[int] = Field(default_factory=list, description="Versions an undo left, latest last, for Redo.")


class Turn(BaseModel):
    plan: StoredPlan
    state: SessionState
    reply: ChatMessage
    merged: bool = Field(False, description="Someone else saved first; this turn was replayed on their version.")


# (question, the user's earlier messages oldest first) -> answer
AnswerFn = Callable[[str, list[str]], Answer]
ExtractFn = Callable[[str, InterviewState], ScopeUpdate | None]


class PlanSessions:
    """Creates, loads and advances saved plan conversations."""

    def __init__(
        self,
        store: PlanStore,
        answerer: Answerer | None,
        recommender: Recommender,
        llm_extract: ExtractFn | None = None,
        classifier: IntentClassifier | None = None,
    ) -> None:
        self.store = store
        self.answerer = answerer
        self.recommender = recommender
        self.llm_extract = llm_extract
        self.classifier = classifier
        self._scoped: dict[str, PlanSessions] = {}

    @property
    def workspace(self) -> str:
        return self.store.workspace

    def for_workspace(self, workspace: str) -> PlanSessions:
        """The sessions of one workspace: its plans only, answered and cited from the shared documents
        and its own uploads (kept, one per workspace)."""
        if workspace == self.store.workspace:
            return self
        scoped = self._scoped.get(workspace)
        if scoped is None:
            answerer = self.answerer.for_workspace(workspace) if self.answerer is not None else None
            retriever = getattr(self.recommender.find, "retriever", None)
            recommender = (
                Recommender(retriever_citations(retriever.for_workspace(workspace)))
                if retriever is not None
                else self.recommender
            )
            scoped = PlanSessions(
                self.store.for_workspace(workspace), answerer, recommender, self.llm_extract, self.classifier
            )
            self._scoped[workspace] = scoped
        return scoped

    # ---------------------------------------------------------------- load
    def create(self, title: str | None = None) -> tuple[StoredPlan, SessionState]:
        interview, reply = start()
        state = SessionState(
            interview=interview,
            messages=[ChatMessage(role="assistant", content=reply.text)],
            title_set_by_user=bool(title),
        )
        stored = self.store.create(title or DEFAULT_TITLE, state.model_dump(mode="json"))
        return stored, state

    def load(self, plan_id: str) -> tuple[StoredPlan, SessionState]:
        stored = self.store.get(plan_id)
        return stored, SessionState.model_validate(stored.state)

    def rename(self, plan_id: str, title: str) -> StoredPlan:
        for _ in range(MAX_SAVE_ATTEMPTS):
            stored, state = self.load(plan_id)
            state.title_set_by_user = True
            try:
                return self.store.save(
                    plan_id, state.model_dump(mode="json"), stored.version, title=_clean_title(title)
                )
            except VersionConflict:
                continue
        raise PlanBusy("The plan kept changing while renaming; please try again.")

    # ---------------------------------------------------------------- turns
    def handle(
        self,
        plan_id: str,
        message: str,
        answer_fn: AnswerFn | None = None,
        author: str = "",
        seen_stage: str | None = None,
        inbox_id: str | None = None,
    ) -> Turn:
        """Apply one user message and save; replays on the latest version if someone saved first.

        `answer_fn` answers knowledge questions (the app passes one that streams);
        it is called at most once per turn, whatever the number of replays. With `inbox_id`
        (a message recorded by `enqueue`) the save also marks it applied, or raises
        AlreadyApplied when another run got there first.
        """
        answers: dict[str, Answer] = {}
        merged = False
        for _ in range(MAX_SAVE_ATTEMPTS):
            stored, state = self.load(plan_id)
            note = parse_note(message, author, date.today(), stage=_stage_of(state))
            if note is not None:
                # "decision: …", "action: …", "risk: …": a workshop record, not an interview answer.
                state.workshop = add_note(state.workshop, note)
                recorded = ChatMessage(role="assistant", content=describe_note(note))
                state.messages += [ChatMessage(role="user", content=message, author=author or None), recorded]
                try:
                    saved = self.store.save(
                        plan_id, state.model_dump(mode="json"), stored.version, title=stored.title, inbox_id=inbox_id
                    )
                except VersionConflict:
                    merged = True
                    continue
                return Turn(plan=saved, state=state, reply=recorded, merged=merged)
            if seen_stage is not None and state.interview.stage != seen_stage:
                # Typed at a stage the plan has left (someone else moved it on): never applied blindly.
                moved = ChatMessage(role="assistant", content=_moved_on(seen_stage, state))
                state.messages += [ChatMessage(role="user", content=message, author=author or None), moved]
                try:
                    saved = self.store.save(
                        plan_id, state.model_dump(mode="json"), stored.version, title=stored.title, inbox_id=inbox_id
                    )
                except VersionConflict:
                    continue
                return Turn(plan=saved, state=state, reply=moved, merged=True)
            extra = self.llm_extract(message, state.interview) if self.llm_extract else None
            interview, reply = step(state.interview, message, self.recommender, extra, classifier=self.classifier)
            if reply.command == "undo":
                return self.undo(plan_id, said=message, inbox_id=inbox_id)
            if reply.command == "redo":
                return self.redo(plan_id, inbox_id=inbox_id)
            history = [m.content for m in state.messages if m.role == "user"]
            assistant_message = self._reply_message(reply, answers, answer_fn, history)
            state.interview = interview
            state.undo_to, state.redo = None, []
            state.messages += [ChatMessage(role="user", content=message, author=author or None), assistant_message]
            state.plan = self.build_plan(interview)
            if interview.stage != "scope":
                # The register gets the risks this scope makes likely, each cited, once the scope is known.
                state.workshop = with_seeded_risks(state.workshop, interview.scope, self.recommender.find)
            title = stored.title
            if not state.title_set_by_user:
                title = _clean_title(state.plan.title) if interview.scope.use_case else DEFAULT_TITLE
            try:
                saved = self.store.save(
                    plan_id, state.model_dump(mode="json"), stored.version, title=title, inbox_id=inbox_id
                )
            except VersionConflict:
                merged = True
                log.info("plan %s changed under us; replaying the turn", plan_id)
                time.sleep(random.uniform(0, 0.02))
                continue
            return Turn(plan=saved, state=state, reply=assistant_message, merged=merged)
        raise PlanBusy("The plan kept changing while saving; please send your message again.")

    # ---------------------------------------------------------------- inbox
    def enqueue(
        self, plan_id: str, message_id: str, text: str, author: str, sender: str, seen_stage: str | None
    ) -> bool:
        """Record a message durably before its turn runs (False if that message id was recorded already)."""
        return self.store.enqueue(plan_id, message_id, text, author, sender, seen_stage)

    def queued(self, plan_id: str) -> list[InboxMessage]:
        return self.store.pending(plan_id)

    def apply_queued(self, item: InboxMessage, answer_fn: AnswerFn | None = None) -> Turn | None:
        """Apply one recorded message as a turn; None when another run or page applied it first."""
        try:
            return self.handle(
                item.plan_id,
                item.text,
                answer_fn,
                author=item.author,
                seen_stage=item.seen_stage,
                inbox_id=item.message_id,
            )
        except AlreadyApplied:
            return None

    def give_up(self, item: InboxMessage, reason: str) -> None:
        self.store.give_up(item.message_id, reason)

    def build_plan(self, interview: InterviewState) -> ProjectPlan:
        return plan_for(interview, self.recommender)

    # ---------------------------------------------------------------- edits, undo, restore
    def _mutate(self, plan_id: str, change: Callable[[SessionState], str | None], inbox_id: str | None = None) -> Turn:
        """Load, change, rebuild the plan and save as a new version; replays if someone saved first."""
        return self._mutate_at(plan_id, lambda state, _version: change(state), inbox_id=inbox_id)

    def _mutate_at(
        self,
        plan_id: str,
        change: Callable[[SessionState, int], str | None],
        history: bool = False,
        inbox_id: str | None = None,
    ) -> Turn:
        """`_mutate` where the change also sees the version it starts from (undo and redo need it)."""
        for _ in range(MAX_SAVE_ATTEMPTS):
            stored, state = self.load(plan_id)
            if not history:
                # An ordinary change: the next undo goes back to the version before it; nothing is left to redo.
                state.undo_to, state.redo = None, []
            note = change(state, stored.version)
            state.plan = self.build_plan(state.interview)
            reply = ChatMessage(role="assistant", content=note or "Done.")
            if note:
                state.messages.append(reply)
            title = stored.title
            if not state.title_set_by_user:
                title = _clean_title(state.plan.title) if state.interview.scope.use_case else DEFAULT_TITLE
            try:
                saved = self.store.save(
                    plan_id, state.model_dump(mode="json"), stored.version, title=title, inbox_id=inbox_id
                )
            except VersionConflict:
                continue
            return Turn(plan=saved, state=state, reply=reply)
        raise PlanBusy("The plan kept changing while saving; please try again.")

    def join(self, plan_id: str, name: str, role: str) -> Turn | None:
        """A participant gives a name and a role on first visit; recorded once (or when the role changes)."""
        name = " ".join(name.split())[:80]
        _, current = self.load(plan_id)
        known = {(p.name, p.role) for p in current.workshop.participants}
        if not name or (name, role) in known:
            return None

        def change(state: SessionState) -> str:
            others = [p for p in state.workshop.participants if p.name != name]
            state.workshop.participants = [*others, Participant(name=name, role=role)]
            return f"{name} joined as {role.replace('_', ' ')}."

        return self._mutate(plan_id, change)

    def update_actions(self, plan_id: str, rows: list[dict[str, Any]], by: str = "team") -> Turn:
        """The actions table as edited in the Plan tab (owner, due date, status, text)."""
        return self.update_records(plan_id, "actions", rows, by=by)

    def update_records(
        self,
        plan_id: str,
        kind: RecordKind,
        rows: list[dict[str, Any]],
        by: str = "team",
        seen_ids: list[str] | None = None,
    ) -> Turn:
        """A workshop table (decisions, actions, risks, sign-offs) as edited in the Plan tab.

        Rows with an id change that record, rows without one are added, records in `seen_ids`
        (what the editor's table showed) that are missing from `rows` are removed. The edit is
        replayed on the latest version when someone saved first, so their additions survive.
        The chat records who changed what.
        """

        def change(state: SessionState) -> str | None:
            try:
                state.workshop, note = edit_records(state.workshop, kind, rows, seen_ids, by)
            except EditError as exc:
                raise WorkshopEditError(f"That edit was not saved: {exc}.") from exc
            return note or None

        return self._mutate(plan_id, change)

    def advance_agenda(self, plan_id: str, by: str = "team") -> Turn:
        """The facilitator starts the workshop or moves to the next agenda section (its timer restarts)."""

        def change(state: SessionState) -> str:
            state.workshop = advance(state.workshop, datetime.now(UTC))
            item = state.workshop.agenda[state.workshop.section or 0]
            return f"Agenda: **{item.section}** ({item.minutes} min) — started by {by}."

        return self._mutate(plan_id, change)

    def set_agenda(self, plan_id: str, minutes: list[int]) -> Turn:
        """The facilitator changes the time boxes (one number of minutes per section)."""

        def change(state: SessionState) -> None:
            agenda = state.workshop.agenda or list(DEFAULT_AGENDA)
            state.workshop.agenda = [
                item.model_copy(update={"minutes": m}) for item, m in zip(agenda, minutes, strict=True)
            ]

        return self._mutate(plan_id, change)

    def confirm(self, plan_id: str, slot: str, value: object, by: str = "team") -> Turn:
        """One click: the team confirms (or fixes) a reading; it wins over the rules."""

        def change(state: SessionState) -> str:
            state.interview = confirm(state.interview, slot, value, by)
            record = state.interview.slots.get(slot)
            shown = record.value if record is not None else value
            return f"Confirmed by {by}: {slot.replace('_', ' ')} = {shown}."

        return self._mutate(plan_id, change)

    def confirm_all(self, plan_id: str, readings: list[tuple[str, object]], by: str = "team") -> Turn:
        """Every proposal the team saw, confirmed as shown in one turn (one version, one undo).

        The page passes the proposals it showed: a proposal that changed in the meantime (a teammate
        confirmed or replaced it) is not confirmed blindly.
        """

        def change(state: SessionState) -> str:
            current = {p.slot: p.value for p in state.interview.proposals}
            done = []
            for slot, value in readings:
                if slot in current and current[slot] == value:
                    state.interview = confirm(state.interview, slot, value, by)
                    done.append(slot.replace("_", " "))
            return f"Confirmed by {by}: {', '.join(done)}." if done else "Nothing to confirm: the proposals changed."

        return self._mutate(plan_id, change)

    def dismiss(self, plan_id: str, slot: str) -> Turn:
        def change(state: SessionState) -> str:
            state.interview = dismiss(state.interview, slot)
            return f"Dropped the proposed {slot.replace('_', ' ')}."

        return self._mutate(plan_id, change)

    def override(self, plan_id: str, field: str, value: Any, why: str = "", by: str = "team") -> Turn:
        """A team choice on the plan (ladder step removed/added/reordered, hosting, approach), recorded and winning."""

        def change(state: SessionState) -> str:
            now = datetime.now(UTC).isoformat(timespec="seconds")
            new = TeamOverride(field=field, value=value, why=why, who=by, when=now)
            state.interview.overrides = record_override(state.interview.overrides, new)
            return f"Team override by {by}: {describe_override(field, value)}" + (f" (“{why}”)." if why else ".")

        return self._mutate(plan_id, change)

    def versions(self, plan_id: str) -> list[PlanSummary]:
        """Every saved version, oldest first (each turn and each edit is one)."""
        return self.store.versions(plan_id)

    def restore(self, plan_id: str, version: int, message: str | None = None, inbox_id: str | None = None) -> Turn:
        """Bring back an earlier version as a new version (history is never rewritten)."""
        old = SessionState.model_validate(self.store.get_version(plan_id, version).state)
        text = message or f"Restored version {version}."

        def change(state: SessionState) -> str:
            _copy_version(state, old)
            return text

        return self._mutate(plan_id, change, inbox_id)

    def undo(self, plan_id: str, said: str | None = None, inbox_id: str | None = None) -> Turn:
        """Undo one step: each undo goes one turn further back (undo twice = two turns back).

        Every undo is saved as a new version (history is never rewritten). A version made by an
        undo remembers where the next undo goes (`undo_to`) and what Redo brings back (`redo`).
        """

        def change(state: SessionState, version: int) -> str:
            target = state.undo_to if state.undo_to is not None else version - 1
            if target < 1:
                state.undo_to = 0
                return "There is nothing to undo yet."
            redo = [*state.redo, version]
            old = self._version_state(plan_id, target)
            _copy_version(state, old)
            state.undo_to = old.undo_to if old.undo_to is not None else target - 1
            state.redo = redo
            return "Undone: the plan is back to how it was before the last change."

        return self._mutate_history(plan_id, change, inbox_id)

    def redo(self, plan_id: str, inbox_id: str | None = None) -> Turn:
        """Bring back what the last undo took away (until a new change is made)."""

        def change(state: SessionState, version: int) -> str:
            if not state.redo:
                # This note is a version too; the next undo must still skip back past the last real change.
                state.undo_to = state.undo_to if state.undo_to is not None else version - 1
                return "There is nothing to redo."
            redo = state.redo
            _copy_version(state, self._version_state(plan_id, redo[-1]))
            state.undo_to, state.redo = version, redo[:-1]
            return "Redone: the change is back."

        return self._mutate_history(plan_id, change, inbox_id)

    def _version_state(self, plan_id: str, version: int) -> SessionState:
        return SessionState.model_validate(self.store.get_version(plan_id, version).state)

    def _mutate_history(
        self, plan_id: str, change: Callable[[SessionState, int], str], inbox_id: str | None = None
    ) -> Turn:
        return self._mutate_at(plan_id, change, history=True, inbox_id=inbox_id)

    def _reply_message(
        self, reply: Reply, answers: dict[str, Answer], answer_fn: AnswerFn | None, history: list[str] | None = None
    ) -> ChatMessage:
        question = reply.knowledge_question
        if reply.app_help is not None:
            text = reply.text if reply.repeat else f"{answer_help(reply.app_help)}\n\n{reply.text}"
            return ChatMessage(role="assistant", content=text)
        if not question:
            return ChatMessage(
                role="assistant", content=reply.text, understood=reply.understood, proposals=reply.proposals
            )
        if question not in answers:
            answers[question] = self._answer(question, answer_fn, history or [])
        answer = answers[question]
        return ChatMessage(role="assistant", content=answer.answer, answer=answer, followup=reply.text)

    def _answer(self, question: str, answer_fn: AnswerFn | None, history: list[str]) -> Answer:
        try:
            if answer_fn is not None:
                return answer_fn(question, history)
            if self.answerer is not None:
                return self.answerer.answer(question, history)
        except QuestionError as exc:
            return Answer(question=question, answer=str(exc), grounded=False)
        except (KnowledgeStoreError, EmbeddingModelError) as exc:
            # The interview turn is still saved; only this answer waits for the knowledge base.
            log.warning("knowledge answer failed: %s", exc.one_line())
            return Answer(
                question=question,
                answer=f"I cannot answer that right now: {exc.one_line()}. Ask again once it is back.",
                grounded=False,
            )
        return Answer(question=question, answer="The knowledge base is not available right now.", grounded=False)


def _copy_version(state: SessionState, old: SessionState) -> None:
    """What an undo, redo or restore brings back: the interview, the chat, the title choice and the records."""
    state.interview = old.interview
    state.messages = list(old.messages)
    state.title_set_by_user = old.title_set_by_user
    # The records come back with the version (undoing "decision: …" removes it); who is in
    # the room and where the agenda stands are the present, not history.
    state.workshop = old.workshop.model_copy(
        update={
            "participants": state.workshop.participants,
            "agenda": state.workshop.agenda,
            "section": state.workshop.section,
            "section_started_at": state.workshop.section_started_at,
        }
    )


def _clean_title(title: str) -> str:
    return " ".join(title.split())[:120] or DEFAULT_TITLE


def _stage_of(state: SessionState) -> StageId | None:
    stage = state.interview.stage
    return None if stage == "done" else stage


_STAGE_LABELS = {
    "scope": "Scope",
    "select": "Select",
    "adapt_align": "Adapt & align",
    "integrate": "Application integration",
    "done": "the finished plan",
}


def _moved_on(seen_stage: str, state: SessionState) -> str:
    last = next((m for m in reversed(state.messages) if m.role == "user"), None)
    who = f"{last.author} said “{last.content[:80]}”" if last is not None and last.author else "someone answered"
    return (
        f"While you were typing, the plan moved on from **{_STAGE_LABELS.get(seen_stage, seen_stage)}** to "
        f"**{_STAGE_LABELS.get(state.interview.stage, state.interview.stage)}** ({who}). Your message was not "
        "applied. Here is where the plan is now — send it again if it still applies."
    )
