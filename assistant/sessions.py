"""One team conversation: the interview, its knowledge answers and the plan, saved after every turn."""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel, Field

from assistant.answers.answerer import Answerer
from assistant.answers.models import Answer
from assistant.errors import EmbeddingModelError, KnowledgeStoreError, PlanBusy, QuestionError
from assistant.interview.machine import InterviewState, Reply, start, step
from assistant.plan.recommend import Recommender
from assistant.plan.schema import ProjectPlan
from assistant.plan.scope import ScopeUpdate
from assistant.plan.store import PlanStore, StoredPlan, VersionConflict

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


class SessionState(BaseModel):
    interview: InterviewState
    messages: list[ChatMessage] = Field(default_factory=list)
    title_set_by_user: bool = False
    plan: ProjectPlan | None = None


class Turn(BaseModel):
    plan: StoredPlan
    state: SessionState
    reply: ChatMessage
    merged: bool = Field(False, description="Someone else saved first; this turn was replayed on their version.")


AnswerFn = Callable[[str], Answer]
ExtractFn = Callable[[str, InterviewState], ScopeUpdate | None]


class PlanSessions:
    """Creates, loads and advances saved plan conversations."""

    def __init__(
        self,
        store: PlanStore,
        answerer: Answerer | None,
        recommender: Recommender,
        llm_extract: ExtractFn | None = None,
    ) -> None:
        self.store = store
        self.answerer = answerer
        self.recommender = recommender
        self.llm_extract = llm_extract

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
    def handle(self, plan_id: str, message: str, answer_fn: AnswerFn | None = None) -> Turn:
        """Apply one user message and save; replays on the latest version if someone saved first.

        `answer_fn` answers knowledge questions (the app passes one that streams);
        it is called at most once per turn, whatever the number of replays.
        """
        answers: dict[str, Answer] = {}
        merged = False
        for _ in range(MAX_SAVE_ATTEMPTS):
            stored, state = self.load(plan_id)
            extra = self.llm_extract(message, state.interview) if self.llm_extract else None
            interview, reply = step(state.interview, message, self.recommender, extra)
            assistant_message = self._reply_message(reply, answers, answer_fn)
            state.interview = interview
            state.messages += [ChatMessage(role="user", content=message), assistant_message]
            state.plan = self.build_plan(interview)
            title = stored.title
            if not state.title_set_by_user and interview.scope.use_case:
                title = _clean_title(state.plan.title)
            try:
                saved = self.store.save(plan_id, state.model_dump(mode="json"), stored.version, title=title)
            except VersionConflict:
                merged = True
                log.info("plan %s changed under us; replaying the turn", plan_id)
                time.sleep(random.uniform(0, 0.02))
                continue
            return Turn(plan=saved, state=state, reply=assistant_message, merged=merged)
        raise PlanBusy("The plan kept changing while saving; please send your message again.")

    def build_plan(self, interview: InterviewState) -> ProjectPlan:
        return self.recommender.plan(interview.scope, open_questions=interview.open_questions)

    def _reply_message(self, reply: Reply, answers: dict[str, Answer], answer_fn: AnswerFn | None) -> ChatMessage:
        question = reply.knowledge_question
        if not question:
            return ChatMessage(role="assistant", content=reply.text, understood=reply.understood)
        if question not in answers:
            answers[question] = self._answer(question, answer_fn)
        answer = answers[question]
        return ChatMessage(role="assistant", content=answer.answer, answer=answer, followup=reply.text)

    def _answer(self, question: str, answer_fn: AnswerFn | None) -> Answer:
        try:
            if answer_fn is not None:
                return answer_fn(question)
            if self.answerer is not None:
                return self.answerer.answer(question)
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


def _clean_title(title: str) -> str:
    return " ".join(title.split())[:120] or DEFAULT_TITLE
