"""The model catalogue (`knowledge/models.yaml`): candidate families as data, validated on load.

The rules in `recommend.py` decide *which* shortlist fits a scope; the catalogue says *what*
is on it, so a team can update model names and licences without touching the rules.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, Field, ValidationError, model_validator

from assistant.errors import ConfigError
from assistant.settings import PROJECT_ROOT

CATALOGUE_PATH = PROJECT_ROOT / "knowledge" / "models.yaml"


class ModelFamily(BaseModel):
    name: str
    why: str
    architecture: Literal["encoder-only", "encoder-decoder", "decoder-only"]
    hosting: Literal["hosted_api", "open_weights"]
    licence: str
    sizes: str
    context_tokens: int = Field(gt=0)
    languages: list[str]


class Catalogue(BaseModel):
    families: dict[str, ModelFamily]
    shortlists: dict[str, list[str]]

    @model_validator(mode="after")
    def _shortlists_name_known_families(self) -> Catalogue:
        for key, ids in self.shortlists.items():
            unknown = [i for i in ids if i not in self.families]
            if unknown:
                raise ValueError(f"shortlist {key!r} names unknown families {unknown}")
        return self

    def shortlist(self, key: str) -> list[ModelFamily]:
        return [self.families[i] for i in self.shortlists[key]]


@cache
def load_catalogue(path: Path = CATALOGUE_PATH) -> Catalogue:
    try:
        return Catalogue.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise ConfigError(f"the model catalogue {path.name} cannot be used: {exc}") from exc
