"""Credentials never show: sidebar, notices, CLI output, logs, the plan database."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.bootstrap import build
from assistant.cli.main import main as cli_main
from assistant.knowledge.embeddings import LocalEmbedder
from assistant.settings import PROJECT_ROOT, install_log_redaction, load_settings, redact
from tests.support.pages import new_plan

PASSWORD = "CanaryPass-7f3a91"
KEY = "sk-canarykey-5d2e8c41"
DB_PASSWORD = "DbCanary-0c4e77"
# Loopback port 9 (discard) refuses at once: every LLM call fails, as with a real outage.
BASE_URL = f"http://team:{PASSWORD}@127.0.0.1:9/v1?api_key={PASSWORD}"


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch, kb_copy: Path) -> Path:
    monkeypatch.setenv("DATA_DIR", str(kb_copy))
    monkeypatch.setenv("LLM_BASE_URL", BASE_URL)
    monkeypatch.setenv("LLM_MODEL", "local-model")
    monkeypatch.setenv("LLM_API_KEY", KEY)
    monkeypatch.setenv("LLM_TIMEOUT_S", "3")
    return kb_copy


def _clean(text: str) -> bool:
    return PASSWORD not in text and KEY not in text and DB_PASSWORD not in text


def test_redact_masks_registered_keys_and_url_credentials() -> None:
    load_settings(llm_api_key=KEY, database_url=f"postgresql+psycopg://app:{DB_PASSWORD}@db:5432/plans")
    text = f"key {KEY} url postgresql+psycopg://app:{DB_PASSWORD}@db/plans and http://u:{PASSWORD}@h/x?token={PASSWORD}"
    cleaned = redact(text)
    assert _clean(cleaned) and "postgresql+psycopg://app:***@db/plans" in cleaned


def test_cli_output_logs_and_plan_database_carry_no_credential(
    secret_env: Path, embedder: LocalEmbedder, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    install_log_redaction()
    caplog.set_level(logging.INFO)
    assert cli_main(["status"]) == 0
    assistant = build(load_settings(), embedder=embedder)
    logging.getLogger("test").warning("connecting to %s with %s", BASE_URL, KEY)
    stored, _ = assistant.sessions.create()
    turn = assistant.sessions.handle(stored.id, "What is a model card?")
    # The LLM is down: the answer falls back to quotes with a notice naming the endpoint, minus its password.
    assert turn.reply.answer is not None and turn.reply.answer.notice and "127.0.0.1:9" in turn.reply.answer.notice
    out = capsys.readouterr()
    assert "OpenAI-compatible endpoint http://team:***@127.0.0.1:9/v1" in out.out
    assert _clean(out.out + out.err) and _clean(caplog.text)
    assert _clean(turn.reply.answer.notice)
    database = (secret_env / "plans.sqlite3").read_bytes() + b"".join(
        p.read_bytes() for p in secret_env.glob("plans.sqlite3*")
    )
    assert PASSWORD.encode() not in database and KEY.encode() not in database


def test_page_shows_no_credential(secret_env: Path) -> None:
    at = new_plan(AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120).run())
    at.chat_input[0].set_value("What is a model card?").run()
    assert not at.exception, at.exception
    shown = [m.value for m in at.markdown] + [m.value for m in at.caption] + [e.value for e in at.error]
    assert any("127.0.0.1:9" in text for text in shown)
    assert all(_clean(text) for text in shown)
