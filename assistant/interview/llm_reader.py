"""Reading scope slots from free text with an LLM, when one is configured.

The rules in `extract.py` always run; the LLM only fills slots they left empty,
and only during the scope interview, so decisions never hinge on it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

from assistant.interview.machine import QUESTION_BY_ID, InterviewState
from assistant.llm import chat_prompt, llm_call_errors
from assistant.plan.scope import Scope, ScopeUpdate

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)


def llm_scope_extractor(llm: BaseChatModel | None) -> Callable[[str, InterviewState], ScopeUpdate | None] | None:
    if llm is None:
        return None
    from langchain_core.output_parsers import PydanticOutputParser

    parser: PydanticOutputParser[Scope] = PydanticOutputParser(pydantic_object=Scope)
    failures = llm_call_errors()
    chain = chat_prompt("extract_scope_system", "extract_scope_user") | llm | parser

    def extract(message: str, state: InterviewState) -> ScopeUpdate | None:
        if state.stage != "scope":
            return None
        question = QUESTION_BY_ID[state.current].text if state.current else "(none)"
        try:
            scope: Scope = chain.invoke(
                {"format_instructions": parser.get_format_instructions(), "question": question, "message": message}
            )
        except failures as exc:  # the rules already ran; an LLM failure only loses the extra reading
            log.warning("LLM scope extraction failed: %s", type(exc).__name__)
            return None
        values = {
            k: getattr(scope, k)
            for k in scope.model_fields_set
            if k != "use_case" and getattr(scope, k) not in (None, [])
        }
        return ScopeUpdate(values=values, notes=[f"{k.replace('_', ' ').capitalize()}: {v}" for k, v in values.items()])

    return extract
