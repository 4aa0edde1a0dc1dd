"""Language identification: speed and accuracy of dragoman's rule, and of other identifiers if installed.

    .venv/bin/python bench/bench_language.py
    .venv/bin/python bench/bench_language.py --others    # also pycld2 and lingua, when pip-installed

English: the articles of ../shared/corpus/newswire.jsonl (skipped when absent) and of
eval/voa/stories.jsonl, their headlines (the corpora's titles of 20 characters or more: what a feed
item without a body looks like), and tests/data/language/english.jsonl (tables, line-ups, lists).
Other languages: tests/data/language/other.jsonl, a news paragraph and a headline in each of 20
languages. For each identifier: model load time, milliseconds per text, English texts refused
(the aim: none) and texts in other languages let through (the aim: none).

dragoman's rule (stages/language.py) refuses a text when py3langid gives English a probability
under 1e-3. The others are given the rule their authors suggest for "confidently not English":
pycld2, its top language is not English and it reports the result reliable; lingua (low-accuracy
mode, all languages preloaded), its confidence in English is under 0.1 and its top language is not
English.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWSWIRE = ROOT.parent / "shared" / "corpus" / "newswire.jsonl"
VOA = ROOT / "eval" / "voa" / "stories.jsonl"
DATA = ROOT / "tests" / "data" / "language"


def rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def texts() -> dict[str, list[str]]:
    corpus = rows(VOA) + (rows(NEWSWIRE) if NEWSWIRE.exists() else [])
    return {
        "english articles": [f"{r.get('title') or ''}\n{r['text']}" for r in corpus],
        "english headlines": [r["title"] for r in corpus if len(r.get("title") or "") >= 20],
        "english tables, lists, notices": [r["text"] for r in rows(DATA / "english.jsonl")],
        "other pages": [r["text"] for r in rows(DATA / "other.jsonl") if r["kind"] == "page"],
        "other headlines": [r["text"] for r in rows(DATA / "other.jsonl") if r["kind"] == "headline"],
    }


def dragoman_rule():
    from dragoman.stages.language import LanguageIdentifier

    identifier = LanguageIdentifier.load()
    return lambda text: identifier.guess(text).is_english


def cld2_rule():
    import pycld2

    def is_english(text: str) -> bool:
        reliable, _, details = pycld2.detect(text)
        return details[0][1] in ("en", "un") or not reliable
    return is_english


def lingua_rule():
    from lingua import Language, LanguageDetectorBuilder

    detector = LanguageDetectorBuilder.from_all_languages().with_low_accuracy_mode() \
        .with_preloaded_language_models().build()

    def is_english(text: str) -> bool:
        values = detector.compute_language_confidence_values(text)
        english = next((v.value for v in values if v.language == Language.ENGLISH), 0.0)
        return values[0].language == Language.ENGLISH or english >= 0.1
    return is_english


def measure(name: str, make, sets: dict[str, list[str]]) -> dict:
    started = time.perf_counter()
    is_english = make()
    loaded = time.perf_counter() - started
    out = {"identifier": name, "load_s": round(loaded, 2)}
    for label, items in sets.items():
        started = time.perf_counter()
        verdicts = [is_english(t) for t in items]
        ms = (time.perf_counter() - started) * 1000 / max(1, len(items))
        wrong = verdicts.count(False) if label.startswith("english") else verdicts.count(True)
        out[label] = {"n": len(items), "ms_per_text": round(ms, 3),
                      ("refused" if label.startswith("english") else "let through"): wrong}
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--others", action="store_true", help="also measure pycld2 and lingua if installed")
    args = parser.parse_args()
    sets = texts()
    if not NEWSWIRE.exists():
        print(f"bench_language: {NEWSWIRE} is absent; measuring on the VOA stories only")
    results = [measure("dragoman (py3langid 0.4.0, P(en) < 1e-3)", dragoman_rule, sets)]
    for name, make in (("pycld2 (top language, reliable)", cld2_rule), ("lingua low accuracy", lingua_rule)):
        if args.others:
            try:
                results.append(measure(name, make, sets))
            except ImportError:
                results.append({"identifier": name, "skipped": "not installed"})
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
