"""Pretraining when the brief's signals line up (horizon in words counts); alignment for vulnerable audiences."""

from assistant.bootstrap import Assistant
from assistant.interview import plan_state_from_brief
from assistant.plan.recommend import Recommender, retriever_citations

PRETRAIN_BRIEF = (
    "We are a Frisian-language publisher. We want a model that writes and answers questions in Frisian, which public "
    "models handle badly. We own 2 billion tokens of Frisian text, we have a large budget, and we are in this for years."
)
VULNERABLE_BRIEF = "A chatbot that answers questions from patients about their medication, on the hospital website."


def test_pretraining_is_recommended_when_every_signal_is_there(kb: Assistant) -> None:
    recommender = Recommender(retriever_citations(kb.retriever))
    state = plan_state_from_brief(PRETRAIN_BRIEF, recommender)
    assert state.scope.long_horizon and state.scope.timeline_weeks is None  # "for years", no number of weeks
    plan = recommender.plan(state.scope)
    assert plan.model_selection.approach == "pretrain"
    assert any("pretrain" in c.source for c in plan.model_selection.sources)
    # Without the horizon the same brief does not justify pretraining.
    short = plan_state_from_brief(PRETRAIN_BRIEF.replace(", and we are in this for years", ""), recommender)
    assert recommender.plan(short.scope).model_selection.approach == "existing"


def test_a_vulnerable_audience_gets_an_alignment_rung_and_guardrails(kb: Assistant) -> None:
    recommender = Recommender(retriever_citations(kb.retriever))
    state = plan_state_from_brief(VULNERABLE_BRIEF, recommender)
    assert state.scope.vulnerable_users
    plan = recommender.plan(state.scope)
    assert "rlhf" in [s.technique for s in plan.adaptation.steps]
    assert "guardrails" in plan.augmentation.techniques
    assert any("align" in c.source or "responsible" in c.source for c in plan.adaptation.sources)
