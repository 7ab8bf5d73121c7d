"""Questions no guide can answer: the team's own records and today's figures are refused, advice is not."""

from __future__ import annotations

import json

import pytest

from assistant.bootstrap import Assistant
from assistant.evaluation import answer_refuses, load_questions
from assistant.knowledge.query import beyond_documents
from assistant.settings import PROJECT_ROOT
from tests.conftest import EVAL_DIR
from tests.support.known_leaks import KNOWN_LEAKS

BLIND = PROJECT_ROOT / "eval" / "blind"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Who approved the hosting budget for our assistant?", "internal"),
        ("How many GPUs does our data science team have?", "internal"),
        ("When did we sign up for the annotation vendor?", "internal"),
        ("Which team looks after our vector database?", "internal"),
        ("Which cloud has the cheapest H100s?", "live"),
        ("What is the current price per token of Claude?", "live"),
        ("Which open model tops the leaderboard right now?", "live"),
        ("When will the next Mistral model be released?", "live"),
        # The members and deciders of the asker's own bodies, in English, Dutch and German.
        ("who sits on the data governance board?", "internal"),
        ("who leads the platform squad these days", "internal"),
        ("wie zitten er in de stuurgroep?", "internal"),
        ("wie heeft het budget voor de pilot goedgekeurd?", "internal"),
        ("wer sitzt im Lenkungsausschuss?", "internal"),
    ],
)
def test_facts_about_the_organisation_or_today_are_recognised(question: str, kind: str) -> None:
    assert beyond_documents(question) == kind


@pytest.mark.parametrize(
    "question",
    [
        "How should we budget GPU time for fine-tuning our model?",
        "What are our options for hosting an open-weights model?",
        "Which metric should our team track for summaries?",
        "What is our best choice between LoRA and full fine-tuning?",
        "What is the context window and what do we do when our documents are longer?",
        "What is the current state of the art in parameter-efficient fine-tuning?",
        "Our users say the answers are slow. What can we do?",
        "What does it cost to fine-tune a 7B model?",
        "Which team should own evaluation in our project?",
        "who introduced constitutional AI?",
        "who writes the labels in reinforcement learning from human feedback?",
        "who should be in the room when we scope the use case?",
    ],
)
def test_advice_and_domain_questions_are_not_caught(question: str) -> None:
    assert beyond_documents(question) is None


def test_an_internal_question_is_refused_with_the_reason(kb: Assistant) -> None:
    answer = kb.answerer.answer("How much GPU quota does our team have on the shared cluster?")
    assert answer_refuses(answer)
    assert "your own organisation" in answer.answer


def test_a_question_about_todays_prices_is_refused_with_the_reason(kb: Assistant) -> None:
    answer = kb.answerer.answer("What does a hosted Llama model cost per million tokens today?")
    assert answer_refuses(answer)
    assert "changes over time" in answer.answer


def test_a_covered_question_that_mentions_our_team_is_still_answered(kb: Assistant) -> None:
    answer = kb.answerer.answer("Which parts of the lifecycle can our team run in parallel?")
    assert answer.grounded and answer.sources


def test_every_uncovered_question_we_have_is_refused(kb: Assistant) -> None:
    # The tuning data of eval/blind (never its current holdout half: scored in aggregate only),
    # our older held-out set and the shared development set.
    texts = [q["q"] for q in json.loads((BLIND / "unanswerable.json").read_text()) if q["split"] == "tune"]
    texts += [q.q for q in load_questions(PROJECT_ROOT / "eval" / "unanswerable_holdout.json")]
    if (EVAL_DIR / "unanswerable_dev.json").exists():
        texts += [q.q for q in load_questions(EVAL_DIR / "unanswerable_dev.json")]
    answered = [t for t in texts if not answer_refuses(kb.answerer.answer(t))]
    assert set(answered) <= set(KNOWN_LEAKS), answered
