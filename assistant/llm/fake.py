"""A deterministic chat model: `LLM_BACKEND=fake`, for tests, AppTest, the CLI and the browser.

It answers from a queue of scripted replies first (`LLM_FAKE_REPLIES`, a JSON
list), then by a fixed rule so that any number of turns works:
- an answer prompt (fenced passages) gets the first sentence of passage 1, cited
  as [1], so grounded answers pass the grounding check;
- a scope-reading prompt (asks for JSON) gets `{}` (nothing read);
- anything else gets "OK.".
Every call's messages are recorded in `calls`, so a test can check what reached
the prompt (history, fenced passages). It never touches the network.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from pydantic import Field, PrivateAttr

_FIRST_PASSAGE = re.compile(r"<passage[^>]*>\s*(.+?)</passage>", re.S | re.I)
_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)", re.S)


class FakeChatModel(BaseChatModel):
    """Scripted replies, then a deterministic rule; records every call."""

    replies: list[str] = Field(default_factory=list)
    calls: list[list[BaseMessage]] = Field(default_factory=list)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    @property
    def _llm_type(self) -> str:
        return "lifecycle-fake"

    def next_reply(self, messages: Sequence[BaseMessage]) -> str:
        with self._lock:
            self.calls.append(list(messages))
            if self.replies:
                return self.replies.pop(0)
        prompt = "\n".join(str(m.content) for m in messages)
        passage = _FIRST_PASSAGE.search(prompt)
        if passage:
            body = " ".join(passage.group(1).split())
            first = _SENTENCE.match(body)
            return f"{(first.group(1) if first else body).strip()} [1]"
        if "json" in prompt.lower():
            return "{}"
        return "OK."

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.next_reply(messages)))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        text = self.next_reply(messages)
        for i, word in enumerate(text.split(" ")):
            yield ChatGenerationChunk(message=AIMessageChunk(content=word if i == 0 else " " + word))
