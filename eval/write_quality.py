"""Regenerate the figures table of docs/quality.md from the test split (run after `make models`).

Usage: .venv/bin/python eval/write_quality.py
It runs `dragoman evaluate eval/data/test.jsonl` with and without the sentence classifier and
rewrites the block between the BEGIN/END markers of docs/quality.md.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "quality.md"
BEGIN, END = "<!-- BEGIN figures (eval/write_quality.py) -->", "<!-- END figures -->"


def evaluate(classifier: bool) -> dict:
    env = {**os.environ, "DRAGOMAN_CLASSIFIER": "true" if classifier else "false"}
    out = subprocess.run([sys.executable, "-m", "dragoman", "evaluate", "eval/data/test.jsonl", "--json"],
                         cwd=ROOT, env=env, capture_output=True, check=True, text=True).stdout
    return json.loads(out)


def table(blend: dict, rules: dict) -> str:
    rows = [f"| {t} | {v['precision']:.3f} | {v['recall']:.3f} | {v['f1']:.3f} | {v['support']} | "
            f"{rules['per_type'][t]['f1']:.3f} |" for t, v in blend["per_type"].items()]
    m, mr = blend["micro"], rules["micro"]
    return "\n".join([
        "| type | precision | recall | F1 | gold events | F1, rules only |",
        "|---|---|---|---|---|---|", *rows,
        f"| **micro** | **{m['precision']:.3f}** | **{m['recall']:.3f}** | **{m['f1']:.3f}** | | {mr['f1']:.3f} |",
        "",
        f"- Macro F1 over types: {blend['macro_f1']} (rules only {rules['macro_f1']}).",
        f"- Quad-class (verbal/material x cooperation/conflict, or no event) macro F1 per sentence: "
        f"{blend['quad_macro_f1']} (rules only {rules['quad_macro_f1']}).",
        f"- Actor accuracy (a predicted actor overlaps the gold actor text, on type-matched events): "
        f"{blend['actor_accuracy']}; gold country code among the predicted actors' codes: {blend['actor_code_accuracy']}.",
        f"- Recipient accuracy: {blend['recipient_accuracy']}. Modality accuracy (exact set of "
        f"negation/future/hypothetical/historical): {blend['modality_accuracy']}.",
        f"- Confidence: expected calibration error {blend['calibration_error']} (5 bins; an event counts as "
        f"correct when its type is among the sentence's gold types; Platt scaling fitted on dev by `make models`).",
    ])


def main() -> int:
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BEGIN) + len(BEGIN), text.index(END)
    DOC.write_text(text[:start] + "\n" + table(evaluate(True), evaluate(False)) + "\n" + text[end:],
                   encoding="utf-8")
    print(f"updated {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
