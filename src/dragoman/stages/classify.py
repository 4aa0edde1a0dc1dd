"""A sentence-level event-type classifier: TF-IDF over lemma n-grams and one logistic regression per
PLOVER type, trained by ``eval/build_models.py`` (``make models``) and stored as readable JSON.

Inference needs no scikit-learn: a dot product over the stored weights.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from importlib import resources

import numpy as np

from ..errors import ModelError

MODEL_FILE = "event_types.json"


def sentence_features(tokens) -> list[str]:
    """Lower-cased lemma unigrams and bigrams of content tokens (numbers and punctuation dropped)."""
    lemmas = [t.lemma_.lower() for t in tokens if not (t.is_punct or t.is_space or t.like_num)]
    return lemmas + [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:])]


@dataclass(frozen=True, eq=False)
class TypeClassifier:
    classes: tuple[str, ...]
    vocab: dict[str, int]
    idf: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]  # one row per class, indexed like vocab
    intercept: tuple[float, ...]
    thresholds: dict[str, float]

    @classmethod
    def load(cls) -> "TypeClassifier | None":
        """The packaged model, or None when it has not been built (``make models``)."""
        source = resources.files("dragoman") / "knowledge" / "models" / MODEL_FILE
        if not source.is_file():
            return None
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
            return cls(tuple(data["classes"]), data["vocab"], tuple(data["idf"]),
                       tuple(tuple(row) for row in data["coef"]), tuple(data["intercept"]),
                       data.get("thresholds", {}))
        except (KeyError, ValueError) as err:
            raise ModelError(f"{MODEL_FILE} is damaged ({err}); rebuild it with `make models`") from err

    def blend(self):
        """The rule/classifier combination tuned when the model was built."""
        from .lexicon import Blend

        settings = dict(self.thresholds.get("blend", {})) if isinstance(self.thresholds, dict) else {}
        if settings.get("calibration"):
            settings["calibration"] = tuple(settings["calibration"])
        return Blend(**settings)

    def probabilities(self, features: list[str]) -> dict[str, float]:
        """P(type | sentence) for every type: sublinear tf-idf, l2-normalised, one logistic model each."""
        counts: dict[int, int] = {}
        for f in features:
            j = self.vocab.get(f)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        weights = tf * self.idf_array[columns]
        norm = float(np.sqrt((weights * weights).sum())) or 1.0
        z = self.intercept_array + self.coef_array[:, columns] @ (weights / norm)
        probs = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        return dict(zip(self.classes, probs.tolist()))

    @cached_property
    def coef_array(self) -> np.ndarray:
        return np.asarray(self.coef, dtype=np.float64)

    @cached_property
    def idf_array(self) -> np.ndarray:
        return np.asarray(self.idf, dtype=np.float64)

    @cached_property
    def intercept_array(self) -> np.ndarray:
        return np.asarray(self.intercept, dtype=np.float64)
