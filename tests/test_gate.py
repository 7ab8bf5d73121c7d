"""The relevance gate (v2): covered questions that are short, acronyms or oddly phrased pass; the rest stay out."""

from __future__ import annotations

import json

import pytest

from assistant.answers.answerer import Answerer
from assistant.bootstrap import Assistant
from assistant.evaluation import answer_refuses, load_questions
from assistant.settings import PROJECT_ROOT
from tests.conftest import EVAL_DIR
from tests.support.known_leaks import KNOWN_LEAKS

BLIND = PROJECT_ROOT / "eval" / "blind"


def _answerer(kb: Assistant) -> Answerer:
    return Answerer(kb.retriever, kb.settings)


@pytest.mark.parametrize("question", ["FSDP", "kv cache", "DPO", "PAL", "soft prompts", "KL penalty"])
def test_short_and_acronym_questions_about_covered_topics_are_answered(kb: Assistant, question: str) -> None:
    answer = _answerer(kb).answer(question)
    assert answer.grounded and answer.sources, answer.answer


def test_uncovered_questions_stay_refused(kb: Assistant) -> None:
    # The tuning half of the blind set and the shared development set; never the holdout half.
    questions = [q for q in json.loads((BLIND / "unanswerable.json").read_text()) if q["split"] == "tune"]
    texts = [q["q"] for q in questions]
    if (EVAL_DIR / "unanswerable_dev.json").exists():
        texts += [q.q for q in load_questions(EVAL_DIR / "unanswerable_dev.json")]
    answerer = _answerer(kb)
    answered = [t for t in texts if not answer_refuses(answerer.answer(t))]
    assert set(answered) <= set(KNOWN_LEAKS), answered


def test_a_product_the_documents_never_mention_is_refused(kb: Assistant) -> None:
    answer = _answerer(kb).answer("How do I tune the learning rate of a LightGBM model?")
    assert answer_refuses(answer)


def test_refusal_names_the_closest_sections_when_a_title_matches(kb: Assistant) -> None:
    # Oddly phrased and about a covered topic that is not answered here: the refusal must not say "not covered".
    answer = kb.answerer.answer("Which astrology signs suit reward hacking best?")
    if answer.grounded:
        pytest.skip("answered: nothing to check about the refusal")
    assert "not cover" not in answer.answer
    assert "closest sections are:" in answer.answer and "reward hacking" in answer.answer.lower()


def test_refusal_without_a_matching_title_lists_what_is_covered(kb: Assistant) -> None:
    answer = kb.answerer.answer("What is the boiling point of ethanol at sea level?")
    assert answer_refuses(answer)
    assert "does not cover" in answer.answer and "Retrieval-Augmented Generation" in answer.answer
