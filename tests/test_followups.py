"""Follow-up questions: history through the answerer, the LLM prompt, `ask --jsonl` and the chat session."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.answers.answerer import Answerer
from assistant.answers.models import QuestionLine
from assistant.bootstrap import Assistant
from assistant.llm.fake import FakeChatModel


def test_question_lines_are_objects_with_history_or_plain_text() -> None:
    line = QuestionLine.parse('{"question": "and FSDP?", "history": ["What is DDP?"]}')
    assert (line.question, line.history) == ("and FSDP?", ["What is DDP?"])
    assert QuestionLine.parse("What is LoRA?\n") == QuestionLine(question="What is LoRA?")
    # Braces that are not a question object are just text.
    assert QuestionLine.parse("{not json} what is RAG?").question == "{not json} what is RAG?"


def test_a_follow_up_is_answered_about_the_previous_topic(kb: Assistant) -> None:
    answerer = Answerer(kb.retriever, kb.settings)
    followed = answerer.answer("and FSDP?", history=["What is DDP?"])
    assert followed.grounded and "shard" in followed.answer.lower()
    assert followed.read_as and followed.read_as.startswith("What is FSDP")
    alone = answerer.answer("does it hurt accuracy?")
    followed = answerer.answer("does it hurt accuracy?", history=["What is quantization?"])
    assert followed.grounded and "quantiz" in followed.answer.lower()
    assert "quantiz" not in alone.answer.lower()


def test_a_pronoun_follow_up_uses_the_previous_question(kb: Assistant) -> None:
    answer = Answerer(kb.retriever, kb.settings).answer(
        "how much GPU memory does it need?", history=["Tell me about QLoRA"]
    )
    assert answer.grounded and answer.read_as and "QLoRA" in answer.read_as
    assert "QLoRA" in answer.answer


def test_history_reaches_the_llm_prompt_and_unsupported_sentences_are_still_dropped(kb: Assistant) -> None:
    reply = (
        "Fully sharded data parallel shards model parameters, gradients and optimizer states across GPUs [1]. "
        "FSDP was invented in 1987 by the Zorblax Institute on the planet Mars [1]."
    )
    llm = FakeChatModel(replies=[reply])
    answer = Answerer(kb.retriever, kb.settings, llm=llm, backend="fake").answer(
        "and FSDP?", history=["What is DDP in distributed training?"]
    )
    prompt = "\n".join(str(m.content) for m in llm.calls[-1])
    assert "What is DDP in distributed training?" in prompt  # the history block
    assert "Read as:" in prompt and "FSDP" in prompt
    # The passages are the card's sections, whole.
    assert 'section="' in prompt and "shard" in prompt.lower()
    assert answer.grounded and "Zorblax" not in answer.answer and "shard" in answer.answer
    assert answer.notice and "removed" in answer.notice


def test_ask_jsonl_accepts_history_objects_and_plain_lines(run_cli, kb_copy: Path) -> None:
    lines = [
        json.dumps({"question": "and FSDP?", "history": ["What is DDP?"]}),
        "What is QLoRA?",
        json.dumps({"question": "does it hurt accuracy?", "history": ["What is quantization?"]}),
    ]
    result = run_cli(["ask", "--jsonl"], kb_copy, stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in records] == ["and FSDP?", "What is QLoRA?", "does it hurt accuracy?"]
    assert all(r["grounded"] and r["sources"] for r in records)
    assert "shard" in records[0]["answer"].lower()
    assert "quantiz" in records[2]["answer"].lower()
