"""Team overrides in words: what each override field means, for the chat record, the Plan tab and exports.

The fields are dotted paths into the plan (`model_selection.hosting`, `adaptation.remove`); people
read "hosting → a hosted API", not the path.
"""

from __future__ import annotations

from assistant.plan.catalog import load_catalogue
from assistant.plan.schema import TECHNIQUE_NAMES

APPROACH = "model_selection.approach"
CANDIDATE_ADD = "model_selection.candidates.add"
CANDIDATE_REMOVE = "model_selection.candidates.remove"
HOSTING = "model_selection.hosting"
LADDER_ADD = "adaptation.add"
LADDER_REMOVE = "adaptation.remove"
LADDER_ORDER = "adaptation.order"

APPROACH_LABELS = {"existing": "start from an existing foundation model", "pretrain": "pretrain your own model"}
HOSTING_LABELS = {"hosted_api": "a hosted API", "open_weights": "open weights, self-hosted"}


def _technique(value: object) -> str:
    return TECHNIQUE_NAMES.get(str(value), str(value).replace("_", " "))


def describe_override(field: str, value: object) -> str:
    """A team choice in words: "hosting → a hosted API", "step removed from the adaptation ladder: RLHF"."""
    if field == APPROACH and value in APPROACH_LABELS:
        return f"approach → {APPROACH_LABELS[str(value)]}"
    if field == HOSTING and value in HOSTING_LABELS:
        return f"hosting → {HOSTING_LABELS[str(value)]}"
    if field == CANDIDATE_ADD:
        families = {key: family.name for key, family in load_catalogue().families.items()}
        return f"candidate added: {families.get(str(value), value)}"
    if field == CANDIDATE_REMOVE:
        return f"candidate removed: {value}"
    if field == LADDER_REMOVE:
        return f"step removed from the adaptation ladder: {_technique(value)}"
    if field == LADDER_ADD:
        return f"step added to the adaptation ladder: {_technique(value)}"
    if field == LADDER_ORDER and isinstance(value, list):
        return "adaptation ladder reordered: " + " → ".join(_technique(v) for v in value)
    return f"{field.replace('_', ' ')} → {value}"
