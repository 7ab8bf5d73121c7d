"""`python -m assistant schema` and `python -m assistant plan --brief-file FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.cli.common import CLIError, build_assistant, ensure_knowledge
from assistant.settings import Settings


def cmd_schema(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.plan import plan_json_schema

    print(plan_json_schema())
    return 0


def cmd_plan(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.interview import plan_state_from_brief
    from assistant.plan import to_markdown

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
    assistant = build_assistant(settings, preload=True)
    ensure_knowledge(assistant, settings)
    state = plan_state_from_brief(brief)
    # Decisions come from the rules alone, so the same brief gives the same plan with or without an LLM.
    plan = assistant.recommender.plan(state.scope, open_questions=state.open_questions)
    print(plan.to_json() if args.format == "json" else to_markdown(plan), end="" if args.format == "md" else "\n")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of the project plan")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("plan", help="write a project plan from a brief")
    p.add_argument("--brief-file", required=True, help="text file with the project brief ('-' for standard input)")
    p.add_argument("--format", choices=["json", "md"], default="json")
    p.set_defaults(func=cmd_plan)
