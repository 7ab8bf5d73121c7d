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
# An answer never needs an address or markup: a sentence with one is an exfiltration attempt or noise.
_URL_OR_MARKUP = re.compile(
    r"(?i)\b(?:https?|ftp|mailto|javascript|data):|\bwww\.|!\[|\]\(|<\s*/?\s*[a-z!][^>]{0,200}>|"
    r"\b[\w-]+\.(?:com|net|org|io|example|xyz|ru|info|biz|co|app|dev)\b"
)
# Tokens a model could only have copied from an instruction: codes, words in capitals, long strings.
_TOKEN = re.compile(r"[^\s\[\](),;:!?\"'`*_]+")


def _odd_token(token: str) -> bool:
    core = token.strip(".-")
    letters = sum(c.isalpha() for c in core)
    digits = sum(c.isdigit() for c in core)
    return (letters and digits and len(core) >= 5) or (core.isupper() and letters >= 4) or len(core) > 25


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
    source_tokens = {t.strip(".-").lower() for t in _TOKEN.findall(source_text)}
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
        if _URL_OR_MARKUP.search(text):
            checked.append(CheckedSentence(sentence, False, similarity))
            continue
        if any(_odd_token(t) and t.strip(".-").lower() not in source_tokens for t in _TOKEN.findall(text)):
            checked.append(CheckedSentence(sentence, False, similarity))
            continue
        if len(terms) < MIN_CLAIM_TERMS:
            # Short sentences ("PWNED.") make no claim, but every word of them must still come from the sources.
            supported = all(_stem(t) in source_stems for t in terms)
            checked.append(CheckedSentence(sentence, supported, similarity))
            continue
        # A number the sources never state is an invented figure whatever the wording.
        numbers_ok = set(_NUMBER.findall(text)) <= source_numbers
        share = sum(_stem(t) in source_stems for t in terms) / len(terms)
        supported = numbers_ok and (similarity >= SUPPORT_SIMILARITY or share >= SUPPORT_WORD_SHARE)
        checked.append(CheckedSentence(sentence, supported, similarity))
    return checked
