"""Typos read against the documents' word pairs, inflected forms, and the wider Dutch glossary."""

from __future__ import annotations

import pytest
import yaml

from assistant.knowledge.query import _DATA, QueryReader, Vocabulary, translate_dutch
from tests.conftest import KNOWLEDGE_DIR


@pytest.fixture(scope="module")
def reader() -> QueryReader:
    return QueryReader(Vocabulary([p.read_text(encoding="utf-8") for p in sorted(KNOWLEDGE_DIR.glob("*.md"))]))


def test_two_words_typed_as_one_are_split_when_the_documents_use_the_pair(reader: QueryReader) -> None:
    read = reader.read("which metric fits our usecase")
    assert read.corrections == {"usecase": "use case"}
    assert read.unknown == []


def test_a_real_word_that_breaks_a_phrase_of_the_documents_is_corrected(reader: QueryReader) -> None:
    # "teeming" is English, but next to "red" the documents say "red teaming".
    assert reader.read("how long does red teeming take").corrections == {"teeming": "teaming"}
    # Without the neighbour the word stays as typed.
    assert reader.read("the forum was teeming with questions").corrections == {}


def test_a_word_the_documents_only_use_inflected_is_known(reader: QueryReader) -> None:
    read = reader.read("jailbreak how to prevent")
    assert "prevent" not in read.unknown and read.corrections == {}


def test_glossary_values_are_all_text() -> None:
    # YAML reads a bare `on` or `no` as a boolean; the glossary must give words.
    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    for table in ("dutch_words", "dutch_phrases"):
        bad = {k: v for k, v in raw[table].items() if not isinstance(v, str | None) or not isinstance(k, str)}
        assert bad == {}, table


@pytest.mark.parametrize(
    ("dutch", "english"),
    [
        ("Hoe krijgen we de wachttijd van de chatbot omlaag?", "latency"),
        ("Hoe voorkom ik giftige antwoorden?", "how do i prevent toxic"),
        ("Welke methoden zijn er voor gelabelde data?", "methods"),
        ("Wat zijn de voordelen en nadelen van een bestaand model?", "advantages"),
        ("Wat is chain-of-thought prompting?", "chain of thought"),
    ],
)
def test_common_lifecycle_words_are_translated(dutch: str, english: str) -> None:
    assert english in translate_dutch(dutch).lower()
