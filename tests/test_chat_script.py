"""`python -m assistant chat --script FILE`: a whole messy interview from a file, no stored plan, no browser."""

import json
from pathlib import Path

SCRIPT = """\
ok so basically - we want a bot that answers HR policy questions for employees
about 1,200 labelled Q&A pairs?
let's say high — wrong answers could be a legal issue, even though it's internal only
actually the domain is HR, not legal
1,000–2,000 questions a day, answers within 3 seconds
IT hasn't signed off on hosted APIs yet
what does RLHF cost?
small budget, two A100s
3-6 months, me plus two data scientists
"""


def test_chat_script_prints_the_final_plan(run_cli, kb_copy: Path, tmp_path: Path) -> None:
    script = tmp_path / "kickoff.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    result = run_cli(["chat", "--script", str(script)], kb_copy)
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    slots = plan["scope"]["slots"]
    assert plan["schema_version"] == 2
    assert plan["title"] == "Answers HR policy questions for employees"
    assert slots["quality_bar"]["value"] == "high"  # the explicit statement beats "internal only"
    assert slots["domain"]["value"] == "hr"  # the correction is not undone by "legal issue"
    assert slots["requests_per_day"]["value"] == [1000, 2000]  # the range keeps both ends
    assert slots["timeline_weeks"]["value"] == [13, 26]
    assert slots["gpus"]["value"] == 2 and slots["team_size"]["value"] == 3
    assert slots["hosted_allowed"]["pending"] and slots["hosted_allowed"]["value"] is None
    assert any("pending" in q and "signed off" in q for q in plan["scope"]["open_questions"])
    # The unsure answer was proposed, then confirmed because this mode cannot click: said on stderr.
    assert "[script mode] confirmed the proposal Labelled examples: 1,200" in result.stderr
    assert slots["labelled_examples"] == {
        "value": 1200,
        "confidence": 1.0,
        "origin": "team",
        "confirmed": True,
        "pending": False,
    }


def test_chat_script_markdown_shows_pending_and_team_items(run_cli, kb_copy: Path, tmp_path: Path) -> None:
    script = tmp_path / "kickoff.txt"
    script.write_text(SCRIPT, encoding="utf-8")
    result = run_cli(["chat", "--script", str(script), "--format", "md"], kb_copy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Answers HR policy questions for employees")
    assert "**pending** (left open by the team)" in result.stdout
    assert "**set by the team**" in result.stdout


def test_chat_script_refuses_an_empty_file(run_cli, kb_copy: Path, tmp_path: Path) -> None:
    script = tmp_path / "empty.txt"
    script.write_text("\n# only a comment\n", encoding="utf-8")
    result = run_cli(["chat", "--script", str(script)], kb_copy)
    assert result.returncode == 2 and "no messages" in result.stderr and not result.stdout
