"""Answer cards (no LLM): the best-matching section whole, its answering sentences first.

A person asking "what is X and how do we avoid it?" would read the section about X.
The card gives them that section: the sentences that answer the question come first
(emphasised by displays), then the rest of the section in reading order, then one or
two "Related" sentences from other sections. Compound and "X vs Y" questions are
split, and each part gets its own best section. Every part is cited.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.answers.models import AnswerCard, CardSection, RelatedSentence
from assistant.knowledge.models import Passage
from assistant.knowledge.sentences import word_count
from assistant.knowledge.store import KnowledgeStore, keyword_terms

# Whole answers stay readable: a section is 120-220 words; the card cuts the rest of a
# long section (displays collapse it) so that most answers stay near 200 words.
MAX_WORDS = 210
HARD_MAX_WORDS = 290
KEY_MAX_SENTENCES = 3
KEY_MAX_WORDS = 90
# Sentences within this much of the best one answer the question as well.
KEY_MARGIN = 0.08
LIST_MAX_ITEMS = 8
LIST_MAX_WORDS = 150
RELATED_MAX = 2
RELATED_MARGIN = 0.15
# The question's own words mark the answering sentence among sentences of one section,
# whose vectors sit close together because they share its context.
TERM_WEIGHT = 0.2
DEFINITION_BONUS = 0.06
REASON_BONUS = 0.06
HOW_BONUS = 0.04

_META = re.compile(r"^(this|the) (document|guide|section|page|article|chapter)\b|\bthe sections below\b", re.I)
_DEFINITION_QUESTION = re.compile(r"^\s*(what|who)\s+(is|are|does)\b|\bmean\b|\bstand for\b|^\s*define\b", re.I)
_WHY_QUESTION = re.compile(r"^\s*why\b|\b(reason|point|benefit)\b", re.I)
_HOW_QUESTION = re.compile(r"^\s*how\b|\bsteps?\b|\bwhat should we\b", re.I)
_GIVES_REASON = re.compile(r"\b(because|so that|since|saves?|reduces?|avoids?|prevents?|lowers?|helps?)\b", re.I)
_DEFINES = re.compile(r"^[^,;:]{0,80}?\b(is|are|means|refers to|stands for)\b", re.I)
_GIVES_STEPS = re.compile(r"\b(use|start|first|then|choose|pick|check|try|add|keep|run|measure)\b", re.I)


@dataclass(eq=False)
class Section:
    """One section of one document, whole: its sentences, their vectors and which are list items."""

    source: str
    title: str
    section: str
    passages: list[Passage]
    sentences: list[str]
    vectors: np.ndarray
    bullets: list[bool]
    # Later sentences of a list item ("LoRA is the best-known ..." after the item's first sentence).
    continues: list[bool] | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.section)


def load_section(store: KnowledgeStore, passage: Passage) -> Section:
    """The passage's whole section; chunk overlaps are read once."""
    chunks = store.section_passages(passage.source, passage.section) or [passage]
    bullet_texts = {
        " ".join(line.strip()[2:].split())
        for c in chunks
        for line in c.text.splitlines()
        if line.strip()[:2] in ("- ", "* ")
    }
    sentences: list[str] = []
    rows: list[np.ndarray] = []
    bullets: list[bool] = []
    continues: list[bool] = []
    seen: set[str] = set()
    for texts, matrix in store.sentences_of(chunks):
        for i, sentence in enumerate(texts):
            if sentence in seen:
                continue
            seen.add(sentence)
            sentences.append(sentence)
            rows.append(matrix[i])
            starts = any(b.startswith(sentence[:60]) for b in bullet_texts)
            bullets.append(starts)
            continues.append(not starts and any(sentence[:60] in b for b in bullet_texts))
    vectors = np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)
    return Section(passage.source, passage.title, passage.section, chunks, sentences, vectors, bullets, continues)


def _stems(text: str) -> set[str]:
    return {t[:5] for t in keyword_terms(text)}


def score_sentences(question: str, query_vector: np.ndarray, section: Section, is_list: bool = False) -> np.ndarray:
    """How well each sentence of the section answers the question.

    A list question ("what are the main families of X") asks for items, not a definition,
    so definitions get no bonus for it.
    """
    if not section.sentences:
        return np.zeros(0, dtype=np.float32)
    scores = section.vectors @ np.asarray(query_vector, dtype=np.float32)
    terms = _stems(question)
    if terms:
        scores = scores + TERM_WEIGHT * np.array(
            [len(terms & _stems(s)) / len(terms) for s in section.sentences], dtype=np.float32
        )
    for asks, answers, bonus in (
        (_DEFINITION_QUESTION, _DEFINES, DEFINITION_BONUS),
        (_WHY_QUESTION, _GIVES_REASON, REASON_BONUS),
        (_HOW_QUESTION, _GIVES_STEPS, HOW_BONUS),
    ):
        if asks.search(question) and not (is_list and asks is _DEFINITION_QUESTION):
            scores = scores + bonus * np.array([bool(answers.search(s)) for s in section.sentences], dtype=np.float32)
    # Sentences about the document itself, or that only introduce a list, answer nothing by themselves.
    penalty = [0.2 if _META.search(s) or s.endswith(":") or word_count(s) < 5 else 0.0 for s in section.sentences]
    return scores - np.array(penalty, dtype=np.float32)


def lists_subject(question: str, section: Section) -> bool:
    """The section's list is about what the question asks: its title or the line introducing it shares a word.

    "HELM measures seven kinds of metrics:" lists metrics, not the benchmarks a question asks for.
    """
    if sum(section.bullets) < 2:
        return False
    first = section.bullets.index(True)
    intro = [s for s in section.sentences[:first] if s.endswith(":")]
    return bool(_stems(question) & _stems(" ".join([section.section, *intro[-1:]])))


def key_sentences(scores: np.ndarray, section: Section, is_list: bool) -> list[int]:
    """Indices of the sentences that answer: the list items for a list question, else the best few."""
    if not len(scores):
        return []
    if is_list and sum(section.bullets) >= 2:
        items = [i for i, b in enumerate(section.bullets) if b][:LIST_MAX_ITEMS]
        intro = [i for i in range(len(section.sentences)) if section.sentences[i].endswith(":") and i < items[0]]
        # Then the items' later sentences, in order, while the list stays short: they often name the examples.
        words = sum(word_count(section.sentences[i]) for i in items)
        more: list[int] = []
        for i, continued in enumerate(section.continues or []):
            if continued and items[0] < i and words + word_count(section.sentences[i]) <= LIST_MAX_WORDS:
                more.append(i)
                words += word_count(section.sentences[i])
        return intro[-1:] + sorted(items + more)
    order = [int(i) for i in np.argsort(-scores)]
    best = float(scores[order[0]])
    chosen: list[int] = []
    words = 0
    for i in order:
        if len(chosen) == KEY_MAX_SENTENCES or float(scores[i]) < best - KEY_MARGIN:
            break
        length = word_count(section.sentences[i])
        if chosen and words + length > KEY_MAX_WORDS:
            continue
        chosen.append(i)
        words += length
    return sorted(chosen)


# Choosing the section: the one whose best sentence answers best, among the top few retrieved.
SECTION_CANDIDATES = 3
LIST_SECTION_BONUS = 0.1
# A document's overview names every topic in passing; a specific section is the better read.
OVERVIEW_PENALTY = 0.05


def choose_section(question: str, query_vector: np.ndarray, candidates: list[Section], is_list: bool) -> Section:
    """The candidate whose best sentence answers best, preferring lists for list questions."""

    def merit(rank: int, section: Section) -> float:
        scores = score_sentences(question, query_vector, section, is_list)
        value = float(scores.max()) if len(scores) else -1.0
        if is_list and lists_subject(question, section):
            value += LIST_SECTION_BONUS
        if section.section.lower() == "overview":
            value -= OVERVIEW_PENALTY
        return value - 0.01 * rank  # ties go to the retriever's order

    # A list's section can rank lower than the sections that define its subject: look further.
    ranked = list(enumerate(candidates[: SECTION_CANDIDATES + (2 if is_list else 0)]))
    return max(ranked, key=lambda pair: merit(*pair))[1]


# A list question answered by a section without list items: the document's sibling sections
# are often the items themselves ("which benchmarks": GLUE, MMLU, HELM each have a section).
LIST_ITEM_SECTIONS = 5
# The chosen section scores higher through the question's own words in it; a sibling
# within this much of it is still on the list's subject.
ITEM_MARGIN = 0.25


def item_sentence(section: Section) -> int | None:
    """The sentence that introduces a section's subject: its first one that says something by itself."""
    for i, sentence in enumerate(section.sentences):
        if not _META.search(sentence) and not sentence.endswith(":") and word_count(sentence) >= 5:
            return i
    return None


def item_sections(question: str, query_vector: np.ndarray, chosen: Section, siblings: list[Section]) -> list[Section]:
    """The sibling sections that answer the list question about as well as each other, in reading order."""
    if lists_subject(question, chosen):
        return []  # the chosen section lists the items itself
    scored: list[tuple[float, int, Section]] = []
    for order, sibling in enumerate(siblings):
        if sibling.key == chosen.key or sibling.section.lower() == "overview" or not sibling.sentences:
            continue
        scored.append((float(score_sentences(question, query_vector, sibling, True).max()), order, sibling))
    if len(scored) < 2:
        return []
    # Items answer about as well as the chosen section does; weaker siblings are other topics.
    best = float(score_sentences(question, query_vector, chosen, True).max()) if chosen.sentences else 0.0
    kept = sorted((item for item in scored if item[0] >= best - ITEM_MARGIN), key=lambda item: -item[0])
    if len(kept) < 2 and not any(lists_subject(question, sibling) for _, _, sibling in kept):
        return []  # one sibling is no list, unless it lists the items itself
    return [sibling for _, _, sibling in sorted(kept[:LIST_ITEM_SECTIONS], key=lambda item: item[1])]


@dataclass
class Part:
    """One sub-question and the section chosen to answer it."""

    question: str
    query_vector: np.ndarray
    section: Section


def compose_card(
    parts: list[Part],
    related_candidates: list[Section],
    question: str,
    query_vector: np.ndarray,
    is_list: bool,
    items: list[Section] | None = None,
) -> AnswerCard:
    """Key sentences of every part first, then the rest of each section, then related sentences.

    `items`: sections that are each one item of a list question; each adds the sentence that
    introduces it, after the parts' key sentences.
    """
    sections: list[Section] = []
    keys: dict[tuple[str, str], list[int]] = {}
    best_key_score = 0.0
    for part in parts:
        scores = score_sentences(part.question, part.query_vector, part.section, is_list)
        chosen = key_sentences(scores, part.section, is_list and lists_subject(part.question, part.section))
        if len(scores):
            best_key_score = max(best_key_score, float(scores.max()))
        if part.section.key not in keys:
            sections.append(part.section)
            keys[part.section.key] = []
        keys[part.section.key] = sorted(set(keys[part.section.key]) | set(chosen))

    listed: set[tuple[str, str]] = set()
    words = sum(word_count(section.sentences[i]) for section in sections for i in keys[section.key])
    for item in items or []:
        i = item_sentence(item)
        if i is None or item.key in keys:
            continue
        if lists_subject(question, item):  # the item lists the things asked for: show its list
            chosen = key_sentences(score_sentences(question, query_vector, item, True), item, True)
        else:
            chosen = [i]
        length = sum(word_count(item.sentences[j]) for j in chosen)
        if words + length > MAX_WORDS:
            continue
        sections.append(item)
        keys[item.key] = chosen
        listed.add(item.key)
        words += length
    # Related sentences: the best sentence of each other retrieved section, if close to the answer's strength.
    related: list[RelatedSentence] = []
    citation = len(sections)
    for other in related_candidates:
        if len(related) == RELATED_MAX or other.key in keys:
            continue
        scores = score_sentences(question, query_vector, other)
        if not len(scores):
            continue
        i = int(np.argmax(scores))
        length = word_count(other.sentences[i])
        if float(scores[i]) < best_key_score - RELATED_MARGIN or words + length > MAX_WORDS:
            continue
        citation += 1
        related.append(
            RelatedSentence(
                source=other.source,
                title=other.title,
                section=other.section,
                text=other.sentences[i],
                citation=citation,
            )
        )
        words += length
        keys[other.key] = []

    card_sections: list[CardSection] = []
    budget = max(0, MAX_WORDS - words)
    for n, section in enumerate(sections, start=1):
        key = keys[section.key]
        # An item section gives its introducing sentence only; the reader opens the section for more.
        rest_all = [] if section.key in listed else [i for i in range(len(section.sentences)) if i not in key]
        rest: list[str] = []
        for i in rest_all:
            length = word_count(section.sentences[i])
            if length > budget:
                break
            rest.append(section.sentences[i])
            budget -= length
        card_sections.append(
            CardSection(
                source=section.source,
                title=section.title,
                section=section.section,
                citation=n,
                key=[section.sentences[i] for i in key],
                rest=rest,
                omitted=len(rest_all) - len(rest),
            )
        )
    return AnswerCard(sections=card_sections, related=related)


def render_card(card: AnswerCard, note: str | None = None) -> str:
    """Plain text, every sentence cited: key sentences, the rest of each section, related sentences.

    Labels ("Related: <section>:") stand on their own line and end with a colon, so
    they read as headings and are never mistaken for a quoted sentence.
    """
    blocks: list[str] = [note] if note else []
    for s in card.sections:
        if s.key:
            blocks.append(" ".join(f"{k} [{s.citation}]" for k in s.key))
    for s in card.sections:
        if s.rest:
            blocks.append(f"More from {s.section}:")
            blocks.append(" ".join(f"{r} [{s.citation}]" for r in s.rest))
    for r in card.related:
        blocks.append(f"Related: {r.section}:\n- {r.text} [{r.citation}]")
    text = "\n\n".join(blocks)
    if len(text.split()) > HARD_MAX_WORDS:  # a guard; the budget above normally keeps well inside it
        text = " ".join(text.split(" ")[:HARD_MAX_WORDS]) + " …"
    return text
