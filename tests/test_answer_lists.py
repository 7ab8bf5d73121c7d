"""List questions: the items, whether a section lists them or the document gives each its own section."""

from __future__ import annotations

from assistant.bootstrap import Assistant
from assistant.knowledge.query import QueryReader, Vocabulary
from tests.conftest import KNOWLEDGE_DIR


def test_items_of_a_list_are_shown_with_their_later_sentences(kb: Assistant) -> None:
    # The families section lists three families; the methods are named in each item's second sentence.
    answer = kb.answerer.answer("Which kinds of PEFT methods can we choose from?")
    assert answer.card is not None
    text = answer.answer.lower()
    for family in ("selective", "reparameterization", "additive"):
        assert family in text
    assert "lora" in text and "adapters" in text


def test_items_that_are_sections_of_their_own_are_listed_one_sentence_each(kb: Assistant) -> None:
    # The benchmarks document gives GLUE, MMLU, BIG-bench and HELM a section each and has no list of them.
    answer = kb.answerer.answer("What benchmarks exist for comparing language models?")
    assert answer.card is not None
    named = [b for b in ("GLUE", "MMLU", "BIG-bench", "HELM") if b in answer.answer]
    assert len(named) >= 2, answer.answer
    item_sections = [s for s in answer.card.sections if not s.rest and len(s.key) == 1]
    assert len(item_sections) >= 2
    assert len(answer.answer.split()) <= 300


def test_a_list_question_answered_by_one_section_keeps_that_section(kb: Assistant) -> None:
    # Multi-GPU training methods are all in one section: siblings about other topics stay out.
    answer = kb.answerer.answer("Which methods exist to train one model on several GPUs?")
    assert answer.card is not None
    assert answer.card.sections[0].section.startswith("Training across multiple GPUs")
    assert "FSDP" in answer.answer


def test_list_questions_are_recognised_in_their_usual_forms() -> None:
    reader = QueryReader(Vocabulary([p.read_text(encoding="utf-8") for p in sorted(KNOWLEDGE_DIR.glob("*.md"))]))
    for question in (
        "What mitigations are there for prompt injection?",
        "Which well-known evaluation metrics should we know?",
        "Which guardrails exist for agents?",
    ):
        assert reader.read(question).is_list, question
    assert not reader.read("What is a guardrail?").is_list
