"""Data the knowledge base hands out: chunks, passages, file records, status."""

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
    questions: list[str] = Field(
        default_factory=list,
        description="Typical questions the section answers (its `Questions:` line): searched, never shown.",
    )

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


class UploadRecord(BaseModel):
    """An uploaded original, recorded once per workspace and content whichever host received it."""

    workspace: str
    sha256: str
    name: str
    size: int
    in_database: bool = Field(description="The original's bytes are in the database (else in UPLOADS_DIR).")
