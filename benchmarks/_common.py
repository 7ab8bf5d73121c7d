"""Shared set-up for the benchmark scripts: paths, the machine, a built knowledge base."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant.offline import enforce_offline  # noqa: E402
from assistant.settings import load_settings  # noqa: E402

enforce_offline()
# Benchmarks build stores in temporary data dirs; they all share the project's ONNX export of
# the embedding model (as `make knowledge` builds it) instead of exporting it into each one.
os.environ.setdefault("ONNX_MODEL_DIR", str(load_settings().embedding_export_dir))
SHARED_EVAL = ROOT.parent / "shared" / "eval"


def machine() -> str:
    import psutil

    memory = psutil.virtual_memory().total / 2**30
    return f"{platform.machine()}, {os.cpu_count()} cores, {memory:.0f} GiB RAM, Python {platform.python_version()}, no GPU"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def table(headers: list[str], rows: list[list[object]]) -> str:
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    line = lambda r: "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=False)) + " |"  # noqa: E731
    return "\n".join([line(headers), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *(line(r) for r in cells)])
