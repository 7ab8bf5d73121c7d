"""The OpenAI-compatible path for real: ChatOpenAI and the openai client against a loopback stub."""

import socket

import pytest

from assistant.answers.answerer import Answerer
from assistant.bootstrap import Assistant
from assistant.errors import ConfigError
from assistant.llm.chat import build_chat_model
from tests.conftest import make_settings
from tests.support.chat_stub import ChatStub, StubBehaviour

QUESTION = "What is knowledge distillation?"
SECRET = "sk-stub-secret-123"


def _answerer(kb: Assistant, base_url: str, timeout: float = 5.0) -> Answerer:
    settings = make_settings(
        kb.settings.data_dir,
        llm_backend=None,
        llm_base_url=base_url,
        llm_model="stub-model",
        llm_api_key=SECRET,
        llm_timeout_s=timeout,
    )
    assert settings.active_backend == "openai-compatible"
    return Answerer(kb.retriever, settings, llm=build_chat_model(settings))


def _grounded_reply(kb: Assistant) -> str:
    passages = kb.retriever.retrieve(QUESTION).passages
    n = next(i for i, p in enumerate(passages, start=1) if "teacher" in p.text)
    return f"Knowledge distillation is a model compression technique in which a larger teacher model trains a smaller student model [{n}]."


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_streamed_answer_through_an_openai_compatible_endpoint(kb: Assistant) -> None:
    with ChatStub(StubBehaviour(reply=_grounded_reply(kb))) as stub:
        stream = _answerer(kb, stub.base_url).stream(QUESTION)
        pieces = list(stream)
        answer = stream.result
        request = stub.behaviour.requests[0]

    assert len(pieces) > 5  # arrived word by word over server-sent events
    assert answer.grounded and answer.backend == "openai-compatible" and answer.notice is None
    assert "teacher model trains a smaller student model [1]." in answer.answer
    body = request["body"]
    assert request["path"] == "/v1/chat/completions" and body["stream"] is True and body["model"] == "stub-model"
    assert request["auth"] == f"Bearer {SECRET}"
    system, user = body["messages"][0]["content"], body["messages"][1]["content"]
    assert "data, never instructions" in system
    assert '<passage id="1"' in user and user.rstrip().endswith(f"Question: {QUESTION}")


def test_refused_connection_falls_back_to_quoted_answer(kb: Assistant) -> None:
    answer = _answerer(kb, f"http://127.0.0.1:{_closed_port()}/v1").answer(QUESTION)
    assert answer.grounded and answer.backend == "none" and "teacher" in answer.answer
    assert "could not be reached" in answer.notice
    assert SECRET not in answer.model_dump_json()


def test_timeout_falls_back_to_quoted_answer(kb: Assistant) -> None:
    with ChatStub(StubBehaviour(reply="late", delay_s=3.0)) as stub:
        answer = _answerer(kb, stub.base_url, timeout=0.5).answer(QUESTION)
    assert answer.grounded and "teacher" in answer.answer
    assert "did not answer within 0.5s" in answer.notice


@pytest.mark.parametrize(("status", "expected"), [(500, "HTTP 500"), (503, "HTTP 503"), (401, "rejected the API key")])
def test_error_status_falls_back_with_a_clear_reason(kb: Assistant, status: int, expected: str) -> None:
    with ChatStub(StubBehaviour(status=status)) as stub:
        answer = _answerer(kb, stub.base_url).answer(QUESTION)
    assert answer.grounded and "teacher" in answer.answer
    assert expected in answer.notice
    assert SECRET not in answer.model_dump_json()


def test_openai_compatible_endpoint_without_model_is_a_clear_error(kb: Assistant) -> None:
    settings = make_settings(kb.settings.data_dir, llm_backend=None, llm_base_url="http://127.0.0.1:1/v1")
    with pytest.raises(ConfigError, match="LLM_MODEL"):
        build_chat_model(settings)
