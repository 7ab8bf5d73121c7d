"""Checking an LLM's answer against the passages it was given."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.knowledge.embeddings import Embedder
from assistant.knowledge.models import Passage
from assistant.knowledge.sentences import split_sentences, strip_citations
from assistant.knowledge.store import keyword_terms

# A sentence is supported when it closely paraphrases one passage sentence, or
# when nearly all of its content words occur in the passages.
SUPPORT_SIMILARITY = 0.62
SUPPORT_WORD_SHARE = 0.8
# "Yes." or "In short:" make no claim of their own.
MIN_CLAIM_TERMS = 3
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass(frozen=True)
class CheckedSentence:
    text: str
    supported: bool
    similarity: float


def _stem(word: str) -> str:
    return word[:6]


def check_sentences(
    answer: str,
    passages: list[Passage],
    embedder: Embedder,
    passage_sentences: list[tuple[list[str], np.ndarray]],
) -> list[CheckedSentence]:
    """`passage_sentences` are the passages' sentences with vectors (see `KnowledgeStore.sentences_of`)."""
    sentences = split_sentences(answer)
    if not sentences:
        return []
    source_text = " ".join(p.text for p in passages)
    source_stems = {_stem(t) for t in keyword_terms(source_text)}
    source_numbers = set(_NUMBER.findall(source_text))
    plain = [strip_citations(s) for s in sentences]
    vectors = embedder.embed_cached(plain)
    matrices = [matrix for _, matrix in passage_sentences if len(matrix)]
    source_vectors = np.vstack(matrices) if matrices else np.zeros((0, vectors.shape[1]), dtype=np.float32)

    checked: list[CheckedSentence] = []
    for sentence, text, vector in zip(sentences, plain, vectors, strict=False):
        terms = keyword_terms(text)
        similarity = float((source_vectors @ vector).max()) if len(source_vectors) else 0.0
        if len(terms) < MIN_CLAIM_TERMS:
            checked.append(CheckedSentence(sentence, True, similarity))
            continue
        # A number the sources never state is an invented figure whatever the wording.
        numbers_ok = set(_NUMBER.findall(text)) <= source_numbers
        share = sum(_stem(t) in source_stems for t in terms) / len(terms)
        supported = numbers_ok and (similarity >= SUPPORT_SIMILARITY or share >= SUPPORT_WORD_SHARE)
        checked.append(CheckedSentence(sentence, supported, similarity))
    return checked
