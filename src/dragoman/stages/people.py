"""People: named persons resolved by their titles, the organisation they speak for, the words that
describe them, and the words that introduced them where the text first named them. A part of the
actor resolver (stages/actors.py)."""

from __future__ import annotations

import re

from ..knowledge import Entry, normalise
from ..records import Actor
from .mentions import CAPITALISED_RUN, REGION_NAMES, phrase

# Verbs of a relative clause that describes a person by a post ("Ozawa, who heads the NFP").
DESCRIBING_VERBS = frozenset(("heads", "leads", "chairs", "runs", "is", "was", "directs", "represents"))
from .references import DocumentActors


class PeopleResolution:
    """The actor resolver's methods for people (mixed into ActorResolver)."""

    def resolve_person(self, name_text: str, text: str, span, state: DocumentActors) -> Actor:
        surname = name_text.split()[-1] if name_text.split() else name_text
        known = state.surnames.get(normalise(surname))
        if known is not None:
            return Actor(text=text, name=known.name, code=known.code, sector=known.sector, id=known.id)
        holder = self.kb.holder(name_text, state.published) if len(name_text.split()) == 1 else None
        if holder is not None:  # "Clinton" in 1997: the one Clinton in office then
            return self.actor_from_entry(holder, text, span, state)
        country = self.country_in_phrase(span, state.published)
        state.people.add(name_text)
        sector = self.title_sector(span)
        body = self.employer(span)
        if body is not None:  # "UNHCR spokesman Kris Janowski" speaks for the UNHCR
            country, sector = country or body.code_on(state.published), body.sector_on(state.published) or sector
        if sector is None:  # "Ilyas Ali Hassan, a member of the upper house"
            described = next((c for c in span.root.rights if c.dep_ == "appos"), None)
            if described is not None:
                words = phrase(described)
                whole = span.doc[described.left_edge.i:described.right_edge.i + 1]  # "... of the Italian Chamber"
                sector = self.title_sector(words) or self.agent_sector(words.text)
                country = country or self.country_in_phrase(words, state.published) \
                    or self.country_in_words(whole.text, state.published)
                body = self.body_named(whole.text) if country is None or sector is None else None
                if body is not None:  # "Artur Romeu, director of ... Reporters Without Borders"
                    country, sector = country or body.code_on(state.published), sector or body.sector_on(state.published)
        if sector is None or country is None:  # "Shen" after "foreign ministry spokesman Shen Guofang"
            introduced = self.introduction(name_text, state)
            country, sector = country or introduced[0], sector or introduced[1]
        return Actor(text=text, name=name_text, code=country or None, sector=sector, id=None)

    def introduction(self, name: str, state: DocumentActors) -> tuple[str | None, str | None]:
        """(country, sector) from the words that introduce a person where the text names them,
        sentences that were not parsed included: the title and nationality right before the name
        ("Chinese foreign ministry spokesman Shen Guofang") or the description after it ("Shen
        Guofang, a spokesman for the foreign ministry,")."""
        parts = name.split()
        if not parts or not parts[-1][:1].isupper():
            return None, None
        match = re.search(rf"\b{re.escape(parts[-1])}\b", state.text)  # the first mention introduces
        if match is None:
            return None, None
        before = re.split(r"[.,;:!?\"“”()\n]", state.text[max(0, match.start() - 80):match.start()])[-1]
        words = []
        for word in reversed([w for w in before.split() if w not in parts][-5:]):
            if not (word[:1].isupper() or normalise(word) in self.title_words):
                break  # "Israeli commandos stormed the Mavi Marmara": not an introduction
            words.insert(0, word)
        end = match.end()
        rest = re.match(r"(?:[ -][A-Z][a-z]+(?:-[a-z]+)?){1,2}(?=,)", state.text[end:end + 40])
        if rest is not None:  # "Wang" first named as "Wang Fengchao, deputy director of ..."
            end += rest.end()
        pieces = re.split(r"[.,;:(\n]", state.text[end:end + 120])
        pieces = pieces[2:] if len(pieces) > 2 and pieces[1].strip().isdigit() else pieces[1:]  # ", 51, a ..."
        described = pieces[0].split() if pieces and state.text[end:].startswith(",") else []
        if described[:1] == ["who"] and described[1:2] and described[1] in DESCRIBING_VERBS:
            described = described[2:]  # ", who heads the main opposition New Frontier Party"
        if described and not (described[0].lower() in ("a", "an", "the") or described[0][:1].isupper()
                              or described[1:2] in (["of"], ["for"], ["at"]) or described[2:3] in (["of"], ["for"], ["at"])
                              or normalise(described[0]) in self.title_words):
            described = []  # ", said after talks in Rome with ...": no description (but ", director of ...")
        described = REGION_NAMES.sub(" ", " ".join(described)).split()  # not "America" of "Latin America"
        country = next((found for w in words[::-1] + described
                        for found in [self.country_of_word(w.strip("'’s"))] if found is not None), None)
        code = country.code_on(state.published) if country else None
        sector = self.title_in_words(words, last=True) or self.title_in_words(described) \
            or self.agent_sector(" ".join(described))
        body = self.body_named(" ".join(described)) if code is None or sector is None else None
        if body is not None:  # "a deputy of the Free Democratic Party": the party's
            code, sector = code or body.code_on(state.published), sector or body.sector_on(state.published)
        return code, sector

    def body_named(self, text: str) -> Entry | None:
        """The first organisation of the knowledge base named by a capitalised run of the text."""
        for run in CAPITALISED_RUN.finditer(text):
            entry = self.kb.lookup(run.group()) or self.kb.lookup(re.sub(r"^The\s+", "", run.group()))
            if entry is not None and entry.kind in ("organisation", "group"):
                return entry
        return None

    def title_in_words(self, words: list[str], last: bool = False) -> str | None:
        """Sector of the longest title among the words (with ``last``, ending at the last word that
        is no given name: "Foreign Minister Yukuhiko")."""
        while last and words and normalise(words[-1]) not in self.title_words:
            words = words[:-1]
        for size in range(min(len(words), 4), 0, -1):
            for start in ([len(words) - size] if last else range(len(words) - size + 1)):
                key = normalise(" ".join(words[start:start + size]))
                sector = self.kb.titles.get(key) or (self.kb.agents.get(key) if last else None)
                if sector:
                    return sector
        return None

    def is_titled_name(self, ent) -> bool:
        """"General Khalifa Haftar" tagged ORG by NER: a title followed by capitalised names."""
        words = ent.text.split()
        return len(words) >= 2 and normalise(words[0]) in self.kb.titles and all(w[:1].isupper() for w in words)

    def employer(self, span) -> Entry | None:
        """A known organisation named before a person's name in the phrase ("Amnesty International
        researcher John Smith")."""
        for token in span:
            if token.ent_type_ == "PERSON":
                return None
            if token.ent_type_ == "ORG" and token.ent_iob_ == "B":
                entry = self.body_of(token)
                if entry is not None:
                    return entry
        return None

    def title_sector(self, span) -> str | None:
        words = [t.text for t in span]
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                sector = self.kb.titles.get(normalise(" ".join(words[i:i + size])))
                if sector:
                    return sector
        return None
