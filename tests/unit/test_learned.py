"""The decider's confidence: the raw probability, or its Platt-scaled value when the model was
fitted with a calibration on real news (eval/build_models.py)."""

import math

import pytest

from dragoman.stages.learned import Decider


def test_without_calibration_the_confidence_is_the_probability():
    decider = Decider(pipeline=None, threshold=0.2, doubted_threshold=0.3)
    assert decider.confidence(0.7) == 0.7


def test_calibration_rescales_the_logit():
    decider = Decider(pipeline=None, threshold=0.2, doubted_threshold=0.3, calibration=(0.5, -0.2))
    logit = math.log(0.8 / 0.2)
    assert decider.confidence(0.8) == pytest.approx(1 / (1 + math.exp(-(0.5 * logit - 0.2))))
    # an overconfident probability comes down, the order of events stays, and 0 and 1 stay finite
    assert decider.confidence(0.9) < 0.9
    assert decider.confidence(0.3) < decider.confidence(0.6)
    assert 0 < decider.confidence(0.0) < decider.confidence(1.0) < 1


def test_keeping_a_candidate_uses_the_raw_probability():
    decider = Decider(pipeline=None, threshold=0.2, doubted_threshold=0.3, calibration=(0.1, -3.0))
    assert decider.keeps(0.25, doubted=False) and not decider.keeps(0.25, doubted=True)
