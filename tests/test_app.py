"""The real Streamlit page through AppTest, over a real knowledge base and plan database."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.plan.schema import ProjectPlan
from assistant.plan.store import PlanStore
from assistant.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
TIMEOUT = 120
BRIEF = (
    "Our engineers want to ask questions about our internal wiki and runbooks and get answers with links "
    "to the pages. The wiki changes daily."
)


@pytest.fixture
def data_dir(kb_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATA_DIR", str(kb_copy))
    return kb_copy


def _open(plan_id: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if plan_id:
        at.query_params["plan"] = plan_id
    at.run()
    assert not at.exception, at.exception
    return at


def _say(at: AppTest, text: str) -> AppTest:
    at.chat_input[0].set_value(text).run()
    assert not at.exception, at.exception
    return at


def _last(at: AppTest):
    return at.chat_message[-1]


def _plan_id(at: AppTest) -> str:
    value = at.query_params["plan"]
    return value[0] if isinstance(value, list) else value


def test_first_visit_opens_a_new_plan_with_the_first_question(data_dir: Path) -> None:
    at = _open()
    assert len(_plan_id(at)) == 32
    assert [m.name for m in at.chat_message] == ["assistant"]
    assert "Question 1 of 9" in at.chat_message[0].markdown[0].value
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "17** documents" in sidebar and "Last built" in sidebar
    assert "No LLM configured: answers are quoted from the knowledge base." in sidebar
    assert "▶ Scope" in " ".join(str(p.proto.text) for p in at.sidebar.get("progress"))


def test_question_gets_an_answer_with_sources_then_the_interview_resumes(data_dir: Path) -> None:
    at = _say(_open(), "What is a model card?")
    reply = _last(at)
    assert "model card" in reply.markdown[0].value.lower() and "[1]" in reply.markdown[0].value
    sources_box = next(e for e in reply.expander if e.label.startswith("Sources ("))
    sources = " ".join(m.value for m in sources_box.markdown)
    assert "knowledge/03-choosing-an-existing-model-or-pretraining.md" in sources
    assert reply.markdown[-1].value.startswith("Back to planning")


def test_uncovered_question_is_refused(data_dir: Path) -> None:
    reply = _last(_say(_open(), "Who won the 2018 FIFA World Cup final?"))
    assert "does not cover" in reply.markdown[0].value
    assert len(reply.expander) == 0


def test_empty_and_oversized_messages_get_a_clear_message(data_dir: Path) -> None:
    at = _say(_open(), "   ")
    assert any("type a question" in w.value for w in at.warning)
    at = _say(at, "why " * 2000)
    assert any("limit is 4,000" in w.value for w in at.warning)
    assert [m.name for m in at.chat_message] == ["assistant"]  # nothing half-saved


def test_walkthrough_from_first_message_to_downloadable_plan(data_dir: Path) -> None:
    at = _say(_open(), BRIEF)
    assert "Understood:" in _last(at).markdown[0].value
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "Reference documents: yes, changing daily" in sidebar  # the plan fills in live
    for answer in (
        "medium",
        "within 3 seconds, 500 requests a day",
        "hosted APIs are fine",
        "small budget, no GPUs",
        "2 months, 3 engineers",
    ):
        at = _say(at, answer)
    assert "Stage 2 — Select" in _last(at).markdown[0].value
    for _ in range(3):
        at = _say(at, "yes")
    assert "plan is complete" in _last(at).markdown[0].value
    progress = " ".join(str(p.proto.text) for p in at.sidebar.get("progress"))
    assert "✓ Scope" in progress and "✓ Application integration" in progress

    downloads = at.sidebar.get("download_button")
    assert sorted(d.proto.label for d in downloads) == ["⬇ JSON", "⬇ Markdown", "⬇ PDF", "⬇ Word"]
    # The Plan tab draws the Gantt chart and the stage diagram.
    assert len(at.get("vega_lite_chart")) == 2

    store = PlanStore(f"sqlite:///{data_dir / 'plans.sqlite3'}")
    saved = ProjectPlan.model_validate(store.get(_plan_id(at)).state["plan"])
    assert "rag" in saved.augmentation.techniques
    assert saved.model_selection.hosting == "hosted_api"


def test_reloading_the_link_restores_the_conversation(data_dir: Path) -> None:
    first = _say(_open(), BRIEF)
    plan_id = _plan_id(first)
    again = _open(plan_id)
    assert [m.name for m in again.chat_message] == ["assistant", "user", "assistant"]
    assert again.title[0].value.startswith("Our engineers want to ask questions")


def test_unknown_plan_link_gets_a_new_plan_and_a_notice(data_dir: Path) -> None:
    at = _open("0" * 32)
    assert any("no longer exists" in w.value for w in at.warning)
    assert _plan_id(at) != "0" * 32


def test_rename_new_and_delete_with_confirmation(data_dir: Path) -> None:
    at = _say(_open(), BRIEF)
    plan_id = _plan_id(at)
    at.sidebar.text_input[0].set_value("Wiki kickoff").run()
    next(b for b in at.sidebar.button if b.label == "Rename").click().run()
    assert at.title[0].value == "Wiki kickoff"

    next(b for b in at.sidebar.button if b.label == "➕ New plan").click().run()
    assert _plan_id(at) != plan_id
    listed = [b for b in at.sidebar.button if b.key and b.key.startswith("open-")]
    assert len(listed) == 2 and sum(b.disabled for b in listed) == 1  # the open plan is marked, not clickable

    next(b for b in at.sidebar.button if b.label == "🗑️ Delete plan").click().run()
    assert any("Delete “Untitled plan”?" in w.value for w in at.sidebar.warning)
    next(b for b in at.sidebar.button if b.label == "Yes, delete").click().run()
    assert _plan_id(at) == plan_id
    assert at.title[0].value == "Wiki kickoff"


def test_opening_another_plan_from_the_list(data_dir: Path) -> None:
    at = _say(_open(), BRIEF)
    first = _plan_id(at)
    next(b for b in at.sidebar.button if b.label == "➕ New plan").click().run()
    assert _plan_id(at) != first
    next(b for b in at.sidebar.button if b.key == f"open-{first}").click().run()
    assert _plan_id(at) == first
    assert [m.name for m in at.chat_message] == ["assistant", "user", "assistant"]


def test_fake_llm_backend_answers_through_the_llm_chain(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LLM_BACKEND", "fake")
    at = _open()
    sidebar = " ".join(m.value for m in at.sidebar.markdown)
    assert "Fake LLM" in sidebar
    reply = _last(_say(at, "What is QLoRA?"))
    text = reply.markdown[0].value
    # The fake cites passage 1 after one sentence; quoted (no-LLM) answers carry several sentences.
    assert text.rstrip().endswith("[1]") and text.count("[1]") == 1
    assert reply.expander[0].label == "Sources (1)"


def test_a_host_with_an_empty_knowledge_base_says_how_to_build_it_and_does_not_ingest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, embedder
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "empty"))
    at = _open()
    assert any("knowledge base is empty" in w.value and "make knowledge" in w.value for w in at.warning)
    from assistant.bootstrap import build
    from tests.conftest import make_settings

    assert build(make_settings(tmp_path / "empty"), embedder=embedder).store.status().documents == 0


def test_a_host_whose_database_is_down_names_it_and_recovers_when_it_is_back(
    kb_copy: Path, monkeypatch: pytest.MonkeyPatch, pg_database: str
) -> None:
    from sqlalchemy.engine import make_url

    monkeypatch.setenv("DATA_DIR", str(kb_copy))
    monkeypatch.setenv("STARTUP_RETRY_S", "0")
    down = make_url(pg_database).set(port=9).render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", down)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert any(e.value.startswith("The assistant could not start — knowledge base:") for e in at.error)
    assert not at.chat_input  # nothing half-working is offered
    monkeypatch.setenv("DATABASE_URL", pg_database)
    at.run()  # the same page, once the database is reachable
    assert not at.error and at.chat_input


def test_a_workshop_note_in_the_chat_is_recorded_and_listed_in_the_plan_tab(data_dir: Path) -> None:
    at = _open()
    at.sidebar.text_input(key="participant").set_value("Ana").run()
    reply = _last(_say(at, "action: Bo asks IT about the data centre by Friday"))
    assert "Recorded the action for Bo" in reply.markdown[0].value
    workshop = next(e for e in at.expander if e.label.startswith("Workshop —"))
    assert "1 actions" in workshop.label
    assert any("asks IT about the data centre" in df.value.to_string() for df in workshop.dataframe)
