"""Hybrid retrieval over the real knowledge base (real embedder, real Chroma)."""

from pathlib import Path

from assistant.bootstrap import Assistant, build
from assistant.knowledge.embeddings import LocalEmbedder
from assistant.knowledge.ingest import ingest
from assistant.knowledge.retrieval import reciprocal_rank_fusion
from assistant.settings import Settings


def test_rank_fusion_rewards_agreement_between_rankings() -> None:
    fused = reciprocal_rank_fusion([["a", "b", "c"], ["b", "d"]])
    assert [item for item, _ in fused][:2] == ["b", "a"]
    assert {item for item, _ in fused} == {"a", "b", "c", "d"}


def test_relevant_passages_come_back_with_source_and_section(kb: Assistant) -> None:
    result = kb.retriever.retrieve("How does LoRA reduce the number of trainable parameters?")
    assert result.covered
    top = result.passages[0]
    assert top.source == "knowledge/08-parameter-efficient-fine-tuning.md"
    assert "LoRA" in top.section or "LoRA" in top.text
    assert 0.0 < top.score <= 1.0
    assert all(p.score >= kb.retriever.passage_threshold for p in result.passages)


def test_off_topic_question_is_not_covered(kb: Assistant) -> None:
    result = kb.retriever.retrieve("What is the boiling point of ethanol?")
    assert not result.covered
    assert result.passages == []


def test_moderately_similar_question_without_shared_terms_is_not_covered(kb: Assistant) -> None:
    # Close to the passages on incident monitoring in meaning, but nothing there answers it.
    assert not kb.retriever.retrieve("Which Slack channel do we use to report production incidents?").covered


def test_keyword_side_finds_rare_terms_the_vectors_miss(
    empty_store_settings: Settings, embedder: LocalEmbedder, tmp_path: Path
) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "codes.md").write_text(
        "# Release codes\n\n## Code names\n\nThe fine-tuning release for support is called ZX-4471 internally.\n"
    )
    for i in range(6):
        (folder / f"filler{i}.md").write_text(
            f"# Note {i}\n\n## Fine-tuning\n\nFine-tuning note {i} about adapting support models.\n"
        )
    store = build(empty_store_settings, embedder=embedder).store
    ingest([folder], store)
    assert store.keyword_search("What is ZX-4471?", 3)[0] == store.keyword_search("ZX-4471", 1)[0]
    top = store.passages(store.keyword_search("What is ZX-4471?", 1))
    assert "ZX-4471" in next(iter(top.values())).text
