"""The outer layers (the Streamlit page and the CLI) use the parts through their front doors only.

`lint-imports` (in `make check`) checks the layers inside `assistant/`; `app.py` is outside the
package, so this test reads its imports (and the CLI's) and refuses any part's internals.
"""

import ast
from pathlib import Path

from assistant.settings import PROJECT_ROOT

# Package roots are each part's public API; the rest are single modules meant to be used directly.
ALLOWED = {
    "assistant.ui",  # app.py only calls the page's main
    "assistant",
    "assistant.answers",
    "assistant.bootstrap",
    "assistant.errors",
    "assistant.interview",
    "assistant.knowledge",
    "assistant.llm",
    "assistant.plan",
    "assistant.plan.charts",  # Altair is heavy: charts stay out of the plan package's root on purpose
    "assistant.render",
    "assistant.sessions",
    "assistant.settings",
}


def imported_modules(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {m for m in found if m == "assistant" or m.startswith("assistant.")}


def outer_files() -> list[Path]:
    outer = PROJECT_ROOT / "assistant"
    return [PROJECT_ROOT / "app.py", *sorted((outer / "cli").glob("*.py")), *sorted((outer / "ui").glob("*.py"))]


def test_app_and_cli_import_only_public_entry_points() -> None:
    for path in outer_files():
        # Each outer part may use its own modules (the page's parts, the CLI's commands).
        own = f"assistant.{path.parent.name}"
        internals = {m for m in imported_modules(path) - ALLOWED if m != own and not m.startswith(own + ".")}
        assert not internals, f"{path.name} reaches into {sorted(internals)}: import from the part's package root"


def test_the_check_sees_internal_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from assistant.knowledge.store import KnowledgeStore\nimport assistant.plan\n")
    assert imported_modules(sample) - ALLOWED == {"assistant.knowledge.store"}
