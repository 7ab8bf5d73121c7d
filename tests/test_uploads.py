from pathlib import Path

import pytest

from assistant.bootstrap import build
from assistant.errors import DocumentError
from assistant.knowledge.embeddings import LocalEmbedder
from assistant.knowledge.ingest import ingest
from assistant.knowledge.uploads import save_upload
from assistant.settings import Settings


def test_upload_is_saved_under_a_safe_name_and_becomes_searchable(
    empty_store_settings: Settings, embedder: LocalEmbedder
) -> None:
    path = save_upload(
        empty_store_settings,
        "../../Team Notes (v2).md",
        b"# Team notes\n\n## Labelling\n\nOur SMEs label 200 support tickets a week.\n",
    )
    # uploads/<workspace>/<content hash>/<cleaned name>
    assert path.parent.parent == empty_store_settings.data_dir / "uploads" / "default"
    assert len(path.parent.name) == 64 and path.name == "Team-Notes-v2.md"
    assistant = build(empty_store_settings, embedder=embedder)
    ingest([path], assistant.store)
    top = assistant.retriever.retrieve("How many support tickets do our SMEs label each week?")
    assert top.covered and "200 support tickets" in top.passages[0].text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("sheet.xlsx", b"x", "unsupported"),
        ("empty.md", b"", "empty"),
        ("huge.txt", b"x" * (21 * 1024 * 1024), "larger than"),
    ],
)
def test_bad_uploads_are_refused_clearly(empty_store_settings: Settings, name: str, data: bytes, message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        save_upload(empty_store_settings, name, data)
    assert not (empty_store_settings.data_dir / "uploads" / Path(name).name).exists()
