"""Our embedding model behind LangChain's `Embeddings` interface: only the langchain_chroma baseline of the retrieval benchmark uses it."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.knowledge import Embedder


class LangChainEmbeddings(Embeddings):
    """Adapter to langchain_core's `Embeddings` interface."""

    def __init__(self, embedder: Embedder) -> None:
        self._embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._embedder.embed(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self._embedder.embed_query(text).tolist()

    async def aembed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embed_documents(texts)

    async def aembed_query(self, text: str) -> list[float]:
        return self.embed_query(text)
