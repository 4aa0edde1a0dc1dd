"""Score dragoman on the development gold of others in ../shared/dev-gold/conflibert-cameo-train/.

    .venv/bin/python eval/dev_gold.py [quad] [roles] [--json OUT]

- quad: cameo_class_train.tsv, sentences with a CAMEO quad class (0 no event, 1 verbal
  cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict, CAMEO's grouping as
  the folder's README gives it). A sentence's predicted class is that of its most confident event
  (0 without one). Reports macro-F1 over the five classes and the confusion counts.
- roles: cameo_ner_train.txt, sentences with source (S) and target (T) spans. Reports span-level
  F1 of the events' actors against S and of their recipients against T (a mention matches a gold
  span when its last word lies inside it), and code accuracy: for gold spans whose country or
  international code our knowledge base can tell, the share found among the events' actor
  (recipient) codes.

The files are GPL-licensed development data: they are read from ../shared/dev-gold/ and never
copied into the repository. The script says so and exits 0 when the folder is absent.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT.parent / "shared" / "dev-gold" / "conflibert-cameo-train"
CAMEO_QUAD = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "AID": 2, "COOPERATE": 2, "RETREAT": 2,
              "CONCEDE": 2, "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3, "SANCTION": 3,
              "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
NO_SPACE_BEFORE = re.compile(r"^(?:[.,;:!?%)\]}]|'s|'S|’s|n't|'re|'ve|'ll|'d|'m)$")


def read_quad() -> list[tuple[str, int]]:
    rows = []
    for line in (FOLDER / "cameo_class_train.tsv").read_text(encoding="utf-8").splitlines():
        text, _, label = line.rpartition("\t")
        if text.strip():
            rows.append((text.strip(), int(label)))
    return rows


def read_roles() -> list[dict]:
    """Sentences rebuilt from CoNLL tokens, with (start, end) character spans of S and T."""
    items, tokens = [], []
    for line in (FOLDER / "cameo_ner_train.txt").read_text(encoding="utf-8").splitlines() + [""]:
        if line.strip():
            word, _, tag = line.rpartition(" ")
            tokens.append((word, tag))
        elif tokens:
            items.append(rebuild(tokens))
            tokens = []
    return items


def rebuild(tokens: list[tuple[str, str]]) -> dict:
    text, spans, current = "", {"S": [], "T": []}, None
    for word, tag in tokens:
        if text and not NO_SPACE_BEFORE.match(word) and not text.endswith(("(", "[", "$")):
            text += " "
        start = len(text)
        text += word
        role = tag[2:] if tag[:2] in ("B-", "I-") else None
        if tag.startswith("B-") or (role and (current is None or current[0] != role)):
            current = [role, start, len(text)]
            if role in spans:
                spans[role].append(current)
        elif tag.startswith("I-") and current is not None:
            current[2] = len(text)
        else:
            current = None
    return {"text": text, "S": [tuple(s[1:]) for s in spans["S"]], "T": [tuple(s[1:]) for s in spans["T"]]}


def code_sentences(pipeline, texts: list[str]) -> list[list]:
    from dragoman.records import Article

    articles = [Article(doc_id=f"s{n}", text=t) for n, t in enumerate(texts)]
    return list(pipeline.code_articles(articles))


def score_quad(pipeline) -> dict:
    rows = read_quad()
    predicted = code_sentences(pipeline, [t for t, _ in rows])
    report = quad_report([label for _, label in rows], [sentence_quad(e, False) for e in predicted])
    report["plover_export"] = quad_report([label for _, label in rows], [sentence_quad(e, True) for e in predicted])
    return report


def sentence_quad(events: list, plover: bool) -> int:
    """The quad class of the most confident event (0 without one), of its recorded type or of the
    type the PLOVER export gives it."""
    from dragoman.ontology import plover_type

    best = max(events, key=lambda e: e.confidence, default=None)
    if best is None:
        return 0
    event_type = plover_type(best.event_type, best.mode, best.modality)[0] if plover else best.event_type
    return CAMEO_QUAD[event_type]


def quad_report(truth: list[int], guess: list[int]) -> dict:
    f1s = {}
    for label in range(5):
        tp = sum(t == g == label for t, g in zip(truth, guess))
        fp = sum(g == label != t for t, g in zip(truth, guess))
        fn = sum(t == label != g for t, g in zip(truth, guess))
        f1s[label] = round(2 * tp / (2 * tp + fp + fn), 3) if tp else 0.0
    confusion = Counter(f"{t}->{g}" for t, g in zip(truth, guess))
    return {"sentences": len(truth), "macro_f1": round(sum(f1s.values()) / 5, 3), "f1": f1s,
            "accuracy": round(sum(t == g for t, g in zip(truth, guess)) / len(truth), 3),
            "no_event_predicted": guess.count(0), "confusion": dict(sorted(confusion.items()))}


def score_roles(pipeline) -> dict:
    from dragoman.knowledge import KnowledgeBase
    from dragoman.stages.actors import ActorResolver

    items = read_roles()
    predicted = code_sentences(pipeline, [i["text"] for i in items])
    resolver = ActorResolver(KnowledgeBase.load())
    out = {}
    for gold_key, role in (("S", "actor"), ("T", "recipient")):
        counts = Counter()
        for item, events in zip(items, predicted):
            mentions = mention_spans(item["text"], events, role)
            gold = item[gold_key]
            matched = {g for g in gold for m in mentions if inside(m, g)}
            hits = sum(any(inside(m, g) for g in gold) for m in mentions)
            counts["tp_pred"] += hits
            counts["pred"] += len(mentions)
            counts["tp_gold"] += len(matched)
            counts["gold"] += len(gold)
            codes = {a.code for e in events for a in getattr(e, role) if a.code}
            for start, end in gold:
                code = span_code(item["text"][start:end], resolver)
                if code:
                    counts["code_total"] += 1
                    counts["code_found"] += code in codes
        p = counts["tp_pred"] / counts["pred"] if counts["pred"] else 0.0
        r = counts["tp_gold"] / counts["gold"] if counts["gold"] else 0.0
        out[role] = {"precision": round(p, 3), "recall": round(r, 3),
                     "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
                     "code_accuracy": round(counts["code_found"] / counts["code_total"], 3)
                     if counts["code_total"] else None,
                     "gold_spans": counts["gold"], "gold_with_code": counts["code_total"]}
    out["sentences"] = len(items)
    return out


def mention_spans(text: str, events: list, role: str) -> list[tuple[int, int]]:
    """Character spans of the events' mentions in a one-sentence document (first occurrence)."""
    spans = set()
    for event in events:
        for actor in getattr(event, role):
            start = text.find(actor.text)
            if start >= 0:
                spans.add((start, start + len(actor.text)))
    return sorted(spans)


def inside(mention: tuple[int, int], gold: tuple[int, int]) -> bool:
    """The mention's last character lies inside the gold span (its head word, in English)."""
    return gold[0] <= mention[1] - 1 < gold[1]


def span_code(span: str, resolver) -> str | None:
    """The code our knowledge base gives a gold span: a known name, else a country word in it."""
    entry = resolver.kb.lookup(span)
    if entry is not None and entry.code:
        return entry.code
    return resolver.country_in_words(span)


def main(argv: list[str]) -> int:
    if not FOLDER.is_dir():
        print(f"{FOLDER} is absent: nothing to score (development gold is not part of the repository)")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from dragoman.config import Config
    from dragoman.pipeline import Pipeline

    out_path = argv[argv.index("--json") + 1] if "--json" in argv else None
    wanted = [a for a in argv if a in ("quad", "roles")] or ["quad", "roles"]
    pipeline = Pipeline(Config()).setup()
    report = {}
    if "quad" in wanted:
        report["quad"] = score_quad(pipeline)
    if "roles" in wanted:
        report["roles"] = score_roles(pipeline)
    print(json.dumps(report, indent=1))
    if out_path:
        Path(out_path).write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
