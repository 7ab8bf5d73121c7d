"""Hybrid retrieval: vector and BM25 rankings fused by reciprocal rank, then a relevance gate."""

from __future__ import annotations

import copy
import re
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from pydantic import BaseModel

from assistant.knowledge.models import Passage
from assistant.knowledge.query import RARE_COUNT, QueryReader, Vocabulary, everyday_word
from assistant.knowledge.store import _STOPWORDS, KnowledgeStore, keyword_terms

# The usual RRF constant: dampens the gap between rank 1 and rank 2 so that
# agreement between the two retrievers outweighs a single first place.
RRF_K = 60
_COMPARISON_WORDS = frozenset({"vs", "versus"})
# Share of an advice question's words the top passages must hold when similarity is modest.
ADVICE_COVERAGE = 0.4
# Below this similarity, and with less than this share of its words in the passages, a question
# with words the documents never use is taken to be about something else.
FOREIGN_SIMILARITY = 0.52
FOREIGN_LOW_SIMILARITY = 0.45
FOREIGN_COVERAGE = 0.5
# Left over from tokenising contractions and abbreviations: unknown to the documents, but no topic.
_NOT_TOPIC_WORDS = frozenset(
    [
        "vs",
        "ok",
        "okay",
        "etc",
        "doesn",
        "don",
        "shouldn",
        "isn",
        "aren",
        "won",
        "wouldn",
        "couldn",
        "didn",
        "hasn",
        "haven",
        "wasn",
        "weren",
        "mustn",
        "needn",
    ]
)
# A question of at most this many words that is a phrase of a section title is about that section.
TITLE_PHRASE_WORDS = 4
TITLE_PHRASE_SECTIONS = 2


class Retrieval(BaseModel):
    question: str
    passages: list[Passage]
    covered: bool
    best_score: float
    # Kept so answer composition does not embed the question twice.
    query_vector: list[float] | None = None
    # Why the gate decided as it did (gate v2), for answers and benchmarks.
    agree: bool = False
    unknown_terms: list[str] = []
    # Best similarity to a chunk or to one of its typical questions (doc2query).
    question_score: float = 0.0


def term_coverage(question: str, passages: list[Passage]) -> float:
    """Share of the question's content words (by 5-letter stem) found in the passages."""
    terms = keyword_terms(question)
    if not terms:
        return 0.0
    haystack = " ".join(f"{p.title} {p.section} {p.text}" for p in passages).lower()
    return sum(t[:5] in haystack for t in terms) / len(terms)


def reciprocal_rank_fusion(rankings: list[list[str]], k: int = RRF_K) -> list[tuple[str, float]]:
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank + 1)
    return sorted(scores.items(), key=lambda kv: kv[1], reverse=True)


class HybridRetriever:
    def __init__(
        self,
        store: KnowledgeStore,
        top_k: int = 5,
        candidate_k: int = 20,
        relevance_threshold: float = 0.42,
        passage_threshold: float = 0.28,
        weak_relevance_threshold: float = 0.33,
        keyword_coverage: float = 0.75,
        typical_question_threshold: float = 0.55,
    ) -> None:
        self.store = store
        self.top_k = top_k
        self.candidate_k = candidate_k
        self.relevance_threshold = relevance_threshold
        self.passage_threshold = passage_threshold
        self.weak_relevance_threshold = weak_relevance_threshold
        self.keyword_coverage = keyword_coverage
        self.typical_question_threshold = typical_question_threshold
        self._keyword_pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="keyword-search")
        self._titles_seen: list[tuple[str, str, str]] | None = None
        self._titles_index: tuple[list[tuple[str, str, str]], dict[str, set[int]]] = ([], {})
        self._reader: tuple[int, QueryReader] | None = None
        self._scoped: dict[str, HybridRetriever] = {}

    def for_workspace(self, workspace: str) -> HybridRetriever:
        """This retriever over the shared documents and `workspace`'s uploads only (kept, one per workspace)."""
        store = self.store.for_workspace(workspace)
        if store is self.store:
            return self
        scoped = self._scoped.get(workspace)
        if scoped is None:
            scoped = copy.copy(self)
            scoped.store, scoped._reader, scoped._scoped = store, None, {}
            self._scoped[workspace] = scoped
        return scoped

    @property
    def reader(self) -> QueryReader:
        """Reads questions against the knowledge base's own words; rebuilt when the documents change."""
        count = self.store.status().chunks
        if self._reader is None or self._reader[0] != count:
            texts = [text for _, text in self.store.all_chunk_texts()]
            texts += [f"{title}. {section}." for _, title, section in self.store.section_titles()]
            self._reader = (count, QueryReader(Vocabulary(texts)))
        return self._reader[1]

    @classmethod
    def from_settings(cls, store: KnowledgeStore) -> HybridRetriever:
        s = store.settings
        return cls(
            store,
            s.top_k,
            s.candidate_k,
            s.relevance_threshold,
            s.passage_threshold,
            s.weak_relevance_threshold,
            s.keyword_coverage,
            s.typical_question_threshold,
        )

    def retrieve(self, question: str, top_k: int | None = None, gate: bool = True, advice: bool = False) -> Retrieval:
        """`advice`: the question asks what to do in the team's own situation (see `query.asks_advice`);
        the weak threshold then suffices, because the situation's words are not the documents'."""
        top_k = top_k or self.top_k
        # Keyword search needs no vector: it runs on the other core while the question is embedded.
        keyword_future = self._keyword_pool.submit(self.store.keyword_search, question, self.candidate_k)
        query_vector = self.store.embedder.embed_query(question)
        vector_hits = self.store.vector_search(query_vector, self.candidate_k)
        keyword_hits = keyword_future.result()
        fused = reciprocal_rank_fusion([[cid for cid, _ in vector_hits], keyword_hits])

        # The gate and passage scores use the passages' own vectors: a chunk can rank by one of
        # its typical questions (doc2query), but short generic questions must not make an
        # off-topic question look close to the text.
        shortlist = [cid for cid, _ in fused[: top_k * 3]]
        similarity = {cid: float(np.dot(vec, query_vector)) for cid, vec in self.store.vectors(shortlist).items()}

        # Vector hits are scored by a chunk's text or its typical questions, whichever is closer.
        question_score = vector_hits[0][1] if vector_hits else 0.0
        # A chunk whose typical question matches closely is a source even when its own text is worded far
        # from the question ("how do I prevent hallucinations?" against a passage on grounding and citations).
        asked = vector_hits[0][0] if vector_hits and question_score >= self.typical_question_threshold else None
        if asked is not None and asked not in shortlist:
            shortlist = [*shortlist, asked]
            similarity.update(
                {cid: float(np.dot(vec, query_vector)) for cid, vec in self.store.vectors([asked]).items()}
            )
        rows = self.store.passages(shortlist)
        passages: list[Passage] = []
        for cid in shortlist:
            row = rows.get(cid)
            score = similarity.get(cid, 0.0)
            if row is None or (score < self.passage_threshold and cid != asked):
                continue
            passages.append(row.model_copy(update={"score": round(score, 4)}))
            if len(passages) == top_k:
                break
        titled = self._titled_section(question)
        if titled is not None and all((p.source, p.section) != (titled.source, titled.section) for p in passages):
            score = float(
                np.dot(self.store.vectors([titled.id]).get(titled.id, np.zeros_like(query_vector)), query_vector)
            )
            passages = [titled.model_copy(update={"score": round(score, 4)}), *passages][:top_k]
        # Only passages this workspace can be shown count toward the gate.
        best = max((similarity.get(cid, 0.0) for cid in shortlist if cid in rows), default=0.0)
        agree = self._tops_agree(question, vector_hits, keyword_hits)
        vocabulary = self.reader.vocabulary
        unknown = [t for t in keyword_terms(question) if not t.isdigit() and not vocabulary.known(t)]
        covered = (
            titled is not None
            or self.is_covered(question, best, passages, agree=agree, unknown=unknown)
            or (question_score >= self.typical_question_threshold and bool(passages))
            or (advice and self._advice_covered(question, best, passages, unknown))
        ) and not self._foreign_topic(question, best, question_score, passages, agree, unknown)
        return Retrieval(
            question=question,
            passages=passages if covered or not gate else [],
            covered=covered,
            best_score=best,
            query_vector=query_vector.tolist(),
            agree=agree,
            unknown_terms=unknown,
            question_score=question_score,
        )

    def _titled_section(self, question: str) -> Passage | None:
        """A short question that is a phrase of a section title ("top-p", "span corruption"): that section.

        Very short questions score low on similarity, but a title naming exactly what was typed
        is as clear as evidence gets. Single everyday words ("overview", "example") do not count.
        """
        phrase = " ".join(re.findall(r"[a-z0-9][a-z0-9-]*", question.lower()))
        words = phrase.split()
        if not words or len(words) > TITLE_PHRASE_WORDS or len(phrase) < 4:
            return None
        if len(words) == 1 and (
            everyday_word(phrase) or phrase in _STOPWORDS or self.reader.vocabulary.counts.get(phrase, 0) >= RARE_COUNT
        ):
            return None
        pattern = re.compile(r"(?<![\w-])" + re.escape(phrase) + r"(?![\w-])")
        titles, by_word = self._title_words()
        # Only titles holding every word of the phrase can hold the phrase (a scan of every
        # title cost ~25 ms at 100,000 sections).
        candidates = set.intersection(*(by_word.get(w, set()) for w in words))
        found = [titles[i][:2] for i in sorted(candidates) if pattern.search(titles[i][2])]
        # A phrase in many titles ("overview") names no one section.
        if not found or len(found) > TITLE_PHRASE_SECTIONS:
            return None
        chunks = self.store.section_passages(*found[0])
        return chunks[0] if chunks else None

    def _title_words(self) -> tuple[list[tuple[str, str, str]], dict[str, set[int]]]:
        """(source, section, the title's words) and which titles hold each word — recomputed only
        when the store hands out a new list of titles."""
        titles = self.store.section_titles()
        if titles is not self._titles_seen:
            words = [
                (source, section, " ".join(re.findall(r"[a-z0-9][a-z0-9-]*", section.lower())))
                for source, _title, section in titles
            ]
            by_word: dict[str, set[int]] = {}
            for n, (_source, _section, text) in enumerate(words):
                for word in text.split():
                    by_word.setdefault(word, set()).add(n)
            self._titles_seen, self._titles_index = titles, (words, by_word)
        return self._titles_index

    def _foreign_topic(
        self,
        question: str,
        best: float,
        question_score: float,
        passages: list[Passage],
        agree: bool,
        unknown: list[str],
    ) -> bool:
        """Words the documents never use, modest similarity and little overlap: the question is about
        something else ("onboarding new engineers" is close to "onboarding a model" in wording only).

        Everyday words count too: the documents never saying "speech" or "voice" is as telling as
        a rare word, while tokenizer leftovers ("vs", "doesn") and derivations of the documents'
        words ("recommend" beside "recommendations") say nothing about the topic.
        """
        vocabulary = self.reader.vocabulary
        topic = [t for t in unknown if len(t) > 2 and t not in _NOT_TOPIC_WORDS and vocabulary.topic_unknown(t)]
        if agree or not topic or max(best, question_score) >= FOREIGN_SIMILARITY:
            return False
        # Two such words ("speech", "transcribing") name another field outright, however many of
        # the question's other words ("model", "best", "Dutch") the passages happen to hold.
        # At low similarity one such word is enough: "random forest" is not a topic the documents
        # treat, however many of "best", "tune" and "hyperparameters" they use elsewhere.
        if len(topic) >= 2 or max(best, question_score) < FOREIGN_LOW_SIMILARITY:
            return True
        return term_coverage(question, passages[:3]) <= FOREIGN_COVERAGE

    def _advice_covered(self, question: str, best: float, passages: list[Passage], unknown: list[str]) -> bool:
        """Advice on the team's situation: modest similarity is enough when every topic word is the documents'.

        "How should we price our subscription tiers?" names things the documents never
        mention; "How should we build a classifier from 500 labelled tickets?" does not.
        """
        strange = [t for t in unknown if not everyday_word(t)]
        return (
            bool(passages)
            and best >= self.weak_relevance_threshold
            and not strange
            and term_coverage(question, passages[:3]) >= ADVICE_COVERAGE
        )

    def _tops_agree(self, question: str, vector_hits: list[tuple[str, float]], keyword_hits: list[str]) -> bool:
        """Vector and keyword search put the same section first, and it holds the question's rare words."""
        if not vector_hits or not keyword_hits:
            return False
        tops = self.store.passages([vector_hits[0][0], keyword_hits[0]])
        v, k = tops.get(vector_hits[0][0]), tops.get(keyword_hits[0])
        if v is None or k is None or (v.source, v.section) != (k.source, k.section):
            return False
        return self._holds_rare_terms(question, v)

    def _holds_rare_terms(self, question: str, passage: Passage) -> bool:
        vocabulary = self.reader.vocabulary
        # Rare words, and words the documents never use ("H100"), name what the question is about.
        rare = [
            t
            for t in keyword_terms(question)
            if vocabulary.counts.get(t, 0) < RARE_COUNT and t not in _COMPARISON_WORDS and not everyday_word(t)
        ]
        text = " ".join(p.text for p in self.store.section_passages(passage.source, passage.section))
        haystack = f"{passage.title} {passage.section} {text}".lower()
        return bool(rare) and all(t[:5] in haystack for t in rare)

    def is_covered(
        self,
        question: str,
        best: float,
        passages: list[Passage],
        agree: bool = False,
        unknown: list[str] | None = None,
    ) -> bool:
        """Close in meaning, or moderately close and about the same things.

        Similarity alone confuses "which Slack channel do we use for incidents"
        with passages on incident monitoring; requiring the question's own words
        at moderate similarity keeps such questions out without refusing
        differently-worded questions that really are covered.
        """
        if best >= self.relevance_threshold:
            return True
        if best >= self.weak_relevance_threshold and term_coverage(question, passages[:3]) >= self.keyword_coverage:
            return True
        # Gate v2: short, acronym-heavy or oddly phrased questions score low on similarity
        # although the documents clearly speak about them.
        if not passages or best < self.passage_threshold:
            return False
        if agree:
            return True
        # Every word known is weaker evidence than agreement: it still needs moderate similarity,
        # and the best passage's section must hold the question's rare words (knowing each word
        # somewhere in the documents says little about one section answering them together).
        known = unknown is not None and not unknown and bool(keyword_terms(question))
        return known and best >= self.weak_relevance_threshold and self._holds_rare_terms(question, passages[0])
