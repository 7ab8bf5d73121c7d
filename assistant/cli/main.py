"""`python -m assistant ...`: ingest, ask, status (and the plan commands).

Standard output carries only the requested result; progress and errors go to
standard error, so the output can be piped into other tools.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from assistant.answers import Answer, QuestionLine
from assistant.cli import chat as chat_commands
from assistant.cli import plan as plan_commands
from assistant.cli.common import CLIError, build_assistant, ensure_knowledge, err, progress
from assistant.errors import AssistantError
from assistant.knowledge import SUPPORTED_SUFFIXES, add_uploads, ingest, restore_uploads
from assistant.settings import Settings, check_workspace, install_log_redaction, load_settings, redact

if TYPE_CHECKING:
    from assistant.bootstrap import Assistant


def _workspace(args: argparse.Namespace, settings: Settings) -> str:
    try:
        return check_workspace(args.workspace) if args.workspace else settings.default_workspace
    except ValueError as exc:
        raise CLIError(str(exc)) from exc


def _upload_files(paths: list[Path]) -> list[tuple[str, bytes]]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise CLIError(f"{path}: no such file or folder")
    return [(p.name, p.read_bytes()) for p in files]


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    paths = [Path(p) for p in args.paths] or [settings.knowledge_dir]
    assistant = build_assistant(settings)
    on_event = None if args.quiet else progress
    if args.uploads:
        # Recorded uploads this knowledge base lacks (another host received them, or died part-way).
        report = restore_uploads(settings, assistant.store, on_event)
    elif args.workspace:
        # Uploads of one team: recorded with their originals, seen only by that workspace.
        if not args.paths:
            raise CLIError("give the files or folders to add to the workspace")
        workspace = _workspace(args, settings)
        result = add_uploads(settings, assistant.store, _upload_files(paths), on_event, workspace=workspace)
        assistant = assistant.for_workspace(workspace)
        report = result.report
        report.failed.update({f"refused {n}": reason for n, reason in enumerate(result.errors)})
    else:
        report = ingest(paths, assistant.store, on_event)
    err(report.summary())
    status = assistant.store.status()
    err(f"Knowledge base: {status.documents} documents, {status.chunks} chunks.")
    for warning in report.warnings.values():
        err(f"warning: {warning}")
    if report.failed:
        for _source, reason in report.failed.items():
            err(f"failed: {reason}")
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


def _ask_jsonl(assistant: Assistant, stdin: TextIO, stdout: TextIO) -> int:
    for line in stdin:
        if not line.strip():
            continue
        # A line is a question, or {"question": ..., "history": [earlier user messages]}.
        question, history = (parsed := QuestionLine.parse(line)).question, parsed.history
        record: dict[str, object]
        try:
            record = assistant.answerer.answer(question, history).public_dict()
        except AssistantError as exc:
            # One failing question (a part down, a deadline passed) is reported on its line; the rest go on.
            record = {"question": question, "error": redact(exc.one_line())}
        except Exception as exc:
            record = {"question": question, "error": redact(f"unexpected {type(exc).__name__}: {exc}")}
        stdout.write(redact(json.dumps(record, ensure_ascii=False)) + "\n")
        stdout.flush()
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    if not args.jsonl and not args.question:
        raise CLIError('give a question, e.g. python -m assistant ask "What is LoRA?", or use --jsonl')
    assistant = build_assistant(settings, preload=True).for_workspace(_workspace(args, settings))
    ensure_knowledge(assistant, settings)
    if args.jsonl:
        return _ask_jsonl(assistant, sys.stdin, sys.stdout)
    print(redact(format_answer(assistant.answerer.answer(" ".join(args.question)))))
    return 0


def cmd_status(args: argparse.Namespace, settings: Settings) -> int:
    assistant = build_assistant(settings)
    status = assistant.store.status()
    built = status.last_built.isoformat() if status.last_built else "never"
    print(f"Documents: {status.documents}\nChunks: {status.chunks}\nLast built: {built}")
    print(redact(f"LLM: {settings.describe_backend()}"))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="Lifecycle Assistant")
    parser.add_argument("-v", "--verbose", action="store_true", help="log details to standard error")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="add or update documents in the knowledge base")
    p.add_argument("paths", nargs="*", help="files or folders (.md, .txt, .pdf); default: knowledge/")
    p.add_argument("-q", "--quiet", action="store_true", help="no per-file progress")
    p.add_argument(
        "--workspace", help="add the files as uploads of this workspace (team): only it sees them; default: shared"
    )
    p.add_argument(
        "--uploads",
        action="store_true",
        help="ingest the recorded uploads (of every workspace) this knowledge base does not hold yet",
    )
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("ask", help="answer a question from the knowledge base, with sources")
    p.add_argument("question", nargs="*")
    p.add_argument(
        "--jsonl",
        action="store_true",
        help='read questions from stdin (plain text, or {"question": ..., "history": [...]}), write one JSON object per line',
    )
    p.add_argument("--workspace", help="answer as this workspace (team): shared documents and its uploads")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("status", help="show the knowledge base and LLM back-end")
    p.set_defaults(func=cmd_status)

    plan_commands.register(sub)
    chat_commands.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    install_log_redaction()
    try:
        settings = load_settings()
        return args.func(args, settings)
    except CLIError as exc:
        err(f"error: {exc}")
        return 2
    except AssistantError as exc:
        if args.verbose:
            raise
        err(f"error: {exc.one_line()}")
        return 2 if exc.user_caused else 1
    except KeyboardInterrupt:
        err("interrupted")
        return 130
    except Exception as exc:  # a bug, not a user error: one line here, the trace with -v
        if args.verbose:
            raise
        err(f"error: unexpected {type(exc).__name__} (a bug; rerun with -v for the details): {exc}")
        return 1
