"""Whole-answer quality with no LLM, per question category, on the blind sets.

    .venv/bin/python benchmarks/answer_quality.py [--split tune|holdout|both] [--failures] [--data-dir DIR]

Reads eval/blind/questions.json and eval/blind/unanswerable.json (written from the
section titles only, split into a `tune` and a `holdout` half), plus the shared
development set and our older held-out sets. Prints, per category and split, the share
of answerable questions that pass (key-term groups at word boundaries, a cited source,
at most 300 words), the mean answer length in words, and the share of uncovered
questions refused.

`--failures` lists failing *tune* questions only: the holdout half is reported in
aggregate and never item by item, so nobody tunes on it by accident.
`--failures-holdout` also lists the holdout half's failures. Use it only on a holdout
that is already burned (the first `eval/blind` holdout was looked at and became
development data on 2026-11-25; fresh held-out figures come from a set kept elsewhere).
"""

from __future__ import annotations

import argparse
import inspect
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from _common import ROOT, SHARED_EVAL, machine, table

from assistant.answers import Answer
from assistant.bootstrap import build
from assistant.evaluation import EvalQuestion, answer_passes, answer_refuses, load_questions
from assistant.knowledge.ingest import ingest
from assistant.settings import load_settings

BLIND = ROOT / "eval" / "blind"


def _ask(answerer, q: EvalQuestion) -> Answer:
    # Older answerers take no history; the benchmark also measures them ("before").
    if "history" in inspect.signature(answerer.answer).parameters:
        return answerer.answer(q.q, history=q.history)
    return answerer.answer(q.q)


def _words(answer: Answer) -> int:
    return len(answer.answer.split())


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} ({n / d:.0%})" if d else "-"


def report_blind(answerer, splits: list[str], show_failures: bool, failure_splits: tuple[str, ...] = ("tune",)) -> None:
    answerable = load_questions(BLIND / "questions.json")
    uncovered = load_questions(BLIND / "unanswerable.json")
    per: dict[tuple[str, str], list[tuple[bool, int]]] = defaultdict(list)
    failures: list[str] = []
    for q in answerable:
        if q.split not in splits:
            continue
        answer = _ask(answerer, q)
        ok = answer_passes(answer, q)
        per[(q.category, q.split)].append((ok, _words(answer)))
        if not ok and show_failures and q.split in failure_splits:
            failures.append(f"{q.id} [{q.category}/{q.split}] {q.history} {q.q!r}\n    -> {answer.answer[:400]!r}")
    refused: dict[tuple[str, str], list[bool]] = defaultdict(list)
    for q in uncovered:
        if q.split not in splits:
            continue
        answer = _ask(answerer, q)
        refused[(q.category, q.split)].append(answer_refuses(answer))
        if not answer_refuses(answer) and show_failures and q.split in failure_splits:
            failures.append(f"{q.id} [uncovered {q.category}] {q.q!r} -> answered {answer.answer[:200]!r}")

    categories = sorted({c for c, _ in per}, key=lambda c: [q.category for q in answerable].index(c))
    rows = []
    totals: dict[str, list[tuple[bool, int]]] = defaultdict(list)
    for category in categories:
        row: list[object] = [category]
        for split in splits:
            results = per.get((category, split), [])
            totals[split] += results
            row += [
                _pct(sum(ok for ok, _ in results), len(results)),
                f"{sum(w for _, w in results) / max(1, len(results)):.0f}",
            ]
        rows.append(row)
    total_row: list[object] = ["**all answerable**"]
    for split in splits:
        results = totals[split]
        total_row += [
            _pct(sum(ok for ok, _ in results), len(results)),
            f"{sum(w for _, w in results) / max(1, len(results)):.0f}",
        ]
    rows.append(total_row)
    headers = ["category"] + [h for s in splits for h in (f"{s} pass", f"{s} mean words")]
    print(table(headers, rows))
    print()
    u_categories = sorted({c for c, _ in refused})
    u_rows = []
    for category in u_categories:
        u_rows.append([category, *(_pct(sum(refused[(category, s)]), len(refused[(category, s)])) for s in splits)])
    u_rows.append(
        [
            "**all uncovered**",
            *(
                _pct(
                    sum(sum(v) for (c, s2), v in refused.items() if s2 == s),
                    sum(len(v) for (c, s2), v in refused.items() if s2 == s),
                )
                for s in splits
            ),
        ]
    )
    print(table(["uncovered category", *(f"{s} refused" for s in splits)], u_rows))
    if failures:
        print("\nFailing questions:\n" + "\n".join(failures))


def report_set(answerer, name: str, answerable_path: Path, uncovered_path: Path) -> list[object]:
    if not answerable_path.exists():
        return [name, "-", "-", "-"]
    answerable = load_questions(answerable_path)
    uncovered = load_questions(uncovered_path) if uncovered_path.exists() else []
    answers = [_ask(answerer, q) for q in answerable]
    passed = sum(answer_passes(a, q) for q, a in zip(answerable, answers, strict=True))
    words = sum(_words(a) for a in answers) / max(1, len(answers))
    refused = sum(answer_refuses(_ask(answerer, q)) for q in uncovered)
    return [name, _pct(passed, len(answerable)), f"{words:.0f}", _pct(refused, len(uncovered))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", choices=["tune", "holdout", "both"], default="both")
    parser.add_argument("--failures", action="store_true", help="list failing tune questions (never holdout)")
    parser.add_argument(
        "--failures-holdout",
        action="store_true",
        help="also list failing holdout questions (only for a holdout already burned)",
    )
    parser.add_argument("--data-dir", type=Path, help="reuse a knowledge base here (default: a fresh temporary one)")
    args = parser.parse_args()
    splits = ["tune", "holdout"] if args.split == "both" else [args.split]

    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(data_dir=args.data_dir or Path(tmp), llm_backend="none")
        assistant = build(settings)
        report = ingest([settings.knowledge_dir], assistant.store)
        print(f"Machine: {machine()}", file=sys.stderr)
        print(f"Knowledge base: {report.summary()}", file=sys.stderr)
        started = time.perf_counter()
        print("Blind set (eval/blind), no LLM:\n")
        failure_splits = ("tune", "holdout") if args.failures_holdout else ("tune",)
        report_blind(assistant.answerer, splits, args.failures or args.failures_holdout, failure_splits)
        print("\nOther sets, no LLM:\n")
        rows = [
            report_set(
                assistant.answerer,
                "../shared/eval (dev)",
                SHARED_EVAL / "qa_dev.json",
                SHARED_EVAL / "unanswerable_dev.json",
            ),
            report_set(
                assistant.answerer,
                "eval/qa_holdout.json",
                ROOT / "eval" / "qa_holdout.json",
                ROOT / "eval" / "unanswerable_holdout.json",
            ),
        ]
        print(table(["set", "answerable pass", "mean words", "uncovered refused"], rows))
        print(f"\n{time.perf_counter() - started:.0f} s for all answers", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
