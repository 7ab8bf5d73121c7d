"""all-MiniLM-L6-v2 through ONNX Runtime and `tokenizers`: the embedder of the app and the CLI.

Same weights, same tokenizer, same pooling as sentence-transformers (mean of the
token embeddings under the attention mask, then L2 normalisation), so the vectors
match `LocalEmbedder`'s to float precision. What changes is the cost: importing
ONNX Runtime and loading the session takes well under a second and ~200 MB, where
sentence-transformers pulls in torch, transformers and scikit-learn (seconds, GB).
Nothing here imports torch; only building a missing export does (`onnx_export`).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import EmbeddingModelError
from assistant.knowledge.embeddings import (
    EMBEDDING_DIM,
    MAX_SEQ_LENGTH,
    CachedEmbedder,
    ChromaLocalEmbeddingFunction,
    Embedder,
    pool_sentences,
)
from assistant.knowledge.onnx_export import MODEL_FILE, TOKENIZER_FILE, ensure_export
from assistant.offline import enforce_offline

if TYPE_CHECKING:
    from assistant.settings import Settings

log = logging.getLogger(__name__)
_shared_lock = threading.Lock()
_shared: dict[Path, Embedder] = {}


def _stderr(message: str) -> None:
    # A missing export is built on first use; say so, since it takes seconds once.
    print(message, file=sys.stderr, flush=True)


class _Runtime:
    """The loaded parts: the session and two tokenizers (model input; sentences as they are)."""

    def __init__(self, folder: Path) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        options = ort.SessionOptions()
        options.log_severity_level = 3  # warnings about unused initialisers are noise to users
        self.session = ort.InferenceSession(
            str(folder / MODEL_FILE), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self.input_names = {i.name for i in self.session.get_inputs()}
        # Model input: [CLS] … [SEP], cut at the model's max_seq_length like sentence-transformers.
        self.tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.tokenizer.enable_truncation(MAX_SEQ_LENGTH)
        self.tokenizer.no_padding()
        # Sentences are looked up inside their chunk's tokens: no special tokens, never truncated.
        self.sentence_tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        self.sentence_tokenizer.no_truncation()
        self.sentence_tokenizer.no_padding()


class OnnxEmbedder(CachedEmbedder):
    """The shipped model's ONNX export (in `folder`), loaded on first use or by `preload`."""

    def __init__(
        self, folder: Path, cache_size: int = 20_000, progress: Callable[[str], None] | None = _stderr
    ) -> None:
        super().__init__(cache_size)
        self.folder = folder
        self._progress = progress
        self._runtime: _Runtime | None = None
        self._load_lock = threading.Lock()
        self._preloading = False

    @property
    def runtime(self) -> _Runtime:
        if self._runtime is None:
            with self._load_lock:
                if self._runtime is None:
                    self._runtime = self._load()
        return self._runtime

    def _load(self) -> _Runtime:
        enforce_offline()
        ensure_export(self.folder, self._progress)
        try:
            return _Runtime(self.folder)
        except Exception as exc:  # onnxruntime raises its own exception types
            raise EmbeddingModelError(
                f"could not load the ONNX export in {self.folder}: {exc}; delete that folder to rebuild it"
            ) from exc

    def preload(self) -> None:
        """Load the session in the background (well under a second, or an export build once)."""
        with self._cache_lock:
            if self._runtime is not None or self._preloading:
                return
            self._preloading = True
        threading.Thread(target=self._load_quietly, name="embedding-model-load", daemon=True).start()

    def _load_quietly(self) -> None:
        try:
            _ = self.runtime
        except EmbeddingModelError as exc:  # the next real use loads again and reports the error
            log.warning("embedding model preload failed: %s", exc.one_line())
            self._preloading = False

    # ---------------------------------------------------------------- forward
    def _forward(self, texts: Sequence[str], batch_size: int) -> Iterator[tuple[int, list[int], np.ndarray]]:
        """(index, token ids, token embeddings) per text, padding removed.

        Texts are run in batches of similar length (as sentence-transformers does),
        so short texts are not padded to the longest of the whole call.
        """
        runtime = self.runtime
        encodings = runtime.tokenizer.encode_batch(list(texts))
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in batch)
            ids = np.zeros((len(batch), width), dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                ids[row, :n] = encodings[i].ids
                mask[row, :n] = 1
            feed: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in runtime.input_names:
                feed["token_type_ids"] = np.zeros_like(ids)
            tokens = runtime.session.run(["last_hidden_state"], feed)[0]
            for row, i in enumerate(batch):
                n = len(encodings[i].ids)
                yield i, encodings[i].ids, tokens[row, :n]

    def embed(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        out = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        for i, _ids, tokens in self._forward(texts, batch_size):
            out[i] = _normalised_mean(tokens)
        return out

    def embed_with_sentences(
        self, texts: Sequence[str], sentences: Sequence[Sequence[str]], batch_size: int = 32
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Chunk vectors and, from the same forward pass, a vector per sentence (see `LocalEmbedder`)."""
        chunk_vectors = np.zeros((len(texts), EMBEDDING_DIM), dtype=np.float32)
        sentence_vectors: list[np.ndarray] = [np.zeros((0, EMBEDDING_DIM), dtype=np.float32)] * len(texts)
        if not texts:
            return chunk_vectors, []
        tokenizer = self.runtime.sentence_tokenizer
        for i, ids, tokens in self._forward(texts, batch_size):
            chunk_vectors[i] = _normalised_mean(tokens)
            chunk_sentences = list(sentences[i]) if i < len(sentences) else []
            wanted = (
                [e.ids for e in tokenizer.encode_batch(chunk_sentences, add_special_tokens=False)]
                if chunk_sentences
                else []
            )
            sentence_vectors[i] = pool_sentences(list(ids), tokens, wanted)
        return chunk_vectors, sentence_vectors[: len(sentences)]


def _normalised_mean(tokens: np.ndarray) -> np.ndarray:
    """Mean pooling over the (unpadded) tokens, then unit length: sentence-transformers' Pooling + Normalize."""
    pooled = tokens.mean(axis=0, dtype=np.float32)
    return pooled / max(float(np.linalg.norm(pooled)), 1e-12)


def shared_embedder(settings: Settings | None = None) -> Embedder:
    """One model per process and export: 90 MB of weights are loaded once.

    The app and the CLI get `OnnxEmbedder` (ONNX Runtime, no torch), whose export
    lives in the data directory. Without `settings`, the embedder already built
    for this process is returned (or the default data directory's).
    """
    with _shared_lock:
        if settings is None and _shared:
            return next(iter(_shared.values()))
        if settings is None:
            from assistant.settings import load_settings

            settings = load_settings()
        target = settings.embedding_export_dir.resolve()
        if target not in _shared:
            _shared[target] = OnnxEmbedder(target)
        return _shared[target]


ChromaLocalEmbeddingFunction.default_factory = shared_embedder
