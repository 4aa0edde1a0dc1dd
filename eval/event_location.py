"""Score event location on the event-location development set (Halterman 2019).

Reads ``../shared/dev-gold/event-location/labeled_text.jsonl`` (development gold from outside the
project, never copied into the repository): newswire sentences with the span of one event's verb
and the spans of where that event happened (none for about 4,300 of them). Only the checked
records (``answer: accept``) whose spans cover whole words are scored: the others hold broken
offsets. Each sentence is coded
as a document of its own, so there is no dateline and no other sentence to lean on.

Two figures, printed as JSON:
- ``gold_verb``: the location dragoman's placement picks for the annotated verb (parsed by the
  pipeline's spaCy model): the share of sentences with a gold location where the picked place
  overlaps one, and the share of sentences without one where no place is picked;
- ``coder``: the same for the events ``dragoman.code`` reports whose trigger is the annotated verb
  (sentences where the coder reports no such event count as misses) and the share of sentences
  where it reports one.

    python eval/event_location.py [--gold PATH] [--limit N] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from types import SimpleNamespace

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "dev-gold" / "event-location" / "labeled_text.jsonl"


def read_records(path: Path, limit: int | None) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            spans = record.get("spans", [])
            verbs = [s for s in spans if s["label"] == "VERB"]
            if len(verbs) != 1 or record.get("answer") != "accept" or not all(
                    whole_words(record["text"], s["start"], s["end"]) for s in spans):
                continue
            record["verb"] = (verbs[0]["start"], verbs[0]["end"])
            record["gold"] = [(s["start"], s["end"]) for s in spans if s["label"] == "LOCATION"]
            records.append(record)
    return records[:limit]


def whole_words(text: str, start: int, end: int) -> bool:
    """A span that covers whole words (some records' offsets are off: "w" for "Las Vegas")."""
    return 0 <= start < end <= len(text) and end - start >= 2 and text[start].isalnum() \
        and (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def overlaps(place, spans: list[tuple[int, int]]) -> bool:
    return place is not None and any(place.start < end and start < place.end for start, end in spans)


def gold_verb_location(pipeline, nlp, record: dict):
    """The place placement picks for the annotated verb, or None."""
    from dragoman.pipeline import inside_name, is_demonym, locate_places
    from dragoman.stages.placement import document_focus, pick_location

    text, (start, end) = record["text"], record["verb"]
    doc = nlp(text)
    token = next((t for t in doc if start <= t.idx < end), None)
    if token is None:
        return None
    gazetteer = pipeline._models["gazetteer"]
    names = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in ("ORG", "FAC", "WORK_OF_ART")]
    places = [p for p in locate_places(text, doc, gazetteer, None)
              if not is_demonym(p, gazetteer) and not inside_name(p, names)]
    predicate = token.head if token.pos_ == "NOUN" and token.head.pos_ in ("VERB", "AUX") else token
    cand = SimpleNamespace(trigger=token, predicate=predicate, nominal=token.pos_ == "NOUN",
                           sense=SimpleNamespace(mode=None))
    return pick_location(cand, places, document_focus(places, None))


def coder_locations(pipeline, records: list[dict]) -> list[tuple[bool, object]]:
    """For each record: (the coder reported an event at the annotated verb, that event's location)."""
    from dragoman.records import Article

    articles = [Article(doc_id=str(i), text=r["text"]) for i, r in enumerate(records)]
    result = []
    for record, events in zip(records, pipeline.code_articles(articles)):
        start, end = record["verb"]
        at_verb = [e for e in events if e.trigger and e.trigger.start < end and start < e.trigger.end]
        located = [e.location for e in at_verb if e.location is not None]
        result.append((bool(at_verb), located[0] if located else None))
    return result


def score(records: list[dict], picks: list, reported: list[bool] | None = None) -> dict:
    with_place = [(r, p) for r, p in zip(records, picks) if r["gold"]]
    without = [(r, p) for r, p in zip(records, picks) if not r["gold"]]
    result = {"sentences": len(records), "with_location": len(with_place),
              "found": round(sum(overlaps(p, r["gold"]) for r, p in with_place) / max(1, len(with_place)), 3),
              "no_place_kept_empty": round(sum(p is None for _, p in without) / max(1, len(without)), 3)}
    if reported is not None:
        result["event_reported"] = round(sum(reported) / max(1, len(reported)), 3)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", type=int, default=0, help="print N misses to stderr")
    parser.add_argument("--no-coder", action="store_true", help="skip the (slower) coder figure")
    args = parser.parse_args()
    if not args.gold.is_file():
        print(json.dumps({"skipped": f"{args.gold} is absent (development gold, not in the repository)"}))
        return 0
    from dragoman.api import default_pipeline

    pipeline = default_pipeline()
    nlp = pipeline._models["nlp"]
    records = read_records(args.gold, args.limit)
    picks = [gold_verb_location(pipeline, nlp, r) for r in records]
    shown = 0
    for record, pick in zip(records, picks):
        if shown < args.errors and (overlaps(pick, record["gold"]) != bool(record["gold"])):
            shown += 1
            gold = [record["text"][s:e] for s, e in record["gold"]]
            verb = record["text"][record["verb"][0]:record["verb"][1]]
            print(f"{verb!r} gold={gold} got={pick.text if pick else None}/{pick.source if pick else ''} "
                  f"| {record['text'][:200]!r}", file=sys.stderr)
    out = {"gold_verb": score(records, picks)}
    if not args.no_coder:
        coded = coder_locations(pipeline, records)
        out["coder"] = score(records, [c[1] for c in coded], [c[0] for c in coded])
    print(json.dumps(out, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
