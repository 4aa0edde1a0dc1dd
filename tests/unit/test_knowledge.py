"""The knowledge files: schema, codes, sectors, dates and alias uniqueness."""

import re
from importlib import resources

import pytest
import yaml

from dragoman.knowledge import ACTOR_FILES, KnowledgeBase, is_acronym, normalise
from dragoman.ontology import INTERNATIONAL_CODES, SECTORS

FOLDER = resources.files("dragoman") / "knowledge"
CODE = re.compile(r"^[A-Z]{3}$")
QID = re.compile(r"^Q\d+$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load(name):
    return yaml.safe_load((FOLDER / "actors" / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", ACTOR_FILES)
def test_actor_file_schema(name):
    entries = load(name)
    assert isinstance(entries, list) and len(entries) > 50
    for entry in entries:
        assert isinstance(entry["name"], str) and entry["name"]
        assert isinstance(entry.get("aliases", []), list)
        code = entry.get("code") or entry.get("country")
        assert code and CODE.match(code), entry["name"]
        sector = entry.get("sector")
        assert sector is None or sector in SECTORS, entry["name"]
        assert entry.get("id") is None or QID.match(entry["id"]), entry["name"]
        for role in entry.get("roles") or []:
            assert role.get("sector") is None or role["sector"] in SECTORS
            assert DATE.match(str(role.get("start") or "2000-01-01"))
            if role.get("end"):
                assert DATE.match(str(role["end"])) and str(role.get("start") or "") <= str(role["end"])


def test_countries_cover_iso_codes():
    countries = load("countries.yaml")
    codes = [c["code"] for c in countries]
    assert len(codes) == len(set(codes)) >= 249
    for must in ("LBY", "TUR", "RUS", "DEU", "PSE", "XKX", "TWN", "USA"):
        assert must in codes


def test_no_alias_names_two_entries():
    seen = {}
    for name in ACTOR_FILES:
        for entry in load(name):
            for alias in [entry["name"], *(entry.get("aliases") or [])]:
                key = alias.replace(".", "") if is_acronym(alias) else normalise(alias)
                owner = (name, entry["name"])
                assert seen.setdefault(key, owner) == owner, (alias, seen[key], owner)


def test_international_codes_are_known():
    codes = {e.get("code") or e.get("country") for n in ACTOR_FILES for e in load(n)}
    countries = {c["code"] for c in load("countries.yaml")}
    assert codes <= countries | set(INTERNATIONAL_CODES)


def test_agents_and_titles_use_known_sectors():
    data = yaml.safe_load((FOLDER / "agents.yaml").read_text(encoding="utf-8"))
    for group in data["agents"] + data["titles"]:
        assert group["sector"] in SECTORS


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
