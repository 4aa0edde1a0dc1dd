"""Actors: noun phrases of the parse -> coded Actor records, with document-level memory.

Resolution order for an argument's head token: pronoun -> the last fitting actor of the document;
knowledge-base alias of the named entity or of the phrase; acronyms the document defines;
capitals and seats of power (Moscow, the Kremlin) -> that country's government; demonyms;
known surnames seen earlier in the document; generic agents and titles -> sector, with the
country from the phrase ("Turkish", "Turkey's", "of Libya") or from the document's main country.
"""

from __future__ import annotations

import re
from dataclasses import replace

from . import syntax
from ..knowledge import Entry, KnowledgeBase, normalise
from ..records import Actor
from .references import (DEFINITE_KINDS, PERSON_PRONOUNS, PLURAL_KINDS, PRONOUN_KINDS, DocumentActors,
                         names_a_person, referred_count, reporter_of)

# People who act for whom they serve ("a top aide to President Mobutu", "an adviser to the king").
AIDES = frozenset("aide aides adviser advisers advisor advisors envoy envoys emissary emissaries confidant".split())
# Words for a body of people whose sector the words before them, their leader or their owner give.
GROUP_HEADS = frozenset("team teams unit units squad squads party parties personnel officials officers men "
                        "jawans commandos contingent staff office government administration ministry cabinet aides "
                        "camp spokesman spokeswoman spokesperson".split())
OWNED_BODIES = frozenset("office government administration ministry cabinet aides camp party spokesman spokeswoman "
                         "spokesperson".split())  # "his office", "her government": the owner's
FORCE_SECTORS = frozenset(("COP", "MIL"))
# Titles that "the ..." alone uses for the head of a government ("the president had agreed").
HEAD_TITLES = frozenset("president premier minister chancellor king queen emir monarch sultan".split())
SETTING_PREPS = frozenset("in at near inside outside across around into from to toward towards".split())
PHRASE_DEPS = {"compound", "amod", "poss", "det", "nmod", "nummod", "case", "punct", "quantmod", "flat"}
QUANTITY_HEADS = frozenset("dozens hundreds thousands scores millions tens some many several most all few "
                           "members member group number majority one two three both each none rest line column convoy "
                           "contingent unit squad detachment team crowd band mob busload truckload".split())
ACRONYM_DEF = re.compile(r"((?:[A-Z][\w'’-]*\s+(?:(?:of|the|for|de|du|al)\s+)*){0,8}[A-Z][\w'’-]*)\s+\(([A-Z][A-Za-z]{1,7})\)")


class ActorResolver:
    """Resolves argument tokens to actors; one instance per process, one DocumentActors per document."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.title_words = frozenset(w for key in (*kb.titles, *kb.agents) for w in key.split())

    def start_document(self, text: str, published: str | None, dateline: str | None) -> DocumentActors:
        state = DocumentActors(published=published, caseless=is_caseless(text), text=text)
        if dateline:
            entry = self.kb.capitals.get(normalise(dateline)) or self.kb.lookup(dateline)
            state.dateline_code = entry.code_on(published) if entry else None
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
        return Actor(text=text, name=clean_name(name), code=self.country_in_words(name, state.published),
                     sector=self.agent_sector(name), id=None)

    def note_document(self, doc, state: DocumentActors, text: str | None = None) -> None:
        """Count countries named in the document (for 'the document's main country') and list the
        named mentions that pronouns and "the country" may refer back to. ``text``, the article's
        text when the parsed ``doc`` has sentences blanked out, is scanned for names there."""
        for ent in doc.ents:
            country = self.country_of_word(ent.text) if ent.label_ in ("GPE", "NORP") else None
            if country and country.code_on(state.published):
                state.country_counts[country.code_on(state.published)] += 1
            kind = mention_kind(ent, country is not None)
            if kind:
                state.mentions.append((ent.root.idx, kind, ent.root))
        for token in doc:  # "The group said it ...": generic agents in subject position count too
            if token.dep_ in ("nsubj", "nsubjpass") and not token.ent_type_ and token.pos_ == "NOUN" \
                    and (self.agent_sector(token.lemma_) or self.agent_sector(token.lower_)
                         or self.agent_sector(phrase(token).text)):
                kind = "people" if token.tag_ == "NNS" else "person" if names_a_person(token) else "org"
                state.mentions.append((token.idx, kind, token))
        parsed = doc.text if text is not None else None  # (Doc.text joins every token: once)
        if text is not None and text != parsed:
            for start, end in blanked_ranges(parsed, text):
                self.scan_names(text, start, end, state)
        state.mentions.sort(key=lambda m: m[0])

    def scan_names(self, text: str, start: int, end: int, state: DocumentActors) -> None:
        """Known names in a stretch of text that was not parsed: capitalised word runs looked up in
        the knowledge base (for the document's countries and for pronouns to refer back to)."""
        for match in CAPITALISED_RUN.finditer(text, start, end):
            entry = self.kb.lookup(match.group()) or self.country_of_word(match.group())
            if entry is None or entry.kind == "media":
                continue
            code = entry.code_on(state.published)
            if entry.kind == "country" and code:
                state.country_counts[code] += 1
            actor = Actor(text=match.group(), name=entry.name, code=code,
                          sector="GOV" if entry.kind == "country" else entry.sector_on(state.published), id=entry.id)
            kind = {"country": "country", "person": "person"}.get(entry.kind, "org")
            state.mentions.append((match.start(), kind, actor))

    def resolve(self, token, state: DocumentActors) -> list[Actor]:
        """Actors for an argument head and its coordinated heads ("Egypt, Saudi Arabia and Jordan")."""
        group = self.resolve_plural(token, state)
        if group:
            return group
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
            return self.resolve_pronoun(token, state)
        if token.tag_ == "WDT" or lower in ("which", "who", "that"):
            return None
        definite = self.resolve_definite(token, state)
        if definite is not None:
            return definite
        named = next((c for c in token.children if c.dep_ in ("appos", "compound") and c.ent_type_
                      in ("PERSON", "ORG") and c.i > token.i), None) or next(
            (c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "GPE" and token.pos_ == "NOUN"
             and not token.ent_type_), None)  # "another key Egyptian ally, France"
        title = None
        if named is not None and token.ent_type_ not in ("PERSON", "ORG"):
            title, token = token, named  # "President Nicolas Maduro" parsed with the title as head
        span = phrase(token)
        ent = entity_of(token)
        if ent is not None and ent.end > span.end and ent.label_ in ("ORG", "FAC") and " and " not in ent.text:
            # "The International Committee of the Red Cross"
            span = token.doc[min(span.start, ent.start):ent.end]
        text = span.text.strip(" ,")
        actor = None
        if ent is not None and ent.label_ in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"):
            actor = self.resolve_entity(ent, span, state)
        if actor is None or not (actor.code or actor.sector):  # also a name NER cut short: "the Group of"
            actor = self.resolve_common(token, span, text, state) or actor
        if (actor is None or not (actor.code or actor.sector)) and token.pos_ == "PROPN":
            actor = self.resolve_name_run(token, span, state) or actor
        if actor is None or not (actor.code or actor.sector):
            actor = self.resolve_through(token, span, state) or actor
        if actor is None and token.pos_ == "PROPN" and token.is_title and not token.ent_type_ \
                and token.lower_ not in CALENDAR_WORDS:  # "accused Gulen": a name the recogniser missed
            code, sector = self.country_in_phrase(span, state.published), self.title_sector(span)
            if code is None and sector is None:
                code, sector = self.introduction(clean_name(text), state)
            actor = Actor(text=text, name=clean_name(text), code=code, sector=sector, id=None)
        if actor is not None and title is not None and not (actor.code and actor.sector):
            # "The Grand Mufti of Egypt, Sheikh Shawki Allam": what the title phrase says
            words = token.doc[title.left_edge.i:title.i + 1]
            actor = replace(actor, code=actor.code or self.country_in_phrase(phrase(title), state.published),
                            sector=actor.sector or self.title_sector(words) or self.agent_sector(words.text))
        if actor is not None:
            self.remember(actor, token, state)
        return actor

    def resolve_name_run(self, token, span, state: DocumentActors) -> Actor | None:
        """A known name that the entity recogniser cut ("Italian Prime Minister Romano Prodi" with
        only "Romano" marked): the proper nouns that end at the head, looked up whole."""
        start = token.i
        while start > span.start and token.doc[start - 1].pos_ == "PROPN":
            start -= 1
        words = [t.text for t in token.doc[start:token.i + 1]]
        for size in range(len(words), 0, -1):
            entry = self.lookup(" ".join(words[-size:]), state)
            if isinstance(entry, Entry) and (entry.kind == "person" or size == len(words)):
                return self.actor_from_entry(entry, span.text.strip(" ,"), span, state)
        return None

    def resolve_through(self, token, span, state: DocumentActors) -> Actor | None:
        """Phrases whose head names no actor but whose words do: "dozens of activists", "members of
        Hamas" (the of-object), "Daesh positions", "a Lebanese man" (the owner or nationality)."""
        if token.lemma_.lower() in QUANTITY_HEADS or token.pos_ == "NUM":
            inner = next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                          for g in c.children if g.dep_ == "pobj"), None)
            found = self.resolve_head(inner, state) if inner is not None else None
            if found is not None:
                return replace(found, text=token.doc[span.start:inner.right_edge.i + 1].text)
        for child in token.lefts:
            if child.dep_ not in ("compound", "poss", "amod", "nmod") or backer_word(child):
                continue
            if child.ent_type_:
                owner = self.resolve_entity(entity_of(child), phrase(child), state) if entity_of(child) else None
            elif child.pos_ == "NOUN":  # "a police headquarters", "army positions"
                owner = self.resolve_common(child, phrase(child), child.text, state)
            else:  # "Azerbaijani hackers": a nationality the entity recogniser did not mark
                code = self.country_in_phrase(token.doc[child.i:child.i + 1], state.published)
                owner = Actor(text=child.text, name=child.text, code=code, sector=None, id=None) if code else None
                if owner is None and child.pos_ == "PROPN" and child.dep_ == "compound":  # "crpf personnel"
                    owner = self.resolve_common(child, phrase(child), child.text, state)
            if owner is not None:
                text = span.text.strip(" ,")
                generic = owner.name == clean_name(owner.text)  # "media reports": keep the words
                sector = None if owner.sector == "GOV" and child.dep_ == "amod" else owner.sector
                if token.lemma_.lower() == "side" and owner.code and (owner.sector or "GOV") == "GOV":
                    sector = "GOV"  # "the Chinese side" in talks: China's government
                return Actor(text=text, name=clean_name(text) if generic else owner.name, code=owner.code,
                             sector=sector, id=None)
        if token.lemma_.lower() in AIDES:  # "a top aide to President Mobutu": his government's
            served = next((g for c in token.children if c.dep_ == "prep" and c.lower_ in ("to", "of", "for")
                           for g in c.children if g.dep_ == "pobj"), None)
            found = self.resolve_head(served, state) if served is not None else None
            if found is not None and found.code:
                text = span.text.strip(" ,")
                return Actor(text=text, name=clean_name(text), code=found.code, sector=found.sector, id=None)
        return self.resolve_link(token, span, state)

    def resolve_link(self, token, span, state: DocumentActors) -> Actor | None:
        """"The missiles fired by the Israeli military" (the agent acts); "hackers linked to the
        Iranian government" (its code, not its sector)."""
        for clause in token.children:
            if clause.dep_ != "acl":
                continue
            agent = next((g for c in clause.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"), None)
            if agent is not None and token.pos_ == "NOUN" and self.agent_sector(token.text) is None:
                found = self.resolve_head(agent, state)
                if found is not None and (found.code or found.sector):
                    return found
            if clause.lemma_.lower() in LINK_VERBS:
                tied = next((g for c in clause.children if c.dep_ == "prep" and c.lower_ in ("to", "with")
                             for g in c.children if g.dep_ == "pobj"), None)
                found = self.resolve_head(tied, state) if tied is not None else None
                if found is not None and found.code:
                    text = span.text.strip(" ,")
                    return Actor(text=text, name=clean_name(text), code=found.code, sector=None, id=None)
        return None

    def resolve_pronoun(self, token, state: DocumentActors) -> Actor | None:
        """"it", "they", "he": the named mention they refer back to, else the last fitting actor."""
        lower = token.lower_
        kinds = PRONOUN_KINDS.get(lower)
        if kinds is None:
            return None
        reporter = reporter_of(token)  # "Tajikistan says it will not accept refugees"
        if reporter is not None:
            found = self.resolve_head(reporter, state)
            if found is not None and (found.code or found.sector):
                return replace(found, text=token.text)
        found = self.refer_back(token, kinds, state)
        if found is None and lower in PERSON_PRONOUNS:
            found = state.last_subject_person or state.last_person
        elif found is None and state.last_group:
            found = state.last_group[-1]
        return replace(found, text=token.text) if found is not None else None

    def resolve_definite(self, token, state: DocumentActors) -> Actor | None:
        """"the country", "the group": the country or organisation named last; "the president":
        the head of government named last."""
        if token.lemma_.lower() in HEAD_TITLES:
            return self.resolve_title(token, state)
        kinds = DEFINITE_KINDS.get(token.lemma_.lower())
        if kinds is None or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children):
            return None
        if any(c.dep_ in ("amod", "compound", "poss", "prep") for c in token.children):
            return None  # "the rebel group", "the group of seven": the words say who
        found = self.refer_back(token, kinds, state)
        return replace(found, text=phrase(token).text) if found is not None else None

    def resolve_title(self, token, state: DocumentActors) -> Actor | None:
        """"the president", "the prime minister" with nothing saying whose: the last person named
        who is in government, else the government of the document's country."""
        modifiers = [c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "poss", "prep", "nmod")]
        if token.tag_ not in ("NN", "NNP") or modifiers not in ([], ["prime"]) \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        text = phrase(token).text
        for at, kind, target in reversed(state.mentions):
            if at < token.idx and kind == "person":
                actor = target if isinstance(target, Actor) else self.resolve_mention(target, state)
                if actor is not None and actor.sector == "GOV" and actor.code:
                    return replace(actor, text=text)
        code = state.main_country()
        return Actor(text=text, name=text, code=code, sector="GOV", id=None) if code else None

    def resolve_plural(self, token, state: DocumentActors) -> list[Actor]:
        """"the two sides", "both countries": the last ones of that kind named before, with codes
        of their own; nothing unless there are as many as the words say."""
        count = referred_count(token)
        if count is None:
            return []
        kinds = PLURAL_KINDS.get(token.lemma_.lower()) or PLURAL_KINDS.get(token.lower_, ("person", "country", "org"))
        found, seen = [], set()
        for at, kind, target in reversed(state.mentions):
            if at >= token.idx or kind not in kinds or not isinstance(target, Actor) and is_setting(target):
                continue
            actor = target if isinstance(target, Actor) else self.resolve_mention(target, state)
            if actor is not None and "person" in kinds and actor.name not in state.people:
                continue  # "the two leaders": people only
            key = None if actor is None or not actor.code else actor.code if kinds == ("country",) else actor.name
            if key is not None and key not in seen:
                seen.add(key)
                found.append(actor)
                if len(found) == count:
                    text = phrase(token).text
                    return [replace(a, text=text) for a in reversed(found)]
        return []

    def refer_back(self, token, kinds: tuple[str, ...], state: DocumentActors) -> Actor | None:
        root = state.antecedent(token, kinds)
        if root is None or isinstance(root, Actor):
            return root
        return self.resolve_mention(root, state)

    def resolve_mention(self, root, state: DocumentActors) -> Actor | None:
        """The actor of a remembered mention (the root token of a name or generic agent)."""
        ent = entity_of(root)
        if ent is None:  # a generic agent ("the group", "the militants")
            span = phrase(root)
            return self.resolve_common(root, span, span.text.strip(" ,"), state)
        return self.resolve_entity(ent, phrase(root), state)

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
        code = state.place_codes.get(ent.start_char)
        if code is not None:  # "shelled Kharkiv": a town the gazetteer places in a country
            return Actor(text=text, name=ent.text, code=code, sector=None, id=None)
        if self.title_sector(span):  # "presidential adviser Mesut Casin", a person NER took for a place
            return self.resolve_person(name_text, text, span, state)
        return None

    def lookup(self, candidate: str, state: DocumentActors) -> Entry | Actor | None:
        candidate = candidate.strip()
        if not candidate:
            return None
        if candidate in state.acronyms:
            return state.acronyms[candidate]
        entry = self.kb.lookup(candidate)
        if entry is None and state.caseless and len(candidate) <= 8 and " " not in candidate \
                and candidate.lower() not in WORD_ACRONYMS:
            entry = self.kb.lookup(candidate.upper())  # "bjp", "crpf" in lower-cased text
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
        pieces = re.split(r"[.,;:(\n]", state.text[match.end():match.end() + 120])
        pieces = pieces[2:] if len(pieces) > 2 and pieces[1].strip().isdigit() else pieces[1:]  # ", 51, a ..."
        described = pieces[0].split() if pieces and state.text[match.end():].startswith(",") else []
        if described and not (described[0].lower() in ("a", "an", "the") or described[0][:1].isupper()):
            described = []  # ", said after talks in Rome with ...": no description
        country = next((found for w in words[::-1] + described
                        for found in [self.country_of_word(w.strip("'’s"))] if found is not None), None)
        sector = self.title_in_words(words, last=True) or self.title_in_words(described) \
            or self.agent_sector(" ".join(described))
        return (country.code_on(state.published) if country else None), sector

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

    def resolve_unknown_org(self, ent, text: str, span, state: DocumentActors) -> Actor | None:
        country = self.country_in_phrase(span, state.published) or self.country_in_words(ent.text, state.published)
        sector = self.agent_sector(ent.text) or self.title_sector(span)
        if ent.label_ == "NORP":
            entry = self.country_of_word(ent.text)
            if entry is None:
                return None
            return Actor(text=text, name=entry.name, code=entry.code_on(state.published), sector=sector, id=None)
        if country is None and sector is not None:
            country = state.main_country()  # "the STF", a unit named by an agent word: the document's country
        return Actor(text=text, name=clean_name(ent.text), code=country, sector=sector, id=None)

    def resolve_common(self, token, span, text: str, state: DocumentActors) -> Actor | None:
        """Generic agents ("police", "Turkish troops", "the foreign ministry") and bare names."""
        words = [t for t in span if t.pos_ in ("NOUN", "PROPN", "ADJ") or t.dep_ == "poss"]
        phrase_text = " ".join(t.text for t in words)
        entry = self.lookup(phrase_text, state) if phrase_text else None
        if entry is None and token.pos_ in ("VERB", "NOUN") and token.text[:1].isupper() and span.start == token.i:
            entry = self.lookup(text, state)  # a name the tagger read as a word: "Trump", "Bush"
        if isinstance(entry, Entry):
            return self.actor_from_entry(entry, text, span, state)
        named = self.name_with_of(token, span, state)  # "the Group of Seven", "the League of Arab States"
        if named is not None:
            return named
        sector = self.agent_sector(token.lemma_) or self.agent_sector(token.text) \
            or self.agent_sector(phrase_text)
        if token.lower_ in GROUP_HEADS:  # "the sog team", "ats officials", "his men", "a team led by ..."
            crew = self.crew_of(token, span, text, state)
            if isinstance(crew, Actor):
                return crew
            sector = crew or sector
        if sector is None:
            return None
        group = self.named_group(span, token, state)
        if group is not None:  # "Taliban attackers", "Hamas gunmen": the group they belong to
            return self.actor_from_entry(group, text, span, state)
        country = self.country_in_phrase(span, state.published) or self.owner_country(span, token, state) \
            or self.origin_country(token, state)
        if country is None and sector != "JRN" and not names_someone_else(span, token):
            country = state.main_country()  # "the police" in a story about Kenya (but "media reports": anyone's)
        return Actor(text=text, name=clean_name(text), code=country, sector=sector, id=None)

    def crew_of(self, token, span, text: str, state: DocumentActors) -> Actor | str | None:
        """Whose a team, a party or men are: the force before the word ("the stf team", "ats
        officials": its sector), the leader of a team ("a team led by si rakesh yadav") or the
        owner of "his men", when they are security forces."""
        before = " ".join(t.text for t in span if t.i < token.i and t.pos_ in ("NOUN", "PROPN", "ADJ"))
        own = self.agent_sector(before) if before else None
        if own in FORCE_SECTORS:
            return own
        leader = next((agent for c in token.children if c.dep_ == "acl" and c.lemma_.lower() in ("lead", "head")
                       for agent in [syntax.passive_parts(c)[1]] if agent is not None), None)
        owner = next((c for c in token.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        for head in (leader, owner):
            found = self.resolve_head(head, state) if head is not None else None
            if found is not None and found.code and head is owner and token.lower_ in OWNED_BODIES:
                return replace(found, text=text)  # "his office was concerned": his
            if found is not None and found.sector in FORCE_SECTORS:
                return replace(found, text=text, name=clean_name(text) if head is leader else found.name)
        return None

    def origin_country(self, token, state: DocumentActors) -> str | None:
        """The code of where a generic agent comes from: "diplomats from the Group of Seven",
        "troops from Chad", "a delegation from Pyongyang"."""
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "from":
                origin = next((g for g in prep.children if g.dep_ == "pobj"), None)
                found = self.resolve_head(origin, state) if origin is not None else None
                return found.code if found is not None else None
        return None

    def name_with_of(self, token, span, state: DocumentActors) -> Actor | None:
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of" and prep.i == token.i + 1:
                # the longest name first: "the Group of Seven leading democracies" is the Group of Seven
                for end in range(prep.right_edge.i + 1, prep.i + 1, -1):
                    whole = token.doc[span.start:end]
                    entry = self.lookup(token.doc[token.i:end].text, state) or self.lookup(whole.text, state)
                    if isinstance(entry, Entry):
                        return self.actor_from_entry(entry, whole.text, whole, state)
        return None

    def owner_country(self, span, head, state: DocumentActors) -> str | None:
        """"Laurent Kabila's rebels": the country of a person or group that owns the phrase."""
        for token in span:
            if token.dep_ == "poss" and token.i != head.i:
                ent = entity_of(token)
                for name in (phrase(token).text, ent.text if ent is not None else token.text):
                    entry = self.lookup(name, state)
                    if isinstance(entry, Entry):
                        return entry.code_on(state.published)
                    if isinstance(entry, Actor):
                        return entry.code
        return None

    def named_group(self, span, head, state: DocumentActors) -> Entry | None:
        """A known armed group, party or organisation named as a modifier of a generic agent."""
        for token in span:
            if token.i == head.i or token.dep_ not in ("compound", "amod", "nmod", "poss") or backer_word(token):
                continue
            entry = self.lookup(entity_text(token), state)
            if isinstance(entry, Entry) and entry.kind in ("group", "organisation"):
                return entry
        return None

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
        elif actor.sector is not None:  # "they" refers to actors, not to the towns they shelled
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
        if not words:
            return None
        other = words[-1][:-1] if words[-1].endswith("s") else words[-1] + "s"  # "opposition group(s)"
        for i in range(len(words)):
            sector = self.kb.agents.get(" ".join(words[i:])) or self.kb.agents.get(" ".join(words[i:-1] + [other]))
            if sector:
                return sector
        return None

    def country_in_phrase(self, span, day: str | None = None) -> str | None:
        """Country named inside the phrase: possessive, adjective or compound ("Turkey's", "Turkish")."""
        for token in span:
            if backer_word(token):
                continue  # "the UN-backed government", "US-led forces": someone else's
            if token.dep_ in ("poss", "amod", "compound", "nmod") or token.ent_type_ in ("GPE", "NORP"):
                entry = self.country_of_word(entity_text(token))
                if entry:
                    return entry.code_on(day)
        for token in span.root.children:
            if token.dep_ == "prep" and token.lower_ in ("of", "in", "from"):
                for obj in token.children:
                    entry = self.country_of_word(entity_text(obj)) or self.body_of(obj)
                    if entry:
                        return entry.code_on(day)
        return None

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

    def body_of(self, token) -> Entry | None:
        """A known organisation named by a phrase ("diplomats from the Group of Seven")."""
        ent = entity_of(token)
        names = [ent.text] if ent is not None else []
        names.append(token.doc[token.left_edge.i:token.right_edge.i + 1].text)
        for name in names:
            entry = self.kb.lookup(name)
            if entry is not None and entry.kind in ("organisation", "group"):
                return entry
        return None

    def country_in_words(self, text: str, day: str | None = None) -> str | None:
        for word in re.findall(r"[A-Z][\w'-]+", text):
            entry = self.country_of_word(word)
            if entry:
                return entry.code_on(day)
        return None

    def country_of_word(self, word: str) -> Entry | None:
        """The country a word names: demonym, capital or seat, or a country name or acronym ("US")."""
        key = normalise(word)
        entry = self.kb.demonyms.get(key) or self.kb.capitals.get(key)
        if entry is None:
            found = self.kb.lookup(word)
            entry = found if found is not None and found.kind == "country" else None
        return entry


CAPITALISED_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:(?:of|the|al|for|and)\s+)?[A-Z][\w’'.-]*){0,5}")


def blanked_ranges(parsed: str, original: str) -> list[tuple[int, int]]:
    """Stretches that the parsed text has blanked out of the original (sentences not parsed)."""
    ranges = []
    for match in re.finditer(r"\s{2,}", parsed):
        if original[match.start():match.end()].strip():
            ranges.append(match.span())
    return ranges


BACKING = frozenset("backed led based sponsored allied supported funded owned run linked affiliated aligned "
                    "brokered installed trained armed controlled".split())


def backer_word(token) -> bool:
    """"UN" in "UN-backed", "US" in "US-led": a name that says who backs or leads, not who it is."""
    doc = token.doc
    return (token.i + 2 < len(doc) and doc[token.i + 1].text == "-"
            and doc[token.i + 2].lower_ in BACKING)


def names_someone_else(span, head) -> bool:
    """"G7 foreign ministers", "NATO troops": a name in the phrase that is not a country says whose
    they are, so the document's main country must not be assumed."""
    return any(t.i != head.i and (t.ent_type_ in ("ORG", "PERSON") or (t.pos_ == "PROPN" and t.i != t.sent.start))
               for t in span)  # a capitalised first word ("Lathi-wielding police") is no name


def mention_kind(ent, is_country: bool) -> str | None:
    """What an entity mention can be referred back as: person, country, org or people."""
    if ent.label_ == "PERSON":
        return "person"
    if ent.label_ == "GPE" and is_country:
        return "country"
    if ent.label_ == "ORG":
        return "org"
    if ent.label_ == "NORP" and ent.text.endswith("s"):
        return "people"  # "Russians", "Palestinians"
    return None


def is_setting(token) -> bool:
    """Whether a mention only says where something happens ("clashed in Khartoum")."""
    return token.dep_ == "pobj" and token.head.lower_ in SETTING_PREPS


def starts_relative_clause(token) -> bool:
    """"Turkey, which supports the GNA": a conjunct with a clause of its own is not a co-participant."""
    doc = token.doc
    i = token.i + 1
    while i < len(doc) and doc[i].is_punct:
        i += 1
    return i < len(doc) and doc[i].lower_ in ("which", "who", "whose") and i > token.i + 1


LINK_VERBS = frozenset("link tie connect affiliate ally loyal align associate".split())
# Acronyms of the knowledge base that are also everyday words: in lower-cased text "car" is a car,
# not the Central African Republic, and "who" no health organisation.
WORD_ACRONYMS = frozenset("car ice is who pace mend raw fry gnu gam sang spa pap aa eff ana ft pa rn sac roc "
                          "dia imo us it an as at am".split())
CALENDAR_WORDS = frozenset("january february march april may june july august september october november "
                           "december monday tuesday wednesday thursday friday saturday sunday".split())


def is_caseless(text: str) -> bool:
    """Whether the text is written in one case ("police arrested two men in delhi", or all in
    capitals), so that acronyms cannot be told by their capitals."""
    letters = sum(1 for c in text[:5000] if c.isalpha())
    upper = sum(1 for c in text[:5000] if c.isupper())
    return letters >= 20 and (upper <= letters * 0.005 or upper >= letters * 0.9)


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
