"""Events: PLOVER event mentions from parsed sentences.

Triggers from knowledge/triggers.yaml are matched on lemmas; their actors and recipients come from
the dependency parse (see syntax.py); modality, attribution, quote, context, date and location are
read around the trigger. Each event keeps its evidence sentence and offsets.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Iterable

from ..ontology import COOPERATIVE, THREAT_MODES
from ..records import Actor, DateMention, Event, Place, Span, content_hash
from . import syntax
from .lexicon import Blend, Lexicon, Sense
from .happenings import is_repeat, merge_happenings
from .placement import pick_date, pick_location, years_between
from .roles import frame_of, noun_predicate, role_tokens
from .actors import ActorResolver, DocumentActors

DESCRIPTIVE = frozenset(("ACCUSE", "SUPPORT", "AGREE"))
SYMMETRIC = frozenset(("AGREE", "CONSULT", "COOPERATE"))
FORCE_WORDS = frozenset("lesson war force military retaliate retaliation strike attack respond "
                        "response consequence consequences invade bomb destroy crush".split())
SANCTION_WORDS = frozenset("sanction sanctions embargo tariff tariffs boycott".split())
NAMED = frozenset(("ORG", "PERSON", "GPE", "NORP", "FAC", "LAW", "WORK_OF_ART", "PRODUCT", "LOC"))
NOUN_PRED_DEPS = ("dobj", "nsubj", "nsubjpass", "pobj", "conj", "appos", "ROOT", "oprd")
# Subjects that are not political actors: markets and disasters do not protest or assault.
NON_AGENT_PHRASES = frozenset(("wall street", "the street"))
NON_AGENTS = frozenset("share stock price market currency index dollar euro yen rupee bond oil gold film movie album show "
                       "franc pound peso yuan glacier ice temperature economy inflation growth rate yield output "
                       "sale export import profit revenue earning striker scorer goal "
                       "champion club squad "
                       "cyclone storm earthquake quake flood hurricane typhoon landslide tornado "
                       "wildfire fire disease virus outbreak pandemic epidemic accident crash heatwave "
                       "drought avalanche tsunami".split())
REFUSAL = Sense("REJECT", None, None, frozenset(), None, None, frozenset(), None, 0.7)
# Attributes that make a copula's subject a proposal, not an event ("a ceasefire is the first step").
PROPOSAL_ATTRS = frozenset("step way option solution priority goal key plan idea proposal aim objective "
                           "condition prerequisite basis path answer part".split())
AGREEMENT_WORDS = frozenset("accord agreement deal treaty pact convention protocol organisation "
                            "organization alliance union bloc court council commission".split())


@dataclass(frozen=True)
class Candidate:
    trigger: Any  # spaCy Token
    predicate: Any  # the verb that carries a noun trigger (the trigger itself for verbs)
    sense: Sense
    nominal: bool
    from_classifier: bool = False


class EventCoder:
    """Codes the sentences of one parsed document."""

    def __init__(self, lexicon: Lexicon, resolver: ActorResolver, classifier=None,
                 blend: Blend | None = None) -> None:
        self.lexicon = lexicon
        self.resolver = resolver
        self.classifier = classifier
        self.blend = blend or Blend()

    def find_candidates(self, sent) -> list[Candidate]:
        found: list[Candidate] = []
        covered: set[int] = set()
        for token in sent:
            if token.ent_type_ in NAMED or token.dep_ == "amod":
                continue  # "Government of National Accord", "UN-backed"
            if token.pos_ in ("VERB",) or (token.pos_ == "NOUN" and token.tag_ == "VB"):
                candidate = self.verb_candidate(token)
                if candidate is not None:
                    found.append(candidate)
                    covered.update(c.i for c in token.children if c.dep_ in ("dobj", "nsubjpass"))
            elif token.pos_ == "ADJ":
                candidate = self.adjective_candidate(token)
                if candidate is not None:
                    found.append(candidate)
        for token in sent:
            if token.pos_ in ("NOUN", "PROPN") and token.i not in covered and token.ent_type_ not in NAMED:
                candidate = self.noun_candidate(token)
                if candidate is not None:
                    found.append(candidate)
        return sorted(found, key=lambda c: c.trigger.i)  # events in the order the text tells them

    def adjective_candidate(self, token) -> Candidate | None:
        """"is ready to help", "willing to negotiate", "open to talks": a commitment (AGREE)."""
        senses = self.lexicon.adjectives.get(token.lemma_.lower())
        if not senses or token.dep_ not in ("acomp", "ROOT", "conj", "xcomp", "oprd"):
            return None
        if not any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in ("to", "for")) for c in token.children):
            return None
        return Candidate(token, token, senses[0], nominal=False)

    def verb_candidate(self, token) -> Candidate | None:
        senses = self.lexicon.verbs.get(token.lemma_.lower())
        if not senses:
            return None
        if token.dep_ in ("acl", "amod") and token.tag_ == "VBN" and senses[0].type in DESCRIPTIVE:
            return None  # "a fugitive accused of fraud", "an initiative backed by Australia" describe
        subject = syntax.subject_of(token)[0]
        if subject is not None and not self.is_agent(subject):
            return None  # "shares rallied", "the cyclone killed 84 people", "the glacier retreated"
        obj = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None)
        obj_words = set()
        if obj is not None:  # "freed Swedish hostage Johan Gustafsson": the compound counts too
            obj_words = {obj.lemma_.lower(), obj.lower_} | {c.lemma_.lower() for c in obj.lefts
                                                            if c.dep_ == "compound"}
        for sense in senses:
            if sense.particle and not has_particle(token, sense.particle):
                continue
            if sense.objects is not None and not obj_words & sense.objects and not (
                    "@named" in sense.objects and is_named_object(token, obj)):
                continue
            if obj_words & sense.not_objects:
                continue
            if sense.subjects is not None and (subject is None or subject.lemma_.lower() not in sense.subjects):
                continue
            return Candidate(token, token, sense, nominal=False)
        return None

    def threatened_action(self, trigger) -> str | None:
        """The THREATEN mode from an event word inside the threat ("would be arrested" -> arrest)."""
        for token in trigger.subtree:
            if token.i == trigger.i:
                continue
            for sense in self.lexicon.verbs.get(token.lemma_.lower(), ()):
                mode = THREAT_MODES.get(sense.type)
                if mode:
                    return "arrest" if sense.mode == "arrest" else mode
        return None

    def commitment(self, trigger) -> tuple[str, str | None]:
        """(type, mode) of a commitment: AGREE with the promised action's type as mode ("pledged to
        release the hostages": AGREE, retreat), or THREATEN when force or sanctions are promised
        ("vowed to retaliate")."""
        promised = self.promised_type(trigger)
        if promised in THREAT_MODES or promised == "THREATEN":
            return "THREATEN", THREAT_MODES.get(promised)
        return "AGREE", promised.lower() if promised else None

    def promised_type(self, trigger) -> str | None:
        """The type of the first event word in what a commitment word governs."""
        for child in trigger.children:
            if child.dep_ not in ("xcomp", "ccomp", "dobj", "prep", "advcl", "acl"):
                continue
            for token in child.subtree:
                if token.i == trigger.i or token.ent_type_ in NAMED:
                    continue
                lemma = token.lemma_.lower()
                table = self.lexicon.verbs if token.pos_ == "VERB" else self.lexicon.nouns
                senses = table.get(lemma) or (self.lexicon.nouns.get(lemma) if token.pos_ == "VERB" else None)
                senses = [x for x in senses or () if not x.commit]
                if senses:
                    return senses[0].type
        return None

    def is_agent(self, subject) -> bool:
        """Can this subject act politically? Markets, disasters, glaciers and football sides cannot."""
        if subject.lemma_.lower() in NON_AGENTS:
            return False
        compound = " ".join(t.lower_ for t in subject.lefts if t.dep_ == "compound")
        return f"{compound} {subject.lower_}".strip() not in NON_AGENT_PHRASES

    def noun_candidate(self, token) -> Candidate | None:
        senses = self.lexicon.nouns.get(token.lemma_.lower()) or self.lexicon.nouns.get(token.lower_)
        if not senses:
            return None
        anchor = frame_of(token)  # "launched a mediation effort": the effort carries the event
        predicate = noun_predicate(anchor) if anchor.dep_ in NOUN_PRED_DEPS else None
        if predicate is None or not self.reports_event(anchor, predicate, senses[0]):
            return None
        modifiers = {c.lemma_.lower() for c in token.lefts if c.dep_ in ("compound", "amod")}
        of_objects = {g.lemma_.lower() for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "for")
                      for g in c.children if g.dep_ == "pobj"}  # "the release of hostages"
        for sense in senses:
            if sense.modifiers is not None and not sense.modifiers & modifiers:
                continue
            if sense.not_modifiers & modifiers:
                return None
            if sense.objects is not None and not of_objects & sense.objects or of_objects & sense.not_objects:
                continue
            return Candidate(token, predicate, sense, nominal=True)
        return None

    def reports_event(self, noun, predicate, sense: Sense) -> bool:
        """Does the clause report the noun's event, rather than refer to or propose one?"""
        if noun.dep_ == "nsubj" and predicate.lemma_ == "be" and any(
                c.dep_ == "attr" and c.lemma_.lower() in PROPOSAL_ATTRS for c in predicate.children):
            return False  # "a 30-day ceasefire is the first step": a proposal, not a ceasefire
        light = predicate.lemma_.lower() in self.lexicon.light_verbs
        if sense.type == "AGREE" and not (noun.dep_ in ("dobj", "nsubjpass") and light):
            return False  # "the deal", "under the accord": referring to an agreement, not making one
        if noun.dep_ in ("nsubj", "nsubjpass", "dobj") and predicate.pos_ in ("VERB", "AUX") and not light:
            return False
        if any(c.dep_ == "det" and c.lower_ in ("any", "every", "each") for c in noun.children):
            return False  # "any attack on its citizens" is no particular attack
        return not (noun.dep_ == "pobj" and noun.head.lower_ == "from")  # "released from house arrest"

    def code_sentence(self, sent, state: DocumentActors, doc_id: str, published: str | None,
                      dates: list[DateMention], places: list[Place], dateline: Place | None) -> list[Event]:
        probs = self.type_probabilities(sent)
        built = []
        candidates = self.find_candidates(sent)
        for candidate in candidates + self.classifier_candidates(sent, candidates, probs):
            event = self.build_event(candidate, sent, state, doc_id, published, dates, places, dateline)
            if event is not None and self.keep(candidate, event, probs):
                built.append((candidate, self.calibrate(event, probs)))
        kept = [(candidate, event) for candidate, event in built if not is_repeat(candidate, event, built)]
        return [event for _, event in merge_happenings(kept)]

    def calibrate(self, event: Event, probs: dict[str, float] | None) -> Event:
        """Replace the rule score with the calibrated confidence; keep both inputs in ``scores``."""
        if probs is None:
            return event
        prob = probs.get(event.event_type, 0.0)
        return dataclasses.replace(event, confidence=self.blend.confidence(event.confidence, prob),
                                   scores=(event.confidence, prob))

    def type_probabilities(self, sent) -> dict[str, float] | None:
        if self.classifier is None:
            return None
        from .classify import sentence_features

        return self.classifier.probabilities(sentence_features(sent))

    def keep(self, candidate: Candidate, event: Event, probs: dict[str, float] | None) -> bool:
        if probs is None or candidate.sense.weight >= self.blend.keep_weight:
            return True
        return probs.get(event.event_type, 0.0) >= self.blend.drop_below

    def classifier_candidates(self, sent, found: list[Candidate], probs) -> list[Candidate]:
        """Events the classifier is sure of that no trigger found, anchored on the main verb."""
        if not probs:
            return []
        have = {c.sense.type for c in found}
        root = sent.root
        while syntax.is_say_verb(root):  # "..., the agency said": anchor on what was said
            reported = next((c for c in root.children if c.dep_ in ("ccomp", "parataxis")), None)
            if reported is None:
                break
            root = reported
        if root.pos_ not in ("VERB", "AUX"):
            return []
        extra = []
        for event_type, p in probs.items():
            if p >= self.blend.add_above and event_type not in have:
                sense = Sense(event_type, None, None, frozenset(), None, None, frozenset(), None, 0.5)
                extra.append(Candidate(root, root, sense, nominal=False, from_classifier=True))
        return extra

    def build_event(self, cand: Candidate, sent, state, doc_id, published, dates, places,
                    dateline) -> Event | None:
        mod = syntax.read_modality(cand.trigger, cand.predicate, self.lexicon.irrealis)
        if mod.dropped_by is not None:
            if not (mod.failed and cand.sense.type in COOPERATIVE):
                return None
            cand = Candidate(mod.dropped_by, mod.dropped_by, REFUSAL, nominal=False)  # "failed to reach a deal"
            mod = syntax.read_modality(cand.trigger, cand.predicate, self.lexicon.irrealis)
        event_type, mode, modality = apply_modality(cand.sense, mod)
        if cand.sense.commit and event_type == cand.sense.type:
            event_type, mode = self.commitment(cand.trigger)
        if event_type == "RETREAT" and mode == "withdraw" and leaves_organisation(cand.trigger):
            event_type = "SANCTION"  # withdrawing from a treaty or an organisation
        actors, recipients = self.roles(cand, state)
        if cand.from_classifier and not actors:
            return None  # the classifier names a type; without an actor there is no event to report
        if event_type == "MOBILIZE" and helps_another_country(actors, recipients):
            event_type, mode = "AID", "military"  # troops sent to another country to help it
        if event_type in ("ASSAULT", "COERCE") and any(is_crowd(t) for t in role_tokens(cand)[0]):
            event_type, mode = "PROTEST", "riot"  # protesters storming or torching: a riot
        if event_type == "THREATEN":
            mode = threat_mode(cand.trigger) or self.threatened_action(cand.trigger) or mode
            if syntax.condition_below(cand.trigger) and "hypothetical" not in modality:
                modality.append("hypothetical")  # the threat was made; what it threatens is conditional
            if cand.sense.weight < 0.6 and not recipients and mode is None and "hypothetical" not in modality:
                return None  # "warned that prices may rise" is a forecast, not a threat
        date_modality = [m for m in modality if event_type != "THREATEN" or m != "hypothetical"]
        date = pick_date(cand, dates, published, date_modality)  # a conditional threat was still made
        if date[0] and published and date[0][:4].isdigit() and date[0] < published \
                and years_between(date[0], published) >= 1 and "future" not in modality:
            modality.append("historical")
        attribution = self.sources(syntax.attribution_sources(cand.trigger, sent), state)
        confidence = score(cand, actors, recipients, modality)
        text = sent.text.rstrip()
        return Event(
            id=content_hash(doc_id, str(sent.start_char), str(cand.trigger.idx), event_type),
            doc_id=doc_id, event_type=event_type, mode=mode, modality=tuple(modality),
            context=tuple(self.contexts(sent, event_type, mode, actors + recipients)),
            actor=tuple(actors), recipient=tuple(a for a in recipients if a not in actors),
            date=date[0], date_text=date[1],
            location=pick_location(cand, places, dateline),
            attribution=tuple(a for a in attribution if a not in actors),
            quote=syntax.quoted_text(cand.predicate, sent), text=text,
            start=sent.start_char, end=sent.start_char + len(text), confidence=confidence,
            trigger=trigger_span(cand),
        )

    def roles(self, cand: Candidate, state: DocumentActors) -> tuple[list[Actor], list[Actor]]:
        actor_tokens, recipient_tokens = role_tokens(cand)
        actors = self.resolve_all(actor_tokens, state)
        recipients = self.resolve_all(recipient_tokens, state)
        if not recipients:  # "backed Morocco's autonomy plan": the owner of the object
            owners = [c for t in recipient_tokens if t is not None and t.pos_ == "NOUN"
                      for c in t.children if c.dep_ == "poss"]
            recipients = self.resolve_all(owners, state)
        if not recipients and len(actors) > 1 and cand.sense.type in SYMMETRIC:
            actors, recipients = actors[:1], actors[1:]  # "Iraq and Iran signed": Iraq -> Iran
        if len(actors) > 1 and recipients:  # "meetings involving X and Y": X -> Y, not X, Y -> Y
            actors = [a for a in actors if a not in recipients] or actors[:1]
        return actors, recipients

    def sources(self, tokens: list, state: DocumentActors) -> list[Actor]:
        """Who reports the event; a source that is no known actor ("media reports") keeps its words."""
        out: list[Actor] = []
        for token in tokens:
            found = self.resolve_all([token], state)
            if not found:
                words = " ".join(t.text for t in token.lefts if t.dep_ in ("compound", "amod"))
                text = f"{words} {token.text}".strip()
                found = [Actor(text=text, name=text, code=None, sector=None, id=None)]
            out.extend(a for a in found if a not in out)
        return out

    def resolve_all(self, tokens: Iterable, state: DocumentActors) -> list[Actor]:
        out: list[Actor] = []
        for token in tokens:
            if token is None:
                continue
            for actor in self.resolver.resolve(token, state):
                if actor not in out:
                    out.append(actor)
        return out

    def contexts(self, sent, event_type: str, mode: str | None, actors: list[Actor]) -> list[str]:
        found = {self.lexicon.contexts[t.lemma_.lower()] for t in sent
                 if t.lemma_.lower() in self.lexicon.contexts}
        if event_type in ("ASSAULT", "MOBILIZE") or any(a.sector in ("MIL", "REB") for a in actors):
            found.add("military")
        if event_type in ("CONSULT", "AGREE") and any(a.sector == "GOV" for a in actors):
            found.add("diplomatic")
        if event_type == "AID" and mode == "humanitarian":
            found.add("humanitarian")
        if event_type == "PROTEST":
            found.add("protest")
        return sorted(found)


def apply_modality(sense: Sense, mod: syntax.Modality) -> tuple[str, str | None, list[str]]:
    """(type, mode, modality): "left without signing" and "will not accept" turn a cooperative
    event into a REJECT; other negations, futures and hypotheticals are kept as modality."""
    event_type, mode, modality = sense.type, sense.mode, []
    refused = mod.negated and (mod.negated_by_without or mod.future) and event_type in COOPERATIVE
    if refused:  # "left without signing", "will not accept refugees": a refusal
        return "REJECT", None, []
    if mod.negated:
        modality.append("negation")
    if mod.future:
        modality.append("future")
    if mod.hypothetical:
        modality.append("hypothetical")
    return event_type, mode, modality


def trigger_span(cand: Candidate) -> Span:
    """The trigger's words in the body text: the token, with its particle when one is required
    and follows it ("pulled out", "called for")."""
    token = cand.trigger
    end = token.idx + len(token)
    particle = cand.sense.particle
    if particle and not cand.nominal:
        follower = next((c for c in token.rights if c.lower_ == particle and c.i == token.i + 1), None)
        if follower is not None:
            end = follower.idx + len(follower)
    return Span(token.doc.text[token.idx:end], token.idx, end)


def is_named_object(verb, obj) -> bool:
    """"called Erdogan": the object is a named actor and the verb has no second complement
    ("called the move illegal")."""
    if obj is None or obj.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP"):
        return False
    return not any(c.dep_ in ("oprd", "xcomp", "ccomp", "acomp") for c in verb.children)


def has_particle(token, particle: str) -> bool:
    """"call for", "pull out": a particle or preposition (not a date: "called ... for Thursday")."""
    for child in token.children:
        if child.lower_ == particle and child.dep_ in ("prt", "prep", "advmod"):
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if not any(g.ent_type_ in ("DATE", "TIME") for g in objects):
                return True
    return False


def leaves_organisation(trigger) -> bool:
    """"pulled out of the nuclear accord", "withdrawal from ECOWAS"."""
    for prep in trigger.children:
        if prep.dep_ in ("prep", "prt") and prep.lower_ in ("from", "of", "out"):
            for obj in prep.subtree:
                if obj.dep_ == "pobj" and (obj.lemma_.lower() in AGREEMENT_WORDS or obj.ent_type_ == "ORG"):
                    return True
    return False


def helps_another_country(actors: list[Actor], recipients: list[Actor]) -> bool:
    own = {a.code for a in actors if a.code}
    return bool(own) and any(r.code and r.code not in own and r.sector in ("GOV", None) for r in recipients)


CROWDS = frozenset("protester demonstrator rioter mob crowd marcher student farmer worker".split())


def is_crowd(token) -> bool:
    """"protesters", "a mob", "thousands of students"."""
    if token is None:
        return False
    if token.lemma_.lower() in ("thousand", "hundred", "dozen", "score", "group", "crowd", "number"):
        token = next((g for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"), token)
    return token.lemma_.lower() in CROWDS


def threat_mode(trigger) -> str | None:
    words = {t.lemma_.lower() for t in trigger.subtree}
    if words & SANCTION_WORDS:
        return "sanction"
    if words & FORCE_WORDS:
        return "force"
    return None


def score(cand: Candidate, actors: list[Actor], recipients: list[Actor], modality: list[str]) -> float:
    """Prior reliability of the trigger, raised by found participants."""
    value = cand.sense.weight * 0.8
    value += 0.12 if actors else -0.1
    value += 0.06 if recipients else 0.0
    if any(a.code for a in actors):
        value += 0.04
    if cand.nominal:
        value -= 0.05
    return max(0.05, min(0.99, value))
