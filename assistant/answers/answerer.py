"""The answer chain: retrieve, then answer from the passages (LLM or quotes), cite, check."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING

import numpy as np

from assistant.answers.grounding import check_sentences
from assistant.answers.models import Answer, SourceRef
from assistant.answers.quoting import PASSAGES_CONSIDERED, render_quotes, select_quotes
from assistant.errors import LLMUnavailable, QuestionError
from assistant.knowledge.models import Passage
from assistant.knowledge.retrieval import HybridRetriever, Retrieval
from assistant.knowledge.sentences import cited_numbers, renumber_citations
from assistant.llm.chat import explain_llm_error, llm_call_errors
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.runnables import Runnable

log = logging.getLogger(__name__)

NOT_COVERED_MARKER = "NOT COVERED"
# Passages handed to the LLM; more adds cost and distraction, fewer loses context.
LLM_PASSAGES = 4


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

    # ----------------------------------------------------------------- public
    def answer(self, question: str) -> Answer:
        return self.stream(question).result

    def stream(self, question: str) -> AnswerStream:
        question = validate_question(question, self.max_question_chars)
        holder: dict[str, Answer] = {}
        return AnswerStream(self._produce(question, holder), holder)

    # ---------------------------------------------------------------- helpers
    def _produce(self, question: str, holder: dict[str, Answer]) -> Iterator[str]:
        retrieval = self.retriever.retrieve(question)
        if not retrieval.covered:
            answer = self._refusal(question)
        elif self._chain is None:
            answer = self._quoted(retrieval)
        else:
            answer = yield from self._generated(retrieval)
            holder["answer"] = answer
            return
        holder["answer"] = answer
        yield from _words(answer.answer)

    def _refusal(self, question: str, notice: str | None = None) -> Answer:
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

    def _generated(self, retrieval: Retrieval) -> Generator[str, None, Answer]:
        passages = retrieval.passages[:LLM_PASSAGES]
        assert self._chain is not None
        parts: list[str] = []
        try:
            for chunk in self._chain.stream({"passages": fence_passages(passages), "question": retrieval.question}):
                parts.append(chunk)
                yield chunk
        except self._llm_errors as exc:  # any client failure becomes a fallback, never a lost turn
            reason = exc if isinstance(exc, LLMUnavailable) else explain_llm_error(exc, self.settings)
            log.warning("LLM failed, answering from quotes: %s", reason)
            yield "\n\n"
            return self._quoted(retrieval, notice=f"{reason}; this answer is quoted from the knowledge base instead.")
        text = "".join(parts).strip()
        if text.upper().startswith(NOT_COVERED_MARKER) or not text:
            return self._refusal(retrieval.question)

        checked = check_sentences(text, passages, self.embedder, self.retriever.store.sentences_of(passages))
        kept = [c.text for c in checked if c.supported]
        dropped = len(checked) - len(kept)
        if not kept:
            return self._quoted(
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


def _words(text: str) -> Iterator[str]:
    """Quoted answers are ready at once; hand them out in pieces so displays can stream them."""
    for i, token in enumerate(text.split(" ")):
        yield token if i == 0 else " " + token
