"""Answers with no LLM: the question's best-matching sentences, quoted from the passages and cited."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.knowledge.models import Passage
from assistant.knowledge.sentences import word_count
from assistant.knowledge.store import keyword_terms

# Tuned on the development questions: enough sentences to carry a definition
# and its key qualifier, few enough to stay a readable paragraph.
MAX_SENTENCES = 4
MAX_CHARS = 900
PASSAGES_CONSIDERED = 3
MIN_WORDS = 5
# A sentence sharing this much of its wording with one already chosen says the same
# thing again. (Word overlap, not vectors: sentences of one chunk carry its context
# in their vectors and look alike even when they say different things.)
DUPLICATE_OVERLAP = 0.6
# Sentences much weaker than the best one drift off the question.
RELATIVE_FLOOR = 0.22
ABSOLUTE_FLOOR = 0.2
# A sentence from a passage that matches the question as a whole is more likely on topic.
PASSAGE_WEIGHT = 0.2
# "What is X?" is best answered by the sentence that defines X.
DEFINITION_BONUS = 0.06

# Sentences that use the question's own words are usually on point; this also
# separates sentences of one passage, whose in-context vectors sit close together.
TERM_WEIGHT = 0.15

# "Why ...?" is best answered by sentences that give a reason.
REASON_BONUS = 0.06

# Sentences about the document itself ("This guide explains...") answer nothing.
_META = re.compile(r"^(this|the) (document|guide|section|page|article|chapter)\b|\b(below|this document)\b", re.I)
_DEFINITION_QUESTION = re.compile(
    r"^\s*(what|who)\s+(is|are|does)\b|\bwhat does .+ (mean|stand for)\b|^\s*define\b", re.I
)
_WHY_QUESTION = re.compile(r"^\s*why\b|\bwhat is the (reason|point|benefit)\b", re.I)
_GIVES_REASON = re.compile(r"\b(because|so that|since|saves?|reduces?|avoids?|prevents?|lowers?|helps?)\b", re.I)
_DEFINES = re.compile(r"^[^,;:]{0,80}?\b(is|are|means|refers to|stands for)\b", re.I)


@dataclass(frozen=True)
class Quote:
    passage: int  # index into the passages given
    position: int  # sentence position inside the passage
    text: str
    score: float


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / (len(a | b) or 1)


def _quotable(sentence: str) -> bool:
    return word_count(sentence) >= MIN_WORDS and not sentence.endswith(":") and not _META.search(sentence)


def select_quotes(
    question: str,
    query_vector: np.ndarray,
    passages: list[Passage],
    sentences: list[tuple[list[str], np.ndarray]],
    max_sentences: int = MAX_SENTENCES,
) -> list[Quote]:
    """Pick the sentences that answer best, without repeats, in reading order.

    `sentences[i]` holds passage i's sentences and their vectors (see `KnowledgeStore.sentences_of`).
    """
    candidates: list[tuple[int, int, str]] = []
    rows: list[np.ndarray] = []
    for p_index, (texts, matrix) in enumerate(sentences[:PASSAGES_CONSIDERED]):
        for position, sentence in enumerate(texts):
            if _quotable(sentence):
                candidates.append((p_index, position, sentence))
                rows.append(matrix[position])
    if not candidates:
        return []
    vectors = np.vstack(rows)
    similarity = vectors @ np.asarray(query_vector, dtype=np.float32)
    passage_scores = np.array([passages[c[0]].score for c in candidates], dtype=np.float32)
    scores = (1 - PASSAGE_WEIGHT) * similarity + PASSAGE_WEIGHT * passage_scores
    terms = {t[:5] for t in keyword_terms(question)}
    if terms:
        shares = [len(terms & {t[:5] for t in keyword_terms(c[2])}) / len(terms) for c in candidates]
        scores += TERM_WEIGHT * np.array(shares, dtype=np.float32)
    for asks, answers, bonus in (
        (_DEFINITION_QUESTION, _DEFINES, DEFINITION_BONUS),
        (_WHY_QUESTION, _GIVES_REASON, REASON_BONUS),
    ):
        if asks.search(question):
            scores += bonus * np.array([bool(answers.search(c[2])) for c in candidates], dtype=np.float32)
    order = np.argsort(-scores)
    floor = max(float(scores[order[0]]) - RELATIVE_FLOOR, ABSOLUTE_FLOOR)

    words = [set(keyword_terms(c[2])) for c in candidates]
    chosen: list[int] = []
    total_chars = 0
    for i in order:
        if float(scores[i]) < floor or len(chosen) == max_sentences:
            break
        if any(_overlap(words[i], words[j]) >= DUPLICATE_OVERLAP for j in chosen):
            continue
        length = len(candidates[i][2])
        if chosen and total_chars + length > MAX_CHARS:
            continue
        chosen.append(int(i))
        total_chars += length

    # Reading order: passages by their best quote, sentences as they stand in the passage.
    best_rank: dict[int, int] = {}
    for rank, i in enumerate(chosen):
        best_rank.setdefault(candidates[i][0], rank)
    chosen.sort(key=lambda i: (best_rank[candidates[i][0]], candidates[i][1]))
    return [Quote(candidates[i][0], candidates[i][1], candidates[i][2], float(scores[i])) for i in chosen]


def render_quotes(quotes: list[Quote], citation_of: dict[int, int]) -> str:
    """One paragraph per passage, each sentence followed by its citation number."""
    paragraphs: list[str] = []
    current: int | None = None
    for quote in quotes:
        sentence = f"{quote.text} [{citation_of[quote.passage]}]"
        if quote.passage == current:
            paragraphs[-1] += " " + sentence
        else:
            paragraphs.append(sentence)
            current = quote.passage
    return "\n\n".join(paragraphs)
