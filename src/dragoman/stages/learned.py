"""The trained parts of the coder, fitted with scikit-learn by ``eval/build_models.py`` (``make models``)
on annotated real news (eval/voa/) and our own sentences (eval/data/):

- ``SentenceTypes``: P(the sentence reports an event of type T) for the 16 PLOVER types, TF-IDF over
  lemma n-grams and one logistic regression per type.
- ``Decider``: P(a trigger candidate is an event of its type), a logistic regression over what the
  rules know of the candidate (trigger, syntax, modality, roles, the rules' doubts) and the sentence
  probabilities. It decides which candidates are events, and its probability is their confidence.

The rules (triggers.yaml, syntax.py) stay readable and propose; the models decide. Both files are
small joblib pickles under knowledge/models/, rebuilt from the data by ``make models``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..errors import ModelError

SENTENCE_MODEL = "sentence_types.joblib"
DECIDER_MODEL = "decider.joblib"
FEATURE_SEPARATOR = " ||| "


def sentence_features(tokens) -> list[str]:
    """Lower-cased lemma unigrams and bigrams of content tokens (numbers and punctuation dropped)."""
    lemmas = [t.lemma_.lower() for t in tokens if not (t.is_punct or t.is_space or t.like_num)]
    return lemmas + [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:])]


def split_features(joined: str) -> list[str]:
    """The TF-IDF analyzer: features were joined with FEATURE_SEPARATOR (picklable, unlike a lambda)."""
    return joined.split(FEATURE_SEPARATOR)


def join_features(tokens) -> str:
    return FEATURE_SEPARATOR.join(sentence_features(tokens)) or "<empty>"


@dataclass(frozen=True, eq=False)
class SentenceTypes:
    """scikit-learn pipeline (TfidfVectorizer -> OneVsRestClassifier(LogisticRegression))."""

    pipeline: Any
    classes: tuple[str, ...]

    def probabilities(self, sentences: list) -> list[dict[str, float]]:
        """P(type) for every type, for each sentence (spaCy spans), in one call."""
        if not sentences:
            return []
        matrix = self.pipeline.predict_proba([join_features(s) for s in sentences])
        return [dict(zip(self.classes, row.tolist())) for row in matrix]


@dataclass(frozen=True, eq=False)
class Decider:
    """scikit-learn pipeline (DictVectorizer -> LogisticRegression) and the thresholds tuned on dev:
    one for candidates the rules accept, one for candidates they doubt."""

    pipeline: Any
    threshold: float
    doubted_threshold: float
    calibration: tuple[float, float] | None = None  # (slope, intercept) on the logit, fitted on real news

    def keeps(self, probability: float, doubted: bool) -> bool:
        return probability >= (self.doubted_threshold if doubted else self.threshold)

    def confidence(self, probability: float) -> float:
        """The event's confidence: the probability rescaled (Platt scaling) so that, on the real news
        it was fitted on (VOA train out of fold and dev), it matches the share of kept events that
        are right; the training mix of our own sentences alone makes the raw probability too sure."""
        if self.calibration is None:
            return probability
        slope, intercept = self.calibration
        p = min(max(probability, 1e-6), 1 - 1e-6)
        return 1.0 / (1.0 + math.exp(-(slope * math.log(p / (1 - p)) + intercept)))

    def probabilities(self, features: list[dict[str, float]]) -> list[float]:
        if not features:
            return []
        return self.pipeline.predict_proba(features)[:, 1].tolist()


@dataclass(frozen=True, eq=False)
class Models:
    sentences: SentenceTypes
    decider: Decider | None

    @classmethod
    def load(cls) -> "Models | None":
        """The packaged models, or None when they have not been built (the rules then work alone)."""
        sentences = load_joblib(SENTENCE_MODEL)
        if sentences is None:
            return None
        decider = load_joblib(DECIDER_MODEL)
        return cls(SentenceTypes(sentences["pipeline"], tuple(sentences["classes"])),
                   Decider(decider["pipeline"], float(decider["threshold"]), float(decider["doubted_threshold"]),
                           tuple(decider["calibration"]) if decider.get("calibration") else None)
                   if decider else None)


def load_joblib(name: str) -> dict | None:
    import joblib

    source = resources.files("dragoman") / "knowledge" / "models" / name
    if not source.is_file():
        return None
    try:
        with source.open("rb") as handle:
            data = joblib.load(handle)
    except Exception as err:  # unpickling raises many kinds; all mean the same to the user
        raise ModelError(f"{name} cannot be loaded ({type(err).__name__}: {err}); rebuild it with "
                         f"`make models` (the installed scikit-learn must match pyproject.toml)") from err
    if not isinstance(data, dict) or "pipeline" not in data:
        raise ModelError(f"{name} is not a dragoman model file; rebuild it with `make models`")
    return data
