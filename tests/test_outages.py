"""Deadlines: a frozen (SIGSTOP) or killed Chroma server is a one-line message naming it, never a hang."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assistant.bootstrap import build
from assistant.cli.main import _ask_jsonl
from assistant.errors import KnowledgeStoreError
from assistant.knowledge import ingest
from assistant.knowledge.embeddings import LocalEmbedder
from tests.conftest import make_settings
from tests.support.live_app import free_port

CHROMA = Path(sys.executable).with_name("chroma")
pytestmark = pytest.mark.skipif(not CHROMA.exists(), reason="the chroma CLI is not installed")
DEADLINE_S = 2.0


@pytest.fixture
def chroma_server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen, int]]:
    port = free_port()
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).read()
            break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.skip("chroma run did not start")
    yield proc, port
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGCONT)
        proc.kill()
    proc.wait(10)


def _within(seconds: float, action: Callable[[], object]) -> object:
    """Run `action`; fail (instead of hanging the suite) if it has not returned after `seconds`."""
    box: dict[str, object] = {}

    def target() -> None:
        try:
            box["value"] = action()
        except Exception as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"still running after {seconds} s"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


@pytest.mark.parametrize("outage", ["frozen", "killed"])
def test_vector_store_outage_is_named_and_the_rest_keeps_working(
    chroma_server: tuple[subprocess.Popen, int], tmp_path: Path, embedder: LocalEmbedder, outage: str
) -> None:
    proc, port = chroma_server
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(Path(__file__).parents[1] / "knowledge" / "01-project-lifecycle-overview.md", docs)
    settings = make_settings(tmp_path / "data", chroma_host="127.0.0.1", chroma_port=port, chroma_timeout_s=DEADLINE_S)
    assistant = build(settings, embedder=embedder)
    assert not ingest([docs], assistant.store).failed
    stored, _ = assistant.sessions.create()

    if outage == "frozen":
        os.kill(proc.pid, signal.SIGSTOP)
    else:
        proc.kill()
        proc.wait(10)

    with pytest.raises(KnowledgeStoreError, match=r"vector store \(Chroma at 127\.0\.0\.1") as caught:
        _within(6 * DEADLINE_S, lambda: assistant.answerer.answer("What are the stages of the lifecycle?"))
    assert "\n" not in caught.value.one_line()
    # An interview answer needs no retrieval: it is saved; a knowledge question says what is down.
    turn = _within(30 * DEADLINE_S, lambda: assistant.sessions.handle(stored.id, "Our agents want draft replies"))
    assert turn.plan.version == 2  # type: ignore[attr-defined]
    asked = _within(30 * DEADLINE_S, lambda: assistant.sessions.handle(stored.id, "What is a model card?"))
    assert "vector store" in asked.reply.content  # type: ignore[attr-defined]
    # ask --jsonl reports each failing question on its own line and carries on.
    out = io.StringIO()
    _within(12 * DEADLINE_S, lambda: _ask_jsonl(assistant, io.StringIO("What is LoRA?\nWhat is RLHF?\n"), out))
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [line["question"] for line in lines] == ["What is LoRA?", "What is RLHF?"]
    assert all(line["error"].startswith("knowledge base: the vector store") for line in lines)


def test_after_a_vector_store_failure_searches_fail_fast_then_the_store_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.knowledge.store as store_module
    from tests.support.fake_embedder import FakeEmbedder

    store = build(make_settings(tmp_path / "data"), embedder=FakeEmbedder()).store
    doc = tmp_path / "a.md"
    doc.write_text("# Notes\n\n## One\n\nThe walrus reviews the golden set every sprint and records results.\n")
    assert not ingest([doc], store).failed
    calls = {"n": 0}
    real_query = store.collection.query

    def flaky_query(*args, **kwargs):  # the Chroma server answers once it is back
        calls["n"] += 1
        if calls["n"] == 1:
            raise TimeoutError("timed out")
        return real_query(*args, **kwargs)

    monkeypatch.setattr(store.collection, "query", flaky_query)
    monkeypatch.setattr(store_module, "VECTOR_STORE_RETRY_S", 0.5)
    vector = FakeEmbedder().embed_query("walrus golden set")
    with pytest.raises(KnowledgeStoreError, match="did not answer"):
        store.vector_search(vector, 3)
    with pytest.raises(KnowledgeStoreError):
        store.vector_search(vector, 3)  # fails fast: the server is not asked again yet
    assert calls["n"] == 1
    time.sleep(0.6)
    assert store.vector_search(vector, 3)  # tried again, and it is back
    assert calls["n"] == 2
