"""Answer quality with no LLM, on the shared development set and our own held-out set."""

from pathlib import Path

import pytest

from assistant.evaluation import answer_passes, answer_refuses, load_questions
from assistant.service import Assistant
from assistant.settings import PROJECT_ROOT
from tests.conftest import EVAL_DIR

SETS = [
    pytest.param(EVAL_DIR / "qa_dev.json", EVAL_DIR / "unanswerable_dev.json", 0.9, id="shared-dev"),
    pytest.param(PROJECT_ROOT / "eval" / "qa_holdout.json", PROJECT_ROOT / "eval" / "unanswerable_holdout.json", 0.85, id="own-holdout"),
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
