"""`python -m assistant chat --script FILE [--format json|md]`: a whole interview from a file.

Each line of FILE is one user message to a fresh plan session (nothing is stored). The
turns are echoed on standard error; the final plan goes to standard output as the same
JSON or Markdown as `plan`. Readings that would wait for a click in the app are confirmed
with the proposed value, and each such confirmation is reported on standard error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.cli.common import CLIError, build_assistant, ensure_knowledge
from assistant.settings import Settings


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.interview import IntentClassifier, confirm_all, plan_for, start, step
    from assistant.plan import to_markdown

    path = Path(args.script)
    try:
        lines = (sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")).splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CLIError(f"cannot read {path}: {exc.strerror if isinstance(exc, OSError) else 'not UTF-8 text'}") from exc
    messages = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not messages:
        raise CLIError(f"{path} has no messages: write one user message per line")
    assistant = build_assistant(settings, preload=True)
    ensure_knowledge(assistant, settings)
    recommender = assistant.recommender
    classifier = IntentClassifier(assistant.store.embedder.embed)
    state, reply = start()
    for message in messages:
        print(f"> {message}", file=sys.stderr)
        state, reply = step(state, message, recommender, classifier=classifier)
        print(_indent(reply.text), file=sys.stderr)
        if reply.knowledge_question:
            print(
                "  (knowledge question: not answered in script mode; ask it with `python -m assistant ask`)",
                file=sys.stderr,
            )
        if state.proposals:
            for proposal in state.proposals:
                print(f"  [script mode] confirmed the proposal {proposal.note}", file=sys.stderr)
            state = confirm_all(state)
    plan = plan_for(state, recommender)
    print(plan.to_json() if args.format == "json" else to_markdown(plan), end="" if args.format == "md" else "\n")
    return 0


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("chat", help="run an interview from a script: one user message per line")
    p.add_argument("--script", required=True, help="text file, one user message per line ('-' for standard input)")
    p.add_argument("--format", choices=["json", "md"], default="json")
    p.set_defaults(func=cmd_chat)
