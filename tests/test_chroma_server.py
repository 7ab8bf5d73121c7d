"""The knowledge base against a real `chroma run` server (CHROMA_HOST): ingest, retrieve, survive a restart of the host."""

from pathlib import Path

from assistant.bootstrap import build
from assistant.knowledge import ingest
from tests.conftest import make_settings
from tests.support.fake_embedder import FakeEmbedder


def test_documents_ingested_through_the_server_are_retrieved(chroma_address: tuple[str, int], tmp_path: Path) -> None:
    host, port = chroma_address
    doc = tmp_path / "runbook.md"
    doc.write_text(
        "# Runbook\n\n## Rollback\n\nRoll back a bad prompt release by redeploying the previous prompt version.\n"
    )
    settings = make_settings(tmp_path / "data", chroma_host=host, chroma_port=port, collection_name="server_test")
    first = build(settings, embedder=FakeEmbedder())
    report = ingest([doc], first.store)
    assert len(report.added) == 1 and not report.failed
    first.close()

    # A second host process would open the same server collection: the vectors are there.
    second = build(settings, embedder=FakeEmbedder())
    assert second.store.collection.count() == 1
    hits = second.store.vector_search(FakeEmbedder().embed_query("roll back a bad prompt release"), 3)
    assert hits and hits[0][1] > 0.3
    second.close()
