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

from ..knowledge import Entry, KnowledgeBase, normalise
from ..records import Actor
from .groups import GroupResolution
from .mentions import (CALENDAR_WORDS, CAPITALISED_RUN, LINK_VERBS, REGION_NAMES, WORD_ACRONYMS, backer_word,
                       blanked_ranges, clean_name, entity_of, entity_text, expansion, is_caseless, mention_kind, phrase,
                       starts_relative_clause, strip_titles)
from .people import PeopleResolution
from .references import DocumentActors, ReferenceResolution, names_a_person

# People who act for whom they serve ("a top aide to President Mobutu", "an adviser to the king").
AIDES = frozenset("aide aides adviser advisers advisor advisors envoy envoys emissary emissaries confidant".split())
QUANTITY_HEADS = frozenset("dozens hundreds thousands scores millions tens some many several most all few "
                           "members member group number majority one two three both each none rest line column convoy "
                           "contingent unit squad detachment team crowd band mob busload truckload".split())
ACRONYM_DEF = re.compile(r"((?:[A-Z][\w'’-]*\s+(?:(?:of|the|for|de|du|al)\s+)*){0,8}[A-Z][\w'’-]*)\s+\(([A-Z][A-Za-z]{1,7})\)")


class ActorResolver(ReferenceResolution, PeopleResolution, GroupResolution):
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
        if named is not None and token.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"):
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
        if actor is not None and not (actor.code or actor.sector) and token.pos_ == "PROPN" and not actor.id:
            code, sector = self.introduction(actor.name, state)  # "said Vukaj", a name NER took for a body
            actor = replace(actor, code=code, sector=sector)
        if actor is not None and title is not None and not (actor.code and actor.sector):
            # "The Grand Mufti of Egypt, Sheikh Shawki Allam": what the title phrase says
            words = token.doc[title.left_edge.i:title.i + 1]
            actor = replace(actor, code=actor.code or self.country_in_phrase(phrase(title), state.published),
                            sector=actor.sector or self.title_sector(words) or self.agent_sector(words.text))
            # "the chairman of the ruling New Korea Party, Lee Hoe-Chang": the party's
            whole = token.doc[title.i:min(token.left_edge.i, title.right_edge.i + 1)].text
            body = self.body_named(whole) if not actor.id and any(
                c.dep_ == "prep" and c.lower_ in ("of", "for") for c in title.children) else None
            code = actor.code or (body.code_on(state.published) if body is not None else None) \
                or self.country_in_words(whole, state.published)
            actor = replace(actor, code=code, sector=(body.sector_on(state.published) if body else None) or actor.sector)
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
        if token.lemma_.lower() in QUANTITY_HEADS or token.lower_ in QUANTITY_HEADS or token.pos_ == "NUM":
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
                code = self.country_in_phrase(token.doc[child.left_edge.i:child.i + 1], state.published)
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
        clauses = list(token.children)
        if token.dep_ == "nsubj" and token.head.tag_ in ("VBN", "VBD") and token.head.lemma_.lower() in LINK_VERBS:
            clauses.append(token.head)  # "Hackers linked to the Iranian government launched ...", misparsed
        for clause in clauses:
            if clause.dep_ != "acl" and clause.i != token.head.i:
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

    def resolve_entity(self, ent, span, state: DocumentActors) -> Actor | None:
        text = span.text.strip(" ,")
        name_text = strip_titles(ent.text, self.kb)
        described = re.sub(r"^[Tt]he\s+", "", ent.text).split(maxsplit=1)  # "the Islamist Hayat Tahrir al-Sham"
        bare = described[1] if len(described) == 2 and (normalise(described[0]) in DESCRIPTORS
                                                           or normalise(described[0]) in self.kb.demonyms) else ""
        for candidate in (text, ent.text, name_text, bare):
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
            sector = None if people_of(span, self.kb) else "GOV"
        title_sector = self.title_sector(span)
        if entry.kind == "person":
            state.people.add(entry.name)
            if title_sector and not entry.roles:
                sector = title_sector
        return Actor(text=text, name=entry.name, code=entry.code_on(state.published), sector=sector,
                     id=entry.id)

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
            if len(actor.name.split()) == 2 and ("-" in actor.name.split()[1] or actor.name.split()[0] in FAMILY_FIRST):
                state.surnames.setdefault(normalise(actor.name.split()[0]), actor)  # "Lee Hae-chan" ... "Lee"
        elif actor.sector is not None:  # "they" refers to actors, not to the towns they shelled
            state.last_group.append(actor)
            del state.last_group[:-3]

    def country_in_phrase(self, span, day: str | None = None) -> str | None:
        """Country named inside the phrase: possessive, adjective or compound ("Turkey's", "Turkish")."""
        for token in span:
            if backer_word(token):
                continue  # "the UN-backed government", "US-led forces": someone else's
            ent = entity_of(token)
            if ent is not None and REGION_NAMES.search(ent.text):
                continue  # "Niger Delta militants" are Nigeria's, not Niger's
            if token.dep_ in ("poss", "amod", "compound", "nmod") or token.ent_type_ in ("GPE", "NORP"):
                entry = self.country_of_word(entity_text(token)) or (
                    self.country_of_word(token.text) if token.ent_type_ == "NORP" else None)
                # ("Philippine" of a "Philippine Marines" the recogniser marked whole)
                if entry:
                    return entry.code_on(day)
        for token in span.root.children:
            if token.dep_ == "prep" and token.lower_ in ("of", "in", "from"):
                for obj in token.children:
                    entry = self.country_of_word(entity_text(obj)) or self.body_of(obj) or next(
                        (found for c in obj.lefts if c.dep_ in ("compound", "amod", "poss") and not backer_word(c)
                         for found in [self.country_of_word(entity_text(c))] if found), None)
                    if entry:  # "of Libya", "of the Maldives government"
                        return entry.code_on(day)
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
        """The first country a capitalised word or run of words names ("the Council of the United States"),
        never a word of a region's name ("America" in "Latin America")."""
        text = REGION_NAMES.sub(" ", text)
        for run in re.finditer(r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*", text):
            words = run.group().split()
            for size in range(min(len(words), 4), 0, -1):
                for start in range(len(words) - size + 1):
                    entry = self.country_of_word(" ".join(words[start:start + size]))
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


# Words that describe a group named after them ("the Islamist Hayat Tahrir al-Sham").
DESCRIPTORS = frozenset("islamist islamic jihadist militant rebel radical hardline extremist shiite shia sunni "
                        "separatist maoist marxist leftist rightist armed outlawed banned".split())


# Common Chinese, Korean and Vietnamese family names, written first: "Li Peng" ... "Li".
FAMILY_FIRST = frozenset("""Li Wang Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin Gao Luo
    Zheng Liang Xie Tang Song Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Du Ye Cheng Wei
    Su Lu Ding Ren Shen Yao Qian Fu Qin Xi Hua Kong Lai Zou Xiong Jin Wen Kim Lee Park Choi Jung Kang Cho Yoon
    Jang Lim Nguyen Tran Pham Hoang Phan Vu Dang Bui Ngo Duong""".split())


def people_of(span, kb: KnowledgeBase) -> bool:
    """"Iraqis protested", "two Americans", "hundreds of Palestinians": people of a country, not its
    government (but "the Soviets rejected the proposal" is how news names a government)."""
    words = [t for t in span if t.pos_ in ("NOUN", "PROPN", "ADJ")]
    if not words or normalise(words[-1].text) not in kb.demonyms:
        return False
    if words[-1].text[-1:] != "s" and not any(t.like_num for t in span if t.i < words[-1].i):
        return False  # ("eleven Japanese", but "the Japanese" as an adjective alone is no people)
    return not any(t.lower_ == "the" for t in span if t.i < words[-1].i and t.dep_ == "det")
