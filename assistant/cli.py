"""`python -m assistant ...`: ingest, ask, status (and the plan commands).

Standard output carries only the requested result; progress and errors go to
standard error, so the output can be piped into other tools.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Sequence, TextIO

from assistant.answer import QuestionError
from assistant.documents import DocumentError
from assistant.ingest import IngestEvent, ingest
from assistant.models import Answer
from assistant.settings import Settings, load_settings


class CLIError(Exception):
    """Ends the command with a one-line reason and a non-zero exit."""


def _err(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _progress(event: IngestEvent) -> None:
    detail = f" ({event.detail})" if event.detail else (f" ({event.chunks} chunks)" if event.chunks else "")
    _err(f"[{event.index}/{event.total}] {event.outcome:<9} {event.source}{detail}")


def _build(settings: Settings, preload: bool = False):  # noqa: ANN202 - heavy import kept out of module import time
    from assistant.embeddings import shared_embedder
    from assistant.service import build_assistant

    if preload:
        # The model is certainly needed: load it while the store opens.
        shared_embedder().preload()
    return build_assistant(settings)


def ensure_knowledge(assistant, settings: Settings) -> None:  # noqa: ANN001
    """A fresh checkout has no store yet: build it from knowledge/ rather than refuse everything."""
    if assistant.store.status().documents == 0:
        _err(f"Knowledge base is empty; building it from {settings.knowledge_dir} ...")
        report = ingest([settings.knowledge_dir], assistant.store, _progress)
        _err(report.summary())


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    paths = [Path(p) for p in args.paths] or [settings.knowledge_dir]
    assistant = _build(settings)
    try:
        report = ingest(paths, assistant.store, None if args.quiet else _progress)
    except DocumentError as exc:
        raise CLIError(str(exc)) from exc
    _err(report.summary())
    status = assistant.store.status()
    _err(f"Knowledge base: {status.documents} documents, {status.chunks} chunks.")
    if report.failed:
        for source, reason in report.failed.items():
            _err(f"failed: {reason}")
        return 1
    return 0


def format_answer(answer: Answer) -> str:
    lines = [answer.answer]
    if answer.notice:
        lines += ["", f"Note: {answer.notice}"]
    if answer.sources:
        lines += ["", "Sources:"]
        lines += [f"[{n}] {s.source} — {s.section} (relevance {s.score:.2f})" for n, s in enumerate(answer.sources, 1)]
    return "\n".join(lines)


def _ask_jsonl(assistant, stdin: TextIO, stdout: TextIO) -> int:  # noqa: ANN001
    for line in stdin:
        question = line.strip()
        if not question:
            continue
        try:
            record = assistant.answerer.answer(question).public_dict()
        except QuestionError as exc:
            record = {"question": question, "answer": str(exc), "grounded": False, "sources": []}
        stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        stdout.flush()
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    if not args.jsonl and not args.question:
        raise CLIError("give a question, e.g. python -m assistant ask \"What is LoRA?\", or use --jsonl")
    assistant = _build(settings, preload=True)
    ensure_knowledge(assistant, settings)
    if args.jsonl:
        return _ask_jsonl(assistant, sys.stdin, sys.stdout)
    try:
        answer = assistant.answerer.answer(" ".join(args.question))
    except QuestionError as exc:
        raise CLIError(str(exc)) from exc
    print(format_answer(answer))
    return 0


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    assistant = _build(settings)
    status = assistant.store.status()
    built = status.last_built.isoformat() if status.last_built else "never"
    print(f"Documents: {status.documents}\nChunks: {status.chunks}\nLast built: {built}")
    print(f"LLM: {settings.describe_backend()}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Lifecycle Assistant")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to standard error")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="add or update documents in the knowledge base")
    p.add_argument("paths", nargs="*", help="files or folders (.md, .txt, .pdf); default: knowledge/")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-file progress")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="answer a question from the knowledge base, with sources")
    p.add_argument("question", nargs="*")
    p.add_argument("--jsonl", action="store_true", help="read questions from stdin, write one JSON object per line")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("status", help="show the knowledge base and LLM back-end")
    p.set_defaults(func=cmd_status)

    from assistant import plan_cli

    plan_cli.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        settings = load_settings()
        return args.func(args, settings)
    except CLIError as exc:
        _err(f"error: {exc}")
        return 2
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except Exception as exc:  # the one place a stack trace turns into one line
        if args.verbose:
            raise
        _err(f"error: {type(exc).__name__}: {exc}")
        return 1
