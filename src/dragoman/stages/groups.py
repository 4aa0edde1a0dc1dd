"""Generic agents: "police", "Turkish troops", "the foreign ministry", "the sog team", "his office",
with the sector their words give and the country of the phrase, of where they come from, of whom
they belong to, or of the document. A part of the actor resolver (stages/actors.py)."""

from __future__ import annotations

from dataclasses import replace

from . import syntax
from ..knowledge import Entry, normalise
from ..records import Actor
from .mentions import backer_word, clean_name, entity_of, entity_text, names_someone_else, phrase
from .references import DocumentActors

# Words for a body of people whose sector the words before them, their leader or their owner give.
GROUP_HEADS = frozenset("team teams unit units squad squads party parties personnel officials officers men "
                        "jawans commandos contingent staff office government administration ministry cabinet aides "
                        "camp spokesman spokeswoman spokesperson".split())
OWNED_BODIES = frozenset("office government administration ministry cabinet aides camp party spokesman spokeswoman "
                         "spokesperson".split())  # "his office", "her government": the owner's
FORCE_SECTORS = frozenset(("COP", "MIL"))


class GroupResolution:
    """The actor resolver's methods for generic agents (mixed into ActorResolver)."""

    def resolve_common(self, token, span, text: str, state: DocumentActors) -> Actor | None:
        """Generic agents ("police", "Turkish troops", "the foreign ministry") and bare names."""
        words = [t for t in span if t.pos_ in ("NOUN", "PROPN", "ADJ") or t.dep_ == "poss"] or [token]
        phrase_text = " ".join(t.text for t in words)
        entry = self.lookup(phrase_text, state) if phrase_text else None
        if entry is None and token.pos_ in ("VERB", "NOUN") and token.text[:1].isupper() and span.start == token.i:
            entry = self.lookup(text, state)  # a name the tagger read as a word: "Trump", "Bush"
        if isinstance(entry, Entry):
            return self.actor_from_entry(entry, text, span, state)
        named = self.name_with_of(token, span, state)  # "the Group of Seven", "the League of Arab States"
        if named is not None:
            return named
        sector = self.agent_sector(phrase_text) or self.agent_sector(token.lemma_) or self.agent_sector(token.text)
        # (the longest phrase first: "humanitarian aid workers" are NGO, not workers)
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
        """"Laurent Kabila's rebels", "the Trump administration", "Assad loyalists": the country of a
        person or group that owns the phrase or names it."""
        for entry in self.modifier_entries(span, head, state):
            if entry.kind == "person" and entry.code_on(state.published):
                return entry.code_on(state.published)
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
        return next((e for e in self.modifier_entries(span, head, state) if e.kind in ("group", "organisation")), None)

    def modifier_entries(self, span, head, state: DocumentActors) -> list[Entry]:
        """Known names written in the words before a generic agent, longest first: "Boko Haram" in
        "Boko Haram fighters", "Islamic State group" in "Islamic State group jihadists", "Trump" in
        "the Trump administration" (never a name that backs or leads: "UN-backed")."""
        words = [t for t in span if t.i < head.i]
        while words and (words[0].pos_ in ("DET", "NUM", "PUNCT") or words[0].dep_ == "poss" and words[0].pos_ == "PRON"):
            words = words[1:]
        if not words or any(backer_word(t) for t in words) or not any(t.pos_ == "PROPN" for t in words):
            return []
        found = []
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                window = words[start:start + size]
                if window[0].pos_ != "PROPN" and window[-1].pos_ != "PROPN":
                    continue
                entry = self.lookup(head.doc[window[0].i:window[-1].i + 1].text, state)
                if isinstance(entry, Entry) and entry not in found:
                    found.append(entry)
        return found

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
