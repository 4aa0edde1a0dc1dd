"""Score dragoman.places() on LGL (local US news with every toponym's GeoNames point).

Reads ``../shared/dev-gold/lgl/lgl.xml`` (development gold from outside the project, never copied
into the repository) and prints, as JSON: the share of toponyms found (a place with coordinates
overlapping the gold span), Acc@161 (within 161 km of GeoNames' point) of those found, both
together, the median error in km, and the same by GeoNames feature class. Skips, saying so, when
the file is absent.

    python eval/lgl.py [--gold PATH] [--limit N] [--errors N]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Iterator, NamedTuple

GOLD = Path(__file__).resolve().parents[1].parent / "shared" / "dev-gold" / "lgl" / "lgl.xml"
RADIUS_KM = 161


class Toponym(NamedTuple):
    start: int
    end: int
    text: str
    lat: float
    lon: float
    fcode: str


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0 * math.acos(min(1.0, max(-1.0, cos)))


def read_articles(path: Path) -> Iterator[tuple[str, list[Toponym]]]:
    """(text, toponyms with coordinates) of each LGL article."""
    for article in ET.parse(path).getroot().iter("article"):
        toponyms = []
        for node in article.iter("toponym"):
            tag = node.find("gaztag")
            if tag is None or tag.find("lat") is None:
                continue
            toponyms.append(Toponym(int(node.findtext("start")), int(node.findtext("end")),
                                    node.findtext("phrase") or "", float(tag.findtext("lat")),
                                    float(tag.findtext("lon")), tag.findtext("fcode") or ""))
        yield article.findtext("text") or "", toponyms


def feature_class(fcode: str) -> str:
    if fcode.startswith("PCL"):
        return "country"
    if fcode in ("ADM1", "ADM2"):
        return fcode.lower()
    return "town" if fcode.startswith("PPL") else "other"


def score(articles, places_of, show_errors: int = 0) -> dict:
    totals: dict[str, list] = defaultdict(lambda: [0, 0, 0, []])  # n, found, within, errors
    shown = 0
    for text, toponyms in articles:
        places = [p for p in places_of(text) if p.lat is not None]
        for gold in toponyms:
            match = next((p for p in places if p.start < gold.end and gold.start < p.end), None)
            error = km(gold.lat, gold.lon, match.lat, match.lon) if match else None
            for key in ("all", feature_class(gold.fcode)):
                row = totals[key]
                row[0] += 1
                if error is not None:
                    row[1] += 1
                    row[2] += error <= RADIUS_KM
                    row[3].append(error)
            if shown < show_errors and (error is None or error > RADIUS_KM):
                shown += 1
                print(f"{gold.text!r} {gold.fcode} -> {match.name if match else None} "
                      f"{match.country_code if match else ''} {round(error) if error else ''} | "
                      f"{text[max(0, gold.start - 60):gold.end + 40]!r}", file=sys.stderr)
    return {key: summary(*row) for key, row in sorted(totals.items())}


def summary(n: int, found: int, within: int, errors: list[float]) -> dict:
    return {"toponyms": n, "found": round(found / n, 3) if n else None,
            "acc161_of_found": round(within / found, 3) if found else None,
            "found_within_161": round(within / n, 3) if n else None,
            "median_error_km": round(statistics.median(errors)) if errors else None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--limit", type=int, default=None, help="score the first N articles only")
    parser.add_argument("--errors", type=int, default=0, help="print N misses to stderr")
    args = parser.parse_args()
    if not args.gold.is_file():
        print(json.dumps({"skipped": f"{args.gold} is absent (development gold, not in the repository)"}))
        return 0
    import dragoman

    articles = list(read_articles(args.gold))[:args.limit]
    print(json.dumps(score(articles, dragoman.places, args.errors), indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
