"""Rules of the recommender: scope in, decisions out (no LLM, no retrieval needed)."""

import pytest

from assistant.plan.recommend import Recommender
from assistant.plan.scope import Scope

R = Recommender()


def _plan(**slots):
    return R.plan(Scope(use_case="A project", **slots))


def _techniques(plan) -> list[str]:
    return [s.technique for s in plan.adaptation.steps]


@pytest.mark.parametrize(
    ("slots", "approach"),
    [
        ({}, "existing"),
        (
            {"specialised_domain": True, "corpus_size": "very_large", "budget": "large", "timeline_weeks": 52},
            "pretrain",
        ),
        ({"rare_language": True, "corpus_size": "very_large", "budget": "large", "timeline_weeks": 40}, "pretrain"),
        # Any one missing condition keeps the team on an existing model.
        (
            {"specialised_domain": True, "corpus_size": "very_large", "budget": "large", "timeline_weeks": 12},
            "existing",
        ),
        ({"specialised_domain": True, "corpus_size": "large", "budget": "large", "timeline_weeks": 52}, "existing"),
        (
            {"specialised_domain": True, "corpus_size": "very_large", "budget": "medium", "timeline_weeks": 52},
            "existing",
        ),
        (
            {"specialised_domain": False, "corpus_size": "very_large", "budget": "large", "timeline_weeks": 52},
            "existing",
        ),
    ],
)
def test_pretraining_only_when_every_condition_holds(slots: dict, approach: str) -> None:
    assert _plan(**slots).model_selection.approach == approach


@pytest.mark.parametrize(
    ("tasks", "architecture"),
    [
        (["classification"], "encoder-only"),
        (["extraction", "classification"], "encoder-only"),
        (["summarisation"], "encoder-decoder"),
        (["translation"], "encoder-decoder"),
        (["chat"], "decoder-only"),
        (["question_answering"], "decoder-only"),
        (["code_generation"], "decoder-only"),
        (["summarisation", "chat"], "decoder-only"),
        ([], "decoder-only"),
    ],
)
def test_architecture_follows_the_task(tasks: list[str], architecture: str) -> None:
    assert _plan(tasks=tasks).model_selection.architecture == architecture


@pytest.mark.parametrize(("hosted", "hosting"), [(False, "open_weights"), (True, "hosted_api"), (None, "hosted_api")])
def test_privacy_decides_hosting(hosted: bool | None, hosting: str) -> None:
    plan = _plan(tasks=["chat"], hosted_allowed=hosted)
    assert plan.model_selection.hosting == hosting
    if hosted is False:
        assert "Self-hosted" in plan.deployment.target
        assert all("API" not in c.name for c in plan.model_selection.candidates)
    if hosted is None:
        assert "still open" in plan.model_selection.rationale


def test_candidates_are_two_or_three_families_with_reasons() -> None:
    for tasks in (["classification"], ["summarisation"], ["chat"], ["code_generation"]):
        for hosted in (True, False):
            candidates = _plan(tasks=tasks, hosted_allowed=hosted).model_selection.candidates
            assert 2 <= len(candidates) <= 3
            assert all(c.name and len(c.why) > 20 for c in candidates)


def test_ladder_starts_with_prompting_and_every_rung_has_an_exit() -> None:
    plan = _plan(tasks=["content_generation"], labelled_examples=30, hosted_allowed=True)
    assert _techniques(plan)[:2] == ["prompt_engineering", "in_context_learning"]
    assert all(len(step.exit_criteria) > 20 for step in plan.adaptation.steps)


def test_many_labels_add_full_fine_tuning_after_peft() -> None:
    techniques = _techniques(_plan(tasks=["classification"], labelled_examples=50_000))
    assert techniques.index("peft") < techniques.index("full_fine_tuning")


def test_few_labels_say_so_in_the_peft_rung_and_in_risks() -> None:
    plan = _plan(tasks=["chat"], labelled_examples=40)
    peft = next(s for s in plan.adaptation.steps if s.technique == "peft")
    assert "you have 40" in peft.why
    assert any(r.risk.startswith("Data gaps") for r in plan.risks)


def test_rlhf_only_for_customer_facing_generation() -> None:
    assert "rlhf" in _techniques(_plan(tasks=["chat"], customer_facing=True))
    assert "rlhf" not in _techniques(_plan(tasks=["chat"], customer_facing=False))
    assert "rlhf" not in _techniques(_plan(tasks=["classification"], customer_facing=True))


def test_multiple_tasks_get_multi_task_instruction_fine_tuning() -> None:
    assert "instruction_fine_tuning" in _techniques(_plan(tasks=["summarisation", "chat"], labelled_examples=2000))


@pytest.mark.parametrize(
    ("tasks", "expected"),
    [
        (["summarisation"], {"ROUGE-1", "ROUGE-L"}),
        (["translation"], {"BLEU", "chrF"}),
        (["classification"], {"precision", "recall", "F1"}),
        (["extraction"], {"F1", "exact match per field"}),
        (["question_answering"], {"faithfulness", "answer relevance", "context recall"}),
        (["code_generation"], {"pass@k on unit tests"}),
    ],
)
def test_metrics_fit_the_task(tasks: list[str], expected: set[str]) -> None:
    assert expected <= set(_plan(tasks=tasks).evaluation.metrics)


def test_costly_errors_add_human_review_and_golden_set_is_planned() -> None:
    plan = _plan(tasks=["chat"], quality_bar="high")
    assert any("human review" in m for m in plan.evaluation.metrics)
    assert "golden test set" in plan.evaluation.plan
    assert "your own golden test set (decides)" in plan.evaluation.benchmarks


@pytest.mark.parametrize(
    ("slots", "expected", "absent"),
    [
        ({"tasks": ["question_answering"], "has_documents": True, "documents_change": "daily"}, {"rag"}, {"tools"}),
        ({"tasks": ["chat"], "has_documents": True, "needs_citations": True}, {"rag"}, set()),
        ({"tasks": ["actions"]}, {"tools", "react_agent", "guardrails"}, {"rag"}),
        ({"tasks": ["chat"], "needs_arithmetic": True}, {"program_aided"}, set()),
        ({"tasks": ["chat"], "customer_facing": True}, {"guardrails"}, set()),
        ({"tasks": ["classification"]}, set(), {"rag", "tools", "guardrails"}),
    ],
)
def test_augmentation_follows_the_need(slots: dict, expected: set[str], absent: set[str]) -> None:
    techniques = set(_plan(**slots).augmentation.techniques)
    assert expected <= techniques and not (absent & techniques)


def test_self_hosting_on_limited_hardware_gets_quantisation_and_distillation() -> None:
    plan = _plan(tasks=["chat"], hosted_allowed=False, gpus=0, requests_per_day=50_000)
    joined = " ".join(plan.deployment.optimizations)
    assert "quantisation" in joined and "distillation" in joined and "batching" in joined


def test_timeline_overlaps_where_the_lifecycle_allows() -> None:
    plan = _plan(tasks=["chat"], labelled_examples=5000, customer_facing=True, has_documents=True, needs_citations=True)
    by_task = {t.task: t for t in plan.timeline}
    prompt = by_task["Prompt engineering and few-shot examples"]
    tune = by_task["Fine-tuning (PEFT first, full if needed)"]
    evaluation = by_task["Evaluation on the golden set, every iteration"]
    align = by_task["Alignment with human feedback (only if needed)"]
    optimise = by_task["Optimise for inference (quantise, cache, batch)"]
    augment = next(t for t in plan.timeline if t.task.startswith("Augment"))
    overlaps = lambda a, b: a.start_week < b.start_week + b.weeks and b.start_week < a.start_week + a.weeks  # noqa: E731
    assert overlaps(prompt, tune) and overlaps(evaluation, align) and overlaps(optimise, augment)
    assert [t.stage for t in plan.timeline] == sorted(
        (t.stage for t in plan.timeline), key=["scope", "select", "adapt_align", "integrate"].index
    )


def test_open_questions_and_risks_reach_the_plan() -> None:
    plan = R.plan(Scope(tasks=["chat"]), open_questions=["May data be sent to a hosted model API?"])
    assert plan.scope.open_questions == ["May data be sent to a hosted model API?"]
    assert {r.risk.split(":")[0] for r in plan.risks} >= {"Hallucination", "Cost overrun"}


def test_same_scope_same_plan() -> None:
    scope = Scope(use_case="Route tickets", tasks=["classification"], labelled_examples=800, hosted_allowed=False)
    assert R.plan(scope).model_dump() == R.plan(scope).model_dump()
