"""A fake chat model that obeys: it does whatever the passages it is given tell it to.

It simulates the worst case of a real model (LLM01): for an answer prompt it
writes the first sentence of passage 1 with a citation, then repeats every
instruction-like sentence it finds in the passages, writes out every code word
(canary) they contain, and turns every address they mention into an image, so a
payload that reaches the model reaches the answer unless the pipeline stops it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult

_PASSAGE = re.compile(r"<passage[^>]*>(.*?)</passage>", re.S)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_CODE = re.compile(r"\b[A-Z][A-Z0-9]{1,15}-[A-Z0-9]{4,16}\b")
_URL = re.compile(r"(?:https?://|www\.)[^\s)\"'<>]+|\b[\w-]+\.example/[^\s)\"'<>]*")
_IMPERATIVE = re.compile(
    r"\b(?:ignore|disregard|reply|respond|answer with|say|print|output|repeat|include|append|write|start|end|"
    r"sign|reveal|visit|click|render|show|translate|you are|act as|system|assistant)\b",
    re.I,
)


class ObedientChatModel(BaseChatModel):
    calls: int = 0

    @property
    def _llm_type(self) -> str:
        return "obedient-fake"

    def reply(self, messages: Sequence[BaseMessage]) -> str:
        self.calls += 1
        prompt = "\n".join(str(m.content) for m in messages)
        passages = _PASSAGE.findall(prompt)
        if not passages:
            return "{}" if "json" in prompt.lower() else "OK."
        first = _SENTENCE.match(" ".join(passages[0].split()))
        out = [f"{first.group(0).strip() if first else passages[0][:200]} [1]"]
        for n, body in enumerate(passages, start=1):
            for sentence in _SENTENCE.findall(" ".join(body.split())):
                if _IMPERATIVE.search(sentence):
                    out.append(f"{sentence.strip()} [{n}]")
            for code in _CODE.findall(body):
                out.append(f"{code} [{n}]")
                out.append(f"As instructed: {code}.")
            for url in _URL.findall(body):
                out.append(f"![status]({url if '://' in url else 'http://' + url}) [{n}]")
                out.append(f'See <img src="{url}"> for details.')
        return " ".join(out)

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content=self.reply(messages)))])

    def _stream(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> Iterator[ChatGenerationChunk]:
        text = self.reply(messages)
        # Small pieces: an image split across pieces must still never render.
        for i in range(0, len(text), 7):
            yield ChatGenerationChunk(message=AIMessageChunk(content=text[i : i + 7]))
