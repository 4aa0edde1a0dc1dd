"""Regenerate the figures of docs/quality.md (run after `make models`; `make quality`).

    .venv/bin/python eval/write_quality.py

Rewrites the blocks between the BEGIN/END markers of docs/quality.md:
- voa: `dragoman evaluate eval/voa/test.jsonl` (real news) with the trained models and rules only,
  and the dev split; the agreement of the two annotations (eval/voa/agreement.py) as the ceiling;
- own: `dragoman evaluate eval/data/test.jsonl` (our written sentences), both ways;
- police: eval/police.py on eval/data/police/ (our lower-cased police-news sentences);
- devgold: eval/dev_gold.py on ../shared/dev-gold/conflibert-cameo-train/, and coverage:
  eval/coverage.py on ../shared/corpus/ (both kept as they are when those folders are absent).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "quality.md"


def evaluate(gold: str, classifier: bool = True) -> dict:
    env = {**os.environ, "DRAGOMAN_CLASSIFIER": "true" if classifier else "false"}
    out = subprocess.run([sys.executable, "-m", "dragoman", "evaluate", gold, "--json"],
                         cwd=ROOT, env=env, capture_output=True, check=True, text=True).stdout
    return json.loads(out)


def run_json(script: str, *args: str) -> dict | None:
    out = subprocess.run([sys.executable, script, *args], cwd=ROOT, capture_output=True, check=True, text=True).stdout
    start = out.find("{")
    return json.loads(out[start:]) if start >= 0 else None


def type_table(models: dict, rules: dict, ceiling: dict | None = None) -> list[str]:
    head = "| type | precision | recall | F1 | gold events | F1, rules only |" + (" F1, second annotator |" if ceiling else "")
    rows = [head, "|---|---|---|---|---|---|" + ("---|" if ceiling else "")]
    for t, v in models["per_type"].items():
        if not v["support"] and not v["precision"]:
            continue
        extra = f" {ceiling['per_type_f1'].get(t, '—')} |" if ceiling else ""
        rows.append(f"| {t} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} | "
                    f"{rules['per_type'][t]['f1']:.3f} |{extra}")
    m, mr = models["micro"], rules["micro"]
    extra = f" **{ceiling['micro']['f1']:.3f}** |" if ceiling else ""
    rows.append(f"| **micro** | **{m['precision']:.3f}** | **{m['recall']:.3f}** | **{m['f1']:.3f}** | | "
                f"{mr['f1']:.3f} |{extra}")
    return rows


def summary(models: dict, rules: dict) -> list[str]:
    t = models["micro_trigger"]
    return [
        f"- Type and trigger must both match: P {t['precision']:.3f}, R {t['recall']:.3f}, F1 {t['f1']:.3f} "
        f"(rules only {rules['micro_trigger']['f1']:.3f}).",
        f"- Macro F1 over types: {models['macro_f1']} (rules only {rules['macro_f1']}); quad-class macro F1 "
        f"per sentence: {models['quad_macro_f1']} (rules only {rules['quad_macro_f1']}).",
        f"- Actor: a predicted actor overlaps the gold mention (by its words, or by the name a pronoun or "
        f"other reference was resolved to: \"he\" -> Mehdiyev) on {models['actor_accuracy']} of matched events; "
        f"the gold code is among the actors' codes on {models['actor_code_accuracy']}. Recipient: "
        f"{models['recipient_accuracy']}. Modality exactly right: {models['modality_accuracy']}.",
        f"- Confidence: expected calibration error {models['calibration_error']} (5 bins; correct = the type is "
        f"among the sentence's gold types).",
    ]


def voa_block() -> str:
    test, test_rules = evaluate("eval/voa/test.jsonl"), evaluate("eval/voa/test.jsonl", False)
    dev = evaluate("eval/voa/dev.jsonl")
    ceiling = run_json("eval/voa/agreement.py")
    lines = type_table(test, test_rules, ceiling) + [""] + summary(test, test_rules) + [
        f"- Dev split (402 sentences, used to choose the decider's thresholds): micro F1 {dev['micro']['f1']} "
        f"(P {dev['micro']['precision']}, R {dev['micro']['recall']}), trigger-matched {dev['micro_trigger']['f1']}.",
        f"- Ceiling: the second, independent annotation of {ceiling['stories']} stories ({ceiling['sentences']} "
        f"sentences, every test story among them) scored against the first: type F1 {ceiling['micro']['f1']}, "
        f"type-and-trigger F1 {ceiling['micro_trigger']['f1']}, actor mention agreement {ceiling['actor_accuracy']}, "
        f"actor code agreement {ceiling['actor_code_accuracy']}, recipient agreement {ceiling['recipient_accuracy']}, "
        f"same decision on whether a sentence holds an event {ceiling['sentences_with_event_agreement']}.",
    ]
    return "\n".join(lines)


def own_block() -> str:
    models, rules = evaluate("eval/data/test.jsonl"), evaluate("eval/data/test.jsonl", False)
    return "\n".join(type_table(models, rules) + [""] + summary(models, rules))


def devgold_block() -> str | None:
    report = run_json("eval/dev_gold.py")
    if not report or "quad" not in report:
        return None
    quad, roles = report["quad"], report["roles"]
    f1 = ", ".join(f"{k}: {v}" for k, v in quad["f1"].items())
    return "\n".join([
        f"- Quad classes ({quad['sentences']} sentences): macro F1 **{quad['macro_f1']}** over the five classes "
        f"({f1}); with the PLOVER export's types (announced future events as AGREE/THREATEN) "
        f"{quad['plover_export']['macro_f1']}. Accuracy {quad['accuracy']}.",
        f"- Source actors ({roles['actor']['gold_spans']} gold spans in {roles['sentences']} sentences): span "
        f"P {roles['actor']['precision']}, R {roles['actor']['recall']}, F1 **{roles['actor']['f1']}**; code "
        f"accuracy {roles['actor']['code_accuracy']} (on the {roles['actor']['gold_with_code']} spans whose code our "
        f"knowledge base can tell: the code is among the events' actor codes).",
        f"- Targets ({roles['recipient']['gold_spans']} gold spans): span P {roles['recipient']['precision']}, "
        f"R {roles['recipient']['recall']}, F1 **{roles['recipient']['f1']}**; code accuracy "
        f"{roles['recipient']['code_accuracy']} (on {roles['recipient']['gold_with_code']} spans).",
    ])


def coverage_block() -> str | None:
    report = run_json("eval/coverage.py")
    if not report or "skipped" in report.get("newswire", {}):
        return None
    rows = ["| corpus | articles | asserted events | with an actor with a code or sector | with any actor | "
            "with an implied actor | with a location (trigger / sentence / document) |", "|---|---|---|---|---|---|---|"]
    for name in ("newswire", "voa"):
        r = report[name]
        src = r["location_source"]
        rows.append(f"| {name} | {r['articles']} | {r['asserted_events']} | **{r['with_coded_actor']}** | "
                    f"{r['with_any_actor']} | {r['implied_actor']} | **{r['with_location']}** ({src.get('trigger', 0)} / "
                    f"{src.get('sentence', 0)} / {src.get('document', 0)}) |")
    return "\n".join(rows)


def police_block() -> str | None:
    report = run_json("eval/police.py")
    if not report or "skipped" in report:
        return None
    rows = ["| file | sentences | police actions | P | R | F1 | F1, any ASSAULT/COERCE event | recall, agent named / not named |",
            "|---|---|---|---|---|---|---|---|"]
    for name in ("dev", "test"):
        if name not in report:
            continue
        r = report[name]
        found, anyone, agent = r["police_action"], r["any_force_event"], r["recall_by_agent"]
        rows.append(f"| {name} | {r['sentences']} | {r['positive']} | {found['precision']} | {found['recall']} | "
                    f"**{found['f1']}** | {anyone['f1']} | {agent.get('named')} / {agent.get('unnamed')} |")
    return "\n".join(rows)


def replace_block(text: str, name: str, body: str | None) -> str:
    begin, end = f"<!-- BEGIN {name} (eval/write_quality.py) -->", f"<!-- END {name} -->"
    if body is None or begin not in text:
        return text
    start, stop = text.index(begin) + len(begin), text.index(end)
    return text[:start] + "\n" + body + "\n" + text[stop:]


def main() -> int:
    text = DOC.read_text(encoding="utf-8")
    for name, make in (("voa", voa_block), ("own", own_block), ("devgold", devgold_block),
                       ("coverage", coverage_block), ("police", police_block)):
        text = replace_block(text, name, make())
    DOC.write_text(text, encoding="utf-8")
    print(f"updated {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
