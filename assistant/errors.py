"""The errors a user can meet, each naming the part that failed.

Every error the app or the CLI shows is an `AssistantError`: its `user_message`
is one plain sentence, safe to show (no keys, no stack trace), and `part` names
the component (LLM, vector store, plan database, a document...) so a
misconfigured LLM is never reported as a broken knowledge base.
"""

from __future__ import annotations


class AssistantError(Exception):
    """Base of every error shown to users."""

    part = "assistant"
    # True when the user can fix it (a bad file, an empty question, a setting): the CLI exits 2, else 1.
    user_caused = False

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message

    def __str__(self) -> str:
        return self.user_message

    def one_line(self) -> str:
        """`<part>: <message>` for the CLI and the app's error banner."""
        return f"{self.part}: {self.user_message}"


class ConfigError(AssistantError):
    part = "settings"
    user_caused = True


class LLMUnavailable(AssistantError):
    """The configured LLM could not answer (unreachable, timed out, rejected the key)."""

    part = "LLM"


class KnowledgeStoreError(AssistantError):
    """The vector store or the passage/keyword store failed."""

    part = "knowledge base"


class EmbeddingModelError(AssistantError):
    part = "embedding model"


class DocumentError(AssistantError):
    """A document could not be read or parsed; the message names the file."""

    part = "document"
    user_caused = True


class QuestionError(AssistantError):
    """The question itself cannot be answered as typed (empty, too long)."""

    part = "question"
    user_caused = True


class PlanStoreError(AssistantError):
    part = "plan database"


class PlanNotFound(PlanStoreError):
    pass


class PlanBusy(PlanStoreError):
    """The plan kept changing under us; try again."""


class WorkshopEditError(AssistantError):
    """A workshop table edit (decisions, actions, risks, sign-offs) that is not a valid record."""

    part = "workshop records"
    user_caused = True
