"""`python -m assistant schema` and `python -m assistant plan --brief-file FILE [--format json|md|pdf|docx]`."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.cli.common import CLIError, build_assistant, ensure_knowledge, err
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.plan import ProjectPlan, Workshop


def cmd_schema(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.plan import plan_json_schema

    print(plan_json_schema())
    return 0


def cmd_plan(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.interview import plan_state_from_brief

    path = Path(args.brief_file)
    if str(path) == "-":
        brief = sys.stdin.read()
    else:
        try:
            brief = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CLIError(
                f"cannot read {path}: {exc.strerror if isinstance(exc, OSError) else 'not UTF-8 text'}"
            ) from exc
    if not brief.strip():
        raise CLIError(f"{path} is empty: write a few sentences about the project")
    check_output(args)
    assistant = build_assistant(settings, preload=True)
    ensure_knowledge(assistant, settings)
    state = plan_state_from_brief(brief)
    scope = state.scope.model_copy(update={"start_date": args.start}) if args.start else state.scope
    # Decisions come from the rules alone, so the same brief gives the same plan with or without an LLM.
    plan = assistant.recommender.plan(scope, open_questions=state.open_questions)
    write_plan(plan, args.format, args.output)
    return 0


BINARY = ("pdf", "docx")
FORMATS = ["json", "md", *BINARY]


def check_output(args: argparse.Namespace) -> None:
    """Before any work: a binary document needs a file to go to."""
    if args.format in BINARY and not args.output:
        raise CLIError(f"a {args.format.upper()} document is binary: give a file with -o, e.g. -o plan.{args.format}")


def write_plan(
    plan: ProjectPlan,
    fmt: str,
    output: str | None,
    *,
    workshop: Workshop | None = None,
    participants: list[str] | None = None,
) -> None:
    """JSON or Markdown to standard output (or a file); PDF and DOCX to a file (`plan` and `chat` share it)."""
    from assistant.plan import render_document, to_markdown

    if fmt in BINARY:
        data = render_document(
            plan,
            "pdf" if fmt == "pdf" else "docx",
            as_of=date.today(),
            participants=participants,
            workshop=workshop,
        )
    else:
        data = (plan.to_json() + "\n" if fmt == "json" else to_markdown(plan)).encode("utf-8")
    if output is None:
        sys.stdout.write(data.decode("utf-8"))
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise CLIError(f"cannot write {output}: {exc.strerror}") from exc
    err(f"Wrote {output} ({len(data):,} bytes).")


def date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from exc


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the project plan")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("plan", help="write a project plan from a brief")
    p.add_argument("--brief-file", required=True, help="text file with the project brief ('-' for standard input)")
    add_output_arguments(p)
    p.set_defaults(func=cmd_plan)


def add_output_arguments(p: argparse.ArgumentParser) -> None:
    """--format, -o and --start, the same for `plan` and `chat`."""
    p.add_argument("--format", choices=FORMATS, default="json")
    p.add_argument("-o", "--output", help="write to this file (required for pdf and docx)")
    p.add_argument("--start", type=date_arg, help="project start date, YYYY-MM-DD: the timeline gets calendar dates")
