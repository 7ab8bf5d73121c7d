"""Typical questions (a section's `Questions:` line) as gate evidence, and follow-ups that ask for more."""

from __future__ import annotations

from assistant.bootstrap import Assistant
from assistant.evaluation import answer_refuses
from assistant.knowledge.query import QueryReader, Vocabulary
from tests.conftest import KNOWLEDGE_DIR


def test_a_question_close_to_a_typical_question_is_covered_with_that_section_as_source(kb: Assistant) -> None:
    # Worded far from the section's own text, close to one of its typical questions.
    retrieval = kb.retriever.retrieve("how do I prevent hallucinations?")
    assert retrieval.question_score >= kb.retriever.typical_question_threshold
    assert retrieval.covered and retrieval.passages
    answer = kb.answerer.answer("how do I prevent hallucinations?")
    assert answer.grounded and "hallucinat" in answer.answer.lower()


def test_off_topic_questions_stay_far_from_every_typical_question(kb: Assistant) -> None:
    for question in ("How do I repair a flat tyre on my bike?", "What is the capital of Australia?"):
        retrieval = kb.retriever.retrieve(question)
        assert retrieval.question_score < kb.retriever.typical_question_threshold
        assert answer_refuses(kb.answerer.answer(question))


def test_asking_for_an_example_continues_the_previous_question() -> None:
    reader = QueryReader(Vocabulary([p.read_text(encoding="utf-8") for p in sorted(KNOWLEDGE_DIR.glob("*.md"))]))
    read = reader.read("could you give an example?", ["What is chain-of-thought prompting?"])
    assert read.followup and "chain-of-thought" in read.text.lower()


def test_an_example_follow_up_is_answered_about_the_earlier_topic(kb: Assistant) -> None:
    answer = kb.answerer.answer("can you give me an example?", history=["What is program-aided language modelling?"])
    assert answer.grounded and answer.sources
    assert any("program-aided" in s.section.lower() or "pal" in s.section.lower() for s in answer.sources)


def test_a_short_question_that_is_a_title_phrase_is_answered_from_that_section(kb: Assistant) -> None:
    answer = kb.answerer.answer("top-k")
    assert answer.grounded
    assert answer.sources[0].section.startswith("Generation configuration")


def test_a_word_in_many_titles_names_no_section(kb: Assistant) -> None:
    # "Overview" titles seventeen sections: it is not a question about any one of them.
    assert kb.retriever._titled_section("overview") is None
