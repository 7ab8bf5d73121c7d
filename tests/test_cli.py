"""`python -m assistant` as a user runs it: a real process, real store, nothing but results on stdout."""

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.settings import PROJECT_ROOT


def run_cli(
    args: list[str],
    data_dir: Path,
    stdin: str | None = None,
    timeout: float = 180,
    extra_env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"OPENAI_API_KEY", "LLM_BASE_URL", "LLM_MODEL"}}
    env["DATA_DIR"] = str(data_dir)
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=timeout,
    )


def test_ask_prints_answer_and_sources(kb_copy: Path) -> None:
    result = run_cli(["ask", "What is a model card?"], kb_copy)
    assert result.returncode == 0, result.stderr
    assert "model card" in result.stdout.lower()
    assert "Sources:" in result.stdout
    assert "[1] knowledge/03-choosing-an-existing-model-or-pretraining.md" in result.stdout


def test_ask_jsonl_writes_one_json_object_per_question_and_nothing_else(kb_copy: Path) -> None:
    questions = "What is QLoRA?\n\nWhat is the capital of France?\n" + "x" * 5000 + "\n"
    result = run_cli(["ask", "--jsonl"], kb_copy, stdin=questions)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 3
    qlora, france, too_long = records
    for record in (qlora, france):
        assert set(record) == {"question", "answer", "grounded", "sources"}
    # A question that fails is reported on its own line, naming the part; the run goes on.
    assert set(too_long) == {"question", "error"}
    assert qlora["grounded"] is True and qlora["sources"]
    assert set(qlora["sources"][0]) == {"source", "section", "text", "score"}
    assert isinstance(qlora["sources"][0]["score"], float)
    assert france["grounded"] is False and france["sources"] == []
    assert too_long["error"].startswith("question: ") and "limit" in too_long["error"]


def test_ask_builds_a_missing_knowledge_base_first(tmp_path: Path) -> None:
    result = run_cli(["ask", "What is LoRA?"], tmp_path / "fresh")
    assert result.returncode == 0, result.stderr
    assert "building it" in result.stderr
    assert "LoRA" in result.stdout and "Sources:" in result.stdout


def test_ingest_of_a_missing_path_fails_with_one_line(kb_copy: Path) -> None:
    result = run_cli(["ingest", "no/such/folder"], kb_copy)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["error: document: no/such/folder: no such file or folder"]
    assert result.stdout == ""


def test_ingest_reports_progress_and_is_idempotent(kb_copy: Path, tmp_path: Path) -> None:
    doc = tmp_path / "runbook.md"
    doc.write_text(
        "# Runbook\n\n## Rollback\n\nRoll back a bad prompt release by redeploying the previous prompt version.\n"
    )
    first = run_cli(["ingest", str(doc)], kb_copy)
    assert first.returncode == 0, first.stderr
    assert "[1/1] added" in first.stderr and "1 added" in first.stderr
    second = run_cli(["ingest", str(doc)], kb_copy)
    assert "[1/1] unchanged" in second.stderr and "0 added" in second.stderr
    assert first.stdout == second.stdout == ""


def test_ask_without_a_question_explains_usage(kb_copy: Path) -> None:
    result = run_cli(["ask"], kb_copy)
    assert result.returncode == 2 and "give a question" in result.stderr


BRIEF = (
    "Marketing wants first drafts of blog posts in our brand voice. We have a style guide and about 30 good "
    "example posts. Using a hosted model is fine."
)


def test_plan_from_a_brief_prints_json_and_nothing_else(kb_copy: Path, tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(BRIEF)
    result = run_cli(["plan", "--brief-file", str(brief)], kb_copy)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["schema_version"] == 1
    assert plan["model_selection"]["approach"] == "existing"
    assert plan["adaptation"]["steps"][0]["technique"] == "prompt_engineering"
    assert plan["scope"]["open_questions"]  # what the brief did not say
    assert plan["sources"] and plan["sources"][0]["source"].startswith("knowledge/")


def test_plan_as_markdown_and_same_decisions_with_an_llm_configured(kb_copy: Path, tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(BRIEF)
    md = run_cli(["plan", "--brief-file", str(brief), "--format", "md"], kb_copy)
    assert md.returncode == 0 and md.stdout.startswith("# Marketing wants first drafts")
    assert "## 7. Timeline" in md.stdout and "[^1]:" in md.stdout

    plain = json.loads(run_cli(["plan", "--brief-file", str(brief)], kb_copy).stdout)
    env_llm = run_cli(
        ["plan", "--brief-file", str(brief)],
        kb_copy,
        extra_env={"LLM_BASE_URL": "http://127.0.0.1:9/v1", "LLM_MODEL": "m"},
    )
    assert env_llm.returncode == 0, env_llm.stderr
    assert json.loads(env_llm.stdout) == plain


def test_plan_with_a_missing_or_empty_brief_fails_clearly(kb_copy: Path, tmp_path: Path) -> None:
    missing = run_cli(["plan", "--brief-file", str(tmp_path / "nope.txt")], kb_copy)
    assert missing.returncode == 2 and "cannot read" in missing.stderr and missing.stdout == ""
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = run_cli(["plan", "--brief-file", str(empty)], kb_copy)
    assert result.returncode == 2 and "is empty" in result.stderr


def test_schema_command_prints_the_json_schema(kb_copy: Path) -> None:
    result = run_cli(["schema"], kb_copy)
    schema = json.loads(result.stdout)
    assert schema["title"] == "ProjectPlan" and "timeline" in schema["properties"]
