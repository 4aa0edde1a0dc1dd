"""A sentence-level event-type classifier: TF-IDF over lemma n-grams and one logistic regression per
PLOVER type, trained by ``eval/build_models.py`` (``make models``) and stored as readable JSON.

Inference needs no scikit-learn: a dot product over the stored weights.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from importlib import resources

from ..errors import ModelError

MODEL_FILE = "event_types.json"


def sentence_features(tokens) -> list[str]:
    """Lower-cased lemma unigrams and bigrams of content tokens (numbers and punctuation dropped)."""
    lemmas = [t.lemma_.lower() for t in tokens if not (t.is_punct or t.is_space or t.like_num)]
    return lemmas + [f"{a} {b}" for a, b in zip(lemmas, lemmas[1:])]


@dataclass(frozen=True)
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
        from .events import Blend

        return Blend(**self.thresholds.get("blend", {})) if isinstance(self.thresholds, dict) else Blend()

    def probabilities(self, features: list[str]) -> dict[str, float]:
        counts: dict[int, int] = {}
        for f in features:
            j = self.vocab.get(f)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        weights = {j: c * self.idf[j] for j, c in counts.items()}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        out = {}
        for k, name in enumerate(self.classes):
            row = self.coef[k]
            z = self.intercept[k] + sum(row[j] * w / norm for j, w in weights.items())
            out[name] = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
        return out
