"""A small deterministic embedder for tests where retrieval quality is not the point.

Hashed bag of words (plus word bigrams), normalised: texts sharing words are similar, no
model is loaded, and it satisfies the same `Embedder` protocol as the real one.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Embeddings

from assistant.knowledge.embeddings import EMBEDDING_DIM

_WORD = re.compile(r"[a-z0-9]+")


def _bucket(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "little") % EMBEDDING_DIM


class FakeEmbedder:
    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for i, text in enumerate(texts):
            words = _WORD.findall(text.lower())
            for token in [*words, *(f"{a} {b}" for a, b in itertools.pairwise(words))]:
                out[i, _bucket(token)] += 1.0
            norm = np.linalg.norm(out[i])
            out[i] = out[i] / norm if norm else out[i]
            if not norm:
                out[i, 0] = 1.0  # Chroma refuses all-zero vectors for cosine space
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def embed_cached(self, texts: Sequence[str]) -> np.ndarray:
        return self.embed(texts)

    def embed_with_sentences(
        self, texts: Sequence[str], sentences: Sequence[Sequence[str]], batch_size: int = 32
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        return self.embed(texts), [self.embed(list(s)) for s in sentences]

    def preload(self) -> None:
        pass

    def as_chroma(self) -> EmbeddingFunction[Documents]:
        return _ChromaAdapter(self)


class _ChromaAdapter(EmbeddingFunction[Documents]):
    def __init__(self, embedder: FakeEmbedder) -> None:
        self._embedder = embedder

    def __call__(self, input: Documents) -> Embeddings:
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "lifecycle-fake-hash"

    def get_config(self) -> dict[str, Any]:
        return {}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> _ChromaAdapter:
        return _ChromaAdapter(FakeEmbedder())
