"""Ingestion against the real embedding model and a real Chroma in a temporary directory."""

from pathlib import Path

import pytest

from assistant.bootstrap import build
from assistant.knowledge.documents import display_path
from assistant.knowledge.embeddings import LocalEmbedder
from assistant.knowledge.ingest import IngestEvent, ingest
from assistant.settings import Settings
from tests.support.fake_embedder import FakeEmbedder


def _docs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lora.md").write_text(
        "# Adapters\n\nStages: Adapt & align\n\n## LoRA\n\nLoRA trains two small low-rank matrices beside each frozen weight matrix.\n"
    )
    (folder / "serving.md").write_text(
        "# Serving\n\nStages: Application integration\n\n## Batching\n\nBatching groups many requests into one forward pass to raise GPU throughput.\n"
    )
    return folder


def _vector_sources(store) -> set[str]:
    return {m["source"] for m in store.collection.get(include=["metadatas"])["metadatas"]}


def test_ingest_adds_chunks_with_metadata_and_reports_progress(
    empty_store_settings: Settings, fake_embedder: FakeEmbedder, tmp_path: Path
) -> None:
    folder = _docs(tmp_path / "docs")
    store = build(empty_store_settings, embedder=fake_embedder).store
    events: list[IngestEvent] = []
    report = ingest([folder], store, events.append)

    assert sorted(report.added) == sorted(display_path(p) for p in folder.iterdir())
    assert [e.index for e in events] == [1, 2] and all(e.total == 2 for e in events)
    status = store.status()
    assert status.documents == 2 and status.chunks == 2 and status.last_built is not None
    meta = store.collection.get(include=["metadatas"])["metadatas"]
    assert {m["section"] for m in meta} == {"LoRA", "Batching"}
    assert {m["stages"] for m in meta} == {"adapt_align", "integrate"}


def test_reingesting_unchanged_files_does_no_work(
    empty_store_settings: Settings, fake_embedder: FakeEmbedder, tmp_path: Path
) -> None:
    folder = _docs(tmp_path / "docs")
    store = build(empty_store_settings, embedder=fake_embedder).store
    ingest([folder], store)
    ids_before = sorted(store.collection.get()["ids"])

    report = ingest([folder], store)
    assert report.added == [] and report.updated == [] and len(report.unchanged) == 2
    assert report.chunks_written == 0
    assert sorted(store.collection.get()["ids"]) == ids_before


def test_changed_file_replaces_its_old_chunks(
    empty_store_settings: Settings, fake_embedder: FakeEmbedder, tmp_path: Path
) -> None:
    folder = _docs(tmp_path / "docs")
    assistant = build(empty_store_settings, embedder=fake_embedder)
    ingest([folder], assistant.store)
    (folder / "lora.md").write_text(
        "# Adapters\n\n## QLoRA\n\nQLoRA quantises the frozen base model to 4-bit NF4 before adding adapters.\n"
    )

    report = ingest([folder], assistant.store)
    assert report.updated == [display_path(folder / "lora.md")]
    texts = " ".join(assistant.store.collection.get()["documents"])
    assert "QLoRA quantises" in texts and "two small low-rank matrices" not in texts
    assert assistant.store.keyword_search("low-rank matrices", 5) == []
    assert assistant.store.status().chunks == 2


def test_removed_file_loses_its_chunks(
    empty_store_settings: Settings, fake_embedder: FakeEmbedder, tmp_path: Path
) -> None:
    folder = _docs(tmp_path / "docs")
    store = build(empty_store_settings, embedder=fake_embedder).store
    ingest([folder], store)
    (folder / "serving.md").unlink()

    report = ingest([folder], store)
    assert report.removed == [display_path(folder / "serving.md")]
    assert _vector_sources(store) == {display_path(folder / "lora.md")}
    assert store.keyword_search("batching requests throughput", 5) == []


def test_ingesting_one_file_does_not_remove_others(
    empty_store_settings: Settings, fake_embedder: FakeEmbedder, tmp_path: Path
) -> None:
    folder = _docs(tmp_path / "docs")
    store = build(empty_store_settings, embedder=fake_embedder).store
    ingest([folder], store)
    extra = tmp_path / "upload.txt"
    extra.write_text("Our red team meets every Thursday to probe the chatbot.")
    report = ingest([extra], store)
    assert report.added == [display_path(extra)] and report.removed == []
    assert store.status().documents == 3


def test_failure_part_way_is_completed_by_the_next_run(
    empty_store_settings: Settings, fake_embedder: FakeEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _docs(tmp_path / "docs")
    store = build(empty_store_settings, embedder=fake_embedder).store
    real_add = store.collection.add
    calls = {"n": 0}

    def add_then_crash(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            real_add(*args, **kwargs)  # the vectors land, then the process "dies"
            raise OSError("disk full")
        return real_add(*args, **kwargs)

    monkeypatch.setattr(store.collection, "add", add_then_crash)
    with pytest.raises(OSError):
        ingest([folder], store)
    # Only the first file counts as ingested; the second is pending.
    assert store.status().documents == 1

    monkeypatch.setattr(store.collection, "add", real_add)
    report = ingest([folder], store)
    assert report.unchanged == [display_path(folder / "lora.md")]
    assert report.added + report.updated == [display_path(folder / "serving.md")]
    assert store.status().documents == 2
    ids = store.collection.get()["ids"]
    assert len(ids) == len(set(ids)) == 2  # no duplicates left behind by the crash


def test_unreadable_file_is_reported_and_the_rest_still_goes_in(
    empty_store_settings: Settings, fake_embedder: FakeEmbedder, tmp_path: Path
) -> None:
    folder = _docs(tmp_path / "docs")
    (folder / "scan.pdf").write_bytes(b"not really a pdf")
    store = build(empty_store_settings, embedder=fake_embedder).store
    report = ingest([folder], store)
    assert list(report.failed) == [display_path(folder / "scan.pdf")]
    assert "not a readable PDF" in report.failed[display_path(folder / "scan.pdf")]
    assert store.status().documents == 2


def test_sentence_vectors_come_from_the_chunk_pass_and_match_the_sentences(
    empty_store_settings: Settings, embedder: LocalEmbedder, tmp_path: Path
) -> None:
    import numpy as np

    folder = _docs(tmp_path / "docs")
    assistant = build(empty_store_settings, embedder=embedder)
    ingest([folder], assistant.store)
    passage = assistant.retriever.retrieve("How does LoRA train low-rank matrices?").passages[0]
    [(sentences, matrix)] = assistant.store.sentences_of([passage])
    assert sentences == ["LoRA trains two small low-rank matrices beside each frozen weight matrix."]
    assert np.allclose(np.linalg.norm(matrix, axis=1), 1.0, atol=1e-2)
    # In-context vector of the sentence agrees with embedding it alone.
    assert float(matrix[0] @ embedder.embed(sentences)[0]) > 0.8


def test_keyword_search_ignores_words_found_almost_everywhere(
    empty_store_settings: Settings, fake_embedder: FakeEmbedder, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(10):
        (folder / f"n{i}.md").write_text(f"# Note {i}\n\n## Models\n\nThe model note {i} talks about model training.\n")
    (folder / "rare.md").write_text("# Rare\n\n## Quokka\n\nThe model quokka appears once.\n")
    store = build(empty_store_settings, embedder=fake_embedder).store
    ingest([folder], store)
    assert store.records._selective_terms(["model", "quokka"]) == ["quokka"]
    assert store.records._selective_terms(["model"]) == ["model"]  # a lone common word is still searched
    top = store.passages(store.keyword_search("model quokka", 1))
    assert "quokka" in next(iter(top.values())).text


def test_keyword_search_stays_within_a_postings_budget(
    empty_store_settings: Settings, fake_embedder: FakeEmbedder, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import assistant.knowledge.terms as store_module

    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(12):
        extra = " walrus" if i < 6 else ""
        (folder / f"n{i}.md").write_text(f"# Note {i}\n\n## Notes\n\nTeam notes about penguins{extra}; entry {i}.\n")
    (folder / "rare.md").write_text("# Rare\n\n## Sighting\n\nOne narwhal was seen near the team office.\n")
    store = build(empty_store_settings, embedder=fake_embedder).store
    ingest([folder], store)
    monkeypatch.setattr(store_module, "COMMON_TERM_SHARE", 1.0)
    monkeypatch.setattr(store_module, "MAX_POSTINGS", 5)
    # Rarest first: narwhal (1 chunk) fits, walrus (6 more) would exceed the budget.
    assert store.records._selective_terms(["walrus", "narwhal"]) == ["narwhal"]
    monkeypatch.setattr(store_module, "MAX_POSTINGS", 10)
    assert store.records._selective_terms(["walrus", "narwhal"]) == ["walrus", "narwhal"]
