"""Trigger candidates: the words of a sentence that may express an event (knowledge/triggers.yaml).

Each candidate carries the rules' ``doubts``: reasons the rules have to think it is no event here
("a fugitive accused of fraud" describes; "shares rallied" has no political agent; "the deal" only
refers to one). Without trained models a candidate with a doubt is dropped; with them the doubts are
evidence for the decider (learned.py), which weighs them against everything else it knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import syntax
from .lexicon import Lexicon, Sense
from .roles import frame_of, noun_predicate

DESCRIPTIVE = frozenset(("ACCUSE", "SUPPORT", "AGREE"))
NAMED = frozenset(("ORG", "PERSON", "GPE", "NORP", "FAC", "LAW", "WORK_OF_ART", "PRODUCT", "LOC"))
NOT_EVENTS = NAMED | {"DATE", "TIME"}  # a noun inside a date ("in March") is no march
NOUN_PRED_DEPS = ("dobj", "nsubj", "nsubjpass", "pobj", "conj", "appos", "ROOT", "oprd", "attr")
# Subjects that are not political actors: markets and disasters do not protest or assault.
NON_AGENT_PHRASES = frozenset(("wall street", "the street"))
NON_AGENTS = frozenset("share stock price market currency index dollar euro yen rupee bond oil gold film movie album show "
                       "franc pound peso yuan glacier ice temperature economy inflation growth rate yield output "
                       "sale export import profit revenue earning striker scorer goal "
                       "champion club squad "
                       "cyclone storm earthquake quake flood hurricane typhoon landslide tornado "
                       "wildfire fire disease virus outbreak pandemic epidemic accident crash heatwave "
                       "drought avalanche tsunami inferno blaze collision lightning mudslide eruption aftershock "
                       "tremor stampede derailment "
                       "tariff sanction embargo duty levy "
                       "merger acquisition uncertainty controversy speculation confusion mystery".split())  # "tariffs targeting Canada" is no assault
# What kills by accident: "killed in a blaze", "injured when a bus overturned" is no assault.
DISASTERS = frozenset("cyclone storm earthquake quake flood floods flooding hurricane typhoon landslide tornado "
                      "wildfire fire accident crash avalanche tsunami inferno blaze collision lightning mudslide "
                      "eruption aftershock tremor stampede derailment heatwave".split())
REFLEXIVES = frozenset(("himself", "herself", "themselves", "myself", "ourselves", "itself"))
ACCIDENT_VERBS = frozenset("collide crash collapse capsize derail overturn topple plunge tumble".split())
# Attributes that make a copula's subject a proposal, not an event ("a ceasefire is the first step").
PROPOSAL_ATTRS = frozenset("step way option solution priority goal key plan idea proposal aim objective "
                           "condition prerequisite basis path answer part".split())


@dataclass(frozen=True)
class Candidate:
    trigger: Any  # spaCy Token
    predicate: Any  # the verb that carries a noun trigger (the trigger itself for verbs)
    sense: Sense
    nominal: bool
    from_classifier: bool = False
    doubts: tuple[str, ...] = ()
    from_refusal: bool = False  # a cooperative event said not to happen, coded as its REJECT


def find_candidates(sent, lexicon: Lexicon) -> list[Candidate]:
    """Candidates of a sentence in text order: verbs, predicative adjectives, then nouns that no
    verb candidate already takes as its object ("hosted talks")."""
    found: list[Candidate] = []
    covered: set[int] = set()
    for token in sent:
        if token.ent_type_ in NAMED or token.dep_ == "amod" and not opened_fire(token):
            continue  # "Government of National Accord", "UN-backed"
        candidate = None
        if token.pos_ == "VERB" or (token.pos_ == "NOUN" and token.tag_ == "VB") or shot_dead(token) \
                or opened_fire(token) or acts_as_verb(token):
            candidate = verb_candidate(token, lexicon)
            if candidate is not None and not candidate.doubts:
                covered.update(c.i for c in token.children if c.dep_ in ("dobj", "nsubjpass"))
        elif token.pos_ == "ADJ":
            candidate = adjective_candidate(token, lexicon)
        if candidate is not None:
            found.append(candidate)
    for token in sent:
        if token.pos_ in ("NOUN", "PROPN") and token.i not in covered and token.ent_type_ not in NOT_EVENTS:
            candidate = noun_candidate(token, lexicon)
            if candidate is not None:
                found.append(candidate)
    return sorted(found, key=lambda c: c.trigger.i)  # events in the order the text tells them


def adjective_candidate(token, lexicon: Lexicon) -> Candidate | None:
    """"is ready to help", "open to talks": a commitment (AGREE); "deeply concerned about",
    "unacceptable": an evaluation (ACCUSE, REJECT, SUPPORT)."""
    senses = lexicon.adjectives.get(token.lemma_.lower())
    if not senses or token.dep_ not in ("acomp", "ROOT", "conj", "xcomp", "oprd", "ccomp"):
        return None
    if any(c.dep_ == "prep" and c.lower_ in senses[0].not_objects for c in token.children):
        return None  # "critical to the economy" is no criticism
    if senses[0].commit and not any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in ("to", "for"))
                                    for c in token.children):
        return None  # "ready" alone is no commitment; "ready to talk", "ready for talks" is
    return Candidate(token, token, senses[0], nominal=False)


def verb_candidate(token, lexicon: Lexicon) -> Candidate | None:
    lemma = "shoot" if shot_dead(token) else hyphenated(token, lexicon.verbs) or token.lemma_.lower()
    senses = lexicon.verbs.get(lemma) or misread_lemma(token, lexicon)
    if not senses or is_nominalised(token):
        return None
    if lemma == "meet" and syntax.passive_parts(token)[0] is not None and has_particle(token, "with"):
        return None  # "the plea was met with brutality", "the plan was met with scepticism": received, no meeting
    doubts = []
    if token.dep_ in ("acl", "amod") and token.tag_ == "VBN" and senses[0].type in DESCRIPTIVE:
        doubts.append("descriptive")  # "a fugitive accused of fraud", "an initiative backed by Australia"
    subject = syntax.subject_of(token)[0]
    if subject is not None and not is_agent(subject):
        doubts.append("non_agent")  # "shares rallied", "the cyclone killed 84 people"
    if subject is not None and subject.dep_ == "nsubj" and (
            is_disaster(subject) or any(is_disaster(g) for g in subject.lefts if g.dep_ == "compound")):
        doubts.append("accident")  # "the fire destroyed everything", "Tropical Cyclone Jude slammed into ..."
    sense = verb_sense(token, senses, subject)
    if opened_fire(token):  # the object the parse lost
        sense = next((s for s in senses if s.objects and "fire" in s.objects), sense)
    if (sense or senses[0]).type == "ASSAULT" and is_accident(token):
        doubts.append("accident")  # "were killed in the blaze", "collapsed, killing two workers"
    if (sense or senses[0]).type == "ASSAULT" and any(c.dep_ == "dobj" and c.lower_ in REFLEXIVES for c in token.children):
        doubts.append("accident")  # "shot himself dead": no one assaulted another
    if sense is None:
        if all(s.objects is not None or s.particle or s.subjects is not None for s in senses):
            return None  # a trigger only with certain objects: "held hostages" but not "held a press conference"
        sense = next(s for s in senses if s.objects is None and not s.particle and s.subjects is None)
        doubts.append("constraint")  # "signed the guest book", "released a statement"
    return Candidate(token, token, sense, nominal=False, doubts=tuple(doubts))


def verb_sense(token, senses: tuple[Sense, ...], subject) -> Sense | None:
    """The first sense whose particle, object and subject constraints hold."""
    obj = next((c for c in token.children if c.dep_ in ("dobj", "nsubjpass")), None) or next(
        (c for c in token.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ == "NOUN"), None)
    # ("allow UN agencies access", parsed as a clause with "access" at its head)
    obj_words = set()
    if obj is not None:  # "freed Swedish hostage Johan Gustafsson": the compound counts too
        obj_words = {obj.lemma_.lower(), obj.lower_} | {c.lemma_.lower() for c in obj.lefts if c.dep_ == "compound"}
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
        return sense
    return None


def is_agent(subject) -> bool:
    """Can this subject act politically? Markets, disasters, glaciers and football sides cannot."""
    if subject.lemma_.lower() in NON_AGENTS:
        return False
    compound = " ".join(t.lower_ for t in subject.lefts if t.dep_ == "compound")
    return f"{compound} {subject.lower_}".strip() not in NON_AGENT_PHRASES


def is_accident(verb) -> bool:
    """Whether a disaster or an accident did what the verb says: "killed in the blaze", "injured
    when a truck and a tractor collided", "a building collapsed, killing two" (but "killed by
    Israeli fire" and "killed in sniper fire" are someone's act)."""
    children = [c for v in (verb, *verb.conjuncts) for c in v.children]  # "killed and injured when ..."
    for prep in children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("in", "by", "during", "after", "following"):
            if any(g.dep_ == "pobj" and is_disaster(g) for g in prep.children):
                return True
    for clause in children:
        if clause.dep_ == "advcl" and (clause.lemma_.lower() in ACCIDENT_VERBS or any(
                c.dep_ in ("nsubj", "nsubjpass") and is_disaster(c) for c in clause.children) or any(
                g.dep_ == "pobj" and is_disaster(g) for c in clause.children if c.dep_ == "agent" for g in c.children)):
            return True  # "when a truck and a tractor collided", "when an avalanche hit their car"
    return verb.dep_ in ("advcl", "conj") and verb.head.lemma_.lower() in ACCIDENT_VERBS


def is_disaster(noun) -> bool:
    if noun.lemma_.lower() not in DISASTERS and noun.lower_ not in DISASTERS:
        return False
    return not any(c.dep_ in ("compound", "poss") or c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE")
                   for c in noun.children)


def shot_dead(token) -> bool:
    """"the stf shot dead a criminal", which the small model parses in lower-cased text as a noun
    "shot" that is the subject of "dead", with the victim as the object of "dead"."""
    return token.lower_ == "shot" and token.pos_ == "NOUN" and token.dep_ == "nsubj" \
        and token.head.lower_ == "dead" and token.head.i == token.i + 1


def acts_as_verb(token) -> bool:
    """A noun the tagger misread that heads a clause: "EU and UN hand over medical supplies to ..."."""
    return token.pos_ == "NOUN" and token.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in token.children) \
        and any(c.dep_ in ("dobj", "prt") for c in token.children)


def opened_fire(token) -> bool:
    """"the bsf opened fire", parsed in lower-cased text with "opened" as an adjective of "fire"."""
    return token.lower_ == "opened" and token.dep_ == "amod" and token.head.lower_ == "fire"


def misread_lemma(token, lexicon: Lexicon):
    """Senses of a past form the lemmatizer reads as another word ("caned" -> "can"), found by
    taking its ending off; None when the lemma it gave is a word of the lexicon's or none fits."""
    lower = token.lower_
    if token.tag_ not in ("VBD", "VBN") or not lower.endswith("ed") or token.lemma_.lower() in lexicon.verbs:
        return None
    return next((lexicon.verbs[stem] for stem in (lower[:-1], lower[:-2]) if stem in lexicon.verbs), None)


def hyphenated(token, table) -> str | None:
    """The lexicon's key for a trigger written with a hyphen, which the tokenizer splits
    ("lathi-charged" -> "lathi-charge" or "lathicharge", "test-fired" -> "test-fire"), or None."""
    doc = token.doc
    if token.i < 2 or doc[token.i - 1].text != "-" or doc[token.i - 1].whitespace_ or doc[token.i - 2].whitespace_:
        return None
    first, second = doc[token.i - 2].lower_, token.lemma_.lower()
    return next((key for key in (f"{first}-{second}", first + second) if key in table), None)


def is_nominalised(token) -> bool:
    """A participle used as a noun: "the accused", "the injured" are people, not events."""
    return token.tag_ in ("VBN", "VBG") and token.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and any(
        c.dep_ == "det" for c in token.children)


def noun_candidate(token, lexicon: Lexicon) -> Candidate | None:
    senses = lexicon.nouns.get(hyphenated(token, lexicon.nouns) or token.lemma_.lower()) or lexicon.nouns.get(token.lower_)
    if not senses:
        return None
    anchor = frame_of(token)  # "launched a mediation effort": the effort carries the event
    predicate = noun_predicate(anchor) if anchor.dep_ in NOUN_PRED_DEPS else None
    doubts = [] if predicate is not None else ["no_predicate"]
    predicate = predicate if predicate is not None else anchor
    doubt = reference_doubt(anchor, predicate, senses[0], lexicon)
    if doubt:
        doubts.append(doubt)
    sense = noun_sense(token, senses)
    if sense is None:
        sense = senses[0]
        doubts.append("constraint")
    return Candidate(token, predicate, sense, nominal=True, doubts=tuple(doubts))


def noun_sense(token, senses: tuple[Sense, ...]) -> Sense | None:
    """The first sense whose modifier and of-object constraints hold ("air strike", "release of hostages")."""
    modifiers = {c.lemma_.lower() for c in token.lefts if c.dep_ in ("compound", "amod")}
    of_objects = {g.lemma_.lower() for c in token.children if c.dep_ == "prep" and c.lower_ in ("of", "for")
                  for g in c.children if g.dep_ == "pobj"}
    for sense in senses:
        if sense.modifiers is not None and not sense.modifiers & modifiers:
            continue
        if sense.not_modifiers & modifiers:
            return None
        if sense.objects is not None and not of_objects & sense.objects or of_objects & sense.not_objects:
            continue
        return sense
    return None


def reference_doubt(noun, predicate, sense: Sense, lexicon: Lexicon) -> str | None:
    """Why the clause may only refer to, or propose, the noun's event rather than report it."""
    if noun.dep_ == "nsubj" and predicate.lemma_ == "be" and any(
            c.dep_ == "attr" and c.lemma_.lower() in PROPOSAL_ATTRS for c in predicate.children):
        return "proposal"  # "a 30-day ceasefire is the first step"
    light = predicate.lemma_.lower() in lexicon.light_verbs
    if sense.type == "AGREE" and not (noun.dep_ in ("dobj", "nsubjpass") and light):
        return "reference"  # "the deal", "under the accord": referring to an agreement, not making one
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj") and predicate.pos_ in ("VERB", "AUX") and not light:
        return "reference"
    if noun.dep_ == "attr" and not any(c.dep_ == "expl" for c in predicate.children):
        return "reference"  # "this is an attack on democracy" (but "there was an attack")
    if any(c.dep_ == "det" and c.lower_ in ("any", "every", "each") for c in noun.children):
        return "generic"  # "any attack on its citizens" is no particular attack
    if noun.dep_ == "pobj" and noun.head.lower_ == "from":
        return "reference"  # "released from house arrest"
    return None


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
        if child.dep_ in ("advcl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == particle and m.i > token.i
                                                   for m in child.children):
            return True  # "pushing hard for the government to propose a ceasefire"
    following = token.nbor(1) if token.i + 1 < len(token.doc) else None
    return following is not None and following.lower_ == particle and following.dep_ == "quantmod"
    # "hand over 30 vehicles", with "over" read as "more than"
