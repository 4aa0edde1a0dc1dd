"""Reading our annotated data, and the mappings of docs/annotation.md ("Mapping older decisions").

Used by eval/build_models.py (which writes the split files that `dragoman evaluate` and the tests
read) and eval/voa/agreement.py. The annotation files themselves are never rewritten.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OWN = ROOT / "eval" / "data"
VOA = ROOT / "eval" / "voa"
COOPERATIVE = frozenset(("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"))
DENIAL = re.compile(r"\b(den(y|ied|ies|ying)|reject\w*|dismiss\w*|refut\w*|rebuff\w*)\b", re.IGNORECASE)
ACCUSATION = re.compile(r"\b(accusation|allegation|charge|claim|report|involvement|responsibility|wrongdoing|"
                        r"rumou?r|criticism|suggestion|assertion|speculation|link)s?\b", re.IGNORECASE)
FAILED = re.compile(r"\bfail(ed|s|ing)?\b", re.IGNORECASE)


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def own_split(item_id: str) -> str:
    """Our written sentences: train 70%, dev 15%, test 15% by a hash of the sentence id."""
    bucket = int(hashlib.sha256(item_id.encode()).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def voa_splits() -> dict[str, str]:
    """Story id -> train/dev/test, as eval/voa/stories.jsonl fixes it."""
    return {story["id"]: story["split"] for story in read_jsonl(VOA / "stories.jsonl")}


def own_items() -> list[dict]:
    return [normalise(item) for path in sorted(OWN.glob("sentences-*.jsonl")) for item in read_jsonl(path)]


def voa_items(folder: str = "gold") -> list[dict]:
    """The annotated VOA sentences of ``folder`` (gold or second), story by story in file order."""
    order = [story["id"] for story in read_jsonl(VOA / "stories.jsonl")]
    items = []
    for story in order:
        path = VOA / folder / f"{story}.jsonl"
        if path.is_file():
            items.extend(normalise(item) for item in read_jsonl(path))
    return items


def normalise(item: dict) -> dict:
    """An annotated sentence with the later decisions of docs/annotation.md applied."""
    text = item["text"]
    events = []
    for event in item.get("events", []):
        event = dict(event)
        if is_denial(event, text):
            continue  # denying an accusation is a statement, not a REJECT
        if event["event_type"] == "CONCEDE" and event.get("mode") == "release":
            event["event_type"] = "RETREAT"  # releases of people are RETREAT release
        if event["event_type"] == "CONCEDE" and "apolog" in (event.get("trigger") or "").lower():
            event["event_type"], event["mode"] = "SUPPORT", None  # apologies are SUPPORT
        modality = event.get("modality") or []
        if is_refusal(event, text):
            event.update(event_type="REJECT", mode=None, modality=[m for m in modality if m not in
                                                                   ("future", "negation")])
        if event["event_type"] == "THREATEN" and re.search(r"\b(if|unless)\b", text, re.IGNORECASE) \
                and "hypothetical" not in modality:
            event["modality"] = [*modality, "hypothetical"]  # a conditional threat (docs/annotation.md)
        events.append(event)
    return {**item, "events": events}


def is_denial(event: dict, text: str) -> bool:
    if event["event_type"] != "REJECT":
        return False
    trigger = event.get("trigger") or ""
    at = text.find(trigger)
    after = text[at + len(trigger): at + len(trigger) + 60] if at >= 0 else ""
    return bool(DENIAL.search(trigger)) and bool(ACCUSATION.search(after))


def is_refusal(event: dict, text: str) -> bool:
    """A cooperative event said not to be going to happen, or to have failed."""
    if event["event_type"] not in COOPERATIVE:
        return False
    modality = event.get("modality") or []
    if "negation" not in modality:
        return False
    if "future" in modality:
        return True
    trigger = event.get("trigger") or ""
    at = text.find(trigger)
    return bool(FAILED.search(trigger)) or (at >= 0 and bool(FAILED.search(text[max(0, at - 25):at])))
