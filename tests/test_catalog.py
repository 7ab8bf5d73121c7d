"""The model catalogue is data: it loads, its shortlists name real families, and a broken file is a clear error."""

from pathlib import Path

import pytest

from assistant.errors import ConfigError
from assistant.plan.catalog import load_catalogue
from assistant.plan.recommend import Recommender
from assistant.plan.scope import Scope


def test_every_shortlist_the_rules_can_pick_exists_in_the_catalogue() -> None:
    catalogue = load_catalogue()
    rules = Recommender()
    keys = set()
    for tasks in ([], ["classification"], ["summarisation"], ["translation"], ["code_generation"], ["chat"]):
        for langs in ([], ["english", "dutch"]):
            s = Scope(tasks=tasks, languages=langs)
            for arch in ("encoder-only", "encoder-decoder", "decoder-only"):
                for hosting in ("hosted_api", "open_weights"):
                    keys.add(rules.shortlist_key(s, arch, hosting))
    assert keys | {"pretrain"} == set(catalogue.shortlists)


def test_an_edited_catalogue_file_is_what_the_shortlist_returns(tmp_path: Path) -> None:
    source = (Path(__file__).parents[1] / "knowledge" / "models.yaml").read_text()
    edited = tmp_path / "models.yaml"
    edited.write_text(source.replace("name: DistilBERT", "name: DistilBERT (our pick)"))
    catalogue = load_catalogue(edited)
    assert [f.name for f in catalogue.shortlist("encoder_only")][1] == "DistilBERT (our pick)"


def test_a_shortlist_naming_an_unknown_family_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "models.yaml"
    broken.write_text("families: {}\nshortlists:\n  encoder_only: [nobody]\n")
    with pytest.raises(ConfigError, match="unknown families"):
        load_catalogue(broken)
