"""`python -m assistant` as a user runs it: real store, nothing but results on stdout.

Most tests call `main(argv)` in this process (the embedding model loads once per run);
the smoke tests at the end start a real process, as a user's shell does.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.settings import PROJECT_ROOT


def run_process(args: list[str], data_dir: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "LLM_"))}
    env["DATA_DIR"] = str(data_dir)
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=180,
    )


def test_ask_prints_answer_and_sources(run_cli, kb_copy: Path) -> None:
    result = run_cli(["ask", "What is a model card?"], kb_copy)
    assert result.returncode == 0, result.stderr
    assert "model card" in result.stdout.lower()
    assert "Sources:" in result.stdout
    assert "[1] knowledge/03-choosing-an-existing-model-or-pretraining.md" in result.stdout


def test_ask_jsonl_writes_one_json_object_per_question_and_nothing_else(run_cli, kb_copy: Path) -> None:
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


def test_ask_builds_a_missing_knowledge_base_first(run_cli, tmp_path: Path) -> None:
    result = run_cli(["ask", "What is LoRA?"], tmp_path / "fresh")
    assert result.returncode == 0, result.stderr
    assert "building it" in result.stderr
    assert "LoRA" in result.stdout and "Sources:" in result.stdout


def test_ingest_of_a_missing_path_fails_with_one_line(run_cli, kb_copy: Path) -> None:
    result = run_cli(["ingest", "no/such/folder"], kb_copy)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["error: document: no/such/folder: no such file or folder"]
    assert result.stdout == ""


def test_ingest_reports_progress_and_is_idempotent(run_cli, kb_copy: Path, tmp_path: Path) -> None:
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


def test_ask_without_a_question_explains_usage(run_cli, kb_copy: Path) -> None:
    result = run_cli(["ask"], kb_copy)
    assert result.returncode == 2 and "give a question" in result.stderr


BRIEF = (
    "Marketing wants first drafts of blog posts in our brand voice. We have a style guide and about 30 good "
    "example posts. Using a hosted model is fine."
)


def test_plan_from_a_brief_prints_json_and_nothing_else(run_cli, kb_copy: Path, tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(BRIEF)
    result = run_cli(["plan", "--brief-file", str(brief)], kb_copy)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["schema_version"] == 2
    assert plan["model_selection"]["approach"] == "existing"
    assert plan["adaptation"]["steps"][0]["technique"] == "prompt_engineering"
    assert plan["scope"]["open_questions"]  # what the brief did not say
    assert plan["sources"] and plan["sources"][0]["source"].startswith("knowledge/")


def test_plan_as_markdown(run_cli, kb_copy: Path, tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(BRIEF)
    md = run_cli(["plan", "--brief-file", str(brief), "--format", "md"], kb_copy)
    assert md.returncode == 0 and md.stdout.startswith("# Marketing wants first drafts")
    assert "## 7. Timeline" in md.stdout and "[^1]:" in md.stdout


def test_plan_decisions_do_not_change_with_an_llm_that_reads_the_brief_differently(
    run_cli, kb_copy: Path, tmp_path: Path
) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(BRIEF)
    plain = json.loads(run_cli(["plan", "--brief-file", str(brief)], kb_copy).stdout)
    # Every reply of this fake LLM contradicts the brief: no hosted API, classification.
    contrary = json.dumps({"hosted_allowed": False, "tasks": ["classification"]})
    with_llm = run_cli(
        ["plan", "--brief-file", str(brief)],
        kb_copy,
        extra_env={"LLM_BACKEND": "fake", "LLM_FAKE_REPLIES": json.dumps([contrary] * 5)},
    )
    assert with_llm.returncode == 0, with_llm.stderr
    assert plain["model_selection"]["hosting"] == "hosted_api"
    assert json.loads(with_llm.stdout) == plain


def test_ask_through_the_fake_llm_backend_is_generated_checked_and_cited(run_cli, kb_copy: Path) -> None:
    result = run_cli(["ask", "--jsonl"], kb_copy, stdin="What is QLoRA?\n", extra_env={"LLM_BACKEND": "fake"})
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["grounded"] is True
    # The fake quotes the first fenced passage and cites it: the answer is that passage's first sentence.
    first_source = record["sources"][0]["text"]
    assert record["answer"].endswith("[1]")
    assert record["answer"].removesuffix(" [1]").split(". ")[0] in " ".join(first_source.split())


def test_plan_with_a_missing_or_empty_brief_fails_clearly(run_cli, kb_copy: Path, tmp_path: Path) -> None:
    missing = run_cli(["plan", "--brief-file", str(tmp_path / "nope.txt")], kb_copy)
    assert missing.returncode == 2 and "cannot read" in missing.stderr and missing.stdout == ""
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = run_cli(["plan", "--brief-file", str(empty)], kb_copy)
    assert result.returncode == 2 and "is empty" in result.stderr


def test_schema_command_prints_the_json_schema(run_cli, kb_copy: Path) -> None:
    result = run_cli(["schema"], kb_copy)
    schema = json.loads(result.stdout)
    assert schema["title"] == "ProjectPlan" and "timeline" in schema["properties"]


# ----------------------------------------------------------------- real processes
def test_smoke_real_process_answers_with_sources(kb_copy: Path) -> None:
    result = run_process(["ask", "What is a model card?"], kb_copy)
    assert result.returncode == 0, result.stderr
    assert "Sources:" in result.stdout and "[1] knowledge/" in result.stdout


def test_smoke_real_process_jsonl_keeps_stdout_clean(kb_copy: Path) -> None:
    result = run_process(["ask", "--jsonl"], kb_copy, stdin="What is RLHF?\nWho won the 2018 World Cup?\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["grounded"] for r in records] == [True, False]


def test_plan_as_pdf_and_docx_goes_to_a_file_with_dates(run_cli, kb_copy: Path, tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(BRIEF + " We have 12 weeks.")
    pdf = tmp_path / "plan.pdf"
    result = run_cli(
        ["plan", "--brief-file", str(brief), "--format", "pdf", "-o", str(pdf), "--start", "2027-03-01"], kb_copy
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "" and f"Wrote {pdf}" in result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    docx = tmp_path / "plan.docx"
    assert run_cli(["plan", "--brief-file", str(brief), "--format", "docx", "-o", str(docx)], kb_copy).returncode == 0
    assert docx.read_bytes().startswith(b"PK")  # a DOCX is a zip package


def test_binary_formats_need_an_output_file(run_cli, kb_copy: Path, tmp_path: Path) -> None:
    brief = tmp_path / "brief.txt"
    brief.write_text(BRIEF)
    result = run_cli(["plan", "--brief-file", str(brief), "--format", "pdf"], kb_copy)
    assert result.returncode == 2 and "give a file with -o" in result.stderr and result.stdout == ""
