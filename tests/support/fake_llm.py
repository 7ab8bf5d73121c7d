"""A deterministic chat model for unit tests: returns queued replies, streamed word by word."""

from __future__ import annotations

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage


def fake_llm(*replies: str) -> GenericFakeChatModel:
    return GenericFakeChatModel(messages=iter([AIMessage(content=r) for r in replies]))


class FailingLLM(GenericFakeChatModel):
    """Raises the given exception as soon as it is asked to generate."""

    error: BaseException

    def _generate(self, *args, **kwargs):  # type: ignore[override]
        raise self.error

    def _stream(self, *args, **kwargs):  # type: ignore[override]
        raise self.error
