"""The knowledge record in a real PostgreSQL server behaves as the SQLite one: same manifest,
same passages, same keyword ranking on the knowledge base, crash-safe replacement, shared by hosts."""

from pathlib import Path

import pytest

from assistant.bootstrap import build
from assistant.knowledge import ingest
from tests.conftest import KNOWLEDGE_DIR, make_settings
from tests.support.fake_embedder import FakeEmbedder


@pytest.fixture
def pg_url(pg_database: str) -> str:
    return pg_database


def _hosts(tmp_path: Path, pg_url: str):
    """Two app hosts: separate data folders (Chroma embedded in host 1's), one PostgreSQL."""
    sqlite = build(make_settings(tmp_path / "sqlite"), embedder=FakeEmbedder())
    pg = build(make_settings(tmp_path / "pg", database_url=pg_url), embedder=FakeEmbedder())
    return sqlite, pg


QUESTIONS = [
    "What is QLoRA?",
    "How does the KL penalty keep the policy close to the reference model?",
    "ROUGE versus BLEU",
    "when is pretraining from scratch justified",
    "program-aided language models arithmetic",
    "catastrophic forgetting multi-task fine-tuning",
]


def test_postgres_keyword_ranking_matches_sqlite_on_the_knowledge_base(tmp_path: Path, pg_url: str) -> None:
    sqlite, pg = _hosts(tmp_path, pg_url)
    assert not ingest([KNOWLEDGE_DIR], sqlite.store).failed
    assert not ingest([KNOWLEDGE_DIR], pg.store).failed
    assert pg.store.status().documents == sqlite.store.status().documents == 17
    assert pg.store.status().chunks == sqlite.store.status().chunks
    for question in QUESTIONS:
        lite = sqlite.store.keyword_search(question, 5)
        post = pg.store.keyword_search(question, 5)
        # Both stem with Porter/Snowball English and weight headings alike: the top hit agrees,
        # and most of the top five.
        assert post[0] == lite[0], question
        assert len(set(post) & set(lite)) >= 3, question


def test_replacing_and_removing_a_file_keeps_statistics_exact(tmp_path: Path, pg_url: str) -> None:
    _, pg = _hosts(tmp_path, pg_url)
    doc = tmp_path / "runbook.md"
    doc.write_text("# Runbook\n\n## Rollback\n\nRoll back a bad prompt release by redeploying the previous prompt.\n")
    ingest([doc], pg.store)
    assert pg.store.keyword_search("rollback redeploying", 3)
    doc.write_text("# Runbook\n\n## Canary\n\nShip new prompts to a canary group first and watch the golden set.\n")
    ingest([doc], pg.store)
    assert pg.store.keyword_search("redeploying", 3) == []
    assert pg.store.keyword_search("canary group", 3)
    records = pg.store.records
    assert records.chunk_count() == 1
    doc.unlink()
    ingest([tmp_path], pg.store)
    assert records.chunk_count() == 0 and pg.store.status().documents == 0


def test_a_second_host_sees_what_the_first_ingested(tmp_path: Path, pg_url: str) -> None:
    settings_1 = make_settings(tmp_path / "host1", database_url=pg_url)
    settings_2 = make_settings(tmp_path / "host2", database_url=pg_url)
    host_1 = build(settings_1, embedder=FakeEmbedder())
    doc = tmp_path / "policy.md"
    doc.write_text("# HR policy\n\n## Leave\n\nEmployees request parental leave through the HR portal.\n")
    ingest([doc], host_1.store)
    host_2 = build(settings_2, embedder=FakeEmbedder())
    assert host_2.store.status().documents == 1
    [hit] = host_2.store.keyword_search("parental leave portal", 3)
    assert host_2.store.passages([hit])[hit].section == "Leave"
    # Sentence vectors stored by host 1 serve host 2's answers without embedding again.
    [(sentences, matrix)] = host_2.store.sentences_of(list(host_2.store.passages([hit]).values()))
    assert sentences and matrix.shape[0] == len(sentences) and matrix.any()
