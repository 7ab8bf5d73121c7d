"""Plan commands; filled in with the interview and plan (issue 3)."""

from __future__ import annotations

import argparse


def register(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    return None
