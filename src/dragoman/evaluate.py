"""Scoring the coder against annotated sentences (the format of docs/annotation.md)."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .errors import UsageError
from .ontology import EVENT_TYPES, QUAD_CLASS
from .records import Article, Event


@dataclass
class Scores:
    """Counts behind every figure, so that reports can be merged and recomputed."""

    tp: Counter = field(default_factory=Counter)
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    strict: Counter = field(default_factory=Counter)  # keys: "tp", "fp", "fn" with trigger overlap required
    actor: Counter = field(default_factory=Counter)  # keys: "match", "total", "code_match", "code_total"
    recipient: Counter = field(default_factory=Counter)
    modality: Counter = field(default_factory=Counter)
    quad_true: list = field(default_factory=list)
    quad_pred: list = field(default_factory=list)
    confidence: list = field(default_factory=list)  # (confidence, type correct) per predicted event
    sentences: int = 0

    def report(self) -> dict[str, Any]:
        per_type = {t: prf(self.tp[t], self.fp[t], self.fn[t]) | {"support": self.tp[t] + self.fn[t]}
                    for t in EVENT_TYPES}
        tp, fp, fn = (sum(c.values()) for c in (self.tp, self.fp, self.fn))
        return {
            "sentences": self.sentences,
            "micro": prf(tp, fp, fn),
            "micro_trigger": prf(self.strict["tp"], self.strict["fp"], self.strict["fn"]),
            "macro_f1": round(sum(v["f1"] for v in per_type.values() if v["support"]) /
                              max(1, sum(1 for v in per_type.values() if v["support"])), 3),
            "per_type": per_type,
            "actor_accuracy": ratio(self.actor["match"], self.actor["total"]),
            "actor_code_accuracy": ratio(self.actor["code_match"], self.actor["code_total"]),
            "recipient_accuracy": ratio(self.recipient["match"], self.recipient["total"]),
            "modality_accuracy": ratio(self.modality["match"], self.modality["total"]),
            "quad_macro_f1": quad_macro_f1(self.quad_true, self.quad_pred),
            "calibration_error": calibration_error(self.confidence),
        }


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def ratio(a: int, b: int) -> float | None:
    return round(a / b, 3) if b else None


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Annotated sentences; raises UsageError naming the bad line."""
    items = []
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise UsageError(f"cannot read gold file {path} ({err.strerror})") from err
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as err:
            raise UsageError(f"{path}:{n} is not valid JSON ({err.msg})") from err
        if "text" not in item or not isinstance(item.get("events", []), list):
            raise UsageError(f'{path}:{n} needs "text" and an "events" list (see docs/annotation.md)')
        items.append(item)
    return items


def score(gold: Iterable[dict[str, Any]], predicted: Iterable[list[Event]]) -> Scores:
    scores = Scores()
    for item, events in zip(gold, predicted):
        scores.sentences += 1
        score_sentence(item, events, scores)
    return scores


def score_sentence(item: dict[str, Any], events: list[Event], scores: Scores) -> None:
    """Count one sentence: per type (how many gold and predicted events of each type), and strictly
    (a predicted event matches a gold one of its type whose trigger it overlaps)."""
    offset = int(item.get("start") or 0)  # events' offsets are in the document; the item may be one sentence of it
    gold_by_type: dict[str, list[dict]] = defaultdict(list)
    for g in item.get("events", []):
        gold_by_type[g["event_type"]].append(g)
    pred_by_type: dict[str, list[Event]] = defaultdict(list)
    for e in events:
        pred_by_type[e.event_type].append(e)
    for event_type in set(gold_by_type) | set(pred_by_type):
        golds, preds = gold_by_type.get(event_type, []), pred_by_type.get(event_type, [])
        matched = min(len(golds), len(preds))
        scores.tp[event_type] += matched
        scores.fp[event_type] += len(preds) - matched
        scores.fn[event_type] += len(golds) - matched
        strict = len(trigger_pairs(item["text"], golds, preds, offset))
        scores.strict.update({"tp": strict, "fp": len(preds) - strict, "fn": len(golds) - strict})
        for g, p in pair_up(golds, preds):
            score_roles(g, p, scores)
    gold_types = {g["event_type"] for g in item.get("events", [])}
    scores.confidence.extend((e.confidence, e.event_type in gold_types) for e in events)
    scores.quad_true.append(main_quad([g["event_type"] for g in item.get("events", [])]))
    scores.quad_pred.append(main_quad([e.event_type for e in events]))


def trigger_pairs(text: str, golds: list[dict], preds: list[Event], offset: int) -> list[tuple[dict, Event]]:
    """Gold and predicted events (of one type) whose triggers overlap, one to one. A gold event
    without a trigger matches any prediction."""
    pairs, used = [], set()
    for g in golds:
        span = gold_span(text, g.get("trigger"))
        for p in preds:
            if id(p) in used:
                continue
            if span is None or (p.trigger is not None and overlaps(span, (p.trigger.start - offset,
                                                                          p.trigger.end - offset))):
                used.add(id(p))
                pairs.append((g, p))
                break
    return pairs


def gold_span(text: str, trigger: str | None) -> tuple[int, int] | None:
    if not trigger:
        return None
    start = text.find(trigger)
    if start < 0:
        start = text.lower().find(trigger.lower())
    return (start, start + len(trigger)) if start >= 0 else None


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def pair_up(golds: list[dict], preds: list[Event]) -> list[tuple[dict, Event]]:
    """Pairs of gold and predicted events of one type, best actor overlap first."""
    pairs, used = [], set()
    for g in golds:
        best = max((p for p in preds if id(p) not in used), key=lambda p: actor_overlap(g, p), default=None)
        if best is not None:
            used.add(id(best))
            pairs.append((g, best))
    return pairs


def actor_overlap(gold: dict, pred: Event) -> int:
    return sum(names(a, gold.get("actor", [])) for a in pred.actor)


def names(actor, gold_texts: list[str]) -> bool:
    """Whether a predicted actor is a gold mention: by its words, or, for a pronoun or other
    reference resolved in the document ("he" -> Mehdiyev), by the name it was resolved to."""
    return mention_matches(actor.text, gold_texts) or bool(actor.name) and actor.name != actor.text \
        and mention_matches(actor.name, gold_texts)


def mention_matches(text: str, gold_texts: list[str]) -> bool:
    t = text.lower()
    return any(g and (g.lower() in t or t in g.lower()) for g in gold_texts)


def score_roles(gold: dict, pred: Event, scores: Scores) -> None:
    for role, counter in (("actor", scores.actor), ("recipient", scores.recipient)):
        texts = gold.get(role) or []
        if not texts:
            continue
        predicted = getattr(pred, role)
        counter["total"] += 1
        counter["match"] += any(names(a, texts) for a in predicted)
        codes = {c for c in gold.get(f"{role}_code") or [] if c}
        if codes:
            counter["code_total"] += 1
            counter["code_match"] += bool(codes & {a.code for a in predicted})
    scores.modality["total"] += 1
    scores.modality["match"] += set(gold.get("modality") or []) == set(pred.modality)


def calibration_error(pairs: list[tuple[float, bool]], bins: int = 5) -> float | None:
    """Expected calibration error: |mean confidence - share correct| over confidence bins."""
    if not pairs:
        return None
    total = 0.0
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        members = [(c, ok) for c, ok in pairs if lo <= c < hi or (k == bins - 1 and c == 1.0)]
        if members:
            gap = abs(sum(c for c, _ in members) / len(members) - sum(ok for _, ok in members) / len(members))
            total += gap * len(members) / len(pairs)
    return round(total, 3)


def main_quad(types: list[str]) -> str:
    if not types:
        return "none"
    return Counter(QUAD_CLASS[t] for t in types).most_common(1)[0][0]


def quad_macro_f1(true: list[str], pred: list[str]) -> float | None:
    labels = sorted(set(true) | set(pred))
    if not labels:
        return None
    f1s = []
    for label in labels:
        tp = sum(1 for t, p in zip(true, pred) if t == p == label)
        fp = sum(1 for t, p in zip(true, pred) if p == label and t != label)
        fn = sum(1 for t, p in zip(true, pred) if t == label and p != label)
        f1s.append(prf(tp, fp, fn)["f1"])
    return round(sum(f1s) / len(f1s), 3)


def evaluate_file(path: str | Path, pipeline) -> dict[str, Any]:
    """Code every gold sentence with ``pipeline`` and score the result.

    Sentences that carry ``doc_id`` and ``start``/``end`` (the VOA format of docs/annotation.md)
    are coded as whole documents, rebuilt from their sentences, and each event is scored in the
    sentence that holds its trigger; other sentences are coded one by one."""
    gold = read_gold(path)
    return score(gold, code_gold(gold, pipeline)).report()


def code_gold(gold: list[dict[str, Any]], pipeline) -> list[list[Event]]:
    """Predicted events for each gold item, in order."""
    documents: dict[str, list[int]] = defaultdict(list)
    singles: list[int] = []
    for n, item in enumerate(gold):
        if item.get("doc_id") and isinstance(item.get("start"), int):
            documents[item["doc_id"]].append(n)
        else:
            singles.append(n)
    predicted: list[list[Event]] = [[] for _ in gold]
    articles = [Article(doc_id=str(gold[n].get("id", n)), text=gold[n]["text"], published=gold[n].get("published"))
                for n in singles]
    for n, events in zip(singles, pipeline.code_articles(articles)):
        predicted[n] = events
    doc_articles = [rebuild_document(doc_id, [gold[n] for n in members]) for doc_id, members in documents.items()]
    for members, events in zip(documents.values(), pipeline.code_articles(doc_articles)):
        for event in events:
            at = event.trigger.start if event.trigger else event.start
            home = next((n for n in members if gold[n]["start"] <= at < gold[n]["end"]), None)
            if home is not None:
                predicted[home].append(event)
    return predicted


def rebuild_document(doc_id: str, sentences: list[dict[str, Any]]) -> Article:
    """The document text with every sentence at its offsets (gaps as spaces)."""
    chars: list[str] = []
    for item in sorted(sentences, key=lambda i: i["start"]):
        chars.extend(" " * (item["start"] - len(chars)))
        chars[item["start"]:item["start"] + len(item["text"])] = item["text"]
    return Article(doc_id=doc_id, text="".join(chars), published=sentences[0].get("published"))


def format_report(report: dict[str, Any]) -> str:
    lines = [f"{'type':10} {'P':>6} {'R':>6} {'F1':>6} {'n':>5}"]
    for event_type, v in report["per_type"].items():
        lines.append(f"{event_type:10} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:5d}")
    m = report["micro"]
    lines.append(f"{'micro':10} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f}")
    t = report["micro_trigger"]
    lines.append(f"{'trigger':10} {t['precision']:6.3f} {t['recall']:6.3f} {t['f1']:6.3f}   (type and trigger must match)")
    lines.append(f"macro F1 {report['macro_f1']}, quad-class macro F1 {report['quad_macro_f1']}")
    lines.append(f"actor accuracy {report['actor_accuracy']} (country code {report['actor_code_accuracy']}), "
                 f"recipient accuracy {report['recipient_accuracy']}, modality accuracy {report['modality_accuracy']}")
    lines.append(f"confidence calibration error (ECE, 5 bins) {report['calibration_error']}")
    lines.append(f"{report['sentences']} sentences")
    return "\n".join(lines)
