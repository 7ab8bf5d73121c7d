"""Building the assistant's heavy objects from settings, once."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.answer import Answerer
from assistant.embeddings import LocalEmbedder, shared_embedder
from assistant.llm import build_chat_model
from assistant.retrieval import HybridRetriever
from assistant.settings import Settings
from assistant.store import KnowledgeStore


@dataclass
class Assistant:
    settings: Settings
    store: KnowledgeStore
    retriever: HybridRetriever
    answerer: Answerer


def build_assistant(settings: Settings, embedder: LocalEmbedder | None = None) -> Assistant:
    store = KnowledgeStore(settings, embedder or shared_embedder())
    retriever = HybridRetriever.from_settings(store)
    answerer = Answerer(retriever, settings, llm=build_chat_model(settings))
    return Assistant(settings=settings, store=store, retriever=retriever, answerer=answerer)
