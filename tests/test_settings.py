from pathlib import Path

import pytest

from assistant.settings import Settings, load_settings


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A developer's own .env or .streamlit/secrets.toml must not leak into these tests.
    monkeypatch.chdir(tmp_path)


def test_no_configuration_means_no_llm() -> None:
    settings = load_settings()
    assert settings.active_backend == "none"
    assert "quoted from the knowledge base" in settings.describe_backend()


def test_openai_key_selects_openai(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-value")
    settings = load_settings()
    assert settings.active_backend == "openai"
    assert settings.effective_model == "gpt-4o-mini"


def test_base_url_selects_openai_compatible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_BASE_URL", "http://127.0.0.1:11434/v1")
    monkeypatch.setenv("LLM_MODEL", "llama3.1:8b")
    settings = load_settings()
    assert settings.active_backend == "openai-compatible"
    assert "127.0.0.1:11434" in settings.describe_backend()


def test_keys_never_appear_in_reprs_or_descriptions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-secret-value")
    monkeypatch.setenv("LLM_API_KEY", "another-secret")
    settings = load_settings()
    for text in (repr(settings), str(settings), settings.describe_backend(), settings.model_dump_json()):
        assert "sk-test-secret-value" not in text
        assert "another-secret" not in text


def test_streamlit_secrets_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        'LLM_BASE_URL = "http://10.0.0.5:8000/v1"\nLLM_MODEL = "served"\n'
    )
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.active_backend == "openai-compatible"
    assert settings.llm_model == "served"


def test_environment_wins_over_secrets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text('LLM_MODEL = "from-file"\n')
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LLM_MODEL", "from-env")
    assert Settings().llm_model == "from-env"
