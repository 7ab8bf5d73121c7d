"""Query words for keyword search: tokens, stop words, and how many of the rarest to search.

Shared by the SQLite (FTS5) and PostgreSQL keyword indexes so both rank the same way.
"""

from __future__ import annotations

import re

# Words that carry no topic; leaving them out keeps keyword ranking about the subject.
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "do",
        "does",
        "did",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "no",
        "not",
        "of",
        "on",
        "or",
        "our",
        "should",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "also",
        "any",
        "each",
        "just",
        "more",
        "most",
        "some",
        "such",
        "only",
        "own",
        "same",
        "other",
        "very",
        "s",
        "t",
    ]
)
_TOKEN = re.compile(r"[A-Za-z0-9]+")
# BM25 field weights (title, section, text): a match in a heading says more than one in running text.
BM25_WEIGHTS = (2.0, 3.0, 1.0)
# Terms in more than this share of chunks carry almost no BM25 weight (their IDF is
# near zero) but make the index score every chunk containing them, which is what
# slows keyword search down as the store grows. Only the rarer terms are searched.
COMMON_TERM_SHARE = 0.2
MAX_QUERY_TERMS = 8
# Scoring cost grows with the postings scored; rarest terms first until this many,
# so a query stays fast at 100,000 chunks and loses only the least telling words.
MAX_POSTINGS = 20_000


def keyword_terms(text: str) -> list[str]:
    seen: dict[str, None] = {}
    for token in _TOKEN.findall(text.lower()):
        if token not in _STOPWORDS and len(token) > 1:
            seen.setdefault(token, None)
    return list(seen)


def select_terms(terms: list[str], document_frequency: dict[str, int], total: int) -> list[str]:
    """The query words worth searching: rarest first, very common ones dropped, within the postings budget.

    `document_frequency` maps each term (as given) to the number of chunks holding it.
    """
    if len(terms) <= 1:
        return terms
    ranked = sorted((document_frequency.get(t, 0), i) for i, t in enumerate(terms) if document_frequency.get(t, 0) > 0)
    if not ranked:
        return []
    keep: list[int] = []
    postings = 0
    for df, i in ranked:
        if df > COMMON_TERM_SHARE * total or len(keep) == MAX_QUERY_TERMS or (keep and postings + df > MAX_POSTINGS):
            break
        keep.append(i)
        postings += df
    return [terms[i] for i in sorted(keep or [ranked[0][1]])]
