"""Shared fixtures: the real embedding model, a real Chroma store built from knowledge/ once per run."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from assistant.bootstrap import Assistant, build
from assistant.knowledge import LocalEmbedder, shared_embedder
from assistant.knowledge.ingest import ingest
from assistant.offline import enforce_offline
from assistant.settings import PROJECT_ROOT, Settings, load_settings

enforce_offline()
# Every test's data dir shares one ONNX export of the embedding model (building one takes ~15 s);
# subprocesses (CLI, app) inherit it through the environment.
os.environ.setdefault("ONNX_MODEL_DIR", str(load_settings().embedding_export_dir))

KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"


@pytest.fixture(autouse=True)
def _no_llm_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's own key must never make a test call a network LLM.
    for name in (
        "OPENAI_API_KEY",
        "LLM_BASE_URL",
        "LLM_MODEL",
        "LLM_API_KEY",
        "LLM_BACKEND",
        "DATABASE_URL",
        "CHROMA_HOST",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def embedder() -> LocalEmbedder:
    return shared_embedder()


def make_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"llm_backend": "none", **overrides}
    return load_settings(data_dir=data_dir, **values)


@pytest.fixture(scope="session")
def kb_dir(tmp_path_factory: pytest.TempPathFactory, embedder: LocalEmbedder) -> Path:
    """A data dir with knowledge/ ingested; copy it before writing to it."""
    data_dir = tmp_path_factory.mktemp("kb")
    assistant = build(make_settings(data_dir), embedder=embedder)
    report = ingest([KNOWLEDGE_DIR], assistant.store)
    assert not report.failed
    assistant.store.close()
    return data_dir


@pytest.fixture(scope="session")
def kb(kb_dir: Path, embedder: LocalEmbedder) -> Assistant:
    """The assistant over the knowledge base, no LLM (read-only use)."""
    return build(make_settings(kb_dir), embedder=embedder)


@pytest.fixture
def kb_copy(kb_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(kb_dir, target)
    return target


@pytest.fixture
def empty_store_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")
