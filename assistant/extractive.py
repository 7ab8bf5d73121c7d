"""Answers with no LLM: the question's best-matching sentences, quoted from the passages and cited."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.embeddings import LocalEmbedder
from assistant.models import Passage
from assistant.sentences import split_sentences, word_count

# Tuned on the development questions: enough sentences to carry a definition
# and its key qualifier, few enough to stay a readable paragraph.
MAX_SENTENCES = 4
MAX_CHARS = 900
PASSAGES_CONSIDERED = 3
MIN_WORDS = 5
# A sentence this close to one already chosen says the same thing again.
DUPLICATE_SIMILARITY = 0.88
# Sentences much weaker than the best one drift off the question.
RELATIVE_FLOOR = 0.22
ABSOLUTE_FLOOR = 0.2
# A sentence from a passage that matches the question as a whole is more likely on topic.
PASSAGE_WEIGHT = 0.2
# "What is X?" is best answered by the sentence that defines X.
DEFINITION_BONUS = 0.06

# "Why ...?" is best answered by sentences that give a reason.
REASON_BONUS = 0.06

# Sentences about the document itself ("This guide explains...") answer nothing.
_META = re.compile(r"^(this|the) (document|guide|section|page|article|chapter)\b|\b(below|this document)\b", re.I)
_DEFINITION_QUESTION = re.compile(r"^\s*(what|who)\s+(is|are|does)\b|\bwhat does .+ (mean|stand for)\b|^\s*define\b", re.I)
_WHY_QUESTION = re.compile(r"^\s*why\b|\bwhat is the (reason|point|benefit)\b", re.I)
_GIVES_REASON = re.compile(r"\b(because|so that|since|saves?|reduces?|avoids?|prevents?|lowers?|helps?)\b", re.I)
_DEFINES = re.compile(r"^[^,;:]{0,80}?\b(is|are|means|refers to|stands for)\b", re.I)


@dataclass(frozen=True)
class Quote:
    passage: int  # index into the passages given
    position: int  # sentence position inside the passage
    text: str
    score: float


def _quotable(sentence: str) -> bool:
    return word_count(sentence) >= MIN_WORDS and not sentence.endswith(":") and not _META.search(sentence)


def select_quotes(
    question: str,
    query_vector: np.ndarray,
    passages: list[Passage],
    embedder: LocalEmbedder,
    max_sentences: int = MAX_SENTENCES,
) -> list[Quote]:
    """Pick the sentences that answer best, without repeats, in reading order."""
    candidates: list[tuple[int, int, str]] = []
    for p_index, passage in enumerate(passages[:PASSAGES_CONSIDERED]):
        for position, sentence in enumerate(split_sentences(passage.text)):
            if _quotable(sentence):
                candidates.append((p_index, position, sentence))
    if not candidates:
        return []
    vectors = embedder.embed_cached([c[2] for c in candidates])
    similarity = vectors @ np.asarray(query_vector, dtype=np.float32)
    passage_scores = np.array([passages[c[0]].score for c in candidates], dtype=np.float32)
    scores = (1 - PASSAGE_WEIGHT) * similarity + PASSAGE_WEIGHT * passage_scores
    for asks, answers, bonus in (
        (_DEFINITION_QUESTION, _DEFINES, DEFINITION_BONUS),
        (_WHY_QUESTION, _GIVES_REASON, REASON_BONUS),
    ):
        if asks.search(question):
            scores += bonus * np.array([bool(answers.search(c[2])) for c in candidates], dtype=np.float32)
    order = np.argsort(-scores)
    floor = max(float(scores[order[0]]) - RELATIVE_FLOOR, ABSOLUTE_FLOOR)

    chosen: list[int] = []
    total_chars = 0
    for i in order:
        if float(scores[i]) < floor or len(chosen) == max_sentences:
            break
        if any(float(vectors[i] @ vectors[j]) >= DUPLICATE_SIMILARITY for j in chosen):
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
