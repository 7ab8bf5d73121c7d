"""The real Streamlit page through AppTest, over a real store."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 120


@pytest.fixture
def app(kb_dir: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATA_DIR", str(kb_dir))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert not at.exception, at.exception
    return at


def _ask(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return at


def test_sidebar_shows_knowledge_base_and_llm_status(app: AppTest) -> None:
    sidebar = " ".join(m.value for m in app.sidebar.markdown)
    assert "17** documents" in sidebar and "chunks" in sidebar and "Last built" in sidebar
    assert "No LLM configured: answers are quoted from the knowledge base." in sidebar


def test_question_gets_an_answer_with_sources(app: AppTest) -> None:
    _ask(app, "What is a model card?")
    assert [m.name for m in app.chat_message] == ["user", "assistant"]
    reply = app.chat_message[1]
    assert "model card" in reply.markdown[0].value.lower() and "[1]" in reply.markdown[0].value
    assert reply.expander[0].label.startswith("Sources (")
    sources = " ".join(m.value for m in reply.expander[0].markdown)
    assert "knowledge/03-choosing-an-existing-model-or-pretraining.md" in sources


def test_uncovered_question_is_refused(app: AppTest) -> None:
    _ask(app, "Who won the 2018 FIFA World Cup final?")
    reply = app.chat_message[1]
    assert "does not cover" in reply.markdown[0].value
    assert len(reply.expander) == 0


def test_conversation_is_kept_across_turns(app: AppTest) -> None:
    _ask(app, "What is LoRA?")
    _ask(app, "What is QLoRA?")
    assert [m.name for m in app.chat_message] == ["user", "assistant", "user", "assistant"]
    assert "QLoRA" in app.chat_message[3].markdown[0].value


def test_empty_message_gets_a_clear_message(app: AppTest) -> None:
    _ask(app, "   ")
    assert any("type a question" in w.value for w in app.warning)


def test_oversized_message_gets_a_clear_message(app: AppTest) -> None:
    _ask(app, "why " * 2000)
    assert any("limit is 4,000" in w.value for w in app.warning)
