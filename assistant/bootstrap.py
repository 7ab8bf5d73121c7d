"""The composition root: everything heavy is built here, once, from settings.

The app, the CLI, the benchmarks and the tests all call `build`; nothing else
constructs stores, models or sessions. Pass `llm=` or `embedder=` to override
what the settings would build (tests use a fake LLM and a small embedder).
"""

from __future__ import annotations

import copy
import sqlite3
from functools import cached_property
from typing import TYPE_CHECKING

from assistant.answers import Answerer
from assistant.errors import KnowledgeStoreError, PlanStoreError
from assistant.knowledge import Embedder, HybridRetriever, KnowledgeStore, shared_embedder
from assistant.llm import build_chat_model
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.plan import PlanStore, Recommender
    from assistant.sessions import PlanSessions


class Assistant:
    """The knowledge base, the answerer and (on first use) the plan sessions."""

    def __init__(self, settings: Settings, store: KnowledgeStore, llm: BaseChatModel | None) -> None:
        self.settings = settings
        self.store = store
        self.llm = llm
        self.retriever = HybridRetriever.from_settings(store)
        self.answerer = Answerer(self.retriever, settings, llm=llm)
        self.workspace = settings.default_workspace
        self._parent: Assistant | None = None
        self._scoped: dict[str, Assistant] = {}

    def for_workspace(self, workspace: str) -> Assistant:
        """The assistant as one workspace (team) sees it: its plans only; answers, citations and uploads
        from the shared documents and its own. Kept, one per workspace; the heavy parts are shared."""
        if workspace == self.workspace:
            return self
        scoped = self._scoped.get(workspace)
        if scoped is None:
            scoped = copy.copy(self)
            for built in ("recommender", "sessions"):  # rebuilt for the workspace on first use
                scoped.__dict__.pop(built, None)
            scoped.workspace, scoped._parent, scoped._scoped = workspace, self, {}
            scoped.store = self.store.for_workspace(workspace)
            scoped.retriever = self.retriever.for_workspace(workspace)
            scoped.answerer = self.answerer.for_workspace(workspace)
            self._scoped[workspace] = scoped
        return scoped

    @cached_property
    def recommender(self) -> Recommender:
        from assistant.plan import Recommender, retriever_citations

        return Recommender(retriever_citations(self.retriever))

    @cached_property
    def sessions(self) -> PlanSessions:
        """Plan conversations; built on first use so `ask` never opens the plan database."""
        if self._parent is not None:  # one plan database for every workspace
            return self._parent.sessions.for_workspace(self.workspace)
        from assistant.interview import IntentClassifier, llm_scope_extractor
        from assistant.sessions import PlanSessions

        return PlanSessions(
            store=_open_plan_store(self.settings),
            answerer=self.answerer,
            recommender=self.recommender,
            llm_extract=llm_scope_extractor(self.llm),
            classifier=IntentClassifier(self.store.embedder.embed),
        )

    def close(self) -> None:
        self.store.close()


def build(settings: Settings, *, llm: BaseChatModel | None = None, embedder: Embedder | None = None) -> Assistant:
    """Build the assistant; `llm` and `embedder` override what the settings choose."""
    chat_model = llm if llm is not None else build_chat_model(settings)  # a bad LLM setting fails first, by name
    return Assistant(settings, _open_knowledge_store(settings, embedder or shared_embedder(settings)), chat_model)


def _open_knowledge_store(settings: Settings, embedder: Embedder) -> KnowledgeStore:
    from chromadb.errors import ChromaError
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import SQLAlchemyError

    places = [
        f"vectors at {settings.chroma_host}:{settings.chroma_port}" if settings.chroma_host else str(settings.data_dir)
    ]
    if (settings.database_url or "").startswith("postgresql"):
        places.append("records in " + make_url(settings.database_url or "").render_as_string(hide_password=True))
    try:
        return KnowledgeStore(settings, embedder)
    except (ChromaError, SQLAlchemyError, sqlite3.Error, OSError, ValueError) as exc:
        raise KnowledgeStoreError(
            f"could not open the knowledge base ({'; '.join(places)}): {type(exc).__name__}"
        ) from exc


def _open_plan_store(settings: Settings) -> PlanStore:
    from sqlalchemy.exc import SQLAlchemyError

    from assistant.plan import PlanStore

    try:
        return PlanStore(settings.plans_url)
    except ImportError as exc:
        raise PlanStoreError(
            f"the database driver is missing ({exc.name}); for PostgreSQL install the postgres extra"
        ) from exc
    except (SQLAlchemyError, OSError) as exc:
        raise PlanStoreError(f"could not open the plan database: {type(exc).__name__}") from exc
