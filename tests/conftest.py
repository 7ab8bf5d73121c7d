"""Shared fixtures: the real embedding model and a real Chroma store built from knowledge/ once per run,
a fake embedder for tests where retrieval quality is not the point, and a guard against network models."""

from __future__ import annotations

import io
import ipaddress
import os
import shutil
import socket
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.bootstrap import Assistant, build
from assistant.cli import main
from assistant.knowledge import LocalEmbedder, ingest, shared_embedder
from assistant.offline import enforce_offline
from assistant.settings import PROJECT_ROOT, Settings, load_settings
from tests.support.fake_embedder import FakeEmbedder
from tests.support.servers import chroma_server, postgres_server

enforce_offline()
# Every test's data dir shares one ONNX export of the embedding model (building one takes ~15 s);
# subprocesses (CLI, app) inherit it through the environment.
os.environ.setdefault("ONNX_MODEL_DIR", str(load_settings().embedding_export_dir))

KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"
EVAL_DIR = PROJECT_ROOT.parent / "shared" / "eval"
_LLM_ENV = ("OPENAI_API_KEY", "LLM_BASE_URL", "LLM_MODEL", "LLM_API_KEY", "LLM_BACKEND", "LLM_FAKE_REPLIES")


class NetworkCallInTests(RuntimeError):
    """A test tried to reach a host that is not this machine (a real LLM, a hub)."""


@pytest.fixture(autouse=True, scope="session")
def _only_loopback_connections() -> Iterator[None]:
    """No test may reach the network: a real LLM call (or a model download) fails loudly here.

    Loopback stays open for the stub LLM server, `streamlit run` and Chromium's DevTools.
    """
    real_connect = socket.socket.connect

    def guarded(sock: socket.socket, address: object) -> object:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
            host = str(address[0])
            try:
                local = ipaddress.ip_address(host).is_loopback
            except ValueError:
                local = host == "localhost"
            if not local:
                raise NetworkCallInTests(f"tests may not connect to {host}: use the fake LLM or a loopback stub")
        return real_connect(sock, address)  # type: ignore[arg-type]

    socket.socket.connect = guarded  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect = real_connect  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _no_llm_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's own key must never make a test call a network LLM.
    for name in (*_LLM_ENV, "DATABASE_URL", "CHROMA_HOST"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server: TEST_POSTGRES_URL when given, else a throwaway cluster on loopback."""
    given = os.environ.get("TEST_POSTGRES_URL")
    if given:
        yield given
        return
    with postgres_server() as url:
        yield url


@pytest.fixture
def pg_database(postgres_url: str) -> Iterator[str]:
    """A fresh, empty database on the PostgreSQL server, for one test."""
    import uuid

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as db:
        db.execute(text(f"CREATE DATABASE {name}"))
    yield make_url(postgres_url).set(database=name).render_as_string(hide_password=False)
    with admin.connect() as db:
        db.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(scope="session")
def chroma_address() -> Iterator[tuple[str, int]]:
    """A real `chroma run` server on a loopback port."""
    with chroma_server() as address:
        yield address


@pytest.fixture(scope="session")
def embedder() -> LocalEmbedder:
    return shared_embedder()


@pytest.fixture
def fake_embedder() -> FakeEmbedder:
    return FakeEmbedder()


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
def data_dir(kb_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the knowledge base that the Streamlit page under test (AppTest) opens as its DATA_DIR."""
    monkeypatch.setenv("DATA_DIR", str(kb_copy))
    return kb_copy


@pytest.fixture
def empty_store_settings(tmp_path: Path) -> Settings:
    return make_settings(tmp_path / "data")


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch):
    """`main(argv)` in this process with DATA_DIR, extra env and stdin; captures both streams."""

    def run(
        args: list[str], data_dir: Path, stdin: str | None = None, extra_env: dict[str, str] | None = None
    ) -> Result:
        with monkeypatch.context() as m:
            m.setenv("DATA_DIR", str(data_dir))
            for name, value in (extra_env or {}).items():
                m.setenv(name, value)
            m.setattr(sys, "stdin", io.StringIO(stdin or ""))
            out, err = io.StringIO(), io.StringIO()
            with redirect_stdout(out), redirect_stderr(err):
                code = main(args)
        return Result(code, out.getvalue(), err.getvalue())

    return run
