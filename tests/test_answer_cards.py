"""Answer cards with no LLM: the best section whole, its answering sentences first, every part cited."""

from __future__ import annotations

import re

from assistant.answers.answerer import Answerer
from assistant.bootstrap import Assistant
from assistant.knowledge.sentences import split_sentences, strip_citations


def _answerer(kb: Assistant) -> Answerer:
    return Answerer(kb.retriever, kb.settings)


def _every_sentence_is_quoted_and_cited(answer) -> None:
    for sentence in split_sentences(answer.answer):
        if sentence.endswith(":") or sentence.startswith("Note:"):  # labels and the language note
            continue
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", sentence)]
        assert numbers, f"uncited sentence: {sentence}"
        quoted = strip_citations(sentence)
        assert any(quoted in " ".join(answer.sources[n - 1].text.split()) for n in numbers), quoted


def test_card_puts_the_answering_sentences_first_and_keeps_the_section(kb: Assistant) -> None:
    answer = _answerer(kb).answer("What does knowledge distillation mean?")
    assert answer.grounded and answer.card is not None
    first = answer.card.sections[0]
    assert "Distillation" in first.section
    assert first.key and any("teacher" in k for k in first.key)
    # The key sentences open the answer; the rest of the section follows them.
    assert answer.answer.startswith(first.key[0])
    assert first.rest and first.rest[0] in answer.answer
    assert answer.answer.index(first.rest[0]) > answer.answer.index(first.key[-1])
    assert len(answer.answer.split()) <= 300
    _every_sentence_is_quoted_and_cited(answer)


def test_compound_question_gets_a_section_for_each_part(kb: Assistant) -> None:
    answer = _answerer(kb).answer("How do BLEU and ROUGE compare?")
    assert answer.grounded and answer.card is not None
    sections = " ".join(s.section for s in answer.card.sections)
    keys = " ".join(k for s in answer.card.sections for k in s.key)
    assert "BLEU" in sections and "ROUGE" in sections
    assert "BLEU" in keys and "ROUGE" in keys
    assert len(answer.answer.split()) <= 300
    _every_sentence_is_quoted_and_cited(answer)


def test_list_question_shows_the_list_items(kb: Assistant) -> None:
    answer = _answerer(kb).answer("Which families of PEFT methods exist?")
    assert answer.grounded and answer.card is not None
    key = " ".join(answer.card.sections[0].key)
    for family in ("Selective", "Reparameterization", "Additive"):
        assert family in key


def test_related_sentences_name_their_section_and_are_cited(kb: Assistant) -> None:
    answer = _answerer(kb).answer("What is LoRA?")
    assert answer.card is not None
    for related in answer.card.related:
        assert f"Related: {related.section}:" in answer.answer
        assert f"{related.text} [{related.citation}]" in answer.answer
        assert answer.sources[related.citation - 1].section == related.section


def test_misspelled_question_is_read_against_the_knowledge_base_words(kb: Assistant) -> None:
    answer = _answerer(kb).answer("waht is knowlege distilation")
    assert answer.grounded
    assert answer.read_as is not None and "distillation" in answer.read_as
    assert "teacher" in answer.answer


def test_dutch_question_is_answered_from_the_english_sources_and_says_so(kb: Assistant) -> None:
    answer = _answerer(kb).answer("Hoe werkt distillatie van een groot model naar een klein model?")
    assert answer.grounded
    assert answer.answer.startswith("Note: the sources are in English")
    assert "teacher" in answer.answer and "student" in answer.answer
    _every_sentence_is_quoted_and_cited(answer)


def test_a_language_it_cannot_read_is_named_not_called_uncovered(kb: Assistant) -> None:
    answer = _answerer(kb).answer("Was ist der Unterschied zwischen LoRA und QLoRA für unser Team?")
    assert not answer.grounded and answer.sources == []
    assert "German" in answer.answer and "English" in answer.answer
    assert "not cover" not in answer.answer
