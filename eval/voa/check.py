"""Check annotated VOA files against the format of docs/annotation.md ("Real news").

`.venv/bin/python eval/voa/check.py eval/voa/gold/voa-8011115.jsonl [...]` (or a folder) prints
every problem with its sentence id and exits 1 when there is one. It checks that each file holds
every sentence of its story in order, that every span is a substring of its sentence, and that
types, modes, modalities, codes, sectors, dates and precisions are valid values.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dragoman.ontology import EVENT_TYPES, INTERNATIONAL_CODES, MODALITIES, MODES, SECTORS  # noqa: E402

PRECISIONS = ("day", "week", "month", "quarter", "year")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$|^\d{4}-W\d{2}$|^\d{4}-Q[1-4]$")
EVENT_KEYS = {"event_type", "mode", "modality", "trigger", "actor", "actor_code", "actor_sector",
              "recipient", "recipient_code", "recipient_sector", "implied_actor", "location",
              "location_doc", "date", "date_text", "date_precision", "note"}
REQUIRED = ("event_type", "mode", "modality", "trigger", "actor", "actor_code", "actor_sector",
            "recipient", "recipient_code", "recipient_sector")


def country_codes() -> set[str]:
    path = ROOT / "src" / "dragoman" / "knowledge" / "actors" / "countries.yaml"
    return {row["code"] for row in yaml.safe_load(path.read_text(encoding="utf-8"))}


def sentences_by_story() -> dict[str, list[dict]]:
    stories: dict[str, list[dict]] = {}
    for line in (HERE / "sentences.jsonl").read_text(encoding="utf-8").splitlines():
        item = json.loads(line)
        stories.setdefault(item["doc_id"], []).append(item)
    return stories


def check_file(path: Path, stories: dict[str, list[dict]], codes: set[str]) -> list[str]:
    problems: list[str] = []
    try:
        items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except json.JSONDecodeError as err:
        return [f"{path}: not valid JSON Lines ({err})"]
    story = path.stem
    expected = stories.get(story)
    if expected is None:
        return [f"{path}: no story {story!r} in sentences.jsonl (name the file after the story id)"]
    if [i.get("id") for i in items] != [s["id"] for s in expected]:
        problems.append(f"{path}: must hold the {len(expected)} sentences of {story} in order, "
                        f"with their ids (got {len(items)})")
    by_id = {s["id"]: s for s in expected}
    for item in items:
        source = by_id.get(item.get("id"))
        if source is None:
            continue
        if item.get("text") != source["text"]:
            problems.append(f"{item['id']}: text differs from sentences.jsonl; do not edit sentences")
        if not isinstance(item.get("events"), list):
            problems.append(f"{item['id']}: needs an 'events' list (empty for no event)")
            continue
        for n, event in enumerate(item["events"]):
            problems.extend(f"{item['id']} event {n}: {p}" for p in check_event(event, source["text"], codes))
    return problems


def check_event(event: dict, text: str, codes: set[str]) -> list[str]:
    out = []
    if not isinstance(event, dict):
        return ["an event must be an object"]
    out += [f"unknown key {k!r}" for k in event if k not in EVENT_KEYS]
    out += [f"missing key {k!r}" for k in REQUIRED if k not in event]
    if out:
        return out
    kind = event["event_type"]
    if kind not in EVENT_TYPES:
        return [f"event_type {kind!r} is not a PLOVER type"]
    if event["mode"] is not None and event["mode"] not in MODES[kind] and not (
            kind == "AGREE" and str(event["mode"]).upper() in EVENT_TYPES):
        out.append(f"mode {event['mode']!r} is not a mode of {kind} {MODES[kind]}")
    out += [f"modality {m!r} unknown" for m in event["modality"] if m not in MODALITIES]
    if not isinstance(event["trigger"], str) or not event["trigger"] or event["trigger"] not in text:
        out.append(f"trigger {event['trigger']!r} is not a substring of the sentence")
    for role in ("actor", "recipient"):
        out += check_role(event, role, text, codes)
    implied = event.get("implied_actor")
    if implied is not None:
        if not isinstance(implied, dict) or set(implied) - {"code", "sector"}:
            out.append("implied_actor must be null or {code, sector}")
        else:
            out += check_code(implied.get("code"), codes, "implied_actor")
            out += check_sector(implied.get("sector"), "implied_actor")
        if event["actor"]:
            out.append("implied_actor is only for events whose actor the sentence does not name")
    location = event.get("location")
    if location is not None and (not isinstance(location, str) or location not in text):
        out.append(f"location {location!r} is not a substring of the sentence")
    if event.get("location_doc") is not None and not isinstance(event["location_doc"], str):
        out.append("location_doc must be a place name or null")
    out += check_date(event, text)
    return out


def check_role(event: dict, role: str, text: str, codes: set[str]) -> list[str]:
    mentions, role_codes, sectors = event[role], event[f"{role}_code"], event[f"{role}_sector"]
    if not (isinstance(mentions, list) and isinstance(role_codes, list) and isinstance(sectors, list)):
        return [f"{role}, {role}_code and {role}_sector must be lists"]
    if not len(mentions) == len(role_codes) == len(sectors):
        return [f"{role}, {role}_code and {role}_sector must have the same length"]
    out = []
    for mention, code, sector in zip(mentions, role_codes, sectors):
        if not isinstance(mention, str) or not mention or mention not in text:
            out.append(f"{role} {mention!r} is not a substring of the sentence")
        out += check_code(code, codes, role)
        out += check_sector(sector, role)
    return out


def check_code(code, codes: set[str], role: str) -> list[str]:
    if code is None or code in codes or code in INTERNATIONAL_CODES:
        return []
    return [f"{role} code {code!r} is neither ISO 3166-1 alpha-3 (countries.yaml) nor international"]


def check_sector(sector, role: str) -> list[str]:
    return [] if sector is None or sector in SECTORS else [f"{role} sector {sector!r} unknown"]


def check_date(event: dict, sentence: str) -> list[str]:
    value, text, precision = event.get("date"), event.get("date_text"), event.get("date_precision")
    if value is None:
        return [] if precision is None else ["date_precision must be null when date is null"]
    out = []
    if not isinstance(value, str) or not DATE.match(value):
        out.append(f"date {value!r} must be YYYY-MM-DD, YYYY-MM, YYYY, YYYY-Www or YYYY-Qn")
    if precision not in PRECISIONS:
        out.append(f"date_precision {precision!r} must be one of {PRECISIONS}")
    if text is not None and (not isinstance(text, str) or text not in sentence):
        out.append(f"date_text {text!r} must be a substring of the sentence or null")
    return out


def main(argv: list[str]) -> int:
    paths: list[Path] = []
    for arg in argv or [str(HERE / "gold")]:
        p = Path(arg)
        paths.extend(sorted(p.glob("*.jsonl")) if p.is_dir() else [p])
    stories, codes = sentences_by_story(), country_codes()
    problems = [p for path in paths for p in check_file(path, stories, codes)]
    for problem in problems:
        print(problem)
    events = sum(len(json.loads(line).get("events") or []) for path in paths
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    print(f"{len(paths)} files, {events} events, {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
