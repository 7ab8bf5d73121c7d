"""Languages our marker words do not list are named (py3langid), never answered as "not covered"."""

from __future__ import annotations

import pytest

from assistant.bootstrap import Assistant
from assistant.evaluation import answer_refuses
from assistant.knowledge.query import detect_language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ile kosztuje utrzymanie modelu językowego przez rok?", "pl"),
        ("vad betyder det att finjustera en modell för vår kundtjänst?", "sv"),
        ("yapay zeka projesi için ne kadar veri gerekir?", "tr"),
        ("quanto tempo leva para implantar um assistente virtual?", "pt"),
        ("сколько стоит обучение большой модели?", "ru"),
        ("生成式人工智能项目需要多少数据？", "zh"),
        # Ours stay ours: Dutch and English, short or long, with English terms inside.
        ("Hoe werkt een reward model precies?", "nl"),
        ("wat kost het om een model te fine-tunen op onze eigen documenten?", "nl"),
        ("peft vs lora", "en"),
        ("quick q: whats a good prompt length lol", "en"),
    ],
)
def test_languages_are_named(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_a_question_in_an_unread_language_says_so(kb: Assistant) -> None:
    # Danish and Norwegian share many words with Dutch: a short Danish question can still be read as
    # Dutch (and then refused by the gate); Swedish, Polish and the like are named.
    answer = kb.answerer.answer("hur lång tid tar det att träna en modell för vår kundtjänst?")
    assert answer_refuses(answer)
    assert "Swedish" in answer.answer
    assert "not cover" not in answer.answer


def test_a_question_in_another_script_says_so(kb: Assistant) -> None:
    answer = kb.answerer.answer("как выбрать модель для нашего проекта?")
    assert answer_refuses(answer)
    assert "Russian" in answer.answer
