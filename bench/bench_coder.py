"""The coder's own cost on top of spaCy (target: under 20% of spaCy's time on news text).

Parses N articles of ../shared/corpus/newswire.jsonl with the spaCy pipeline, then times
dragoman's stages after parsing (actors, events, dates, places) on the same parsed documents.
Run: `.venv/bin/python bench/bench_coder.py [--n 300]` (part of `make bench`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "newswire.jsonl"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (the development corpus is not in the repository)")
        return 0
    sys.path.insert(0, str(ROOT / "src"))
    from dragoman.config import Config
    from dragoman.pipeline import Pipeline
    from dragoman.records import Article

    items = [json.loads(line) for _, line in zip(range(args.n), CORPUS.open(encoding="utf-8"))]
    articles = [Article(doc_id=i["id"], text=i["text"], published=i.get("published"),
                        dateline=i.get("dateline")) for i in items]
    pipeline = Pipeline(Config()).setup()
    nlp = pipeline._models["nlp"]
    start = time.perf_counter()
    docs = list(nlp.pipe([a.text for a in articles], batch_size=64))
    spacy_s = time.perf_counter() - start
    resolver = pipeline._models["resolver"]
    spent = [0.0]
    resolve = resolver.resolve

    def timed_resolve(token, state):  # measures actor resolution inside the coder's run
        t0 = time.perf_counter()
        try:
            return resolve(token, state)
        finally:
            spent[0] += time.perf_counter() - t0

    resolver.resolve = timed_resolve
    start = time.perf_counter()
    n_events = sum(len(pipeline.code_doc(a, d)) for a, d in zip(articles, docs))
    coder_s = time.perf_counter() - start
    words = sum(len(a.text.split()) for a in articles)
    print(f"{len(articles)} articles, {words} words, {n_events} events")
    print(f"spaCy pipeline: {spacy_s:.2f} s ({words / spacy_s:,.0f} words/s)")
    print(f"dragoman after parsing (actors, events, dates, places): {coder_s:.2f} s")
    print(f"coder cost / spaCy time: {coder_s / spacy_s:.1%} (target < 20%)")
    print(f"actor resolution: {spent[0]:.2f} s, {spent[0] / (spacy_s + coder_s):.1%} of pipeline time "
          "(target < 5%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
