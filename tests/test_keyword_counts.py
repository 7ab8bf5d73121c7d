"""The SQLite keyword index keeps chunk and term counts between searches (speed at 100k
chunks); another process's ingest must still be seen by the next search."""

from pathlib import Path

from assistant.knowledge.models import Chunk
from assistant.knowledge.records_sqlite import SqliteRecords


def _file(path: str, texts: list[str]) -> list[Chunk]:
    return [
        Chunk(id=f"{path}-{i}", source=path, title="Notes", section=f"S{i}", order=i, text=text)
        for i, text in enumerate(texts)
    ]


def _commit(records: SqliteRecords, path: str, texts: list[str]) -> None:
    records.mark_pending(path, "Notes")
    records.commit_file(path, "sha", "Notes", _file(path, texts), None)


def test_a_search_sees_what_another_connection_committed_since_the_last_search(tmp_path: Path) -> None:
    db = tmp_path / "knowledge.sqlite3"
    host, ingester = SqliteRecords(db), SqliteRecords(db)  # as an app host and an ingest job would
    _commit(
        ingester,
        "a.md",
        ["Quantization shrinks weights.", "Distillation trains a student.", *[f"Filler text {i}." for i in range(8)]],
    )
    question = "quantization and distillation"
    # Both words are rare: both are searched, and counted (and the counts kept).
    assert set(host.keyword_search(question, 20)) == {"a.md-0", "a.md-1"}
    assert host.chunk_count() == 10

    # The other process makes "distillation" common: 41 of 50 chunks hold it. A search that
    # still used the old counts would keep the word and return the new chunks too.
    _commit(ingester, "b.md", [f"Distillation note {i}." for i in range(40)])
    assert host.keyword_search(question, 20) == ["a.md-0"]
    assert host.chunk_count() == 50

    # And its own writes are seen as well.
    host.remove_file("b.md")
    assert set(host.keyword_search(question, 20)) == {"a.md-0", "a.md-1"}
    host.close()
    ingester.close()
