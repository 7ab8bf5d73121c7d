"""Team overrides of the approach and the model candidates: from the Plan tab (sessions.override) and the chat."""

from pathlib import Path

import pytest

from assistant.interview import InterviewState, plan_for, start, step
from assistant.interview.choices import catalogue_families
from assistant.plan.recommend import Recommender
from assistant.plan.store import PlanStore
from assistant.sessions import PlanSessions

BRIEF = "Draft replies to customer emails for our service desk"


@pytest.fixture
def sessions(tmp_path: Path) -> PlanSessions:
    return PlanSessions(PlanStore(f"sqlite:///{tmp_path / 'plans.sqlite3'}"), None, Recommender())


def _at_select(message: str = BRIEF) -> InterviewState:
    state, _ = start()
    state, _ = step(state, message)
    state, _ = step(state, "finish")
    assert state.stage == "select"
    return state


def test_pretrain_chosen_in_the_plan_tab_wins_and_says_it_departs(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    sessions.handle(stored.id, BRIEF)
    turn = sessions.handle(stored.id, "finish")
    rule = turn.state.plan.model_selection
    assert rule.approach == "existing"
    turn = sessions.override(
        stored.id, "model_selection.approach", "pretrain", why="our legal corpus is huge", by="Sanne"
    )
    chosen = turn.state.plan.model_selection
    assert chosen.approach == "pretrain"
    assert "departs from the rules' advice (start from an existing foundation model)" in chosen.rationale
    assert "our legal corpus is huge" in chosen.rationale
    # The pretraining shortlist, not the rules' one for an existing model.
    assert {c.name for c in chosen.candidates}.isdisjoint({c.name for c in rule.candidates})
    override = turn.state.plan.overrides[-1]
    assert (override.field, override.value, override.who, override.why) == (
        "model_selection.approach",
        "pretrain",
        "Sanne",
        "our legal corpus is huge",
    )
    assert override.when
    assert "Team override by Sanne: approach → pretrain your own model" in turn.reply.content
    # Choosing again replaces the earlier choice; going back to the rule's approach says nothing departs.
    turn = sessions.override(stored.id, "model_selection.approach", "existing", why="too costly")
    assert [o.value for o in turn.state.plan.overrides if o.field == "model_selection.approach"] == ["existing"]
    assert turn.state.plan.model_selection.approach == "existing"
    assert "departs" not in turn.state.plan.model_selection.rationale


def test_candidates_removed_and_added_from_the_catalogue(sessions: PlanSessions) -> None:
    stored, _ = sessions.create()
    sessions.handle(stored.id, BRIEF)
    turn = sessions.handle(stored.id, "finish")
    names = [c.name for c in turn.state.plan.model_selection.candidates]
    families = catalogue_families()
    extra = next(key for key, name in families.items() if name not in names and "Mistral" in name)
    turn = sessions.override(stored.id, "model_selection.candidates.remove", names[0], why="no US vendors", by="Ada")
    turn = sessions.override(stored.id, "model_selection.candidates.add", extra, why="EU vendor", by="Ada")
    selection = turn.state.plan.model_selection
    shown = [c.name for c in selection.candidates]
    assert names[0] not in shown and families[extra] in shown and names[1] in shown
    added = next(c for c in selection.candidates if c.name == families[extra])
    assert "EU vendor" in added.why
    assert (
        f"The team removed “{names[0]}” from the rules' shortlist. Reason given: “no US vendors”."
        in selection.rationale
    )
    assert f"The team added “{families[extra]}”, which the rules did not shortlist" in selection.rationale
    fields = [(o.field, o.who) for o in turn.state.plan.overrides]
    assert fields == [("model_selection.candidates.remove", "Ada"), ("model_selection.candidates.add", "Ada")]
    # Adding back a removed candidate cancels the removal instead of piling up choices.
    key = next(k for k, n in families.items() if n == names[0])
    turn = sessions.override(stored.id, "model_selection.candidates.add", key, why="changed our mind")
    assert names[0] in [c.name for c in turn.state.plan.model_selection.candidates]
    assert [o.field for o in turn.state.plan.overrides].count("model_selection.candidates.remove") == 0


def test_pushback_in_the_chat_overrides_approach_and_candidates() -> None:
    state = _at_select()
    recommender = Recommender()
    llamas = [c.name for c in plan_for(state, recommender).model_selection.candidates if "Llama" in c.name]
    assert llamas  # the rules' shortlist here has a Llama family
    state, reply = step(state, "drop Llama from the candidates, the licence worries legal")
    assert reply.intent == "pushback" and "removed" in reply.text
    plan = plan_for(state, recommender)
    assert not [c for c in plan.model_selection.candidates if "Llama" in c.name]
    assert "licence worries legal" in plan.model_selection.rationale
    state, reply = step(state, "add Mistral to the candidates")
    assert "Mistral" in " ".join(c.name for c in plan_for(state, recommender).model_selection.candidates)
    state, reply = step(state, "we'd rather pretrain our own, we have decades of archives")
    plan = plan_for(state, recommender)
    assert plan.model_selection.approach == "pretrain"
    assert "departs from the rules' advice" in plan.model_selection.rationale
    assert plan.overrides[-1].why.startswith("we'd rather pretrain our own")
    state, reply = step(state, "actually let's use an existing model instead")
    assert plan_for(state, recommender).model_selection.approach == "existing"
    # A name not on the list changes nothing and says so.
    before = plan_for(state, recommender).model_selection.candidates
    state, reply = step(state, "remove Falcon from the candidates")
    assert "couldn't find" in reply.text and plan_for(state, recommender).model_selection.candidates == before


def test_ladder_pushback_still_works_beside_candidates() -> None:
    state = _at_select()
    state, reply = step(state, "drop the fine-tuning step")
    assert "fine-tuning rungs are removed" in reply.text


def test_help_explains_model_choices_and_undo() -> None:
    from assistant.interview.help import answer_help

    assert answer_help("can we change the candidates?").startswith("**Can we choose a different model or approach?**")
    assert answer_help("how do I undo?").startswith("**How do I undo or go back?**")
    assert "redo" in answer_help("how do I redo").lower()
