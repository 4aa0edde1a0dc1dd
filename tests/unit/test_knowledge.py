"""The knowledge files: schema, codes, sectors, dates and alias uniqueness."""

import re
from functools import cache
from importlib import resources

import pytest
import yaml

from dragoman.knowledge import ACTOR_FILES, KnowledgeBase, is_acronym, normalise
from dragoman.ontology import INTERNATIONAL_CODES, SECTORS

FOLDER = resources.files("dragoman") / "knowledge"
CODE = re.compile(r"^[A-Z]{3}$")
QID = re.compile(r"^Q\d+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# ISO 3166-3: alpha-3 codes of countries that no longer exist (or no longer under that code)
FORMER_CODES = {"ANT", "BUR", "BYS", "CSK", "DDR", "DHY", "HVO", "NTZ", "RHO", "SCG", "SKM", "SUN",
                "TMP", "VDR", "YMD", "YUG", "ZAR"}
MIN_ENTRIES = {"former.yaml": 5}


@cache
def load(name):
    return yaml.safe_load((FOLDER / "actors" / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


@pytest.mark.parametrize("name", ACTOR_FILES)
def test_actor_file_schema(name):
    entries = load(name)
    assert isinstance(entries, list) and len(entries) > MIN_ENTRIES.get(name, 50)
    for entry in entries:
        assert isinstance(entry["name"], str) and entry["name"]
        assert isinstance(entry.get("aliases", []), list)
        code = entry.get("code") or entry.get("country")
        assert code and CODE.match(code), entry["name"]
        sector = entry.get("sector")
        assert sector is None or sector in SECTORS, entry["name"]
        assert entry.get("id") is None or QID.match(entry["id"]), entry["name"]
        for role in (entry.get("roles") or []) + (entry.get("periods") or []):
            assert role.get("sector") is None or role["sector"] in SECTORS
            assert DATE.match(str(role.get("start") or "2000-01-01")), (entry["name"], role)
            if role.get("end"):
                assert DATE.match(str(role["end"])) and str(role.get("start") or "") < str(role["end"]), \
                    (entry["name"], role)
        for period in entry.get("periods") or []:
            assert period.get("country") in FORMER_CODES and period.get("end"), (entry["name"], period)


def test_countries_cover_iso_codes():
    countries = load("countries.yaml")
    codes = [c["code"] for c in countries]
    assert len(codes) == len(set(codes)) >= 249
    for must in ("LBY", "TUR", "RUS", "DEU", "PSE", "XKX", "TWN", "USA"):
        assert must in codes


@pytest.mark.parametrize("name", ACTOR_FILES)
def test_entry_names_are_unique(name):
    names = [normalise(entry["name"]) for entry in load(name)]
    assert len(names) == len(set(names)), sorted(n for n in set(names) if names.count(n) > 1)


def test_no_alias_names_two_entries():
    seen = {}
    for name in ACTOR_FILES:
        for entry in load(name):
            for alias in [entry["name"], *(entry.get("aliases") or [])]:
                key = alias.replace(".", "") if is_acronym(alias) else normalise(alias)
                owner = (name, entry["name"])
                assert seen.setdefault(key, owner) == owner, (alias, seen[key], owner)


def test_no_demonym_or_capital_names_two_countries():
    seen = {}
    for name in ("countries.yaml", "former.yaml"):
        for entry in load(name):
            for word in [*(entry.get("demonyms") or []), *(entry.get("capitals") or []), *(entry.get("seats") or [])]:
                key = normalise(word)
                assert seen.setdefault(key, entry["name"]) == entry["name"], (word, seen[key], entry["name"])


SPELLINGS = [
    # variant or misspelling seen in news, the country it names (None: left out as ambiguous)
    ("Phillipines", "PHL"), ("Isreal", "ISR"), ("Afganistan", "AFG"), ("Ethopia", "ETH"), ("Lybia", "LBY"),
    ("Tunisa", "TUN"), ("Kyrgystan", "KGZ"), ("Azerbaidjan", "AZE"), ("Ukranian", "UKR"), ("Pakistanis", "PAK"),
    ("Columbian", "COL"), ("Bosnia-Hercegovina", "BIH"), ("Portugese", "PRT"), ("Columbia", None),
]


@pytest.mark.parametrize("word, code", SPELLINGS)
def test_variant_spellings_name_one_country(kb, word, code):
    key = normalise(word)
    entry = kb.lookup(word) or kb.demonyms.get(key)
    assert (entry.code if entry else None) == code


def test_international_codes_are_known():
    entries = [e for n in ACTOR_FILES for e in load(n)]
    codes = {e.get("code") or e.get("country") for e in entries if not e.get("former")}
    countries = {c["code"] for c in load("countries.yaml")}
    assert codes <= countries | set(INTERNATIONAL_CODES)
    former = {e["code"] for e in entries if e.get("former")}
    assert former <= countries | FORMER_CODES
    role_codes = {r["country"] for e in entries for r in e.get("roles") or [] if r.get("country")}
    assert role_codes <= countries | set(INTERNATIONAL_CODES) | FORMER_CODES, role_codes - countries


def test_former_countries_do_not_replace_current_ones(kb):
    current = {c["code"]: c["name"] for c in load("countries.yaml")}
    assert {code: entry.name for code, entry in kb.countries.items()} == current
    assert all(entry.get("former") and entry.get("periods") for entry in load("former.yaml"))


FORMER_NAMES = [
    # mention, article date, code as of that date
    ("Zaire", "1996-11-02", "ZAR"), ("Zaire", "1997-05-17", "COD"), ("Zaire", "2000-03-01", "COD"),
    ("Zairean", "1997-03-01", "ZAR"), ("Kinshasa", "1996-11-02", "ZAR"), ("Congolese", "2005-01-01", "COD"),
    ("Soviet", "1985-06-01", "SUN"), ("USSR", "1991-12-25", "SUN"), ("Soviet Union", "1991-12-26", "RUS"),
    ("Yugoslavia", "1991-06-25", "YUG"), ("Yugoslav", "1997-03-15", "YUG"), ("FRY", "2000-10-05", "YUG"),
    ("Yugoslavia", "2005-06-01", "SCG"), ("Serbia and Montenegro", "2005-06-01", "SCG"),
    ("Serbia and Montenegro", "2007-01-01", "SRB"), ("Czechoslovakia", "1968-08-21", "CSK"),
    ("Czechoslovak", "2005-01-01", "CSK"), ("East Germany", "1989-11-09", "DDR"), ("GDR", "1991-01-01", "DEU"),
    ("East German", "1985-01-01", "DDR"), ("West Germany", "1985-01-01", "DEU"), ("Bonn", "1997-04-01", "DEU"),
    ("Upper Volta", "1980-01-01", "HVO"), ("Burkina Faso", "1997-01-01", "BFA"), ("Dahomey", "1970-01-01", "DHY"),
    ("Burma", "1988-08-08", "BUR"), ("Burma", "2007-09-26", "MMR"), ("Rhodesia", "1975-01-01", "RHO"),
    ("Rhodesian", "1990-01-01", "ZWE"), ("Swaziland", "2005-01-01", "SWZ"), ("Ceylon", "1997-01-01", "LKA"),
    ("Kampuchea", "1979-01-07", "KHM"), ("South Yemen", "1986-01-13", "YMD"), ("North Vietnam", "1965-03-02", "VDR"),
    ("East Timor", "1999-08-30", "TMP"), ("East Timor", "2006-05-01", "TLS"),
]


@pytest.mark.parametrize("mention, day, code", FORMER_NAMES)
def test_former_names_resolve_as_of_the_article_date(kb, mention, day, code):
    key = normalise(mention)
    entry = kb.lookup(mention) or kb.demonyms.get(key) or kb.capitals.get(key)
    assert entry is not None and entry.kind == "country", mention
    assert entry.code_on(day) == code


def test_agents_and_titles_use_known_sectors():
    data = yaml.safe_load((FOLDER / "agents.yaml").read_text(encoding="utf-8"))
    for group in data["agents"] + data["titles"]:
        assert group["sector"] in SECTORS


@pytest.mark.parametrize("part", ["agents", "titles"])
def test_each_agent_word_has_one_sector(part):
    data = yaml.safe_load((FOLDER / "agents.yaml").read_text(encoding="utf-8"))
    seen = {}
    for group in data[part]:
        for word in group["words"]:
            key = normalise(str(word))
            assert seen.setdefault(key, group["sector"]) == group["sector"], (word, seen[key], group["sector"])
    if part == "agents":
        assert all(str(word) == str(word).lower() for group in data[part] for word in group["words"])


GENERIC_POLICE = ["policemen", "cops", "constables", "jawans", "police personnel", "khaki", "lathi-wielding police",
                  "task force", "crime branch", "special cell", "STF", "ATS", "SOG"]


@pytest.mark.parametrize("word", GENERIC_POLICE)
def test_generic_police_words_are_cop(kb, word):
    assert kb.agents[normalise(word)] == "COP"


def test_user_files_add_and_override(tmp_path):
    extra = tmp_path / "mine.yaml"
    extra.write_text("- name: Ruritanian Liberation Front\n  aliases: [RLF]\n  code: XRU\n  sector: REB\n"
                     "- name: Khalifa Haftar (override)\n  aliases: [Haftar]\n  code: LBY\n  sector: REB\n")
    kb = KnowledgeBase.load([str(extra)])
    assert kb.lookup("RLF").name == "Ruritanian Liberation Front"
    assert kb.lookup("Haftar").sector == "REB"
    assert KnowledgeBase.load().lookup("Haftar").sector == "MIL"


def test_bad_user_file_is_a_clear_error(tmp_path):
    from dragoman.errors import ModelError

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: not a list\n")
    with pytest.raises(ModelError, match="YAML list"):
        KnowledgeBase.load([str(bad)])


def test_trigger_words_are_strings():
    """YAML reads bare on/off/yes/no as booleans: a particle `on` must be quoted ("call on")."""
    from dragoman.knowledge import load_triggers

    data = load_triggers()
    for section in ("verbs", "nouns", "adjectives"):
        for lemma, senses in data[section].items():
            assert isinstance(lemma, str), lemma
            for sense in senses:
                for key in ("particle", "mode", "type"):
                    assert sense.get(key) is None or isinstance(sense[key], str), (lemma, key, sense.get(key))
                for key in ("objects", "not_objects", "modifiers", "not_modifiers", "subjects"):
                    assert all(isinstance(w, str) for w in sense.get(key) or ()), (lemma, key)


OFFICE_HOLDERS = [
    # mention, article date, code and sector as of that date
    ("Putin", "1999-01-15", "RUS", "SPY"), ("Putin", "1999-10-01", "RUS", "GOV"), ("Yeltsin", "1997-03-10", "RUS", "GOV"),
    ("Gorbachev", "1988-01-01", "SUN", "GOV"), ("Gorbachev", "2005-01-01", "RUS", None),
    ("Mobutu", "1997-03-10", "ZAR", "GOV"), ("Laurent Kabila", "1997-03-15", "ZAR", "REB"),
    ("Laurent Kabila", "1998-08-15", "COD", "GOV"), ("Milosevic", "1995-06-01", "SRB", "GOV"),
    ("Milosevic", "1998-06-01", "YUG", "GOV"), ("Kofi Annan", "2005-01-01", "UNO", "IGO"),
    ("Ban Ki-moon", "2005-06-01", "KOR", "GOV"), ("Ban Ki-moon", "2010-06-01", "UNO", "IGO"),
    ("Javier Solana", "1997-06-01", "IGO", "IGO"), ("Javier Solana", "2005-06-01", "EUR", "IGO"),
    ("Saddam", "2002-02-01", "IRQ", "GOV"), ("Saddam", "2006-02-01", "IRQ", None),
    ("Netanyahu", "1997-01-01", "ISR", "GOV"), ("Netanyahu", "2007-01-01", "ISR", "OPP"),
    ("Hu Jintao", "2006-04-20", "CHN", "GOV"), ("John Garang", "1997-04-01", "SDN", "REB"),
]


@pytest.mark.parametrize("mention, day, code, sector", OFFICE_HOLDERS)
def test_office_holders_as_of_the_article_date(kb, mention, day, code, sector):
    entry = kb.lookup(mention)
    assert entry is not None and entry.kind == "person", mention
    assert (entry.code_on(day), entry.sector_on(day)) == (code, sector)


@pytest.mark.parametrize("surname, day, name", [
    ("Clinton", "1997-04-18", "Bill Clinton"),     # the president then; Hillary Clinton held no office
    ("Clinton", "2003-06-01", "Hillary Clinton"),  # the senator then; Bill Clinton had left office
    ("Clinton", None, None),                       # no date, no guess
    ("Bush", "2003-03-20", "George W. Bush"),
    ("Bush", "1985-01-01", None),                  # no Bush of the knowledge base in office then
])
def test_a_bare_surname_is_whoever_held_office_on_the_day(kb, surname, day, name):
    holder = kb.holder(surname, day)
    assert (holder.name if holder else None) == name
