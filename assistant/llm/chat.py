"""The LLM behind one small interface: a LangChain chat model or none at all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.errors import ConfigError, LLMUnavailable
from assistant.settings import Settings, redact

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


def build_chat_model(settings: Settings) -> BaseChatModel | None:
    backend = settings.active_backend
    if backend == "none":
        return None
    if backend == "fake":
        from assistant.llm.fake import FakeChatModel

        return FakeChatModel(replies=list(settings.llm_fake_replies))
    from langchain_openai import ChatOpenAI

    if backend == "openai":
        key = settings.openai_api_key
        base_url = settings.llm_base_url
    else:
        if not settings.llm_model:
            raise ConfigError("LLM_BASE_URL is set but LLM_MODEL is not: name the model the endpoint serves.")
        # Local servers (Ollama, LM Studio, vLLM) usually ignore the key, but the client requires one.
        key = settings.llm_api_key or settings.openai_api_key
        base_url = settings.llm_base_url
    return ChatOpenAI(
        model=settings.effective_model or "",
        api_key=key.get_secret_value() if key else "not-needed",
        base_url=base_url,
        timeout=settings.llm_timeout_s,
        max_retries=0,  # a failing endpoint should fall back at once, not after minutes of retries
        temperature=settings.llm_temperature,
        streaming=True,
    )


def llm_call_errors() -> tuple[type[BaseException], ...]:
    """What a call to the chat model can raise when the model, not our code, is at fault.

    Client errors (refused, timed out, bad status), transport errors, and output the
    parser cannot read. Anything else is a bug and should surface as one.
    """
    import openai
    from langchain_core.exceptions import OutputParserException

    return (openai.OpenAIError, OSError, TimeoutError, OutputParserException, ValueError, LLMUnavailable)


def explain_llm_error(exc: BaseException, settings: Settings) -> LLMUnavailable:
    """Turn a client exception into one plain sentence; never echo headers or keys."""
    import openai

    where = redact(settings.llm_base_url) if settings.llm_base_url else "the OpenAI API"
    if isinstance(exc, openai.APITimeoutError):
        reason = f"the language model at {where} did not answer within {settings.llm_timeout_s:g}s"
    elif isinstance(exc, openai.APIConnectionError):
        reason = f"the language model at {where} could not be reached"
    elif isinstance(exc, openai.AuthenticationError):
        reason = f"the language model at {where} rejected the API key"
    elif isinstance(exc, openai.APIStatusError):
        reason = f"the language model at {where} returned an error (HTTP {exc.status_code})"
    else:
        reason = f"the language model failed ({type(exc).__name__})"
    return LLMUnavailable(redact(reason))
