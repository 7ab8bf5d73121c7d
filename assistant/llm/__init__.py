"""The LLM behind one small interface: a LangChain chat model (OpenAI, OpenAI-compatible, fake) or none."""

from assistant.llm.chat import build_chat_model, explain_llm_error, llm_call_errors
from assistant.llm.prompts import chat_prompt, load_prompt

__all__ = ["build_chat_model", "chat_prompt", "explain_llm_error", "llm_call_errors", "load_prompt"]
