"""`python -m assistant …`: the command line, talking only to bootstrap and the packages' public API."""

from assistant.cli.main import main

__all__ = ["main"]
