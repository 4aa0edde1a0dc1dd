"""Actors: noun phrases of the parse -> coded Actor records, with document-level memory.

Resolution order for an argument's head token: pronoun -> the last fitting actor of the document;
knowledge-base alias of the named entity or of the phrase; acronyms the document defines;
capitals and seats of power (Moscow, the Kremlin) -> that country's government; demonyms;
known surnames seen earlier in the document; generic agents and titles -> sector, with the
country from the phrase ("Turkish", "Turkey's", "of Libya") or from the document's main country.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..knowledge import Entry, KnowledgeBase, normalise
from ..records import Actor

PHRASE_DEPS = {"compound", "amod", "poss", "det", "nmod", "nummod", "case", "punct", "quantmod", "flat"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them"}
THING_PRONOUNS = {"it"}
ACRONYM_DEF = re.compile(r"((?:[A-Z][\w'’-]*\s+(?:(?:of|the|for|de|du|al)\s+)*){0,8}[A-Z][\w'’-]*)\s+\(([A-Z][A-Za-z]{1,7})\)")


@dataclass
class DocumentActors:
    """What the resolver remembers within one document."""

    published: str | None
    dateline_code: str | None = None
    acronyms: dict[str, Actor] = field(default_factory=dict)
    surnames: dict[str, Actor] = field(default_factory=dict)
    last_person: Actor | None = None
    last_subject_person: Actor | None = None  # pronouns prefer the last person in subject position
    people: set[str] = field(default_factory=set)  # canonical names of persons seen
    last_group: list[Actor] = field(default_factory=list)
    country_counts: Counter = field(default_factory=Counter)

    def main_country(self) -> str | None:
        if self.country_counts:
            return self.country_counts.most_common(1)[0][0]
        return self.dateline_code


class ActorResolver:
    """Resolves argument tokens to actors; one instance per process, one DocumentActors per document."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def start_document(self, text: str, published: str | None, dateline: str | None) -> DocumentActors:
        state = DocumentActors(published=published)
        if dateline:
            entry = self.kb.capitals.get(normalise(dateline)) or self.kb.lookup(dateline)
            state.dateline_code = entry.code if entry else None
        for match in ACRONYM_DEF.finditer(text):
            long_name = expansion(match.group(1).strip(), match.group(2))
            if long_name and match.group(2) not in self.kb.acronyms:
                state.acronyms[match.group(2)] = self.resolve_name(long_name, long_name, state)
        return state

    def resolve_name(self, name: str, text: str, state: DocumentActors) -> Actor:
        """An actor for a bare name (e.g. the long form of an acronym the text defines)."""
        entry = self.kb.lookup(name)
        if entry is not None:
            return Actor(text=text, name=entry.name, code=entry.code_on(state.published),
                         sector=entry.sector_on(state.published), id=entry.id)
        return Actor(text=text, name=clean_name(name), code=self.country_in_words(name),
                     sector=self.agent_sector(name), id=None)

    def note_document(self, doc, state: DocumentActors) -> None:
        """Count countries named in the document (for 'the document's main country')."""
        for ent in doc.ents:
            if ent.label_ in ("GPE", "NORP"):
                entry = self.country_of_word(ent.text)
                if entry and entry.code:
                    state.country_counts[entry.code] += 1

    def resolve(self, token, state: DocumentActors) -> list[Actor]:
        """Actors for an argument head and its coordinated heads ("Egypt, Saudi Arabia and Jordan")."""
        actors = []
        heads = [token]
        if not starts_relative_clause(token):
            heads += [c for c in token.conjuncts if not starts_relative_clause(c)]
        for head in heads:
            actor = self.resolve_head(head, state)
            if actor is not None and actor not in actors:
                actors.append(actor)
        return actors

    def resolve_head(self, token, state: DocumentActors) -> Actor | None:
        lower = token.lower_
        if token.pos_ == "PRON":
            return self.resolve_pronoun(lower, state)
        if token.tag_ == "WDT" or lower in ("which", "who", "that"):
            return None
        named = next((c for c in token.children if c.dep_ in ("appos", "compound") and c.ent_type_
                      in ("PERSON", "ORG") and c.i > token.i), None)
        if named is not None and token.ent_type_ not in ("PERSON", "ORG"):
            token = named  # "President Nicolas Maduro" parsed with the title as head
        span = phrase(token)
        ent = entity_of(token)
        if ent is not None and ent.end > span.end and ent.label_ in ("ORG", "FAC") and " and " not in ent.text:
            # "The International Committee of the Red Cross"
            span = token.doc[min(span.start, ent.start):ent.end]
        text = span.text.strip(" ,")
        actor = None
        if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
            actor = self.resolve_entity(ent, span, state)
        if actor is None:
            actor = self.resolve_common(token, span, text, state)
        if actor is not None:
            self.remember(actor, token, state)
        return actor

    def resolve_pronoun(self, lower: str, state: DocumentActors) -> Actor | None:
        if lower in PERSON_PRONOUNS:
            return state.last_subject_person or state.last_person
        if lower in GROUP_PRONOUNS | THING_PRONOUNS and state.last_group:
            return state.last_group[-1]
        return None

    def resolve_entity(self, ent, span, state: DocumentActors) -> Actor | None:
        text = span.text.strip(" ,")
        name_text = strip_titles(ent.text, self.kb)
        for candidate in (text, ent.text, name_text):
            entry = self.lookup(candidate, state)
            if isinstance(entry, Actor):
                return entry.__class__(text=text, name=entry.name, code=entry.code,
                                       sector=entry.sector, id=entry.id)
            if entry is not None:
                return self.actor_from_entry(entry, text, span, state)
        if ent.label_ == "PERSON" or (ent.label_ == "ORG" and self.is_titled_name(ent)):
            return self.resolve_person(name_text, text, span, state)
        if ent.label_ in ("ORG", "NORP", "FAC"):
            return self.resolve_unknown_org(ent, text, span, state)
        return None

    def lookup(self, candidate: str, state: DocumentActors) -> Entry | Actor | None:
        candidate = candidate.strip()
        if not candidate:
            return None
        if candidate in state.acronyms:
            return state.acronyms[candidate]
        entry = self.kb.lookup(candidate)
        if entry is not None:
            return entry
        key = normalise(candidate)
        if key in self.kb.capitals:
            return self.kb.capitals[key]
        if key in self.kb.demonyms and len(candidate.split()) == 1:
            return self.kb.demonyms[key]
        return state.surnames.get(key)

    def actor_from_entry(self, entry: Entry, text: str, span, state: DocumentActors) -> Actor:
        sector = entry.sector_on(state.published)
        if entry.kind == "country":
            sector = "GOV"
        title_sector = self.title_sector(span)
        if entry.kind == "person":
            state.people.add(entry.name)
            if title_sector and not entry.roles:
                sector = title_sector
        return Actor(text=text, name=entry.name, code=entry.code_on(state.published), sector=sector,
                     id=entry.id)

    def resolve_person(self, name_text: str, text: str, span, state: DocumentActors) -> Actor:
        surname = name_text.split()[-1] if name_text.split() else name_text
        known = state.surnames.get(normalise(surname))
        if known is not None:
            return Actor(text=text, name=known.name, code=known.code, sector=known.sector, id=known.id)
        country = self.country_in_phrase(span)
        state.people.add(name_text)
        return Actor(text=text, name=name_text, code=country or None,
                     sector=self.title_sector(span), id=None)

    def is_titled_name(self, ent) -> bool:
        """"General Khalifa Haftar" tagged ORG by NER: a title followed by capitalised names."""
        words = ent.text.split()
        return len(words) >= 2 and normalise(words[0]) in self.kb.titles and all(w[:1].isupper() for w in words)

    def resolve_unknown_org(self, ent, text: str, span, state: DocumentActors) -> Actor | None:
        country = self.country_in_phrase(span) or self.country_in_words(ent.text)
        sector = self.agent_sector(ent.text) or self.title_sector(span)
        if ent.label_ == "NORP":
            entry = self.country_of_word(ent.text)
            if entry is None:
                return None
            return Actor(text=text, name=entry.name, code=entry.code, sector=sector, id=None)
        return Actor(text=text, name=clean_name(ent.text), code=country, sector=sector, id=None)

    def resolve_common(self, token, span, text: str, state: DocumentActors) -> Actor | None:
        """Generic agents ("police", "Turkish troops", "the foreign ministry") and bare names."""
        words = [t for t in span if t.pos_ in ("NOUN", "PROPN", "ADJ") or t.dep_ == "poss"]
        phrase_text = " ".join(t.text for t in words)
        entry = self.lookup(phrase_text, state) if phrase_text else None
        if isinstance(entry, Entry):
            return self.actor_from_entry(entry, text, span, state)
        sector = self.agent_sector(token.lemma_) or self.agent_sector(token.text) \
            or self.agent_sector(phrase_text)
        if sector is None:
            return None
        country = self.country_in_phrase(span) or state.main_country()
        return Actor(text=text, name=clean_name(text), code=country, sector=sector, id=None)

    def remember(self, actor: Actor, token, state: DocumentActors) -> None:
        """Pronouns and bare surnames later in the document refer back to what is remembered here."""
        if token.pos_ == "PRON":
            return
        if actor.name in state.people:
            state.last_person = actor
            if token.dep_ in ("nsubj", "nsubjpass"):
                state.last_subject_person = actor
            for part in (actor.name.split()[-1:] + strip_titles(actor.text, self.kb).split()[-1:]):
                state.surnames.setdefault(normalise(part), actor)
        else:
            state.last_group.append(actor)
            del state.last_group[:-3]

    # --- small helpers -------------------------------------------------------------------------

    def title_sector(self, span) -> str | None:
        words = [t.text for t in span]
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                sector = self.kb.titles.get(normalise(" ".join(words[i:i + size])))
                if sector:
                    return sector
        return None

    def agent_sector(self, text: str) -> str | None:
        """Sector of the longest generic-agent phrase ending the text ("Malaysian opposition leader")."""
        words = normalise(text).split()
        for i in range(len(words)):
            sector = self.kb.agents.get(" ".join(words[i:]))
            if sector:
                return sector
        return None

    def country_in_phrase(self, span) -> str | None:
        """Country named inside the phrase: possessive, adjective or compound ("Turkey's", "Turkish")."""
        for token in span:
            if token.dep_ in ("poss", "amod", "compound", "nmod") or token.ent_type_ in ("GPE", "NORP"):
                entry = self.country_of_word(entity_text(token))
                if entry:
                    return entry.code
        for token in span.root.children:
            if token.dep_ == "prep" and token.lower_ in ("of", "in", "from"):
                for obj in token.children:
                    entry = self.country_of_word(entity_text(obj))
                    if entry:
                        return entry.code
        return None

    def country_in_words(self, text: str) -> str | None:
        for word in re.findall(r"[A-Z][\w'-]+", text):
            entry = self.country_of_word(word)
            if entry:
                return entry.code
        return None

    def country_of_word(self, word: str) -> Entry | None:
        """The country a word names: demonym, capital or seat, or a country name or acronym ("US")."""
        key = normalise(word)
        entry = self.kb.demonyms.get(key) or self.kb.capitals.get(key)
        if entry is None:
            found = self.kb.lookup(word)
            entry = found if found is not None and found.kind == "country" else None
        return entry


def starts_relative_clause(token) -> bool:
    """"Turkey, which supports the GNA": a conjunct with a clause of its own is not a co-participant."""
    doc = token.doc
    i = token.i + 1
    while i < len(doc) and doc[i].is_punct:
        i += 1
    return i < len(doc) and doc[i].lower_ in ("which", "who", "whose") and i > token.i + 1


def phrase(token):
    """The token with its left-hand modifiers: "Turkey's President Recep Tayyip Erdogan"."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in PHRASE_DEPS:
            start = min(start, child.left_edge.i)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "appos") and child.i == end:
            end = child.right_edge.i + 1
    return token.doc[start:end]


def entity_of(token):
    """The named-entity span containing ``token``, from its IOB tags (no scan of doc.ents)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc.char_span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), label=token.ent_type_)


def entity_text(token) -> str:
    """The whole named entity a token belongs to ("South Sudan" for "Sudan"), else the token."""
    ent = entity_of(token)
    return ent.text if ent is not None and ent.label_ in ("GPE", "NORP", "LOC") else token.text


def strip_titles(text: str, kb: KnowledgeBase) -> str:
    """"Gen Khalifa Haftar" -> "Khalifa Haftar"; drops leading titles and possessive countries."""
    words = text.replace("’", "'").split()
    while words and (normalise(words[0]) in kb.titles or words[0].endswith("'s")
                     or normalise(words[0]) in kb.demonyms or words[0].lower() == "the"):
        words = words[1:]
    return " ".join(words) or text


def clean_name(text: str) -> str:
    return re.sub(r"^(the|a|an|whose|its|their|his|her|our)\s+", "", text.strip(), flags=re.IGNORECASE)


def expansion(long_name: str, acronym: str) -> str | None:
    """The shortest tail of ``long_name`` whose capitalised initials spell ``acronym``.

    >>> expansion("Gen Haftar and the Government of National Accord", "GNA")
    'Government of National Accord'
    """
    words = long_name.split()
    for i in range(len(words)):
        tail = words[i:]
        initials = "".join(w[0] for w in tail if w[0].isupper())
        if initials.upper() == acronym.upper() and tail[0][0].isupper():
            return " ".join(tail)
    return None
