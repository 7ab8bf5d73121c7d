"""Advice on the team's own situation, and choices between options, answered from the section that weighs them."""

from __future__ import annotations

import pytest

from assistant.bootstrap import Assistant
from assistant.evaluation import answer_refuses
from assistant.knowledge.query import asks_advice


@pytest.mark.parametrize(
    "question",
    [
        "We run a small legal team. How should we evaluate the summaries our model writes?",
        "Which model size would we need for a simple tagging job?",
        "What's the best approach for keeping a chatbot's answers current?",
    ],
)
def test_advice_questions_are_recognised(question: str) -> None:
    assert asks_advice(question)


@pytest.mark.parametrize(
    "question",
    ["Which Slack channel do we use for alerts?", "What is LoRA?", "How does beam search work?"],
)
def test_other_questions_are_not_advice(question: str) -> None:
    assert not asks_advice(question)


def test_a_situation_with_an_advice_question_is_answered(kb: Assistant) -> None:
    question = (
        "Our support bot has to quote prices from a catalogue that is edited every few days. "
        "How should we keep its answers up to date?"
    )
    answer = kb.answerer.answer(question)
    assert answer.grounded and answer.sources, answer.answer


def test_a_choice_between_options_is_answered_by_the_section_that_weighs_them(kb: Assistant) -> None:
    answer = kb.answerer.answer("Retrieval or fine-tuning for a helpdesk bot over our manuals?")
    assert answer.card is not None
    assert answer.card.sections[0].section == "When RAG beats fine-tuning"


def test_a_compound_word_does_not_count_as_two_options(kb: Assistant) -> None:
    # "Encoder-decoder models" names one architecture, not the two options: each option gets its own section.
    answer = kb.answerer.answer("Should we use an encoder or a decoder for sentiment tagging?")
    assert answer.card is not None
    assert len(answer.card.sections) >= 2


def test_advice_about_something_the_documents_do_not_cover_is_still_refused(kb: Assistant) -> None:
    answer = kb.answerer.answer("Which houseplants should we buy for the new office?")
    assert answer_refuses(answer)


@pytest.mark.parametrize(
    "question",
    [
        "How should we price the subscription tiers of our web shop?",
        "Should we use AWS or Azure to host our company website?",
        "What's the best approach to onboarding new engineers?",
        "We are hiring a data scientist. What should we ask in the interview?",
    ],
)
def test_advice_on_other_subjects_is_refused(kb: Assistant, question: str) -> None:
    # Words the documents never use ("subscription", "onboarding", "interview") with modest similarity.
    assert answer_refuses(kb.answerer.answer(question))
