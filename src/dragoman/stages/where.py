"""Toponyms resolved against the gazetteer and disambiguated by the document.

``find_places`` resolves candidate spans (from spaCy NER, or found by scanning the text) to ``Place``
records. Resolve a document twice: once to learn which countries and states it names
(``document_countries``, ``document_admin1``), then again with those as context so that "Tripoli"
in a story about Lebanon is Lebanon's and "Alexandria" in one about Louisiana is Louisiana's. A name
followed by a state or country ("Springfield, Illinois", "Alexandria, Va.") is looked for there
first. docs/when-where.md gives every rule with examples.

>>> gazetteer = Gazetteer.load()                                              # doctest: +SKIP
>>> [p.country_code for p in find_places("Talks in Moscow.", gazetteer)]     # doctest: +SKIP
['RUS']
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Iterable, Mapping

from ..errors import ModelError
from ..records import Place
from .gazetteer import Entry, Gazetteer, derive_demonyms, normalize_name, read_country_knowledge

__all__ = ["Entry", "Gazetteer", "PlaceContext", "find_places", "document_countries",
           "document_admin1", "normalize_name", "read_country_knowledge", "derive_demonyms",
           "place_words"]

WORDS_FILE = ("knowledge", "places", "words.yaml")
CONTEXT_POPULATION_RATIO = 20  # a town in a context country loses only to one 20 times its size
MAJOR_CITY_POPULATION = 1_000_000  # capitals and cities this big beat states of the same name
MIN_ALTERNATE_POPULATION = 100_000  # scanning text: towns found by an alternate name only if this big
MIN_SCAN_POPULATION = 15_000  # scanning text: smaller towns only inside the context countries
MAX_NGRAM = 6  # words in a scanned name, connectors included ("Democratic Republic of the Congo")

_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*")
_TRIM_RE = re.compile(r"[\s\"'“‘(\[]*(.*?)(?:['’]s)?[\s\"'”’),;:!?\]]*", re.DOTALL)
_BASED_RE = re.compile(r"-(?:based|born|backed)\b")
_QUALIFIER_GAP_RE = re.compile(r"\s*,\s*")
# "HUDSON -- ", "ORLANDO, Fla. (AP) — ", "ISLE OF PALMS — ": a name in capitals that opens the text
# or a sentence, then perhaps a state and an agency, then a dash
_DATELINE_RE = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))([A-Z][A-Z.'’]+(?:[ -][A-Z][A-Z.'’]*){0,3})"
                          r"(?=(?:,\s*[A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)?\s*(?:\([A-Za-z ]+\)\s*)?(?:--|[—–\x97-]))")


@dataclass(frozen=True)
class PlaceWords:
    """The word lists of knowledge/places/words.yaml."""

    connectors: frozenset[str]
    direction_words: frozenset[str]
    generic_words: frozenset[str]
    scan_stopwords: frozenset[str]
    institution_words: frozenset[str]
    locative_cues: frozenset[str]
    place_nouns: frozenset[str]
    state_abbreviations: Mapping[str, str]  # "ill" -> "US.IL"


@lru_cache(maxsize=1)
def place_words() -> PlaceWords:
    """The packaged word lists, read once (ModelError when the file is broken)."""
    import yaml

    path = resources.files("dragoman").joinpath(*WORDS_FILE)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        lists = {key: frozenset(str(w).lower() for w in data[key])
                 for key in ("connectors", "direction_words", "generic_words", "scan_stopwords",
                            "institution_words", "locative_cues", "place_nouns")}
        states = {normalize_name(str(a)): f"US.{code}"
                  for code, names in data["us_state_abbreviations"].items() for a in names}
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as err:
        raise ModelError(f"place word file {'/'.join(WORDS_FILE)} is missing or invalid ({err}); "
                         "reinstall dragoman or fix the file") from err
    return PlaceWords(**lists, state_abbreviations=states)


@dataclass(frozen=True)
class PlaceContext:
    """What the document says about where it is: ISO3 codes of its countries and GeoNames codes of
    its first-level divisions, most important first; the names NER calls places anywhere in it and
    the words of its people's full names."""

    countries: Mapping[str, int]
    admin1: Mapping[str, int]
    place_names: frozenset[str] = frozenset()  # named by NER as a place more often than not
    person_words: frozenset[str] = frozenset()

    @classmethod
    def of(cls, countries: Iterable[str] = (), admin1: Iterable[str] = (), text: str = "",
           spans: Iterable[tuple[int, int, str]] = ()) -> "PlaceContext":
        votes: Counter[str] = Counter()
        people: set[str] = set()
        for start, end, label in spans:
            if not 0 <= start < end <= len(text):
                continue
            mention = text[start:end].strip()
            votes[normalize_name(mention)] += 1 if label in ("GPE", "LOC") else -1
            if label == "PERSON" and " " in mention:
                people.update(normalize_name(word) for word in mention.split())
        return cls({c: i for i, c in enumerate(dict.fromkeys(countries))},
                   {a: i for i, a in enumerate(dict.fromkeys(admin1))},
                   frozenset(key for key, vote in votes.items() if vote >= 0), frozenset(people))


# --- resolving --------------------------------------------------------------------------------------

def find_places(text: str, gazetteer: Gazetteer, spans: list[tuple[int, int, str]] | None = None,
                context_countries: Iterable[str] = (), context_admin1: Iterable[str] = (),
                scan_rest: bool = False) -> list[Place]:
    """Places named in ``text``, ranked by ``context_countries`` (ISO3 codes, most important first)
    and ``context_admin1`` (GeoNames codes of states and provinces, "US.LA").

    ``spans`` are NER candidates (start, end, label): GPE and LOC are looked up as places (kept
    with null fields when unknown), NORP as demonyms, ORG and FAC searched for names inside them;
    other labels are ignored. Without ``spans`` the text is scanned for capitalised names; with
    ``scan_rest`` too, and what the scan finds outside the spans is added (inside a PERSON or other
    span, only countries: NER calls "Sri Lanka" a person now and then).
    """
    if not isinstance(text, str) or not text:
        return []
    context = PlaceContext.of(context_countries, context_admin1, text, spans or ())
    datelines = _datelines(text, gazetteer, context)
    if spans is None:
        places = _scan(text, gazetteer, context)
    else:
        places = [place for start, end, label in spans
                  for place in _resolve_span(text, start, end, label, gazetteer, context)]
        if scan_rest:
            places += [p for p in _scan(text, gazetteer, context) if _outside(p, spans)
                       and not (_starts_sentence(text, p.start) and _minor(p, gazetteer))]
            places += [place for start, end, label in spans if label in ("ORG", "PERSON", "FAC")
                       and _after_locative_cue(text, start)
                       for place in _resolve_span(text, start, end, "GPE", gazetteer, context)]
    places = datelines + [p for p in places if not any(d.start < p.end and p.start < d.end for d in datelines)]
    return _qualified(text, _without_overlaps(places), gazetteer, context)


def _datelines(text: str, gazetteer: Gazetteer, context: PlaceContext) -> list[Place]:
    """Places of datelines in capitals that open the text or a sentence ("HUDSON -- Officials
    said", "ORLANDO, Fla. (AP) — A device"): any town, however small, since a dateline names a
    place."""
    places = []
    for found in _DATELINE_RE.finditer(text):
        start, end = _trim(text, *found.span(1))
        key = normalize_name(text[start:end])
        if key in place_words().scan_stopwords:
            continue
        entry = _best(_span_candidates(text[start:end], gazetteer), context)
        if entry is not None:
            places.append(_place(text[start:end], start, end, entry))
    return places


def _minor(place: Place, gazetteer: Gazetteer) -> bool:
    """A town under MIN_ALTERNATE_POPULATION people or a division: what a capitalised first word
    of a sentence ("Than", "Come") is not taken for without NER's word."""
    entry = gazetteer.entries.get(place.geonameid) if place.geonameid is not None else None
    return entry is not None and entry.feature != "country" and entry.feature != "region" \
        and entry.population < MIN_ALTERNATE_POPULATION


def _starts_sentence(text: str, start: int) -> bool:
    """"Than", "Come": a capitalised word that starts a sentence is no evidence of a name."""
    before = text[max(0, start - 3):start].rstrip(" \"'“‘(")
    return not before or before[-1] in ".!?\n:"


def _after_locative_cue(text: str, start: int) -> bool:
    """"in Yala", "the town of Umm Batna": a cue right before ``start``."""
    words = text[max(0, start - 40):start].lower().split()
    if words and words[-1] == "the":
        words = words[:-1]
    if not words:
        return False
    lists = place_words()
    return words[-1] in lists.locative_cues or (
        len(words) > 1 and words[-1] == "of" and words[-2] in lists.place_nouns)


def _outside(place: Place, spans: list[tuple[int, int, str]]) -> bool:
    """A scanned place that NER did not see: outside every span, or a country inside a non-place one."""
    inside = [label for start, end, label in spans if start < place.end and place.start < end]
    return not inside or (place.feature in ("country", "region")
                          and not {"GPE", "LOC", "NORP", "ORG", "FAC"} & set(inside))


def document_countries(places: list[Place]) -> list[str]:
    """ISO3 codes of the countries a document names (country names and demonyms), most often
    named first, then in order of first mention.

    >>> document_countries([Place("Libya", 0, 5, country_code="LBY", feature="country")])
    ['LBY']
    """
    return _ranked([(p.start, p.country_code) for p in places
                    if p.feature == "country" and p.country_code])


def document_admin1(places: list[Place], gazetteer: Gazetteer) -> list[str]:
    """GeoNames codes of the first-level divisions a document is about, best supported first
    (docs/when-where.md, "The document").

    Each name votes once, with every division it could lie in: a state named as such, or a name
    that lies in one division only, is evidence on its own (``support`` 1 or more); a name that
    several divisions hold ("Alexandria", "Douglas County") only adds to those, and a division needs
    two such names to count. Capitals and cities of a million (``MAJOR_CITY_POPULATION``) vote for
    their own division only: "Paris" and "London" are no evidence of Kentucky. In a document that names countries, a
    division elsewhere needs evidence on its own.
    """
    support: Counter[str] = Counter()
    shared: Counter[str] = Counter()
    first: dict[str, int] = {}
    seen: set[str] = set()
    for place in places:
        entry = gazetteer.entries.get(place.geonameid) if place.geonameid is not None else None
        key = normalize_name(place.text)
        if entry is None or entry.feature in ("country", "region") or key in seen:
            continue
        seen.add(key)
        codes = _divisions_of(place.text, entry, gazetteer)
        for code in codes:
            first.setdefault(code, place.start)
        if len(codes) == 1:
            support[codes[0]] += 2 if entry.feature == "admin1" else 1
        else:
            shared.update(codes)
            if entry.population >= MIN_ALTERNATE_POPULATION and entry.admin1:
                support[entry.admin1] += 1
    named = set(document_countries(places))
    kept = [code for code in first if support[code] or shared[code] >= 2 and (
        not named or _country_of(code, gazetteer) in named)]
    return sorted(kept, key=lambda code: (-(support[code] + shared[code] / 2), first[code]))


def _divisions_of(text: str, entry: Entry, gazetteer: Gazetteer) -> list[str]:
    """The first-level divisions a resolved name could lie in: the state itself for a state, its
    own for a capital or a big city, else those of every town and division of that name."""
    if entry.feature == "admin1" or entry.capital or entry.population >= MAJOR_CITY_POPULATION:
        return [entry.admin1] if entry.admin1 else []
    codes = {e.admin1 for e, _ in _span_candidates(text, gazetteer)
             if e.admin1 and e.feature not in ("country", "region")}
    return sorted(codes | {entry.admin1} if entry.admin1 else codes)


def _country_of(code: str, gazetteer: Gazetteer) -> str | None:
    division = gazetteer.admin1.get(code)
    return division.country_code if division is not None else None


def _ranked(votes: list[tuple[int, str]]) -> list[str]:
    counts = Counter(code for _, code in votes)
    first: dict[str, int] = {}
    for start, code in sorted(votes):
        first.setdefault(code, start)
    return sorted(counts, key=lambda code: (-counts[code], first[code]))


def _resolve_span(text: str, start: int, end: int, label: str, gazetteer: Gazetteer,
                  context: PlaceContext) -> list[Place]:
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
        raise ValueError(f"span ({start!r}, {end!r}) is not inside the text (length {len(text)})")
    start, end = _trim(text, start, end)
    if start >= end:
        return []
    mention = text[start:end]
    if label in ("GPE", "LOC"):
        state = _state_abbreviation(text, start, end, gazetteer) or _dotted_state(mention, gazetteer)
        if state is not None:
            return [_place(mention, start, end, state)]
        if "," in mention:  # "Springfield, Ill." as one span: two places, read by _qualified
            return _split_span(text, start, end, gazetteer, context)
        entry = _best(_span_candidates(mention, gazetteer), context) or gazetteer.demonym(mention)
        return [_place(mention, start, end, entry)]
    if label == "NORP":
        entry = gazetteer.demonym(mention) or _best(
            [c for c in gazetteer.lookup(mention) if c[0].feature == "country"], context)
        return [_place(mention, start, end, entry)] if entry else []
    if label in ("ORG", "FAC", "PERSON"):
        whole = _misnamed_place(mention, label, gazetteer, context)
        if whole is not None:
            return [_place(mention, start, end, whole)]
    if label in ("ORG", "FAC"):
        inner = _scan(mention, gazetteer, context, cities=label == "FAC") or _leading_place(
            mention, gazetteer, context)
        return [dataclasses.replace(p, start=p.start + start, end=p.end + start) for p in inner]
    return []


def _misnamed_place(mention: str, label: str, gazetteer: Gazetteer, context: PlaceContext) -> Entry | None:
    """A whole ORG, FAC or PERSON span that names a place ("Torrington firefighters", "an
    Alexandria man": NER's labels slip on local names): taken when NER calls the same name a place
    elsewhere in the document at least as often as it calls it something else, or when the place
    lies in one of the document's states; never a word of a person's full name in the document
    ("Henry" after "Chiquita Raquel Henry"), a country's name, or a town's name without " City"."""
    key = normalize_name(mention)
    if not key or key in place_words().scan_stopwords or mention.isupper() and len(mention) <= 4:
        return None
    if key in context.person_words or len(key.split()) > 3:
        return None
    candidates = gazetteer.candidates(key)
    if any(e.feature == "country" for e, _ in candidates):
        return None  # countries are found by the scan
    own = [c for c in candidates if c[1] and c[0].feature in ("city", "admin1", "admin2")
           and normalize_name(c[0].name) != key + " city"]
    entry = _best(own, context)
    if entry is None or not (key in context.place_names or entry.admin1 in context.admin1):
        return None
    return entry


def _leading_place(mention: str, gazetteer: Gazetteer, context: PlaceContext) -> list[Place]:
    """A town, county or state that opens an organisation's name ("Dublin Arts Council", "Douglas
    County Sheriff's Office", "Ohio Supreme Court"): a place in the name, if not where the event is.
    Only a town of MIN_SCAN_POPULATION people or one in the context, a US state or one in a context
    country, a county in a context state, each named by its own name."""
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(mention)]
    if tokens and tokens[0][2].lower() == "the":
        tokens = tokens[1:]
    state = _dotted_state(tokens[0][2], gazetteer) if len(tokens) > 1 else None
    if state is not None:  # "the S.C. Highway Patrol"
        return [_place(tokens[0][2], tokens[0][0], tokens[0][1], state)]
    for j in range(min(len(tokens), 3) - 2, -1, -1):  # the longest name that leaves a word after it
        if not _joined(mention, tokens, 0, j):
            continue
        start, end = tokens[0][0], tokens[j][1]
        key = normalize_name(mention[start:end])
        own = [c for c in gazetteer.candidates(key) if c[1] and c[0].feature in ("city", "admin1", "admin2")]
        entry = _best(own, context)
        if entry is not None and key not in place_words().scan_stopwords and _named_in_org(entry, context):
            return [_place(mention[start:end], start, end, entry)]
    return []


def _named_in_org(entry: Entry, context: PlaceContext) -> bool:
    if entry.feature == "admin1":
        return entry.country_code == "USA" or entry.country_code in context.countries
    if entry.feature == "admin2":
        return entry.admin1 in context.admin1
    return entry.population >= MIN_SCAN_POPULATION or entry.country_code in context.countries \
        or entry.admin1 in context.admin1


def _state_abbreviation(text: str, start: int, end: int, gazetteer: Gazetteer) -> Entry | None:
    """"Ill." or "Va." after a comma ("Springfield, Ill."): the US state."""
    if not _QUALIFIER_GAP_RE.search(text[max(0, start - 3):start]):
        return None
    code = place_words().state_abbreviations.get(normalize_name(text[start:end]))
    return gazetteer.admin1.get(code) if code else None


def _dotted_state(mention: str, gazetteer: Gazetteer) -> Entry | None:
    """"D.C.", "S.C.", "W.Va.": a US state abbreviation written with dots, a state wherever it is."""
    if "." not in mention:
        return None
    code = place_words().state_abbreviations.get(normalize_name(mention))
    return gazetteer.admin1.get(code) if code else None


def _split_span(text: str, start: int, end: int, gazetteer: Gazetteer,
                context: PlaceContext) -> list[Place]:
    comma = text.index(",", start, end)
    places = []
    for lo, hi in ((start, comma), (comma + 1, end)):
        lo, hi = _trim(text, lo, hi)
        if lo < hi:
            places.extend(_resolve_span(text, lo, hi, "GPE", gazetteer, context))
    return places


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
    words, lists = key.split(), place_words()
    while words and words[0] in lists.direction_words:
        words = words[1:]
    while words and words[-1] in lists.generic_words:
        words = words[:-1]
    return gazetteer.candidates(" ".join(words)) if words else []


def _best(candidates: list[tuple[Entry, bool]], context: PlaceContext) -> Entry | None:
    """The likeliest entry (docs/when-where.md, "Disambiguation"): countries and continents first
    (states too when their country or themselves are in context), then
    entries in the context states, then in the context countries, own names before alternates,
    capitals and big cities before states before towns before counties, then population."""
    if not candidates:
        return None
    countries, admin1 = context.countries, context.admin1
    outside = max((e.population for e, _ in candidates
                   if e.feature == "city" and e.country_code not in countries), default=0)

    def rank(candidate: tuple[Entry, bool]) -> tuple:
        entry, own = candidate
        in_admin = entry.admin1 in admin1
        ctx = entry.country_code in countries and (
            in_admin or entry.feature != "city" or entry.population * CONTEXT_POPULATION_RATIO >= outside)
        major = entry.capital or entry.population >= MAJOR_CITY_POPULATION
        top = entry.feature in ("country", "region") or (entry.feature == "admin1" and own and (ctx or in_admin))
        kind = 0 if entry.feature in ("country", "region") or major else 2 if entry.feature == "city" \
            else 1 if entry.feature == "admin1" and (ctx or entry.country_code == "USA") else 3
        return (not (top or in_admin and (own or entry.feature != "city")), not in_admin, admin1.get(entry.admin1, len(admin1)), not ctx,
                countries[entry.country_code] if ctx else len(countries), not own, kind, -entry.population)

    return min(candidates, key=rank)[0]


def _qualified(text: str, places: list[Place], gazetteer: Gazetteer, context: PlaceContext) -> list[Place]:
    """Places followed by ", STATE" or ", COUNTRY" ("Springfield, Illinois", "Alexandria, Va.")
    resolved inside that state or country when a candidate lies there."""
    result = list(places)
    for i, place in enumerate(result):
        area = _qualifier_after(text, place.end, result[i + 1] if i + 1 < len(result) else None, gazetteer)
        if area is None or place.name is None and not gazetteer.lookup(place.text):
            continue
        inside = [c for c in _span_candidates(place.text, gazetteer) if c[0].geonameid != area.geonameid
                  and (c[0].admin1 == area.admin1 if area.feature == "admin1" else
                       c[0].country_code == area.country_code)]
        entry = _best(inside, context)
        if entry is not None:
            result[i] = _place(place.text, place.start, place.end, entry)
    return result


def _qualifier_after(text: str, end: int, following: Place | None, gazetteer: Gazetteer) -> Entry | None:
    """The state or country named right after ", " at ``end`` (a place or a state abbreviation)."""
    gap = _QUALIFIER_GAP_RE.match(text, end)
    if gap is None or gap.end() == end:
        return None
    if following is not None and following.start == gap.end():
        entry = gazetteer.entries.get(following.geonameid) if following.geonameid is not None else None
        if entry is not None and entry.feature in ("admin1", "country"):
            return entry
    word = re.match(r"[A-Z][A-Za-z.]{0,5}", text[gap.end():gap.end() + 6])
    if word is None:
        return None
    code = place_words().state_abbreviations.get(normalize_name(word.group()))
    return gazetteer.admin1.get(code) if code else None


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

def _scan(text: str, gazetteer: Gazetteer, context: PlaceContext,
          cities: bool = True) -> list[Place]:
    """Capitalised names in ``text`` found in the gazetteer, longest first (up to MAX_NGRAM words).

    Countries, continents and demonyms count anywhere; cities and states only when they stand
    alone (not inside a longer capitalised name such as "New York Times") or before "-based".
    With ``cities`` false only countries, continents, demonyms and "X-based" cities count.
    """
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]
    places, i = [], 0
    while i < len(tokens):
        found = _scan_at(text, tokens, i, gazetteer, context, cities) if _capital(tokens[i][2]) \
            and tokens[i][2].lower() != "the" else None  # "The Douglas County": the name starts after it
        if found is None:
            i += 1
            continue
        place, i = found
        places.append(place)
    return places


def _scan_at(text: str, tokens: list, i: int, gazetteer: Gazetteer, context: PlaceContext,
             cities: bool) -> tuple[Place, int] | None:
    for j in range(min(len(tokens), i + MAX_NGRAM) - 1, i - 1, -1):
        if _joined(text, tokens, i, j):
            entry = _scan_entry(text, tokens, i, j, gazetteer, context, cities)
            if entry is not None:
                start, end = tokens[i][0], tokens[j][1]
                return _place(text[start:end], start, end, entry), j + 1
    return None


def _scan_entry(text: str, tokens: list, i: int, j: int, gazetteer: Gazetteer,
                context: PlaceContext, cities: bool) -> Entry | None:
    word = tokens[i][2]
    key = normalize_name(text[tokens[i][0]:tokens[j][1]])
    candidates = gazetteer.candidates(key)
    if i == j and (key in place_words().scan_stopwords or (word.isupper() and len(word) <= 4 and not any(
            e.feature == "country" for e, _ in candidates))):
        return None  # "The", "May", or an acronym that is not a country's ("GNA", not "UAE")
    if demonym := gazetteer.demonyms.get(key):
        return demonym
    entry = _best(candidates, context)
    if entry is None or entry.feature in ("country", "region"):
        return entry
    based = _BASED_RE.match(text, tokens[j][1]) is not None or _before_institution(text, tokens, j)
    if not based and not (cities and _stands_alone(text, tokens, i, j)):
        return None
    own = any(e is entry and named for e, named in candidates)
    small = entry.feature == "city" and entry.population < MIN_SCAN_POPULATION or entry.feature == "admin2" \
        or entry.feature == "admin1" and entry.country_code != "USA"
    if small and not (entry.country_code in context.countries or entry.admin1 in context.admin1):
        return None  # towns and divisions named like common words ("Police", "Western") only in context
    return entry if own or entry.population >= MIN_ALTERNATE_POPULATION else None


def _before_institution(text: str, tokens: list, j: int) -> bool:
    """"Alexandria Police", "Fargo Mayor": a name right before an institution word."""
    after = tokens[j + 1] if j + 1 < len(tokens) else None
    return after is not None and text[tokens[j][1]:after[0]] == " " and _capital(after[2]) \
        and after[2].lower() in place_words().institution_words


def _capital(word: str) -> bool:
    return word[:1].isupper()


def _joined(text: str, tokens: list, i: int, j: int) -> bool:
    """Tokens i..j form one name: single spaces or hyphens between, capitalised at both ends."""
    if not (_capital(tokens[i][2]) and _capital(tokens[j][2])):
        return False
    for k in range(i + 1, j + 1):
        if text[tokens[k - 1][1]:tokens[k][0]] not in (" ", "-"):
            return False
        if not _capital(tokens[k][2]) and tokens[k][2] not in place_words().connectors:
            return False
    return True


def _stands_alone(text: str, tokens: list, i: int, j: int) -> bool:
    """No capitalised word (other than a stop word) right before or after tokens i..j."""
    before = tokens[i - 1] if i > 0 else None
    after = tokens[j + 1] if j + 1 < len(tokens) else None
    if before and text[before[1]:tokens[i][0]] == " " and _capital(before[2]) \
            and before[2].lower() not in place_words().scan_stopwords:
        return False
    return not (after and text[tokens[j][1]:after[0]] in (" ", "-") and _capital(after[2])
                and after[2].lower() not in place_words().scan_stopwords)
