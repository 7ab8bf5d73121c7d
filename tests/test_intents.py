"""Intents: rules first, then similarity to example utterances (the real embedding model)."""

import pytest

from assistant.interview.intents import IntentClassifier, examples, rule_intent
from assistant.knowledge.embeddings import LocalEmbedder


@pytest.mark.parametrize(
    ("text", "intent", "command"),
    [
        ("help", "app_help", None),
        ("what can you do?", "app_help", None),
        ("how do I export?", "app_help", None),
        ("start over", "command", "restart"),
        ("new plan please", "command", "restart"),
        ("skip this one", "command", "skip"),
        ("undo", "command", "undo"),
        ("drop the fine-tuning step", "pushback", None),
        ("We'd rather use a hosted API than buy hardware", "pushback", None),
        ("it has to live in Teams and hand over to a human", "pushback", None),
        ("actually the domain is HR, not legal", "correction", None),
        ("what do other HR departments use these bots for?", "knowledge_question", None),
    ],
)
def test_rules(text: str, intent: str, command: str | None) -> None:
    guess = rule_intent(text, answer_found=False)
    assert guess is not None and guess.intent == intent and guess.command == command


def test_an_answer_ending_in_a_question_mark_is_not_a_knowledge_question() -> None:
    assert rule_intent("a chatbot for our support agents?", answer_found=True) is None


def test_examples_are_data_for_every_intent() -> None:
    assert set(examples()) == {"answer", "correction", "knowledge_question", "app_help", "command", "pushback"}


def test_similarity_decides_what_the_rules_leave_open(embedder: LocalEmbedder) -> None:
    classifier = IntentClassifier(embedder.embed)
    similar = classifier.similarities("explain to me the difference between prompt tuning and LoRA")
    assert max(similar, key=similar.get) == "knowledge_question"
    assert classifier.classify("we want a bot that drafts tender documents", answer_found=False).intent == "answer"


def test_when_answer_and_question_are_too_close_both_are_done_safely() -> None:
    """A fake embedding (not the thing under test) that puts answers and questions at the same place."""
    import numpy as np

    from assistant.interview.machine import InterviewState, step

    near = {t for intent in ("answer", "knowledge_question") for t in examples()[intent]}

    def embed(texts):
        return np.array([[1.0, 0.0] if t in near or t.endswith("?") else [0.0, 1.0] for t in texts])

    state = InterviewState(current="data", asked=["use_case", "data"], answered=["use_case"])
    message = "our 300 labelled tickets would be the starting point for a fine-tune?"
    new, reply = step(state, message, classifier=IntentClassifier(embed))
    assert reply.knowledge_question == message  # the question is answered
    assert new.current == "data" and new.scope.labelled_examples is None  # nothing written
    assert [(p.slot, p.value) for p in new.proposals] == [("labelled_examples", 300)]  # offered for one click


@pytest.mark.parametrize(
    "text",
    ["will the exported plan include a chart of the phases?", "sorry, could you list the choices again please?"],
)
def test_a_question_about_the_app_itself_is_help_even_in_question_form(embedder: LocalEmbedder, text: str) -> None:
    assert IntentClassifier(embedder.embed).classify(text, answer_found=False).intent == "app_help"


@pytest.mark.parametrize("text", ["what does RLHF stand for?", "how much labelled data does fine-tuning need?"])
def test_a_question_about_the_lifecycle_stays_a_knowledge_question(embedder: LocalEmbedder, text: str) -> None:
    assert IntentClassifier(embedder.embed).classify(text, answer_found=False).intent == "knowledge_question"
