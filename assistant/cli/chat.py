"""`python -m assistant chat --script FILE [--format json|md|pdf|docx] [-o OUT] [--start DATE]`.

Each line of FILE is one user message to a fresh plan session (nothing is stored). The
turns are echoed on standard error; the final plan goes to standard output (or OUT) as the
same JSON or Markdown as `plan`, or to OUT as the PDF or DOCX a team circulates. Readings
that would wait for a click in the app are confirmed with the proposed value, and each such
confirmation is reported on standard error. Workshop notes ("decision: …", "action: …",
"risk: …", "sign-off: …", "park: …") are recorded as in the app and printed in the document.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from assistant.cli.common import CLIError, build_assistant, ensure_knowledge
from assistant.cli.plan import add_output_arguments, check_output, write_plan
from assistant.settings import Settings


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.interview import IntentClassifier, confirm_all, plan_for, start, step
    from assistant.plan import Workshop, add_note, describe_note, parse_note, with_seeded_risks

    path = Path(args.script)
    try:
        lines = (sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")).splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CLIError(f"cannot read {path}: {exc.strerror if isinstance(exc, OSError) else 'not UTF-8 text'}") from exc
    messages = [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]
    if not messages:
        raise CLIError(f"{path} has no messages: write one user message per line")
    check_output(args)
    assistant = build_assistant(settings, preload=True)
    ensure_knowledge(assistant, settings)
    recommender = assistant.recommender
    classifier = IntentClassifier(assistant.store.embedder.embed)
    state, reply = start()
    workshop = Workshop()
    for message in messages:
        print(f"> {message}", file=sys.stderr)
        note = parse_note(message, "script", date.today(), stage=None if state.stage == "done" else state.stage)
        if note is not None:
            # A workshop record, as in the app: never read as an interview answer.
            workshop = add_note(workshop, note)
            print(_indent(describe_note(note)), file=sys.stderr)
            continue
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
        if state.stage != "scope":
            # The register gets the risks this scope makes likely, each cited (as in the app).
            workshop = with_seeded_risks(workshop, state.scope, recommender.find)
    if args.start:
        state.scope = state.scope.model_copy(update={"start_date": args.start})
    plan = plan_for(state, recommender)
    write_plan(plan, args.format, args.output, workshop=workshop)
    return 0


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("chat", help="run an interview from a script: one user message per line")
    p.add_argument("--script", required=True, help="text file, one user message per line ('-' for standard input)")
    add_output_arguments(p)
    p.set_defaults(func=cmd_chat)
