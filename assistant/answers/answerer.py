"""The answer chain: retrieve, then answer from the passages (LLM or quotes), cite, check."""

from __future__ import annotations

import copy
import html
import logging
import re
from collections.abc import Generator, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from assistant.answers.cards import (
    Part,
    Section,
    choose_section,
    compose_card,
    item_sections,
    load_section,
    render_card,
)
from assistant.answers.grounding import check_sentences
from assistant.answers.models import Answer, SourceRef
from assistant.answers.quoting import PASSAGES_CONSIDERED, render_quotes, select_quotes
from assistant.errors import LLMUnavailable, QuestionError
from assistant.knowledge.models import Passage
from assistant.knowledge.query import RARE_COUNT, ReadQuestion, asks_advice, everyday_word, language_data
from assistant.knowledge.retrieval import HybridRetriever, Retrieval
from assistant.knowledge.sentences import cited_numbers, renumber_citations
from assistant.knowledge.store import keyword_terms
from assistant.llm.chat import explain_llm_error, llm_call_errors
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.runnables import Runnable

log = logging.getLogger(__name__)

NOT_COVERED_MARKER = "NOT COVERED"
# Passages handed to the LLM; more adds cost and distraction, fewer loses context.
LLM_PASSAGES = 4
# Earlier messages shown to the LLM so it can tell what "it" refers to.
LLM_HISTORY = 4
# Sections named as "closest" when a question is refused although titles match it.
CLOSEST_SECTIONS = 3
ENGLISH_SOURCES_NOTE = "Note: the sources are in English, so this answer is in English (de bronnen zijn Engelstalig)."
# A product or model name the documents never mention ("XGBoost", "GPT-4o") means the
# question is about something else, however close its wording is to a section.
_NAMED_THING = re.compile(
    r"^(?=.*[a-z])(?=.*[A-Z0-9])[A-Za-z0-9]*(?:[a-z][A-Z]|[A-Z]{2}[a-z]|[A-Za-z][0-9]|[0-9][A-Za-z])[A-Za-z0-9]*$"
)
NAMED_THING_SIMILARITY = 0.6


_BEYOND_TEXT = {
    "internal": (
        "This asks about your own organisation (its people, budgets, dates or systems). The knowledge base "
        "holds general guidance on building LLM applications, not your company's records, so I will not guess. "
        "Please ask the person or system that owns that information."
    ),
    "live": (
        "This asks for a figure that changes over time (a price, a ranking, a limit or a release date). The "
        "knowledge base holds general guidance, not today's figures, so I will not guess. Please check the "
        "provider's own, current page."
    ),
}


def validate_question(question: str, max_chars: int) -> str:
    question = question.strip()
    if not question:
        raise QuestionError("Please type a question first.")
    if len(question) > max_chars:
        raise QuestionError(
            f"That message is {len(question):,} characters; the limit is {max_chars:,}. "
            "Please shorten it or ask about one thing at a time."
        )
    return question


_FENCE_TAG = re.compile(r"<(\s*/?\s*passage)", re.IGNORECASE)


def fence_passages(passages: list[Passage]) -> str:
    """Number the passages and wrap them as data; a passage cannot close its own fence.

    Attributes are escaped (a section title with a quote cannot end the tag) and any
    `<passage`/`</PASSAGE` spelling inside the text is defused.
    """
    blocks = []
    for n, p in enumerate(passages, start=1):
        body = _FENCE_TAG.sub(r"&lt;\1", p.text)
        source, section = html.escape(p.source, quote=True), html.escape(p.section, quote=True)
        blocks.append(f'<passage id="{n}" source="{source}" section="{section}">\n{body}\n</passage>')
    return "\n\n".join(blocks)


def _source_ref(p: Passage) -> SourceRef:
    return SourceRef(source=p.source, section=p.section, text=p.text, score=p.score)


class AnswerStream:
    """Iterate for text as it is produced; `result` holds the final, checked answer.

    The final answer can differ from what was streamed (unsupported sentences are
    removed after the LLM finishes), so displays should show `result.answer` last.
    """

    def __init__(self, chunks: Iterator[str], holder: dict[str, Answer]) -> None:
        self._chunks = chunks
        self._holder = holder

    def __iter__(self) -> Iterator[str]:
        yield from self._chunks

    @property
    def result(self) -> Answer:
        if "answer" not in self._holder:
            for _ in self._chunks:  # drain so the answer exists
                pass
        return self._holder["answer"]


class Answerer:
    def __init__(
        self,
        retriever: HybridRetriever,
        settings: Settings,
        llm: BaseChatModel | None = None,
        backend: str | None = None,
    ) -> None:
        self.retriever = retriever
        self.settings = settings
        self.embedder = retriever.store.embedder
        self.llm = llm
        self.backend = backend or (settings.active_backend if llm is not None else "none")
        self.max_question_chars = settings.max_message_chars
        self._chain: Runnable | None = _answer_chain(llm) if llm is not None else None
        self._llm_errors = llm_call_errors() if llm is not None else ()

    def for_workspace(self, workspace: str) -> Answerer:
        """This answerer over the shared documents and `workspace`'s uploads only."""
        retriever = self.retriever.for_workspace(workspace)
        if retriever is self.retriever:
            return self
        scoped = copy.copy(self)
        scoped.retriever = retriever
        return scoped

    # ----------------------------------------------------------------- public
    def answer(self, question: str, history: list[str] | None = None) -> Answer:
        return self.stream(question, history).result

    def stream(self, question: str, history: list[str] | None = None) -> AnswerStream:
        """`history`: the user's earlier messages in this conversation, oldest first."""
        question = validate_question(question, self.max_question_chars)
        holder: dict[str, Answer] = {}
        return AnswerStream(self._produce(question, list(history or []), holder), holder)

    # ---------------------------------------------------------------- helpers
    def _produce(self, question: str, history: list[str], holder: dict[str, Answer]) -> Iterator[str]:
        read = self.retriever.reader.read(question, history)
        if read.language not in ("en", "nl"):
            answer = self._other_language(question, read.language)
        elif read.beyond:
            answer = self._beyond(question, read.beyond)
        else:
            retrieval = self.retriever.retrieve(read.text, advice=read.advice)
            if not retrieval.covered and read.advice:
                read, retrieval = self._advice_ask(read, retrieval)
            retrieval = retrieval.model_copy(update={"question": question})
            covered = retrieval.covered and not self._names_unknown_thing(read, retrieval)
            if not covered:
                answer = self._refusal(question, read=read)
            elif self._chain is None:
                answer = self._card(read, retrieval)
            else:
                answer = yield from self._generated(read, retrieval, history)
                holder["answer"] = answer
                return
        holder["answer"] = answer
        yield from _words(answer.answer)

    def _advice_ask(self, read: ReadQuestion, retrieval: Retrieval) -> tuple[ReadQuestion, Retrieval]:
        """A situation then a question ("Our bot quotes prices that change weekly. How do we keep it current?"):
        the situation's own words can drown the question, so the question sentence is searched alone."""
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", read.text.strip()) if s]
        asks = [s for s in sentences[1:] if asks_advice(s)]
        if not asks or len([t for t in keyword_terms(asks[-1]) if t not in _FRAMING_WORDS]) < 2:
            return read, retrieval
        # The situation may name what the question is really about ("Our Postgres queries are slow."):
        # words the documents never use there mean the documents do not speak to it.
        if any(not everyday_word(t) for t in retrieval.unknown_terms):
            return read, retrieval
        found = self.retriever.retrieve(asks[-1], advice=True)
        if not found.covered:
            return read, retrieval
        return replace(read, text=asks[-1], parts=[asks[-1]]), found

    def _names_unknown_thing(self, read: ReadQuestion, retrieval: Retrieval) -> bool:
        names = [w for w in re.findall(r"[\w-]+", read.original) if any(_NAMED_THING.match(p) for p in w.split("-"))]
        unknown = {t.lower() for t in retrieval.unknown_terms}
        strange = [w for w in names if any(p.lower() in unknown for p in w.split("-"))]
        return bool(strange) and not retrieval.agree and retrieval.best_score < NAMED_THING_SIMILARITY

    def _other_language(self, question: str, language: str) -> Answer:
        name = language_data().names.get(language)
        looks = f"This question looks like {name}." if name else "This question is in a language I cannot read."
        text = (
            f"{looks} I can answer questions in English and Dutch only, "
            "so I cannot tell what it asks. Please ask it in English (or Dutch)."
        )
        return Answer(question=question, answer=text, grounded=False, sources=[], backend=self.backend)

    def _beyond(self, question: str, kind: str) -> Answer:
        """A refusal that says why: no guide holds the team's own records or today's figures."""
        text = _BEYOND_TEXT.get(kind, _BEYOND_TEXT["internal"])
        return Answer(question=question, answer=text, grounded=False, sources=[], backend=self.backend)

    def _closest_sections(self, question: str) -> list[str]:
        """Sections whose titles share the question's topic words, best match first."""
        terms = {t[:5] for t in keyword_terms(question) if len(t) > 2}
        vocabulary = self.retriever.reader.vocabulary
        rare = {
            t[:5]
            for t in keyword_terms(question)
            if 0 < vocabulary.counts.get(t, 0) < RARE_COUNT and len(t) > 3 and not everyday_word(t)
        }
        scored = []
        for _, title, section in self.retriever.store.section_titles():
            words = {t[:5] for t in keyword_terms(section)}
            hits = len(terms & words)
            if rare & words:
                scored.append((-hits, f"{section} ({title})"))
        return [name for _, name in sorted(scored)[:CLOSEST_SECTIONS]]

    def _refusal(self, question: str, notice: str | None = None, read: ReadQuestion | None = None) -> Answer:
        closest = self._closest_sections(read.text if read else question)
        if closest:
            # Never say "not covered" when a section's title is about the question's topic.
            text = (
                "I could not find a passage that answers this confidently, so I will not guess. "
                "The closest sections are: " + "; ".join(closest) + ". Try asking about one of them more directly."
            )
            return Answer(
                question=question, answer=text, grounded=False, sources=[], backend=self.backend, notice=notice
            )
        titles = self.retriever.store.status().titles
        covered = (
            "; ".join(titles)
            if titles
            else "nothing yet (the knowledge base is empty: run `make run` or `python -m assistant ingest`)"
        )
        text = (
            f"The knowledge base does not cover this question, so I will not guess an answer.\n\nIt covers: {covered}."
        )
        return Answer(question=question, answer=text, grounded=False, sources=[], backend=self.backend, notice=notice)

    def _card_sections(self, read: ReadQuestion, retrieval: Retrieval) -> tuple[list[Part], list[Section]]:
        """Each part of the question with its best section, and the other retrieved sections."""
        store = self.retriever.store
        query_vector = np.asarray(retrieval.query_vector, dtype=np.float32)
        parts: list[Part] = []
        loaded: dict[tuple[str, str], Section] = {}

        def section_of(p: Passage) -> Section:
            if (p.source, p.section) not in loaded:
                loaded[(p.source, p.section)] = load_section(store, p)
            return loaded[(p.source, p.section)]

        def best_section(text: str, vector: np.ndarray, passages: list[Passage]) -> Section:
            candidates: list[Section] = []
            for p in passages:
                section = section_of(p)
                if section.key not in {c.key for c in candidates}:
                    candidates.append(section)
            return choose_section(text, vector, candidates, _wants_list(read))

        if len(read.parts) > 1:
            top = best_section(read.text, query_vector, retrieval.passages)
            top_text = top.section.lower()
            # A section titled with every part ("Accuracy, precision, recall and F1") answers best as a whole.
            decision = self._decision_section(read) if _CHOICE.search(read.text) else None
            if all(_names_all(part, top_text) for part in read.parts):
                parts = [Part(read.text, query_vector, top)]
            elif decision is not None:
                # "RAG or fine-tuning?": a section that weighs the options against each other answers it whole.
                parts = [Part(read.text, query_vector, decision)]
            else:
                for text in read.parts:
                    found = self.retriever.retrieve(text, gate=False)
                    if found.passages:
                        vector = np.asarray(found.query_vector, dtype=np.float32)
                        parts.append(Part(text, vector, best_section(text, vector, found.passages)))
        if not parts and _CHOICE.search(read.text):
            decision = self._decision_section(read)
            if decision is not None:
                parts = [Part(read.text, query_vector, decision)]
        if not parts:
            parts = [Part(read.text, query_vector, best_section(read.text, query_vector, retrieval.passages))]
        chosen = {p.section.key for p in parts}
        others = [section_of(p) for p in retrieval.passages if (p.source, p.section) not in chosen]
        return parts, others

    def _list_items(self, read: ReadQuestion, parts: list[Part], others: list[Section]) -> list[Section]:
        """For a list question: the sections of the chosen section's document that are its items."""
        if not read.is_list or len(parts) != 1:
            return []
        chosen = parts[0].section
        known = {o.key: o for o in others}
        siblings: list[Section] = []
        for source, _title, section in self.retriever.store.section_titles():
            if source != chosen.source or section == chosen.section:
                continue
            if (source, section) not in known:
                first = self.retriever.store.section_passages(source, section)
                if not first:
                    continue
                known[(source, section)] = load_section(self.retriever.store, first[0])
            siblings.append(known[(source, section)])
        return item_sections(parts[0].question, parts[0].query_vector, chosen, siblings)

    def _decision_section(self, read: ReadQuestion) -> Section | None:
        """The section whose title names every option of a choice question, in separate words."""
        heads = [_option_head(part) for part in read.parts]
        if len(heads) < 2:  # not split (long options): the words either side of the "or"
            m = re.search(r"^(?P<a>.*?)\s+(?:or|vs\.?|versus)\s+(?P<b>.+)$", re.sub(r"\([^)]*\)", " ", read.text), re.I)
            heads = [_option_head(" ".join(m.group("a").split()[-3:])), _option_head(m.group("b"))] if m else []
        options = [h for h in heads if h]
        if len(options) < 2 or len(options) < len(heads) or len(set(options)) < len(options):
            return None
        store = self.retriever.store
        candidates: list[Section] = []
        for source, _title, section in store.section_titles():
            words = section.lower().split()
            hits = [{n for n, w in enumerate(words) if re.match(r"\b" + re.escape(h[:5]), w)} for h in options]
            # Each option in a word of its own: "encoder-decoder" names one architecture, not two.
            if all(hits) and len(set().union(*hits)) >= len(options):
                first = store.section_passages(source, section)
                if first:
                    candidates.append(load_section(store, first[0]))
        if not candidates:
            return None
        vector = np.asarray(self.embedder.embed_query(read.text), dtype=np.float32)
        return choose_section(read.text, vector, candidates, False)

    def _card(self, read: ReadQuestion, retrieval: Retrieval, notice: str | None = None) -> Answer:
        parts, others = self._card_sections(read, retrieval)
        items = self._list_items(read, parts, others)
        item_keys = {i.key for i in items}
        card = compose_card(
            parts,
            [o for o in others if o.key not in item_keys],
            read.text,
            np.asarray(retrieval.query_vector, dtype=np.float32),
            _wants_list(read),
            items,
        )
        if not any(s.key or s.rest for s in card.sections):
            return self._refusal(retrieval.question, notice, read)
        by_key = {(p.section.source, p.section.section): p.section for p in parts}
        by_key.update({(o.source, o.section): o for o in others + items})
        sources = [
            SourceRef(
                source=s.source,
                section=s.section,
                text=" ".join(s.key + s.rest),
                score=max(
                    (p.score for p in retrieval.passages if (p.source, p.section) == (s.source, s.section)), default=0.0
                ),
            )
            for s in card.sections
        ] + [
            SourceRef(
                source=r.source,
                section=r.section,
                text=r.text,
                score=max(
                    (p.score for p in retrieval.passages if (p.source, p.section) == (r.source, r.section)), default=0.0
                ),
            )
            for r in card.related
        ]
        note = ENGLISH_SOURCES_NOTE if read.language == "nl" else None
        return Answer(
            question=retrieval.question,
            answer=render_card(card, note),
            grounded=True,
            sources=sources,
            backend="none",
            notice=notice,
            card=card,
            read_as=read.text if read.changed else None,
        )

    def _quoted(self, retrieval: Retrieval, notice: str | None = None) -> Answer:
        passages = retrieval.passages
        quotes = select_quotes(
            retrieval.question,
            np.asarray(retrieval.query_vector, dtype=np.float32),
            passages,
            self.retriever.store.sentences_of(passages[:PASSAGES_CONSIDERED]),
        )
        if not quotes:
            return self._refusal(retrieval.question, notice)
        citation_of: dict[int, int] = {}
        for q in quotes:
            citation_of.setdefault(q.passage, len(citation_of) + 1)
        cited = sorted(citation_of, key=citation_of.get)  # type: ignore[arg-type]
        return Answer(
            question=retrieval.question,
            answer=render_quotes(quotes, citation_of),
            grounded=True,
            sources=[_source_ref(passages[i]) for i in cited],
            backend="none",
            notice=notice,
        )

    def _llm_passages(self, read: ReadQuestion, retrieval: Retrieval) -> list[Passage]:
        """The card's sections, whole, as the passages the LLM answers from."""
        parts, others = self._card_sections(read, retrieval)
        sections = [p.section for p in parts] + others
        passages: list[Passage] = []
        seen: set[tuple[str, str]] = set()
        for section in sections:
            if section.key in seen or len(passages) == LLM_PASSAGES:
                continue
            seen.add(section.key)
            first = section.passages[0]
            passages.append(first.model_copy(update={"text": "\n".join(p.text for p in section.passages)}))
        return passages or retrieval.passages[:LLM_PASSAGES]

    def _generated(
        self, read: ReadQuestion, retrieval: Retrieval, history: list[str] | None = None
    ) -> Generator[str, None, Answer]:
        passages = self._llm_passages(read, retrieval)
        assert self._chain is not None
        parts: list[str] = []
        earlier = "\n".join(f"- {h}" for h in (history or [])[-LLM_HISTORY:]) or "(none)"
        question = retrieval.question if not read.changed else f"{retrieval.question}\n(Read as: {read.text})"
        try:
            for chunk in self._chain.stream(
                {"passages": fence_passages(passages), "question": question, "history": earlier}
            ):
                parts.append(chunk)
                yield chunk
        except self._llm_errors as exc:  # any client failure becomes a fallback, never a lost turn
            reason = exc if isinstance(exc, LLMUnavailable) else explain_llm_error(exc, self.settings)
            log.warning("LLM failed, answering from quotes: %s", reason)
            yield "\n\n"
            return self._card(
                read, retrieval, notice=f"{reason}; this answer is quoted from the knowledge base instead."
            )
        text = "".join(parts).strip()
        if text.upper().startswith(NOT_COVERED_MARKER) or not text:
            return self._refusal(retrieval.question, read=read)

        checked = check_sentences(text, passages, self.embedder, self.retriever.store.sentences_of(passages))
        kept = [c.text for c in checked if c.supported]
        dropped = len(checked) - len(kept)
        if not kept:
            return self._card(
                read,
                retrieval,
                notice="The model's answer could not be verified against the sources; showing quoted passages instead.",
            )
        # Keep the model's own layout unless sentences had to be cut out of it.
        final = text if not dropped else " ".join(kept)
        notice = (
            f"{dropped} sentence{'s' if dropped != 1 else ''} without support in the sources "
            f"{'were' if dropped != 1 else 'was'} removed."
            if dropped
            else None
        )
        numbers = [n for n in cited_numbers(final) if 1 <= n <= len(passages)]
        used = [passages[n - 1] for n in numbers] or passages
        # Renumber so that [1] is the first source listed.
        final = renumber_citations(final, {old: new for new, old in enumerate(numbers, start=1)})
        return Answer(
            question=retrieval.question,
            answer=final,
            grounded=True,
            sources=[_source_ref(p) for p in used],
            backend=self.backend,
            notice=notice,
        )


def _answer_chain(llm: BaseChatModel) -> Runnable:
    # LangChain is imported only when an LLM is configured: it costs a second of start-up.
    from langchain_core.output_parsers import StrOutputParser

    from assistant.llm.prompts import chat_prompt

    return chat_prompt("answer_system", "answer_user") | llm | StrOutputParser()


# A choice between options: "RAG or fine-tuning?", "LoRA vs adapters".
_CHOICE = re.compile(r"\b(or|vs\.?|versus)\b", re.I)
_OPTION_FRAME = re.compile(
    r"^\s*(?:(?:should|shall|do|can|could|would)\s+(?:we|i)\s+)?(?:use|using|go with|pick|choose|try|do|rely on)?\s*",
    re.I,
)
_OPTION_TAIL = re.compile(r"\s+(?:for|to|in|with|about|on|when|if|at|during|so|because)\b.*$", re.I)


def _option_head(part: str) -> str | None:
    """The option a part names: "Should we use prompt engineering" → "prompt"; "fine-tuning for X" → "fine-tuning"."""
    text = re.sub(r"\([^)]*\)", " ", part)  # acronym expansions repeat the option
    text = _OPTION_TAIL.sub("", _OPTION_FRAME.sub("", text.strip()))
    terms = [t for t in keyword_terms(text) if t not in _FRAMING_WORDS]
    return terms[0] if terms else None


def _wants_list(read: ReadQuestion) -> bool:
    """List questions, and advice questions: a section's practical list ("Practical guidance:") answers both."""
    return read.is_list or read.advice


def _names_all(part: str, text: str) -> bool:
    """Every topic word of the part (not its framing words) occurs in the text."""
    terms = [t for t in keyword_terms(part) if t not in _FRAMING_WORDS]
    return bool(terms) and all(re.search(r"\b" + re.escape(t[:5]), text) for t in terms)


_FRAMING_WORDS = frozenset(
    [
        "difference",
        "differences",
        "better",
        "best",
        "use",
        "used",
        "using",
        "which",
        "when",
        "whats",
        "what's",
        "compare",
        "compared",
        "versus",
        "vs",
    ]
)


def _words(text: str) -> Iterator[str]:
    """Quoted answers are ready at once; hand them out in pieces so displays can stream them."""
    for i, token in enumerate(text.split(" ")):
        yield token if i == 0 else " " + token
