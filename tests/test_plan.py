"""The plan schema and its exports."""

import json

from assistant.plan.export import to_markdown
from assistant.plan.recommend import Recommender
from assistant.plan.schema import Citation, ProjectPlan, plan_json_schema
from assistant.plan.scope import Scope


def _plan() -> ProjectPlan:
    scope = Scope(
        use_case="Answer engineers' questions about our wiki | with links",
        users="engineers",
        tasks=["question_answering"],
        has_documents=True,
        documents_change="daily",
        needs_citations=True,
        hosted_allowed=False,
        labelled_examples=0,
    )
    plan = Recommender().plan(scope, open_questions=["What budget and compute do you have?"])
    return plan.model_copy(
        update={"sources": [Citation(source="knowledge/15-retrieval-augmented-generation.md", section="What RAG is")]}
    )


def test_json_round_trip_is_lossless() -> None:
    plan = _plan()
    again = ProjectPlan.model_validate_json(plan.to_json())
    assert again == plan


def test_json_has_the_documented_fields() -> None:
    data = json.loads(_plan().to_json())
    assert data["schema_version"] == 2
    assert set(data) >= {
        "title",
        "scope",
        "model_selection",
        "adaptation",
        "evaluation",
        "deployment",
        "augmentation",
        "risks",
        "timeline",
        "sources",
    }
    assert set(data["scope"]) >= {"use_case", "tasks", "users", "constraints", "success_criteria", "open_questions"}
    assert data["model_selection"]["approach"] in {"existing", "pretrain"}
    assert set(data["adaptation"]["steps"][0]) == {"technique", "why", "exit_criteria"}
    assert set(data["timeline"][0]) == {"stage", "task", "start_week", "weeks"}
    assert "rag" in data["augmentation"]["techniques"]


def test_schema_is_exported_with_descriptions() -> None:
    schema = json.loads(plan_json_schema())
    assert schema["title"] == "ProjectPlan"
    assert "schema_version" in schema["properties"]
    technique = schema["$defs"]["AdaptationStep"]["properties"]["technique"]
    assert set(technique["enum"]) == {
        "prompt_engineering",
        "in_context_learning",
        "peft",
        "instruction_fine_tuning",
        "full_fine_tuning",
        "rlhf",
    }
    assert schema["$defs"]["ModelSelection"]["properties"]["approach"]["description"]


def test_invalid_plan_is_rejected() -> None:
    data = json.loads(_plan().to_json())
    data["adaptation"]["steps"][0]["technique"] = "magic"
    try:
        ProjectPlan.model_validate(data)
    except ValueError as exc:
        assert "technique" in str(exc)
    else:
        raise AssertionError("an unknown technique was accepted")


def test_markdown_export_is_a_readable_document_with_sources() -> None:
    md = to_markdown(_plan())
    for heading in (
        "## 1. Scope",
        "## 2. Model selection",
        "## 3. Adapt & align",
        "## 4. Evaluation",
        "## 5. Application integration",
        "## 6. Risks",
        "## 7. Timeline",
        "## Sources",
    ):
        assert heading in md
    assert "[^1]: knowledge/15-retrieval-augmented-generation.md — What RAG is" in md
    assert "| Stage | Task | Start week | Weeks |" in md
    assert "What budget and compute do you have?" in md
    # A pipe in team text must not break the tables.
    assert "wiki \\| with links" in md


def test_committed_schema_file_matches_the_model() -> None:
    from assistant.settings import PROJECT_ROOT

    committed = json.loads((PROJECT_ROOT / "docs" / "plan.schema.json").read_text())
    assert committed == json.loads(plan_json_schema()), "run: python -m assistant schema > docs/plan.schema.json"
