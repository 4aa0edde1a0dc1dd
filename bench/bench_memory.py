"""Memory over a long stream: the resident memory of one ingest process as documents go by.

    .venv/bin/python bench/bench_memory.py                      # 20,000 documents, the whole pipeline
    .venv/bin/python bench/bench_memory.py --docs 100000        # the figure of docs/performance.md
    .venv/bin/python bench/bench_memory.py --docs 100000 --no-nlp   # the stores and indexes only

Documents are generated (nothing is read from the corpus): short news items of three
sentences built from templates (one in ten reports an arrest by unnamed police: see
docs/performance.md on clustering such mentions), with new names and numbers in each, so that the vocabulary keeps
growing as a real feed's does; one in twenty is a near-copy of a recent item, as wire copies are,
so that the near-duplicate index is searched and fed. Publication dates advance by a day every
1,000 documents. They are written to a JSONL file first, then one ``dragoman.ingest`` reads that
file in this process, exactly as ``dragoman ingest FILE`` does: reading, extraction, language
identification, spaCy, actors, events, dates, places, MinHash fingerprints, the near-duplicate
index, batch writes, and clustering at the end.

``--no-nlp`` replaces spaCy and the event coder (and only them) by a stand-in that makes one event
per sentence from the template's own actor and verb, so that everything that grows with the
database is exercised ten times faster: the store, its indexes, the near-duplicate index and the
writer's buffers. The resident memory (VmRSS) is sampled after every batch written; reported:
the samples, the RSS at 10,000 documents and at the end, and the growth between (target: the end
within 50 MB of the 10,000 mark).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

MARK = 10_000
TARGET_MB = 50
COUNTRIES = ["France", "Germany", "Russia", "China", "Iran", "Turkey", "Egypt", "Kenya", "Nigeria", "Brazil",
             "India", "Pakistan", "Japan", "Mexico", "Ukraine", "Libya", "Sudan", "Iraq", "Syria", "Israel"]
CITIES = ["Paris", "Berlin", "Moscow", "Beijing", "Tehran", "Ankara", "Cairo", "Nairobi", "Lagos", "Brasilia",
          "New Delhi", "Islamabad", "Tokyo", "Mexico City", "Kyiv", "Tripoli", "Khartoum", "Baghdad"]
ACTIONS = [("met", "CONSULT"), ("criticised", "ACCUSE"), ("thanked", "SUPPORT"), ("threatened", "THREATEN"),
           ("accused", "ACCUSE"), ("visited", "CONSULT"), ("urged", "REQUEST"), ("condemned", "ACCUSE")]
ROLES = ["Foreign Minister", "Defence Minister", "President", "opposition leader", "police chief", "envoy"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def make_name(rng: random.Random) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return "".join(rng.choice(letters) for _ in range(rng.randint(5, 9))).capitalize()


def generate(n: int, seed: int = 7):
    """N short news items as JSONL objects; every 20th a near-copy of one of the last hundred."""
    rng = random.Random(seed)
    recent: list[dict] = []
    for i in range(n):
        day = 1 + i // 1000
        published = f"{2024 + day // 365}-{1 + day % 365 // 31:02d}-{1 + day % 31 % 28:02d}"
        if i % 20 == 19 and recent:
            copy = rng.choice(recent)
            doc = {"id": f"mem-{i}", "text": copy["text"] + f" Reporting by {make_name(rng)}.",
                   "published": published, "source": f"Outlet {rng.randint(1, 40)}"}
        else:
            doc = {"id": f"mem-{i}", "text": item_text(rng), "published": published,
                   "source": f"Outlet {rng.randint(1, 40)}"}
        recent = (recent + [doc])[-100:]
        yield doc


def item_text(rng: random.Random) -> str:
    a, b = rng.sample(COUNTRIES, 2)
    verb, _ = rng.choice(ACTIONS)
    first, last = make_name(rng), make_name(rng)
    if rng.random() < 0.1:  # an arrest by unnamed police: common, and all alike for clustering
        last_sentence = (f"Police in {rng.choice(CITIES)} arrested {rng.randint(2, 90)} protesters after "
                         f"clashes near the {make_name(rng)} building.")
    else:
        last_sentence = f"The {make_name(rng)} party won {rng.randint(2, 90)} seats in {rng.choice(CITIES)}."
    return (f"{a}'s {rng.choice(ROLES)} {verb} {b}'s {rng.choice(ROLES)} in {rng.choice(CITIES)} on "
            f"{rng.choice(DAYS)}, officials said. {first} {last}, a spokesman for the {make_name(rng)} movement, "
            f"said {rng.randint(2, 900)} people had gathered in {rng.choice(CITIES)} to meet {make_name(rng)} "
            f"{make_name(rng)}. {last_sentence}")


class TemplateCoder:
    """The --no-nlp stand-in for spaCy and the event coder: real extraction and records, one
    CONSULT/ACCUSE/... event per template sentence; everything around it is the real ingest."""

    def __init__(self, config) -> None:
        from dragoman.pipeline import Pipeline

        self.config = config
        self.real = Pipeline(config)  # its extraction only: no model is loaded

    def run_batch(self, batch, published, url):
        for item in batch:
            result = self.real.extract_one(item, published, url)
            if result.article is not None:
                result = dataclasses.replace(result, events=tuple(template_events(result.article)))
            yield result


def template_events(article) -> list:
    from dragoman.records import Actor, Event, content_hash

    events, start = [], 0
    for sentence in article.text.split(". "):
        words = sentence.split()
        verb = next((w for w in words if w in dict(ACTIONS)), None)
        if verb is not None and len(words) > 4:
            events.append(Event(
                id=content_hash(article.doc_id, str(start)), doc_id=article.doc_id, event_type=dict(ACTIONS)[verb],
                mode=None, modality=(), context=(), actor=(Actor(words[0], words[0].strip("'s")),),
                recipient=(Actor(words[words.index(verb) + 1], words[words.index(verb) + 1].strip("'s")),),
                date=article.published, date_text=None, location=None, attribution=(), quote=None,
                text=sentence, start=start, end=start + len(sentence), confidence=0.5))
        start += len(sentence) + 2
    return events


def current_rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def run(args) -> dict:
    from dragoman.config import load_config
    from dragoman.ingest import ingest
    from dragoman.pipeline import Pipeline

    folder = Path(tempfile.mkdtemp(prefix="dragoman-memory-"))
    source = folder / "stream.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for doc in generate(args.docs):
            handle.write(json.dumps(doc) + "\n")
    config = load_config(overrides={"db": str(folder / "stream.duckdb"), "batch_size": args.batch_size,
                                    "db_cache_limit": args.db_cache_limit})  # DRAGOMAN_* variables apply
    pipeline = TemplateCoder(config) if args.no_nlp else Pipeline(config).setup()
    samples: list[tuple[int, float, float]] = []
    started = time.perf_counter()
    every = max(args.batch_size, args.docs // args.samples)

    def sample(counts) -> None:
        done = counts.added + counts.unchanged + counts.replaced + counts.problems
        if not samples or done - samples[-1][0] >= every or done >= MARK > samples[-1][0] or done == args.docs:
            samples.append((done, round(current_rss_mb(), 1), round(time.perf_counter() - started, 1)))
            print(f"  {done:>8,} documents  {samples[-1][1]:>7.1f} MB  {samples[-1][2]:>7.1f} s", file=sys.stderr)

    report = ingest(config, [str(source)], on_batch=sample, pipeline=pipeline)
    coded = time.perf_counter() - started
    at_mark = next((s for s in samples if s[0] >= MARK), None)
    end = samples[-1]
    out = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "mode": "no-nlp (stores and indexes)" if args.no_nlp else "whole pipeline",
        "documents": args.docs, "batch_size": args.batch_size, "db_cache_limit": config.db_cache_limit,
        "added": report.counts.added, "mentions": report.counts.events, "events": report.events,
        "problems": report.counts.problems, "seconds": round(coded, 1),
        "docs_per_s": round(args.docs / coded, 1),
        "rss_mb_samples": [{"documents": d, "rss_mb": m, "seconds": s} for d, m, s in samples],
        "rss_mb_at_10k": at_mark[1] if at_mark else None, "rss_mb_at_end": end[1],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "database_mb": round(sum(p.stat().st_size for p in folder.glob("stream.duckdb*")) / 2**20, 1),
    }
    if at_mark and end[0] > at_mark[0]:
        growth = end[1] - at_mark[1]
        out["growth_mb_10k_to_end"] = round(growth, 1)
        out["target"] = (f"RSS at {end[0]:,} within {TARGET_MB} MB of RSS at {at_mark[0]:,}: "
                         f"{'met' if growth <= TARGET_MB else 'MISSED'}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=20_000, help="documents in the stream (default 20,000)")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--samples", type=int, default=20, help="memory samples over the stream")
    parser.add_argument("--no-nlp", action="store_true", help="stand in for spaCy and the coder (10x faster)")
    parser.add_argument("--db-cache-limit", help="instead of the setting's default (e.g. 256MB)")
    parser.add_argument("--json", dest="json_out", help="also write the figures to this file")
    args = parser.parse_args()
    report = run(args)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json_out:
        Path(args.json_out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
