"""Answer quality with no LLM, on the shared development set and our own held-out set."""

from pathlib import Path

import pytest

from assistant.bootstrap import Assistant
from assistant.evaluation import answer_passes, answer_refuses, load_questions
from assistant.settings import PROJECT_ROOT
from tests.conftest import EVAL_DIR

SETS = [
    pytest.param(EVAL_DIR / "qa_dev.json", EVAL_DIR / "unanswerable_dev.json", 0.9, id="shared-dev"),
    pytest.param(
        PROJECT_ROOT / "eval" / "qa_holdout.json",
        PROJECT_ROOT / "eval" / "unanswerable_holdout.json",
        0.85,
        id="own-holdout",
    ),
]


@pytest.mark.parametrize(("answerable", "unanswerable", "required"), SETS)
def test_answerable_questions_pass_and_uncovered_ones_are_refused(
    kb: Assistant, answerable: Path, unanswerable: Path, required: float
) -> None:
    if not answerable.exists():
        pytest.skip(f"{answerable} is not beside this checkout")
    questions = load_questions(answerable)
    failures = [q.id for q in questions if not answer_passes(kb.answerer.answer(q.q), q)]
    share = 1 - len(failures) / len(questions)
    assert share >= required, f"{share:.0%} passed; failing: {failures}"

    not_refused = [q.id for q in load_questions(unanswerable) if not answer_refuses(kb.answerer.answer(q.q))]
    assert not_refused == []


def test_every_persona_expectation_is_met_without_an_llm(kb: Assistant) -> None:
    from assistant.evaluation import load_personas, plan_misses
    from assistant.interview.machine import plan_state_from_brief
    from assistant.plan.recommend import Recommender, retriever_citations

    path = EVAL_DIR / "personas_dev.json"
    if not path.exists():
        pytest.skip(f"{path} is not beside this checkout")
    recommender = Recommender(retriever_citations(kb.retriever))
    misses = {}
    for persona in load_personas(path):
        state = plan_state_from_brief(persona.brief, recommender)
        plan = recommender.plan(state.scope, open_questions=state.open_questions)
        if found := plan_misses(plan, persona.expect):
            misses[persona.id] = found
    assert misses == {}
