"""Tracebacks in logs carry no credential: the formatted exception text is redacted like the message."""

from __future__ import annotations

import io
import logging

import pytest

from assistant.settings import install_log_redaction, load_settings

LLM_PASSWORD = "TbCanaryLlm-91ac07"
DB_PASSWORD = "TbCanaryDb-5e33f2"
API_KEY = "sk-tbcanary-2b8d4e6f10"


@pytest.fixture
def canary_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_BASE_URL", f"http://team:{LLM_PASSWORD}@127.0.0.1:9/v1")
    monkeypatch.setenv("DATABASE_URL", f"postgresql+psycopg://app:{DB_PASSWORD}@127.0.0.1:9/plans")
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    load_settings()  # registers the credentials, as the app and CLI do at start
    install_log_redaction()


def _connect(url: str, key: str) -> None:
    raise ConnectionError(f"could not reach {url} with key {key}")


def _fail_with_secrets() -> None:
    settings = load_settings()
    assert settings.openai_api_key is not None
    try:
        _connect(settings.llm_base_url or "", settings.openai_api_key.get_secret_value())
    except ConnectionError as exc:
        # A chained exception: both tracebacks end up in the formatted text.
        raise RuntimeError(f"start-up failed on {settings.database_url}") from exc


def _handler() -> tuple[logging.Handler, io.StringIO]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    return handler, out


def _leaks(text: str) -> list[str]:
    return [s for s in (LLM_PASSWORD, DB_PASSWORD, API_KEY) if s in text]


def test_log_exception_traceback_is_redacted(canary_env: None, caplog: pytest.LogCaptureFixture) -> None:
    handler, out = _handler()
    log = logging.getLogger("test.traceback")
    log.addHandler(handler)
    try:
        try:
            _fail_with_secrets()
        except RuntimeError:
            log.exception("turn failed")
    finally:
        log.removeHandler(handler)
    text = out.getvalue()
    # The traceback is there (both exceptions, the frames), only the credentials are masked.
    assert "Traceback (most recent call last)" in text and "ConnectionError" in text and "RuntimeError" in text
    assert "_connect" in text and "http://team:***@127.0.0.1:9/v1" in text and "app:***@127.0.0.1:9" in text
    assert _leaks(text) == []
    assert _leaks(caplog.text) == [] and "ConnectionError" in caplog.text


def test_exc_info_and_stack_info_on_other_levels_are_redacted(canary_env: None) -> None:
    handler, out = _handler()
    log = logging.getLogger("test.traceback.other")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    try:
        try:
            _fail_with_secrets()
        except RuntimeError as exc:
            log.warning("reading failed", exc_info=exc)
            log.info("where it happened, with %s", API_KEY, stack_info=True)
    finally:
        log.removeHandler(handler)
    text = out.getvalue()
    assert "Stack (most recent call last)" in text and "RuntimeError" in text
    assert _leaks(text) == []


def test_without_redaction_the_traceback_would_leak(canary_env: None) -> None:
    # The canary is real: a bare formatter on the same exception shows the credentials.
    try:
        _fail_with_secrets()
    except RuntimeError as exc:
        raw = logging.Formatter().formatException((type(exc), exc, exc.__traceback__))
    assert set(_leaks(raw)) == {LLM_PASSWORD, DB_PASSWORD, API_KEY}
