"""What an answer is: the text, whether it is grounded, and the passages it cites."""

from __future__ import annotations

from pydantic import BaseModel, Field


class SourceRef(BaseModel):
    """A cited passage as shown to users and written by `ask --jsonl`."""

    source: str
    section: str
    text: str
    score: float


class Answer(BaseModel):
    question: str
    answer: str
    grounded: bool = Field(description="False when the knowledge base does not cover the question.")
    sources: list[SourceRef] = Field(default_factory=list)
    backend: str = "none"
    notice: str | None = Field(None, description="Something the user should know, e.g. the LLM fell back.")

    def public_dict(self) -> dict[str, object]:
        """The `ask --jsonl` record."""
        return self.model_dump(include={"question", "answer", "grounded", "sources"})
