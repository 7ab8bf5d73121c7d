"""Retrieval quality: our hybrid retrieval against vector-only and BM25-only baselines.

    .venv/bin/python benchmarks/retrieval_quality.py [--questions FILE] [--unanswerable FILE]

All three retrievers search the same knowledge base with the same embedding model.
A retrieved passage is a hit when it satisfies the question's key-term groups (the
rules of ../shared/eval/README.md). Prints hit@1/3/5 and MRR per retriever, how
often each would treat an uncovered question as covered, and whole-answer scores
with no LLM.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from _common import SHARED_EVAL, machine, table

from assistant.bootstrap import Assistant, build
from assistant.evaluation import EvalQuestion, answer_passes, answer_refuses, load_questions, text_satisfies
from assistant.knowledge.ingest import ingest
from assistant.knowledge.store import keyword_terms
from assistant.settings import load_settings

K = 5


class VectorOnly:
    """Plain langchain_chroma similarity search over the same collection."""

    name = "vector only (langchain_chroma)"

    def __init__(self, assistant: Assistant) -> None:
        from langchain_chroma import Chroma
        from langchain_embeddings import LangChainEmbeddings

        self.threshold = assistant.settings.relevance_threshold
        self.db = Chroma(
            client=assistant.store.client,
            collection_name=assistant.settings.collection_name,
            embedding_function=LangChainEmbeddings(assistant.store.embedder),
        )

    def search(self, question: str) -> tuple[list[str], bool]:
        hits = self.db.similarity_search_with_score(question, k=K)
        # Chroma returns cosine distance for this collection; similarity = 1 - distance.
        covered = bool(hits) and (1 - hits[0][1]) >= self.threshold
        return [doc.page_content for doc, _ in hits], covered


class KeywordOnly:
    """BM25 (rank-bm25, Okapi) over the same chunks and the same tokenisation."""

    name = "keyword only (BM25)"

    def __init__(self, assistant: Assistant) -> None:
        from rank_bm25 import BM25Okapi

        rows = assistant.store.all_chunk_texts()
        self.texts = [text for _, text in rows]
        self.bm25 = BM25Okapi([keyword_terms(text) for text in self.texts])

    def search(self, question: str) -> tuple[list[str], bool]:
        scores = self.bm25.get_scores(keyword_terms(question))
        order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)[:K]
        return [self.texts[i] for i in order if scores[i] > 0], bool(order) and scores[order[0]] > 0


class Ours:
    name = "ours (hybrid + relevance gate)"

    def __init__(self, assistant: Assistant) -> None:
        self.retriever = assistant.retriever

    def search(self, question: str) -> tuple[list[str], bool]:
        result = self.retriever.retrieve(question, top_k=K)
        return [p.text for p in result.passages], result.covered


def score(retriever, answerable: list[EvalQuestion], uncovered: list[EvalQuestion]) -> dict[str, float]:
    hits = {1: 0, 3: 0, 5: 0}
    reciprocal = 0.0
    misses: list[str] = []
    for q in answerable:
        texts, _ = retriever.search(q.q)
        first = next((rank for rank, text in enumerate(texts, start=1) if text_satisfies(text, q)), None)
        if first is None:
            misses.append(q.id)
            continue
        reciprocal += 1 / first
        for k in hits:
            hits[k] += first <= k
    wrongly_covered = sum(retriever.search(q.q)[1] for q in uncovered)
    n = len(answerable) or 1
    return {
        "hit@1": hits[1] / n,
        "hit@3": hits[3] / n,
        "hit@5": hits[5] / n,
        "mrr": reciprocal / n,
        "wrongly_covered": wrongly_covered / (len(uncovered) or 1),
        "misses": misses,  # type: ignore[dict-item]
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, default=SHARED_EVAL / "qa_dev.json")
    parser.add_argument("--unanswerable", type=Path, default=SHARED_EVAL / "unanswerable_dev.json")
    args = parser.parse_args()
    answerable = load_questions(args.questions)
    uncovered = load_questions(args.unanswerable) if args.unanswerable and args.unanswerable.exists() else []

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=Path(tmp), llm_backend="none")
        assistant = build(settings)
        report = ingest([settings.knowledge_dir], assistant.store)
        print(f"Machine: {machine()}", file=sys.stderr)
        print(f"Knowledge base: {report.summary()}", file=sys.stderr)

        retrievers = [Ours(assistant), VectorOnly(assistant), KeywordOnly(assistant)]
        rows = []
        for retriever in retrievers:
            s = score(retriever, answerable, uncovered)
            rows.append(
                [
                    retriever.name,
                    f"{s['hit@1']:.2f}",
                    f"{s['hit@3']:.2f}",
                    f"{s['hit@5']:.2f}",
                    f"{s['mrr']:.2f}",
                    f"{s['wrongly_covered']:.2f}",
                    ",".join(s["misses"]) or "-",
                ]
            )  # type: ignore[arg-type]

        started = time.perf_counter()
        answers = [(q, assistant.answerer.answer(q.q)) for q in answerable]
        refusals = [assistant.answerer.answer(q.q) for q in uncovered]
        elapsed = time.perf_counter() - started

    print(
        f"Questions: {args.questions} ({len(answerable)} answerable), {args.unanswerable} ({len(uncovered)} uncovered)\n"
    )
    print(
        table(
            ["retriever", "hit@1", "hit@3", "hit@5", "MRR", "uncovered treated as covered", "missed (no hit in top 5)"],
            rows,
        )
    )
    passed = sum(answer_passes(a, q) for q, a in answers)
    refused = sum(answer_refuses(a) for a in refusals)
    print(
        f"\nWhole answers, no LLM: {passed}/{len(answers)} answerable pass ({passed / max(1, len(answers)):.0%}), "
        f"{refused}/{len(refusals)} uncovered refused ({refused / max(1, len(refusals)):.0%}); "
        f"{elapsed / max(1, len(answers) + len(refusals)) * 1000:.0f} ms per answer"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
