"""Police action in lower-cased Indian police news: does the coder say the police acted?

Reads ``eval/data/police/dev.jsonl`` and ``test.jsonl`` (sentences we wrote in the style of Indian
city pages, all lower case; labels and their rules in ``eval/data/police/README.md``). Each sentence
is coded on its own. A sentence is predicted to report a police action when the coder finds an
asserted (no modality) ASSAULT or COERCE event with an actor of sector COP or MIL, named or implied
(the labels count paramilitary and other security forces acting as police). Prints precision,
recall and F1 per file, recall by kind of action and by whether the text names the agent, and the
same figures when an ASSAULT or COERCE event with any actor, or none, counts.

    python eval/police.py [--show-misses]

``--show-misses`` lists the errors of the dev file only: the test file is held out, and reading its
errors would make it one more dev file.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "police"
SECTORS = frozenset(("COP", "MIL"))
PUBLISHED = "2019-06-01"


def read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def predictions(pipeline, rows: list[dict]) -> list[tuple[bool, bool]]:
    """(police action found, any ASSAULT/COERCE event found) per sentence."""
    from dragoman.records import Article

    articles = [Article(doc_id=r["id"], text=r["text"], published=PUBLISHED) for r in rows]
    out = []
    for events in pipeline.code_articles(articles):
        force = [e for e in events if e.event_type in ("ASSAULT", "COERCE") and not e.modality]
        out.append((any(a.sector in SECTORS for e in force for a in e.actor), bool(force)))
    return out


def scores(gold: list[bool], predicted: list[bool]) -> dict:
    tp = sum(g and p for g, p in zip(gold, predicted))
    fp = sum(p and not g for g, p in zip(gold, predicted))
    fn = sum(g and not p for g, p in zip(gold, predicted))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3),
            "tp": tp, "fp": fp, "fn": fn}


def report(rows: list[dict], predicted: list[tuple[bool, bool]]) -> dict:
    gold = [bool(r["police_action"]) for r in rows]
    by_kind, by_named = Counter(), Counter()
    for row, (found, _) in zip(rows, predicted):
        if row["police_action"]:
            by_kind[(row["kind"], found)] += 1
            by_named[(bool(row["agent_named"]), found)] += 1
    return {
        "sentences": len(rows), "positive": sum(gold),
        "police_action": scores(gold, [p for p, _ in predicted]),
        "any_force_event": scores(gold, [a for _, a in predicted]),
        "recall_by_kind": {kind: round(by_kind[(kind, True)] / (by_kind[(kind, True)] + by_kind[(kind, False)]), 3)
                           for kind in sorted({k for k, _ in by_kind})},
        "recall_by_agent": {("named" if named else "unnamed"): round(
            by_named[(named, True)] / (by_named[(named, True)] + by_named[(named, False)]), 3)
            for named in (True, False) if by_named[(named, True)] + by_named[(named, False)]},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", action="store_true",
                        help="print the dev sentences coded wrongly (never the held-out test file's)")
    args = parser.parse_args(argv)
    from dragoman.config import Config
    from dragoman.pipeline import Pipeline

    files = [p for p in (DATA / "dev.jsonl", DATA / "test.jsonl") if p.exists()]
    if not files:
        print(json.dumps({"skipped": f"no data in {DATA}"}))
        return 0
    pipeline = Pipeline(Config()).setup()
    result = {}
    for path in files:
        rows = read(path)
        predicted = predictions(pipeline, rows)
        result[path.stem] = report(rows, predicted)
        if args.show_misses and path.stem == "dev":
            for row, (found, _) in zip(rows, predicted):
                if found != bool(row["police_action"]):
                    print(f"{'FN' if row['police_action'] else 'FP'} {row['id']}: {row['text']}")
    print(json.dumps(result, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
