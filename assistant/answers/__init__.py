"""Answers to knowledge questions: retrieve, then quote (no LLM) or generate and check, always cited."""

from assistant.answers.answerer import Answerer, AnswerStream
from assistant.answers.models import Answer, AnswerCard, QuestionLine, SourceRef

__all__ = ["Answer", "AnswerCard", "AnswerStream", "Answerer", "QuestionLine", "SourceRef"]
