"""What an answer is: the text, whether it is grounded, and the passages it cites."""

from __future__ import annotations

import json

from pydantic import BaseModel, Field, ValidationError


class SourceRef(BaseModel):
    """A cited passage as shown to users and written by `ask --jsonl`."""

    source: str
    section: str
    text: str
    score: float


class CardSection(BaseModel):
    """One whole section in an answer card: its answering sentences and the rest."""

    source: str
    title: str
    section: str
    citation: int
    key: list[str] = Field(description="The sentences that answer the question; displays emphasise them.")
    rest: list[str] = Field(default_factory=list, description="The rest of the section, in reading order.")
    omitted: int = Field(0, description="Sentences of the section left out to keep the answer short.")


class RelatedSentence(BaseModel):
    source: str
    title: str
    section: str
    text: str
    citation: int


class AnswerCard(BaseModel):
    sections: list[CardSection]
    related: list[RelatedSentence] = Field(default_factory=list)


class Answer(BaseModel):
    question: str
    answer: str
    grounded: bool = Field(description="False when the knowledge base does not cover the question.")
    sources: list[SourceRef] = Field(default_factory=list)
    backend: str = "none"
    notice: str | None = Field(None, description="Something the user should know, e.g. the LLM fell back.")
    card: AnswerCard | None = Field(None, description="The answer card (no-LLM answers): key sentences and the rest.")
    read_as: str | None = Field(
        None, description="The question as searched, when it differs (typos, Dutch, follow-up)."
    )

    def public_dict(self) -> dict[str, object]:
        """The `ask --jsonl` record."""
        return self.model_dump(include={"question", "answer", "grounded", "sources"})


class QuestionLine(BaseModel):
    """One `ask --jsonl` input line: a question and the user's earlier messages, oldest first."""

    question: str
    history: list[str] = Field(default_factory=list)

    @classmethod
    def parse(cls, line: str) -> QuestionLine:
        """A JSON object `{"question": ..., "history": [...]}`, or a plain-text question."""
        text = line.strip()
        if text.startswith("{"):
            try:
                return cls.model_validate(json.loads(text))
            except (json.JSONDecodeError, ValidationError):
                pass  # not a question object: treat the line as the question's text
        return cls(question=text)
