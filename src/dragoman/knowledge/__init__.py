"""Readable knowledge shipped with dragoman: actors, agents, triggers, contexts, models.

``KnowledgeBase.load()`` reads the packaged YAML files (and any user files) once per process.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..errors import ModelError

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: 5x faster, same result
ACTOR_FILES = ("countries.yaml", "former.yaml", "organisations.yaml", "groups.yaml", "agencies.yaml",
               "media.yaml", "people.yaml")


@dataclass(frozen=True)
class Role:
    """An office held between two dates; for a country, a period with a former code (ZAR for Zaire)."""

    title: str
    sector: str | None
    start: str | None
    end: str | None  # exclusive: the day the office passed on
    country: str | None = None  # overrides the entry's code while the role is held (e.g. EU, NATO posts)

    def covers(self, day: str | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Entry:
    """One actor of the knowledge base."""

    name: str
    kind: str  # country | person | organisation | group | media
    code: str | None
    sector: str | None
    id: str | None = None
    roles: tuple[Role, ...] = ()

    def sector_on(self, day: str | None) -> str | None:
        """The sector of the role held on ``day`` (ISO date), else the entry's default sector."""
        for role in reversed(self.roles):
            if role.covers(day) and role.sector:
                return role.sector
        return self.sector

    def code_on(self, day: str | None) -> str | None:
        """The country (or international) code of the role held on ``day``, else the entry's."""
        for role in reversed(self.roles):
            if role.covers(day) and role.country:
                return role.country
        return self.code


def normalise(text: str) -> str:
    """Lookup key: diacritics stripped, case-folded, leading article and possessive removed.

    >>> normalise("the Türkiye's")
    'turkiye'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace("‘", "'").casefold().strip()
    text = re.sub(r"['’]s?$", "", text)
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"[.]", "", text)
    return re.sub(r"[\s-]+", " ", text).strip()


def is_acronym(text: str) -> bool:
    return text.isupper() and len(text.replace(".", "")) <= 6


@dataclass
class KnowledgeBase:
    """Alias indexes over the actor files, agents and titles."""

    aliases: dict[str, Entry] = field(default_factory=dict)
    acronyms: dict[str, Entry] = field(default_factory=dict)
    demonyms: dict[str, Entry] = field(default_factory=dict)
    capitals: dict[str, Entry] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    countries: dict[str, Entry] = field(default_factory=dict)
    surnames: dict[str, list[Entry]] = field(default_factory=dict)  # people with dated roles, by last name

    @classmethod
    def load(cls, extra_files: Iterable[str] = ()) -> "KnowledgeBase":
        """Packaged actor files, then the user's files (later entries override earlier aliases)."""
        kb = cls()
        folder = resources.files("dragoman") / "knowledge"
        for name in ACTOR_FILES:
            source = folder / "actors" / name
            if source.is_file():
                kb.add_entries(read_yaml(source.read_text(encoding="utf-8"), name), name)
        for path in extra_files:
            kb.add_entries(read_yaml(read_user_file(path), path), path)
        agents = folder / "agents.yaml"
        if agents.is_file():
            kb.add_agents(read_yaml(agents.read_text(encoding="utf-8"), "agents.yaml"))
        return kb

    def add_entries(self, data: Any, origin: str) -> None:
        if not isinstance(data, list):
            raise ModelError(f"{origin} must be a YAML list of actor entries; see docs/actors.md")
        for raw in data:
            if not isinstance(raw, dict) or "name" not in raw:
                raise ModelError(f"{origin}: every entry needs a 'name'; got {raw!r:.80}")
            self.add_entry(raw, origin)

    def add_entry(self, raw: dict[str, Any], origin: str) -> None:
        entry = make_entry(raw, origin)
        names = [raw["name"], *(raw.get("aliases") or [])]
        for alias in names:
            self.add_alias(str(alias), entry)
        last = entry.name.split()[-1].strip(".")
        if entry.kind == "person" and any(r.start for r in entry.roles) and len(entry.name.split()) > 1 \
                and len(last) > 2 and last.upper() not in ("III", "JR"):  # not "Abdullah II", "Jr."
            holders = self.surnames.setdefault(normalise(last), [])
            holders[:] = [e for e in holders if e.name != entry.name] + [entry]
        if entry.kind == "country":
            if not raw.get("former"):  # a former country never takes its successor's place
                self.countries[entry.code or ""] = entry
            for word in raw.get("demonyms") or []:
                self.demonyms[normalise(str(word))] = entry
            for word in [*(raw.get("capitals") or []), *(raw.get("seats") or [])]:
                self.capitals[normalise(str(word))] = entry

    def holder(self, surname: str, day: str | None) -> Entry | None:
        """The one person of that last name who held an office of the knowledge base on ``day``
        ("Clinton" in 1997: Bill Clinton), or None when none or several did."""
        if day is None:
            return None
        found = [e for e in self.surnames.get(normalise(surname), ())
                 if any(r.start and r.covers(day) for r in e.roles)]
        return found[0] if len(found) == 1 else None

    def add_alias(self, alias: str, entry: Entry) -> None:
        if is_acronym(alias):
            self.acronyms[alias.replace(".", "")] = entry
        else:
            self.aliases[normalise(alias)] = entry

    def add_agents(self, data: Any) -> None:
        for group in (data or {}).get("agents", []):
            for word in group.get("words", []):
                self.agents[normalise(str(word))] = group["sector"]
        for group in (data or {}).get("titles", []):
            for word in group.get("words", []):
                self.titles[normalise(str(word))] = group["sector"]

    def lookup(self, text: str) -> Entry | None:
        """The entry whose name or alias is ``text`` (acronyms match case-sensitively)."""
        stripped = text.strip()
        if is_acronym(stripped):
            found = self.acronyms.get(stripped.replace(".", ""))
            if found:
                return found
        return self.aliases.get(normalise(stripped))


def make_entry(raw: dict[str, Any], origin: str) -> Entry:
    kind = "country" if "demonyms" in raw or "capitals" in raw else kind_from_origin(origin)
    roles = tuple(
        Role(str(r.get("title", "")), r.get("sector"), iso(r.get("start")), iso(r.get("end")),
             r.get("country"))
        for r in raw.get("roles") or raw.get("periods") or []
    )
    code = raw.get("code") or raw.get("country")
    sector = raw.get("sector") or ("GOV" if kind == "country" else None)
    return Entry(name=str(raw["name"]), kind=kind, code=code, sector=sector,
                 id=raw.get("id") or None, roles=roles)


def kind_from_origin(origin: str) -> str:
    stem = Path(origin).stem
    return {"people": "person", "organisations": "organisation", "groups": "group",
            "media": "media", "countries": "country",
            "former": "country"}.get(stem, "group")


def iso(value: Any) -> str | None:
    return None if value in (None, "") else str(value)[:10]


def read_yaml(text: str, origin: str) -> Any:
    try:
        return yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as err:
        raise ModelError(f"{origin} is not valid YAML ({err}); fix the file") from err


def read_user_file(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise ModelError(f"actor file {path} cannot be read ({err.strerror}); check --actors") from err


def load_triggers() -> dict[str, Any]:
    """The trigger lexicon (knowledge/triggers.yaml)."""
    text = (resources.files("dragoman") / "knowledge" / "triggers.yaml").read_text(encoding="utf-8")
    return read_yaml(text, "triggers.yaml")
