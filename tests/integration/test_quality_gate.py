"""The quality gate: the coder must not fall below pinned floors on the held-out test splits of real
news (eval/voa/test.jsonl) and of our written sentences (eval/data/test.jsonl)."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOORS = json.loads((ROOT / "eval" / "baseline.json").read_text())
SPLITS = {"voa": ROOT / "eval" / "voa" / "test.jsonl", "own": ROOT / "eval" / "data" / "test.jsonl"}


@pytest.fixture(scope="module")
def reports(pipeline):
    from dragoman.evaluate import evaluate_file

    return {split: evaluate_file(path, pipeline) for split, path in SPLITS.items()}


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_quality_floors(reports, split):
    figures, floors = reports[split], FLOORS[split]
    assert figures["micro"]["f1"] >= floors["micro_f1"]
    assert figures["micro_trigger"]["f1"] >= floors["micro_trigger_f1"]
    assert figures["macro_f1"] >= floors["macro_f1"]
    assert figures["quad_macro_f1"] >= floors["quad_macro_f1"]
    assert figures["actor_accuracy"] >= floors["actor_accuracy"]
    assert figures["actor_code_accuracy"] >= floors["actor_code_accuracy"]
    assert figures["modality_accuracy"] >= floors["modality_accuracy"]
    assert figures["calibration_error"] <= floors["calibration_error_max"]


def test_every_frequent_type_is_found_at_least_sometimes(reports):
    for event_type, scores in reports["own"]["per_type"].items():
        if scores["support"] >= 5:
            assert scores["recall"] > 0.2, event_type
