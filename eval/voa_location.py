"""Event locations against the VOA annotations (eval/voa/gold/*.jsonl, written by the annotators).

Each story is rebuilt from its annotated sentences and coded whole. For every annotated event that
dragoman also reports (same sentence, trigger words overlapping), it prints as JSON: the share of
events whose annotated location (in the sentence) dragoman finds (its location's words overlap the
annotated ones), the share of events annotated with the document's place only (``location_doc``)
that dragoman places there, and the share of events annotated with no place at all that dragoman
leaves without one. Skips, saying so, when the folder is absent or empty.

    python eval/voa_location.py [--gold eval/voa/gold]
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

GOLD = Path(__file__).resolve().parent / "voa" / "gold"


def read_stories(folder: Path) -> dict[str, list[dict]]:
    stories: dict[str, list[dict]] = defaultdict(list)
    for path in sorted(folder.glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                stories[row["doc_id"]].append(row)
    return stories


def story_text(sentences: list[dict]) -> str:
    text = ""
    for row in sorted(sentences, key=lambda r: r["start"]):
        text = text.ljust(row["start"]) + row["text"]
    return text


def same(a: str | None, b: str | None) -> bool:
    """Whether two place strings share a word of four letters or more ("Balochistan province" ~ "Balochistan")."""
    words = lambda s: {w.strip(".,'’").lower() for w in (s or "").split() if len(w) >= 4}  # noqa: E731
    return bool(words(a) & words(b))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    args = parser.parse_args()
    stories = read_stories(args.gold) if args.gold.is_dir() else {}
    if not stories:
        print(json.dumps({"skipped": f"no annotations in {args.gold}"}))
        return 0
    from dragoman.config import Config
    from dragoman.pipeline import Pipeline
    from dragoman.records import Article

    pipeline = Pipeline(Config()).setup()
    ids = sorted(stories)
    articles = [Article(doc_id=i, text=story_text(stories[i]), published=stories[i][0]["published"]) for i in ids]
    tally = defaultdict(lambda: [0, 0])  # kind -> [events, right]
    matched = 0
    gold_events = 0
    for doc_id, events in zip(ids, pipeline.code_articles(articles)):
        for row in stories[doc_id]:
            ours = [e for e in events if row["start"] <= e.start < row["end"]]
            for gold in row["events"]:
                gold_events += 1
                hit = next((e for e in ours if e.trigger and same(e.trigger.text, gold.get("trigger")) or
                            e.trigger and gold.get("trigger") and e.trigger.text.lower() in gold["trigger"].lower()), None)
                if hit is None:
                    continue
                matched += 1
                place = hit.location
                if gold.get("location"):
                    kind, right = "sentence", place is not None and (same(place.text, gold["location"]) or
                                                                     same(place.name, gold["location"]))
                elif gold.get("location_doc"):
                    kind, right = "document", place is not None and (same(place.text, gold["location_doc"]) or
                                                                     same(place.name, gold["location_doc"]))
                else:
                    kind, right = "none", place is None
                tally[kind][0] += 1
                tally[kind][1] += right
    out = {"stories": len(ids), "annotated_events": gold_events, "also_reported": matched}
    out.update({kind: {"events": n, "right": round(r / n, 3) if n else None} for kind, (n, r) in tally.items()})
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
