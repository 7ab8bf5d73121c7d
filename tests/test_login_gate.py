"""The page with `[auth]` configured, through AppTest: nobody sees a plan before logging in, and
without `[auth]` the page stays open in the default workspace."""

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.plan import PlanStore, Recommender
from assistant.sessions import PlanSessions
from assistant.settings import PROJECT_ROOT

APP = str(PROJECT_ROOT / "app.py")
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "a-long-cookie-secret-for-the-gate-test",
    "client_id": "app",
    "client_secret": "gate-test-client-secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    store = PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}")
    PlanSessions(store, None, Recommender()).create("Default team plan")
    store.close()
    return tmp_path


def test_with_auth_the_page_shows_only_a_login_button(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AUTH", json.dumps(AUTH))
    plan_id = PlanStore(f"sqlite:///{data_dir / 'plans.sqlite3'}").list()[0].id
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["plan"] = plan_id
    at.run()
    assert not at.exception, at.exception
    assert [b.label for b in at.button] == ["Log in"]
    shown = " ".join(m.value for m in [*at.markdown, *at.title, *at.caption])
    assert "Default team plan" not in shown and "New plan" not in shown


def test_without_auth_the_page_is_open_in_the_default_workspace(data_dir: Path) -> None:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, at.exception
    labels = [b.label for b in at.button]
    assert "Log in" not in labels and any(label.startswith("Default team plan") for label in labels)
