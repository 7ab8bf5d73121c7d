"""Reading questions against the knowledge base's own words (no model needed)."""

from __future__ import annotations

import pytest

from assistant.knowledge.query import (
    QueryReader,
    Vocabulary,
    detect_language,
    find_acronyms,
    split_question,
    translate_dutch,
)
from tests.conftest import KNOWLEDGE_DIR


@pytest.fixture(scope="module")
def reader() -> QueryReader:
    return QueryReader(Vocabulary([p.read_text(encoding="utf-8") for p in sorted(KNOWLEDGE_DIR.glob("*.md"))]))


def test_acronyms_are_the_ones_the_documents_define() -> None:
    found = find_acronyms(["Low-rank adaptation (LoRA) is cheap. PAL (program-aided language models) runs code."])
    assert found == {"lora": "low-rank adaptation", "pal": "program-aided language"}


@pytest.mark.parametrize(
    ("acronym", "words"),
    [("RLHF", "human feedback"), ("PEFT", "parameter-efficient"), ("LoRA", "low-rank"), ("RAG", "retrieval")],
)
def test_defined_acronyms_are_expanded(reader: QueryReader, acronym: str, words: str) -> None:
    read = reader.read(f"when should we use {acronym}?")
    assert words in read.text.lower() and acronym in read.expansions


def test_typos_are_corrected_to_words_the_documents_use_and_real_words_are_left_alone(reader: QueryReader) -> None:
    read = reader.read("how does quantisaton reduce memroy for a modle")
    assert read.corrections.pop("quantisaton") in {"quantisation", "quantization"}
    assert read.corrections == {"memroy": "memory", "modle": "model"}
    # "protect" and "emit" are English although the documents never use them: no "correction".
    assert reader.read("how do we protect the app and emit json").corrections == {}
    # A product name is not a typo of a nearby word.
    assert "xgboost" not in reader.read("tune an XGBoost model").corrections


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Hoe werkt een reward model precies?", "nl"),
        ("Wat houdt red teaming in?", "nl"),
        ("What is the difference between LoRA and QLoRA?", "en"),
        ("LoRA", "en"),
        ("Was ist der Unterschied zwischen den Modellen?", "de"),
        ("Quelle est la différence entre les modèles?", "fr"),
    ],
)
def test_language_is_detected_from_common_words(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_dutch_is_read_through_the_glossary() -> None:
    english = translate_dutch("Hoeveel geheugen bespaart kwantisatie bij het trainen?")
    assert "memory" in english and "quantization" in english and "train" in english


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("What is the difference between encoders and decoders?", ["encoders", "decoders"]),
        ("BLEU vs ROUGE", ["BLEU", "ROUGE"]),
        ("How does prefix tuning differ from adapters?", ["prefix tuning", "adapters"]),
        (
            "What is reward hacking and how do we stop it?",
            ["What is reward hacking?", "how do we stop reward hacking?"],
        ),
        ("What is reward hacking?", ["What is reward hacking?"]),
    ],
)
def test_compound_and_comparison_questions_are_split(question: str, parts: list[str]) -> None:
    assert split_question(question) == parts


@pytest.mark.parametrize(
    ("history", "question", "expect"),
    [
        (["What is DPO?"], "and PPO?", "PPO"),
        (["What is QLoRA?"], "how much memory does it save?", "QLoRA"),
        (["What is prompt injection?"], "why is that dangerous for RAG?", "prompt injection"),
    ],
)
def test_follow_ups_are_resolved_against_the_previous_question(
    reader: QueryReader, history: list[str], question: str, expect: str
) -> None:
    read = reader.read(question, history)
    assert read.followup and expect in read.text


def test_a_question_that_stands_alone_ignores_the_history(reader: QueryReader) -> None:
    read = reader.read("What is catastrophic forgetting in fine-tuning?", ["What is QLoRA?"])
    assert not read.followup and "QLoRA" not in read.text
