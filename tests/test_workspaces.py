"""Workspaces keep teams apart: a user of workspace A can neither list, open (by link), change nor
retrieve from workspace B's plans and documents; the shipped documents are shared by all; plans
saved before workspaces existed belong to the default workspace."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.bootstrap import Assistant, build
from assistant.errors import PlanNotFound
from assistant.knowledge import add_uploads, ingest
from assistant.plan import PlanStore
from assistant.settings import Settings
from tests.conftest import KNOWLEDGE_DIR, make_settings
from tests.support.fake_embedder import FakeEmbedder

WALRUS = (
    b"# Team Walrus handbook\n\n## Golden set reviews\n\n"
    b"Team Walrus reviews the zebrafish golden set every eleven days and files the results in Quokka.\n"
)
QUESTION = "How often does team Walrus review the zebrafish golden set?"


# ------------------------------------------------------------------ settings
def test_membership_by_address_or_domain_from_secrets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".streamlit").mkdir()
    (tmp_path / ".streamlit" / "secrets.toml").write_text(
        '[auth]\nredirect_uri = "http://localhost:8501/oauth2callback"\ncookie_secret = "s3cret-cookie-value"\n'
        'client_id = "app"\nclient_secret = "very-secret-client"\n'
        'server_metadata_url = "http://localhost:9/.well-known/openid-configuration"\n\n'
        '[workspaces]\nalpha = ["ana@alpha.example", "@shared.example"]\nbeta = ["Ben@Beta.example", "@shared.example"]\n'
    )
    monkeypatch.chdir(tmp_path)
    settings = Settings(data_dir=tmp_path / "data")
    assert settings.login_required
    assert settings.workspaces_of("ana@alpha.example") == ["alpha"]
    assert settings.workspaces_of("ben@beta.example") == ["beta"]  # addresses compare without case
    assert settings.workspaces_of("kim@shared.example") == ["alpha", "beta"]
    assert settings.workspaces_of("eve@alpha.example.evil") == []
    assert settings.workspaces_of(None) == []
    assert "very-secret-client" not in repr(settings)


def test_without_auth_everyone_is_in_the_default_workspace(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    assert not settings.login_required and settings.default_workspace == "default"


def test_a_workspace_name_that_could_break_out_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="workspace name"):
        make_settings(tmp_path, workspaces={"../b": ["a@b.example"]})


# ------------------------------------------------------------------ plans
def _plan_stores(kind: str, tmp_path: Path, request: pytest.FixtureRequest) -> PlanStore:
    if kind == "postgresql":
        return PlanStore(request.getfixturevalue("pg_database"))
    return PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}")


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_plans_of_one_workspace_cannot_be_listed_opened_or_changed_from_another(
    kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    base = _plan_stores(kind, tmp_path, request)
    alpha, beta = base.for_workspace("alpha"), base.for_workspace("beta")
    plan = alpha.create("Alpha's chatbot", {"x": 1})
    alpha.check_in(plan.id, "Ana")
    assert [p.id for p in alpha.list()] == [plan.id]
    assert beta.list() == [] and base.list() == []
    for attempt in (
        lambda: beta.get(plan.id),
        lambda: beta.version(plan.id),
        lambda: beta.save(plan.id, {"x": 2}, plan.version),
        lambda: beta.rename(plan.id, "Taken"),
        lambda: beta.delete(plan.id),
        lambda: beta.versions(plan.id),
        lambda: beta.get_version(plan.id, 1),
    ):
        with pytest.raises(PlanNotFound):
            attempt()
    assert beta.present(plan.id, 60) == [] and alpha.present(plan.id, 60) == ["Ana"]
    assert alpha.get(plan.id).state == {"x": 1} and alpha.get(plan.id).version == 1


def test_plans_saved_before_workspaces_belong_to_the_default_workspace(tmp_path: Path) -> None:
    db = tmp_path / "plans.sqlite3"
    with sqlite3.connect(db) as old:  # the schema as it was before workspaces
        old.executescript(
            "CREATE TABLE plans (id VARCHAR(32) PRIMARY KEY, title VARCHAR(120), version INTEGER, state JSON, "
            "created_at DATETIME, updated_at DATETIME, deleted_at DATETIME);"
            "CREATE TABLE plan_versions (plan_id VARCHAR(32) REFERENCES plans(id), version INTEGER, saved_at DATETIME, "
            "title VARCHAR(120), state JSON, PRIMARY KEY (plan_id, version));"
            "INSERT INTO plans VALUES ('" + "a" * 32 + "', 'Old plan', 1, '{}', '2026-01-01 10:00:00', "
            "'2026-01-01 10:00:00', NULL);"
            "INSERT INTO plan_versions VALUES ('" + "a" * 32 + "', 1, '2026-01-01 10:00:00', 'Old plan', '{}');"
        )
    store = PlanStore(f"sqlite:///{db}")
    assert [p.title for p in store.list()] == ["Old plan"]
    assert store.for_workspace("beta").list() == []
    assert store.save("a" * 32, {"y": 1}, 1).version == 2
    assert [p.title for p in PlanStore(f"sqlite:///{db}").list()] == ["Old plan"]  # migrating twice is harmless


# ------------------------------------------------------------------ documents
def _with_upload(settings: Settings, embedder: object, workspace: str) -> Assistant:
    assistant = build(settings, embedder=embedder)  # type: ignore[arg-type]
    result = add_uploads(settings, assistant.store, [("walrus handbook.md", WALRUS)], workspace=workspace)
    assert result.errors == [] and len(result.added) == 1
    return assistant


def test_uploads_are_retrieved_only_in_their_workspace_and_shipped_documents_by_all(
    kb_copy: Path, embedder: object
) -> None:
    settings = make_settings(kb_copy)
    assistant = _with_upload(settings, embedder, "alpha")
    alpha, beta = assistant.for_workspace("alpha"), assistant.for_workspace("beta")

    found = alpha.retriever.retrieve(QUESTION)
    assert found.covered and "zebrafish" in found.passages[0].text
    walrus_ids = [p.id for p in found.passages if "walrus" in p.source]
    assert walrus_ids

    refused = beta.retriever.retrieve(QUESTION)
    assert not refused.covered and refused.passages == []
    ungated = beta.retriever.retrieve(QUESTION, gate=False)
    assert all("walrus" not in p.source for p in ungated.passages)
    assert beta.store.passages(walrus_ids) == {}
    assert not set(beta.store.keyword_search("zebrafish Quokka walrus", 20)) & set(walrus_ids)
    vector = beta.store.embedder.embed_query(QUESTION)
    assert not {cid for cid, _ in beta.store.vector_search(vector, 20)} & set(walrus_ids)
    assert not beta.answerer.answer(QUESTION).grounded
    assert alpha.answerer.answer(QUESTION).grounded
    # Without login the app works in the default workspace: it does not see alpha's upload either.
    assert not assistant.retriever.retrieve(QUESTION).covered

    assert alpha.store.status().documents == beta.store.status().documents + 1
    for team in (alpha, beta):
        shared = team.retriever.retrieve("What is LoRA and why does it need so few trainable parameters?")
        assert shared.covered and shared.passages[0].source.startswith("knowledge/")


def test_a_workspace_plan_cites_only_what_the_workspace_can_see(kb_copy: Path, embedder: object) -> None:
    settings = make_settings(kb_copy)
    assistant = _with_upload(settings, embedder, "alpha")
    alpha, beta = assistant.for_workspace("alpha").sessions, assistant.for_workspace("beta").sessions
    stored, _ = alpha.create("Walrus bot")
    assert [p.id for p in beta.store.list()] == [] and [p.id for p in alpha.store.list()] == [stored.id]
    with pytest.raises(PlanNotFound):
        beta.load(stored.id)
    with pytest.raises(PlanNotFound):
        beta.handle(stored.id, "We want a chatbot for our support team")
    turn = alpha.handle(stored.id, QUESTION)
    assert turn.reply.answer is not None and turn.reply.answer.grounded
    assert any("walrus" in s.source for s in turn.reply.answer.sources)
    other, _ = beta.create("Beta bot")
    turn = beta.handle(other.id, QUESTION)
    assert turn.reply.answer is None or not turn.reply.answer.grounded


def test_workspaces_are_kept_apart_in_the_postgresql_record(tmp_path: Path, pg_database: str) -> None:
    settings = make_settings(tmp_path / "data", database_url=pg_database)
    assistant = build(settings, embedder=FakeEmbedder())
    assert not ingest([KNOWLEDGE_DIR / "02-scoping-the-use-case.md"], assistant.store).failed
    add_uploads(settings, assistant.store, [("walrus handbook.md", WALRUS)], workspace="alpha")
    add_uploads(settings, assistant.store, [("beta notes.md", WALRUS.replace(b"Walrus", b"Heron"))], workspace="beta")
    alpha, beta = assistant.store.for_workspace("alpha"), assistant.store.for_workspace("beta")
    a_hits = alpha.passages(alpha.keyword_search("zebrafish golden set Quokka", 10))
    b_hits = beta.passages(beta.keyword_search("zebrafish golden set Quokka", 10))
    assert {p.source.split("/")[1] for p in a_hits.values()} == {"alpha"}
    assert {p.source.split("/")[1] for p in b_hits.values()} == {"beta"}
    assert not beta.passages(a_hits) and not beta.section_passages(
        *next((p.source, p.section) for p in a_hits.values())
    )
    assert alpha.status().documents == beta.status().documents
    assert assistant.store.everything().status().documents == alpha.status().documents + 1
    # Recorded once per workspace and content, with the original in PostgreSQL.
    records = assistant.store.records.uploads()
    assert sorted((r.workspace, r.name, r.in_database) for r in records) == [
        ("alpha", "walrus-handbook.md", True),
        ("beta", "beta-notes.md", True),
    ]
    add_uploads(settings, assistant.store, [("same content, new name.md", WALRUS)], workspace="alpha")
    assert len(assistant.store.records.uploads()) == 2


def test_originals_go_to_a_shared_folder_when_one_is_configured(tmp_path: Path) -> None:
    shared = tmp_path / "shared-uploads"
    settings = make_settings(tmp_path / "data", uploads_dir=shared)
    assistant = build(settings, embedder=FakeEmbedder())
    add_uploads(settings, assistant.store, [("walrus handbook.md", WALRUS)], workspace="alpha")
    [record] = assistant.store.records.uploads()
    assert not record.in_database and assistant.store.records.upload_data("alpha", record.sha256) is None
    kept = shared / "uploads" / "alpha" / record.sha256 / "walrus-handbook.md"
    assert kept.read_bytes() == WALRUS
    assert not (settings.data_dir / "uploads").exists()


def test_a_knowledge_base_from_before_workspaces_is_migrated_on_open(tmp_path: Path) -> None:
    settings = make_settings(tmp_path / "data")
    assistant = build(settings, embedder=FakeEmbedder())
    assert not ingest([KNOWLEDGE_DIR / "02-scoping-the-use-case.md"], assistant.store).failed
    add_uploads(settings, assistant.store, [("walrus handbook.md", WALRUS)])  # the default workspace's
    store = assistant.store
    # Back to how it was before workspaces: no workspace in the record or in the vectors' metadata.
    got = store.collection.get(include=["metadatas"])
    store.collection.update(ids=got["ids"], metadatas=[{"workspace": None} for _ in got["ids"]])
    assert all("workspace" not in m for m in store.collection.get(include=["metadatas"])["metadatas"] or [])
    store.close()
    with sqlite3.connect(settings.keyword_db_path) as db:
        db.executescript(
            "DROP INDEX chunks_workspace; ALTER TABLE chunks DROP COLUMN workspace; "
            "ALTER TABLE files DROP COLUMN workspace; DELETE FROM meta WHERE key = 'vectors_have_workspace';"
        )

    reopened = build(settings, embedder=FakeEmbedder())
    default, beta = reopened, reopened.for_workspace("beta")
    vector = default.store.embedder.embed_query(QUESTION)
    mine = {cid for cid, _ in default.store.vector_search(vector, 50)}
    theirs = {cid for cid, _ in beta.store.vector_search(vector, 50)}
    uploaded = {p.id for p in default.store.passages(mine).values() if p.source.startswith("uploads/default/")}
    assert uploaded and not uploaded & theirs  # the old upload is the default workspace's
    shared = [p for p in beta.store.passages(theirs).values()]
    assert shared and all(p.source.startswith("knowledge/") for p in shared)  # shipped documents: everyone's
