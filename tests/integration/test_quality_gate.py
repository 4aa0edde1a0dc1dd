"""The quality gate: the coder must not fall below pinned floors on our held-out test split."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def report(pipeline):
    from dragoman.evaluate import evaluate_file

    return evaluate_file(ROOT / "eval" / "data" / "test.jsonl", pipeline)


def test_quality_floors(report):
    floors = json.loads((ROOT / "eval" / "baseline.json").read_text())
    assert report["micro"]["f1"] >= floors["micro_f1"]
    assert report["macro_f1"] >= floors["macro_f1"]
    assert report["quad_macro_f1"] >= floors["quad_macro_f1"]
    assert report["actor_accuracy"] >= floors["actor_accuracy"]
    assert report["modality_accuracy"] >= floors["modality_accuracy"]


def test_every_type_is_found_at_least_sometimes(report):
    for event_type, scores in report["per_type"].items():
        assert scores["support"] > 0, f"no {event_type} in the test split"
        assert scores["recall"] > 0.2, event_type
