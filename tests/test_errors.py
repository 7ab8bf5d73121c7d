"""Failures name the part that failed, in one line, on the CLI and at start-up."""

from pathlib import Path

import pytest

from assistant.bootstrap import build
from assistant.errors import ConfigError, KnowledgeStoreError, PlanStoreError
from tests.conftest import make_settings
from tests.support.fake_embedder import FakeEmbedder


def test_a_misconfigured_llm_is_reported_as_the_llm_not_the_knowledge_base(tmp_path: Path) -> None:
    settings = make_settings(tmp_path, llm_backend=None, llm_base_url="http://127.0.0.1:9/v1")
    with pytest.raises(ConfigError) as caught:
        build(settings, embedder=FakeEmbedder())
    assert caught.value.one_line().startswith("settings: LLM_BASE_URL is set but LLM_MODEL is not")


def test_an_unreadable_knowledge_store_names_the_knowledge_base(tmp_path: Path) -> None:
    blocked = tmp_path / "data"
    blocked.write_text("a file where the data folder should be")
    with pytest.raises(KnowledgeStoreError) as caught:
        build(make_settings(blocked), embedder=FakeEmbedder())
    assert caught.value.one_line().startswith("knowledge base: could not open the knowledge base (")


def test_an_unreachable_database_names_the_part_and_hides_the_password(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data", database_url="postgresql+psycopg://u:s3cret@127.0.0.1:9/none")
    with pytest.raises(KnowledgeStoreError) as caught:
        build(settings, embedder=FakeEmbedder())
    line = caught.value.one_line()
    assert line.startswith("knowledge base: could not open the knowledge base")
    assert "127.0.0.1:9/none" in line and "s3cret" not in line


def test_an_unreachable_plan_database_names_the_plan_database(tmp_path: Path) -> None:
    assistant = build(make_settings(tmp_path / "data"), embedder=FakeEmbedder())
    assistant.settings = assistant.settings.model_copy(update={"database_url": "postgresql+psycopg://u@127.0.0.1:9/x"})
    with pytest.raises(PlanStoreError) as caught:
        _ = assistant.sessions
    assert caught.value.one_line().startswith("plan database:")


def test_cli_prints_one_line_naming_the_part_and_exits_non_zero(tmp_path: Path, capsys, monkeypatch) -> None:
    from assistant.cli import main

    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("LLM_BASE_URL", "http://127.0.0.1:9/v1")
    assert main(["status"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["error: settings: LLM_BASE_URL is set but LLM_MODEL is not: name the model the endpoint serves."]
