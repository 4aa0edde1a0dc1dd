"""Agreement between the two independent annotations of the doubly annotated VOA stories.

    .venv/bin/python eval/voa/agreement.py [--json OUT]

The second annotation is scored against the first with the same counting as `dragoman evaluate`
(dragoman.evaluate.score): type F1 per sentence, type-and-trigger F1, actor and recipient mention
agreement and code agreement on matched events. The figures are the ceiling a coder can be
measured against on these sentences (docs/quality.md).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parents[1] / "src"))

from gold import voa_items  # noqa: E402

from dragoman.evaluate import score  # noqa: E402
from dragoman.records import Actor, Event, Span  # noqa: E402


def as_events(item: dict) -> list[Event]:
    """One annotation's events of a sentence as Event records, offsets in the story text."""
    events = []
    for n, raw in enumerate(item["events"]):
        at = item["text"].find(raw["trigger"])
        start = item["start"] + max(at, 0)
        events.append(Event(
            id=f"{item['id']}-{n}", doc_id=item["doc_id"], event_type=raw["event_type"], mode=raw["mode"],
            modality=tuple(raw.get("modality") or ()), context=(), actor=actors(raw, "actor"),
            recipient=actors(raw, "recipient"), date=raw.get("date"), date_text=raw.get("date_text"),
            location=None, attribution=(), quote=None, text=item["text"], start=item["start"],
            end=item["end"], confidence=1.0, trigger=Span(raw["trigger"], start, start + len(raw["trigger"]))))
    return events


def actors(raw: dict, role: str) -> tuple[Actor, ...]:
    return tuple(Actor(text=t, name=t, code=c, sector=s)
                 for t, c, s in zip(raw[role], raw[f"{role}_code"], raw[f"{role}_sector"]))


def agreement() -> dict:
    second = voa_items("second")
    stories = {item["doc_id"] for item in second}
    first = [item for item in voa_items("gold") if item["doc_id"] in stories]
    assert [i["id"] for i in first] == [i["id"] for i in second], "the two annotations cover different sentences"
    report = score(first, [as_events(item) for item in second]).report()
    report["stories"] = len(stories)
    report["events_first"] = sum(len(i["events"]) for i in first)
    report["events_second"] = sum(len(i["events"]) for i in second)
    report["sentences_with_event_agreement"] = round(sum(
        bool(a["events"]) == bool(b["events"]) for a, b in zip(first, second)) / len(first), 3)
    return report


def main(argv: list[str]) -> int:
    report = agreement()
    keep = {k: report[k] for k in ("stories", "sentences", "events_first", "events_second", "micro",
                                   "micro_trigger", "macro_f1", "quad_macro_f1", "actor_accuracy",
                                   "actor_code_accuracy", "recipient_accuracy", "modality_accuracy",
                                   "sentences_with_event_agreement")}
    keep["per_type_f1"] = {t: v["f1"] for t, v in report["per_type"].items() if v["support"]}
    print(json.dumps(keep, indent=1))
    if "--json" in argv:
        Path(argv[argv.index("--json") + 1]).write_text(json.dumps(keep, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
