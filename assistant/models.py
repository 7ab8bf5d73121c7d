"""Data that crosses boundaries: chunks, passages, answers."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field


class Chunk(BaseModel):
    """One searchable piece of a source document."""

    id: str
    source: str = Field(description="Path of the source file, relative to the project when inside it.")
    title: str
    section: str
    stages: list[str] = Field(default_factory=list)
    order: int = Field(description="Position of the chunk within its file.")
    text: str

    def embedding_text(self) -> str:
        # Headings carry meaning the passage often leaves implicit ("Pitfalls" of what?).
        return f"{self.title}. {self.section}.\n{self.text}"


class Passage(BaseModel):
    """A retrieved chunk with how relevant it is to the question."""

    id: str
    source: str
    title: str
    section: str
    stages: list[str] = Field(default_factory=list)
    text: str
    score: float = Field(description="Cosine similarity between question and passage, 0..1.")


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


class FileRecord(BaseModel):
    path: str
    sha256: str
    title: str
    chunks: int
    ingested_at: datetime


class KnowledgeStatus(BaseModel):
    documents: int
    chunks: int
    last_built: datetime | None
    titles: list[str] = Field(default_factory=list)
