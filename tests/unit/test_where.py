"""Toponyms resolved and disambiguated: dragoman.stages.where. Spans are given, spaCy is not needed."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest

from dragoman.errors import ModelError
from dragoman.records import Place
from dragoman.stages.where import (Gazetteer, derive_demonyms, document_admin1, document_countries, find_places,
                                   normalize_name)

DEMO = Path(__file__).resolve().parents[2] / "src" / "dragoman" / "demo" / "millennium-post-haftar-moscow.txt"


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cos = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371 * math.acos(min(1.0, max(-1.0, cos)))


def resolve(gazetteer: Gazetteer, text: str, mention: str, label: str = "GPE",
            context: tuple[str, ...] = ()) -> Place:
    start = text.index(mention)
    places = find_places(text, gazetteer, [(start, start + len(mention), label)], context)
    assert len(places) == 1, places
    return places[0]


# (text, mention, label, context countries, ISO3, feature, name, (lat, lon) or None)
CASES = [
    ("Clashes in Tripoli.", "Tripoli", "GPE", ("LBY",), "LBY", "city", "Tripoli", (32.89, 13.19)),
    ("Clashes in Tripoli.", "Tripoli", "GPE", ("LBN",), "LBN", "city", "Tripoli", (34.43, 35.84)),
    ("Clashes in Tripoli.", "Tripoli", "GPE", ("LBN", "LBY"), "LBN", "city", "Tripoli", None),
    ("Clashes in Tripoli.", "Tripoli", "GPE", (), "LBY", "city", "Tripoli", (32.89, 13.19)),
    ("Talks in Moscow.", "Moscow", "GPE", (), "RUS", "city", "Moscow", (55.75, 37.62)),
    ("Talks in Moscow.", "Moscow", "GPE", ("USA",), "RUS", "city", "Moscow", (55.75, 37.62)),
    ("Russian troops advanced.", "Russian", "NORP", (), "RUS", "country", "Russia", None),
    ("Turkish officials met.", "Turkish", "NORP", (), "TUR", "country", "Turkey", None),
    ("A summit in Berlin.", "Berlin", "GPE", (), "DEU", "city", "Berlin", (52.52, 13.41)),
    ("Officials in Washington said.", "Washington", "GPE", (), "USA", "city", "Washington",
     (38.90, -77.04)),
    ("Strikes on Kyiv.", "Kyiv", "GPE", (), "UKR", "city", "Kyiv", (50.45, 30.52)),
    ("Strikes on Kiev.", "Kiev", "GPE", (), "UKR", "city", "Kyiv", (50.45, 30.52)),
    ("Airstrikes hit Gaza.", "Gaza", "GPE", (), "PSE", "city", "Gaza", (31.50, 34.47)),
    ("Shelling in Aleppo.", "Aleppo", "GPE", (), "SYR", "city", "Aleppo", (36.20, 37.16)),
    ("Protests in Khartoum.", "Khartoum", "GPE", (), "SDN", "city", "Khartoum", (15.55, 32.53)),
    ("A blast in Mogadishu.", "Mogadishu", "GPE", (), "SOM", "city", "Mogadishu", (2.04, 45.34)),
    ("The Libyan National Army advanced.", "Libyan National Army", "ORG", (), "LBY", "country",
     "Libya", None),
    ("Fighting in Libya.", "Libya", "GPE", (), "LBY", "country", "Libya", None),
    ("Envoys from the United States.", "the United States", "GPE", (), "USA", "country", None, None),
    ("Envoys from the US arrived.", "US", "GPE", (), "USA", "country", None, None),
    ("Airstrikes in northern Syria.", "northern Syria", "LOC", (), "SYR", "country", "Syria", None),
    ("Shelling in Idlib province.", "Idlib province", "GPE", (), "SYR", "city", "Idlib", None),
    ("Troops entered Georgia.", "Georgia", "GPE", (), "GEO", "country", "Georgia", None),
    ("Voters in Georgia.", "Georgia", "GPE", ("USA",), "USA", "admin1", "Georgia", None),
    ("Rallies in New York.", "New York", "GPE", (), "USA", "city", "New York City", (40.71, -74.01)),
    ("Storms in Texas.", "Texas", "GPE", (), "USA", "admin1", "Texas", None),
    ("Talks in Europe.", "Europe", "LOC", (), None, "region", "Europe", None),
    ("Ministers in Libya's capital.", "Libya's", "GPE", (), "LBY", "country", "Libya", None),
]


@pytest.mark.parametrize("text, mention, label, context, code, feature, name, where", CASES)
def test_resolve(gazetteer, text, mention, label, context, code, feature, name, where) -> None:
    place = resolve(gazetteer, text, mention, label, context)
    assert (place.country_code, place.feature) == (code, feature)
    if name is not None:
        assert place.name == name
    assert text[place.start:place.end] == place.text
    assert place.lat is not None and place.lon is not None and place.geonameid is not None
    if where is not None:
        assert km(place.lat, place.lon, *where) < 50


def test_same_city_either_spelling(gazetteer) -> None:
    kyiv = resolve(gazetteer, "Kyiv", "Kyiv")
    kiev = resolve(gazetteer, "Kiev", "Kiev")
    assert kyiv.geonameid == kiev.geonameid == 703448


def test_country_geonameid(gazetteer) -> None:
    assert resolve(gazetteer, "Libya", "Libya").geonameid == 2215636


def test_unknown_place_keeps_its_text(gazetteer) -> None:
    text = "Fighting near Wakandaville continued."
    place = resolve(gazetteer, text, "Wakandaville", "GPE")
    assert place == Place("Wakandaville", 14, 26)


@pytest.mark.parametrize("text, mention, label", [
    ("Muslim leaders met.", "Muslim", "NORP"),
    ("The Government of National Accord said.", "Government of National Accord", "ORG"),
    ("Reuters reported it.", "Reuters", "PERSON"),
])
def test_not_a_place(gazetteer, text, mention, label) -> None:
    start = text.index(mention)
    assert find_places(text, gazetteer, [(start, start + len(mention), label)]) == []


def test_org_with_a_city_based_in_it(gazetteer) -> None:
    text = "The Tripoli-based government rejected it."
    mention = "Tripoli-based government"
    start = text.index(mention)
    places = find_places(text, gazetteer, [(start, start + len(mention), "ORG")], ["LBY"])
    assert [(p.text, p.country_code, p.feature) for p in places] == [("Tripoli", "LBY", "city")]


@pytest.mark.parametrize("text", ["", None])
def test_empty_text(gazetteer, text) -> None:
    assert find_places(text, gazetteer, []) == []
    assert find_places(text, gazetteer) == []


def test_span_outside_the_text_is_an_error(gazetteer) -> None:
    with pytest.raises(ValueError, match="not inside the text"):
        find_places("Tripoli", gazetteer, [(0, 20, "GPE")])


def test_two_pass_resolution_with_document_countries(gazetteer) -> None:
    text = "Fighting near Tripoli, Lebanon, and in Beirut. Lebanese troops deployed."
    first = find_places(text, gazetteer)
    context = document_countries(first)
    assert context == ["LBN"]
    second = find_places(text, gazetteer, context_countries=context)
    tripoli = next(p for p in second if p.text == "Tripoli")
    assert tripoli.country_code == "LBN"


def test_scanning_an_article(gazetteer) -> None:
    text = DEMO.read_text(encoding="utf-8")
    places = find_places(text, gazetteer)
    found = {(p.text, p.country_code) for p in places}
    assert {("Moscow", "RUS"), ("Tripoli", "LBY"), ("Berlin", "DEU"), ("Libyan", "LBY"),
            ("Saudi Arabia", "SAU"), ("UAE", "ARE")} <= found
    assert not {p.text for p in places} & {"GNA", "LNA", "Haftar", "Monday", "April", "Next"}
    assert all(text[p.start:p.end] == p.text for p in places)
    assert document_countries(places)[:3] == ["TUR", "LBY", "RUS"]


def test_document_countries_counts_only_countries() -> None:
    places = [Place("Tripoli", 0, 7, "Tripoli", "LBY", 1.0, 1.0, 1, "city"),
              Place("Turkey", 10, 16, "Turkey", "TUR", 1.0, 1.0, 2, "country"),
              Place("Libyan", 20, 26, "Libya", "LBY", 1.0, 1.0, 3, "country"),
              Place("Turkish", 30, 37, "Turkey", "TUR", 1.0, 1.0, 2, "country")]
    assert document_countries(places) == ["TUR", "LBY"]


def test_fallback_without_country_knowledge() -> None:
    countries = {
        "LY": {"name": "Libya", "iso3": "LBY", "geonameid": 2215636, "capital": "Tripoli",
               "population": 6678567},
        "LB": {"name": "Lebanon", "iso3": "LBN", "geonameid": 272103, "capital": "Beirut",
               "population": 6848925},
    }
    cities = {
        "2210247": {"geonameid": 2210247, "name": "Tripoli", "latitude": 32.88743,
                    "longitude": 13.18733, "countrycode": "LY", "population": 1302947,
                    "admin1code": "77", "alternatenames": ["Tarabulus", "TIP", "Трыпалі"]},
        "266826": {"geonameid": 266826, "name": "Tripoli", "latitude": 34.43352,
                   "longitude": 35.84415, "countrycode": "LB", "population": 229398,
                   "admin1code": "09", "alternatenames": ["Trablous"]},
    }
    points = {"LY": {"lat": "28", "lon": "17"}}
    admin = [{"geonameid": "2210245", "level": "1", "iso3": "LBY", "code": "LY.77", "name": "Tarabulus",
              "type": "District", "aliases": "Tripoli District", "lat": "32.6", "lon": "13.5", "towns": "6"}]
    small = Gazetteer.from_data(countries, cities, points, admin, {}, knowledge=None)
    assert small.demonym("Libyans").country_code == "LBY"
    assert [(e.feature, own) for e, own in small.lookup("Tarabulus")] == [("admin1", True), ("city", False)]
    assert small.lookup("TIP") == []  # codes are not names
    assert (small.countries["LBY"].lat, small.countries["LBN"].lat) == (28.0, None)  # never the capital's
    assert small.admin1["LY.77"].name == "Tarabulus"
    assert [e.feature for e, _ in small.lookup("Tripoli District")] == ["admin1"]
    assert resolve(small, "Tripoli", "Tripoli", context=("LBN",)).country_code == "LBN"


def test_missing_explicit_country_file_is_an_error(tmp_path) -> None:
    with pytest.raises(ModelError):
        Gazetteer.load(countries_file=tmp_path / "nope.yaml")


def test_invalid_country_file_is_an_error(tmp_path) -> None:
    bad = tmp_path / "countries.yaml"
    bad.write_text("code: [unclosed", encoding="utf-8")
    with pytest.raises(ModelError):
        Gazetteer.load(countries_file=bad)


@pytest.mark.parametrize("raw, key", [
    ("the Côte-d’Ivoire's", "cote d'ivoire"), ("U.S.", "us"), ("  São  Paulo ", "sao paulo"),
    ("Kyiv", "kyiv"), ("The Hague", "hague"),
])
def test_normalize_name(raw: str, key: str) -> None:
    assert normalize_name(raw) == key


@pytest.mark.parametrize("name, demonym", [
    ("Libya", "Libyan"), ("Russia", "Russian"), ("Iraq", "Iraqi"), ("Egypt", "Egyptian"),
    ("Italy", "Italian"), ("Mexico", "Mexican"), ("Mali", "Malian"), ("Ukraine", "Ukrainian"),
])
def test_derive_demonyms(name: str, demonym: str) -> None:
    assert demonym in derive_demonyms(name)


def test_word_lists_are_read_from_the_knowledge_file() -> None:
    from dragoman.stages.where import place_words

    words = place_words()
    assert "on" in words.connectors and "no" in words.scan_stopwords  # quoted: YAML reads bare on/no as booleans
    assert words.state_abbreviations["ill"] == "US.IL" and words.state_abbreviations["calif"] == "US.CA"
    assert "village" in words.place_nouns and "in" in words.locative_cues


@pytest.mark.parametrize("text, mention, state", [
    ("Officials in Springfield, Illinois, said.", "Springfield", "US.IL"),
    ("Officials in Springfield, Ill., said.", "Springfield", "US.IL"),
    ("Officials in Springfield, Mass., said.", "Springfield", "US.MA"),
    ("A meeting in Alexandria, Va., and in Alexandria, La.", "Alexandria", "US.VA"),
])
def test_town_followed_by_its_state(gazetteer, text, mention, state) -> None:
    spans = [(m.start(), m.end(), "GPE") for m in re.finditer(r"[A-Z][a-z]+(?:\.)?", text)
             if m.group() not in ("Officials", "A")]
    places = find_places(text, gazetteer, spans)
    town = next(p for p in places if p.text == mention)
    assert gazetteer.entries[town.geonameid].admin1 == state


def test_document_states_pick_the_town(gazetteer) -> None:
    text = "Deputies in Rapides Parish said the Alexandria man was arrested."
    spans = [(12, 26, "GPE"), (36, 46, "GPE")]
    first = find_places(text, gazetteer, spans)
    admin1 = document_admin1(first, gazetteer)
    assert admin1[0] == "US.LA"
    second = find_places(text, gazetteer, spans, context_countries=["USA"], context_admin1=admin1)
    town = next(p for p in second if p.text == "Alexandria")
    assert (town.country_code, gazetteer.entries[town.geonameid].admin1) == ("USA", "US.LA")


@pytest.mark.parametrize("name, feature, point, within_km", [
    ("Russia", "country", (60.0, 100.0), 50),          # GeoNames' point, not Moscow
    ("United States", "country", (39.76, -98.5), 50),  # the centre of the contiguous states
    ("Texas", "admin1", (31.25, -99.25), 161),         # a state at the middle of its towns
    ("Kharkiv", "city", (49.98, 36.25), 10),           # towns below 15,000 people are there too
    ("Cottonport", "city", (30.98, -92.05), 10),
])
def test_points(gazetteer, name, feature, point, within_km) -> None:
    [entry] = [e for e, own in gazetteer.lookup(name) if own and e.feature == feature][:1]
    assert km(entry.lat, entry.lon, *point) < within_km


def test_cache_round_trip(tmp_path) -> None:
    built = Gazetteer.load(cache_dir=tmp_path)
    assert list(tmp_path.glob("gazetteer-*.pickle"))
    cached = Gazetteer.load(cache_dir=tmp_path)
    assert cached.lookup("Kharkiv") == built.lookup("Kharkiv")


def test_a_broken_cache_is_built_again(tmp_path) -> None:
    Gazetteer.load(cache_dir=tmp_path)
    [cache] = tmp_path.glob("gazetteer-*.pickle")
    cache.write_bytes(b"not a pickle")
    assert Gazetteer.load(cache_dir=tmp_path).lookup("Kharkiv")
    assert cache.read_bytes() != b"not a pickle"  # replaced by the rebuilt tables


def spans_of(text: str, labelled: list[tuple[str, str]]) -> list[tuple[int, int, str]]:
    """(start, end, label) of each (mention, label), at its first occurrence after the last."""
    spans, at = [], 0
    for mention, label in labelled:
        start = text.index(mention, at)
        spans.append((start, start + len(mention), label))
        at = start + len(mention)
    return spans


def test_document_states_by_votes_of_every_division_a_name_could_lie_in(gazetteer) -> None:
    text = "Crews in Becker County, Otter Tail County and Alexandria cleared the roads."
    spans = spans_of(text, [("Becker County", "GPE"), ("Otter Tail County", "GPE"), ("Alexandria", "GPE")])
    first = find_places(text, gazetteer, spans)
    assert next(p for p in first if p.text == "Alexandria").country_code == "EGY"  # no context yet
    admin1 = document_admin1(first, gazetteer)
    assert admin1[0] == "US.MN"  # Egypt's Alexandria votes for its own division only
    second = find_places(text, gazetteer, spans, context_countries=["USA"], context_admin1=admin1)
    town = next(p for p in second if p.text == "Alexandria")
    assert gazetteer.entries[town.geonameid].admin1 == "US.MN"


def test_capitals_vote_for_their_own_division_only(gazetteer) -> None:
    text = "Ministers met in Paris, London and Berlin."
    first = find_places(text, gazetteer, spans_of(text, [("Paris", "GPE"), ("London", "GPE"), ("Berlin", "GPE")]))
    assert all(not code.startswith("US.") for code in document_admin1(first, gazetteer))


@pytest.mark.parametrize("text, labelled, mention, state", [
    # NER calls the town a place elsewhere in the document
    ("Torrington police said the fire in Torrington was out.", [("Torrington", "ORG"), ("Torrington", "GPE")],
     "Torrington", "US.CT"),
    # a state or a county that opens an organisation's name
    ("The Ohio Supreme Court ruled.", [("The Ohio Supreme Court", "ORG")], "Ohio", "US.OH"),
    ("The S.C. Highway Patrol said.", [("The S.C. Highway Patrol", "ORG")], "S.C.", "US.SC"),
    ("He rode to D.C. on Monday.", [("D.C.", "GPE")], "D.C.", "US.DC"),
])
def test_places_inside_organisations_and_abbreviations(gazetteer, text, labelled, mention, state) -> None:
    places = find_places(text, gazetteer, spans_of(text, labelled))
    place = next(p for p in places if p.text == mention)
    assert gazetteer.entries[place.geonameid].admin1 == state


def test_a_county_opening_an_organisation_in_a_context_state(gazetteer) -> None:
    text = "The Douglas County Sheriff's Office said."
    places = find_places(text, gazetteer, spans_of(text, [("The Douglas County Sheriff's Office", "ORG")]),
                         context_countries=["USA"], context_admin1=["US.MN"])
    assert [(p.text, p.feature, gazetteer.entries[p.geonameid].admin1) for p in places] == [
        ("Douglas County", "admin2", "US.MN")]


def test_a_person_is_not_a_place(gazetteer) -> None:
    text = "Chiquita Raquel Henry was arrested. Henry said little."
    spans = spans_of(text, [("Chiquita Raquel Henry", "PERSON"), ("Henry", "PERSON")])
    assert find_places(text, gazetteer, spans, ["USA"], ["US.IL", "US.TN"]) == []


def test_an_org_in_a_context_state_is_a_place_but_not_elsewhere(gazetteer) -> None:
    text = "An Alexandria man was arrested."
    spans = spans_of(text, [("Alexandria", "PERSON")])
    [place] = find_places(text, gazetteer, spans, ["USA"], ["US.MN"])
    assert gazetteer.entries[place.geonameid].admin1 == "US.MN"
    assert find_places(text, gazetteer, spans) == []


@pytest.mark.parametrize("text, mention, state", [
    ("Missing man found. HUDSON -- Officials in central Illinois say", "HUDSON", None),
    ("Stroke device. ORLANDO, Fla. (AP) — A novel device", "ORLANDO", "US.FL"),
    ("Council vote. ISLE OF PALMS — Two members of the board", "ISLE OF PALMS", "US.SC"),
    ("BEIRUT (Reuters) - Clashes erupted.", "BEIRUT", "LB.04"),
])
def test_datelines_in_capitals(gazetteer, text, mention, state) -> None:
    place = next(p for p in find_places(text, gazetteer, []) if p.text == mention)
    assert place.feature == "city"
    if state is not None:
        assert gazetteer.entries[place.geonameid].admin1 == state


def test_a_town_is_filed_without_city_only_when_it_has_a_million_people(gazetteer) -> None:
    assert {e.name for e, own in gazetteer.lookup("New York") if own} >= {"New York City"}
    assert "Michigan City" not in {e.name for e, own in gazetteer.lookup("Michigan") if own}
    assert resolve(gazetteer, "Floods in Michigan.", "Michigan", context=("USA",)).feature == "admin1"
