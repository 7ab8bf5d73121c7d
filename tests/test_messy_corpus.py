"""The interview against the messy-answer corpus (tests/corpus/): precision and recall.

Precision target: no wrong value written without confirmation. Recall target: >= 85% of the
expectations met (applied or proposed for one click). The test asserts on the `tune` split
only; the `holdout` split is scored and printed (and recorded in BENCHMARKS.md), never tuned on.
Run: PYTHONPATH=$PWD .venv/bin/python -m pytest -q -s tests/test_messy_corpus.py
"""

from __future__ import annotations

import pytest

from assistant.interview.intents import IntentClassifier
from tests.support.messy_corpus import load_items, score

RECALL_TARGET = 0.85  # the target; the holdout is measured against it too


@pytest.fixture(scope="module")
def classifier() -> IntentClassifier:
    from assistant.knowledge import shared_embedder

    return IntentClassifier(shared_embedder().embed)


def test_corpus_is_the_expected_size() -> None:
    assert len(load_items()) >= 300
    assert {item["split"] for item in load_items()} == {"tune", "holdout"}


def test_tune_split_meets_the_targets(classifier: IntentClassifier) -> None:
    result = score(load_items("tune"), classifier)
    print(f"\ntune: {result.items} items, wrong writes {result.wrong_writes}, recall {result.recall:.3f}")
    wrong = [(o.item_id, o.wrong) for o in result.outcomes if o.wrong]
    assert result.wrong_writes == 0, wrong
    assert result.recall >= RECALL_TARGET


def test_holdout_split_is_reported(classifier: IntentClassifier) -> None:
    """Aggregate figures only: holdout items are never read to tune the reader."""
    result = score(load_items("holdout"), classifier)
    print(
        f"\nholdout: {result.items} items, wrong writes {result.wrong_writes} "
        f"(items without a wrong write {result.precision:.3f}), recall {result.recall:.3f}"
    )
    assert result.items > 150
