"""What every command shares: building the assistant once, progress and errors on standard error."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from assistant.errors import AssistantError
from assistant.knowledge import IngestEvent, ingest
from assistant.settings import Settings, redact

if TYPE_CHECKING:
    from assistant.bootstrap import Assistant


class CLIError(AssistantError):
    """Ends the command with a one-line reason and a non-zero exit."""

    part = "command"


def err(message: str) -> None:
    print(redact(message), file=sys.stderr, flush=True)


def progress(event: IngestEvent) -> None:
    detail = f" ({event.detail})" if event.detail else (f" ({event.chunks} chunks)" if event.chunks else "")
    err(f"[{event.index}/{event.total}] {event.outcome:<9} {event.source}{detail}")


def build_assistant(settings: Settings, preload: bool = False) -> Assistant:
    # bootstrap is imported here, not at module level: `schema` and `--help` need none of it.
    from assistant import bootstrap
    from assistant.knowledge import shared_embedder

    if preload:
        # The model is certainly needed: load it while the store opens.
        shared_embedder().preload()
    return bootstrap.build(settings)


def ensure_knowledge(assistant: Assistant, settings: Settings) -> None:
    """A fresh checkout has no store yet: build it from knowledge/ rather than refuse everything."""
    if assistant.store.status().documents == 0:
        err(f"Knowledge base is empty; building it from {settings.knowledge_dir} ...")
        report = ingest([settings.knowledge_dir], assistant.store, progress)
        err(report.summary())
