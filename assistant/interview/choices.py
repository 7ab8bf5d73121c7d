"""Team choices on the Select stage: the approach (existing model or pretrain) and the model candidates.

Each choice is a recorded `TeamOverride` (who, what, why, when) that wins over the rules; the
plan's rationale says where the choice departs from what the rules advised. Candidates added by
the team come from the model catalogue (`knowledge/models.yaml`), so names stay the catalogue's.
Push-back in the chat ("we'd rather pretrain our own", "drop Llama from the candidates") is read
here into the same overrides as the Plan tab writes.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from assistant.plan.catalog import load_catalogue
from assistant.plan.overrides import (
    APPROACH,
    APPROACH_LABELS,
    CANDIDATE_ADD,
    CANDIDATE_REMOVE,
    HOSTING,
    HOSTING_LABELS,
)
from assistant.plan.recommend import Recommender
from assistant.plan.schema import Candidate, ProjectPlan, TeamOverride
from assistant.plan.scope import Scope


def record_override(overrides: list[TeamOverride], new: TeamOverride) -> list[TeamOverride]:
    """Add a team choice: a single-valued choice (approach, hosting, ladder order) replaces the earlier one;
    a candidate added after being removed (or the reverse) cancels the earlier choice, so the history stays short."""
    single = new.field in (APPROACH, HOSTING, "adaptation.order")
    opposite = {CANDIDATE_ADD: CANDIDATE_REMOVE, CANDIDATE_REMOVE: CANDIDATE_ADD}.get(new.field)
    families = load_catalogue().families if opposite else {}

    def same_thing(o: TeamOverride) -> bool:
        if o.field == new.field:
            return single or o.value == new.value
        if o.field == opposite:
            names = {str(v) if str(v) not in families else families[str(v)].name for v in (o.value, new.value)}
            return len(names) == 1
        return False

    return [o for o in overrides if not same_thing(o)] + [new]


def catalogue_families() -> dict[str, str]:
    """Catalogue family id -> the name shown in plans (for the Plan tab's picker)."""
    return {key: family.name for key, family in load_catalogue().families.items()}


def team_approach(overrides: list[TeamOverride]) -> str | None:
    """The approach the team chose last, if any."""
    chosen = [o.value for o in overrides if o.field == APPROACH and o.value in APPROACH_LABELS]
    return str(chosen[-1]) if chosen else None


def _why(o: TeamOverride) -> str:
    return f" Reason given: “{o.why}”." if o.why and o.why != o.value else ""


def apply_model_choices(
    plan: ProjectPlan, overrides: list[TeamOverride], scope: Scope, recommender: Recommender
) -> None:
    """Approach, hosting and candidates as the team chose them, each departure from the rules said in words.

    `plan` was built with the team's approach already (so the timeline and ladder follow it); the
    rules' own advice is recomputed here only to say where the team departs from it.
    """
    selection = plan.model_selection
    rule_approach = "pretrain" if recommender.pretrain_justified(scope) else "existing"
    approach_override = next((o for o in reversed(overrides) if o.field == APPROACH), None)
    if approach_override is not None and selection.approach != rule_approach:
        rule = recommender.model_selection(scope)
        selection.rationale = (
            f"Team choice: {APPROACH_LABELS[selection.approach]}, which departs from the rules' advice "
            f"({APPROACH_LABELS[rule_approach]}).{_why(approach_override)} The rules' reasoning: {rule.rationale}"
        )
        selection.sources = rule.sources + [c for c in selection.sources if c not in rule.sources]
    hosting_override = next((o for o in reversed(overrides) if o.field == HOSTING), None)
    if hosting_override is not None and hosting_override.value in HOSTING_LABELS:
        rule_hosting = selection.hosting
        selection.hosting = hosting_override.value
        if rule_hosting != hosting_override.value:
            selection.rationale += (
                f" Team choice: {HOSTING_LABELS[hosting_override.value]}, which departs from the rules' advice "
                f"({HOSTING_LABELS[rule_hosting]}).{_why(hosting_override)}"
            )
            if selection.approach == "existing":
                # The shortlist follows where the model runs: hosted APIs are no use when the weights must be local.
                architecture = selection.architecture.split(" ")[0]
                selection.candidates = recommender.candidates(scope, architecture, selection.hosting)
    families = load_catalogue().families
    for o in overrides:
        if o.field == CANDIDATE_REMOVE:
            name = str(o.value)
            kept = [c for c in selection.candidates if c.name != name]
            if len(kept) < len(selection.candidates):
                selection.candidates = kept
                selection.rationale += f" The team removed “{name}” from the rules' shortlist.{_why(o)}"
        elif o.field == CANDIDATE_ADD and str(o.value) in families:
            family = families[str(o.value)]
            if all(c.name != family.name for c in selection.candidates):
                why = f"Added by the team: {o.why}" if o.why else f"Added by the team. {family.why}"
                selection.candidates.append(Candidate(name=family.name, why=why))
                selection.rationale += (
                    f" The team added “{family.name}”, which the rules did not shortlist for this scope.{_why(o)}"
                )


# ------------------------------------------------------------------ push-back in the chat
_PRETRAIN = re.compile(
    r"\b(?:rather|prefer|want to|would like to|let'?s|going to|plan to|we'?ll)\b[^.?!]{0,25}\bpre-?train", re.I
)
_EXISTING = re.compile(
    r"\b(?:no|not|don'?t|won'?t|never|instead of|rather than)\b[^.?!]{0,20}\bpre-?train"
    r"|\b(?:existing|off[- ]the[- ]shelf|foundation|pretrained|ready-made) model\b[^.?!]{0,15}\binstead\b"
    r"|\b(?:rather|prefer|just)\b[^.?!]{0,25}\b(?:an? )?(?:existing|off[- ]the[- ]shelf|pretrained|ready-made) model\b",
    re.I,
)
_CANDIDATE_DROP = re.compile(
    r"\b(?:drop|remove|scrap|ditch|lose|take out|cross off|exclude|forget|no)\b\s+(?:the\s+)?(?P<what>[^.?!,;]{2,40}?)"
    r"(?:\s+(?:from|off)\s+(?:the\s+)?(?:candidates?|shortlist|list|models?)\b|\s+(?:candidate|model|option)s?\b)",
    re.I,
)
_CANDIDATE_ADD = re.compile(
    r"\b(?:add|include|consider|also try|put)\b\s+(?:the\s+)?(?P<what>[^.?!,;]{2,40}?)"
    r"(?:\s+(?:to|on|in)\s+(?:the\s+)?(?:candidates?|shortlist|list)\b|\s+as (?:a|another) (?:candidate|option)\b)",
    re.I,
)
_STOP = {"the", "a", "an", "one", "model", "models", "family", "open", "weights", "and", "or", "of", "our", "we"}


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9][a-z0-9.+-]*", text.lower()) if w not in _STOP and len(w) > 1}


def _matching(what: str, names: list[str]) -> list[str]:
    """Names that carry every distinctive word the team used ("llama" -> every Llama family on the list)."""
    wanted = _words(what)
    return [name for name in names if wanted and wanted <= _words(name)] if wanted else []


def read_model_pushback(message: str, plan: ProjectPlan, who: str = "team") -> tuple[list[TeamOverride], str] | None:
    """Overrides of approach or candidates said in the chat, with what to tell the team; None if none."""
    now = datetime.now(UTC).isoformat(timespec="seconds")
    why = message.strip()[:200]
    drop = _CANDIDATE_DROP.search(message)
    if drop:
        names = _matching(drop["what"], [c.name for c in plan.model_selection.candidates])
        if not names and not re.search(r"candidate|shortlist", message, re.I):
            return None  # "drop RAG from the list": not about models
        if not names:
            listed = "; ".join(c.name for c in plan.model_selection.candidates)
            return [], f"I couldn't find “{drop['what'].strip()}” among the candidates ({listed}); nothing was removed."
        overrides = [TeamOverride(field=CANDIDATE_REMOVE, value=n, why=why, who=who, when=now) for n in names]
        return overrides, "Noted: removed " + ", ".join(
            f"“{n}”" for n in names
        ) + " from the candidates (a team choice, recorded with your reason)."
    add = _CANDIDATE_ADD.search(message)
    if add:
        families = catalogue_families()
        keys = [k for k, name in families.items() if name in _matching(add["what"], list(families.values()))]
        if not keys:
            return (
                [],
                f"I couldn't find “{add['what'].strip()}” in the model catalogue; pick one in the Plan tab instead.",
            )
        key = keys[0]  # the catalogue's first match: its order puts the general family before variants
        return (
            [TeamOverride(field=CANDIDATE_ADD, value=key, why=why, who=who, when=now)],
            f"Noted: added “{families[key]}” to the candidates (a team choice, recorded with your reason).",
        )
    if _EXISTING.search(message):
        value = "existing"
    elif _PRETRAIN.search(message):
        value = "pretrain"
    else:
        return None
    return (
        [TeamOverride(field=APPROACH, value=value, why=why, who=who, when=now)],
        f"Noted: the approach is now to {APPROACH_LABELS[value]} (a team choice, recorded with your reason).",
    )
