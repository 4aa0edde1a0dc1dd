"""Events: PLOVER event mentions from parsed sentences.

Trigger candidates (candidates.py, from knowledge/triggers.yaml) get their actors and recipients
from the dependency parse (roles.py, syntax.py); modality, attribution, quote, context, date and
location are read around the trigger. The trained decider (learned.py) then says which candidates
are events and how sure it is; without trained models, candidates the rules doubt are dropped.
Events of a sentence that tell one happening become one (happenings.py). Each event keeps its
evidence sentence, its trigger and their offsets.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Iterable

from ..ontology import COOPERATIVE, THREAT_MODES
from ..records import Actor, DateMention, Event, Place, Span, content_hash
from . import syntax
from .actors import ActorResolver, DocumentActors
from .candidates import NAMED, Candidate, find_candidates, noun_sense, verb_sense
from .features import candidate_features
from .happenings import is_repeat, merge_happenings
from .implied import implied_actors
from .learned import Models
from .lexicon import Lexicon, Sense
from .placement import pick_date, pick_location, years_between
from .roles import FIREFIGHTS, role_tokens

SYMMETRIC = frozenset(("AGREE", "CONSULT", "COOPERATE"))
FORCE_WORDS = frozenset("lesson war force military retaliate retaliation strike attack respond "
                        "response consequence consequences invade bomb destroy crush".split())
SANCTION_WORDS = frozenset("sanction sanctions embargo tariff tariffs boycott".split())
REFUSAL = Sense("REJECT", None, None, frozenset(), None, None, frozenset(), None, 0.7)
OBLIGATION = frozenset(("must", "should", "ought"))
FIRST_PERSON = frozenset(("i", "we", "us", "me", "our", "my"))
# Verbal acts: a statement that reports none of its own actor is the speaker's.
VERBAL = frozenset(("REQUEST", "ACCUSE", "REJECT", "SUPPORT", "THREATEN", "AGREE"))
# Doubts that rule a candidate out: "urged X to withdraw", "a ceasefire is the first step", "any attack",
# "killed in the blaze".
VETOES = frozenset(("complement", "proposal", "generic", "accident"))  # (accident: also "shot himself")
VOWS = frozenset(("vow", "promise", "pledge", "swear"))  # commitments that may promise force
REFERENCE_REACH = 4  # sentences back that "the attack" may refer to an attack told with its actors
CLASSIFIER_CANDIDATE_MIN = 0.3  # sentence probability from which its type becomes a candidate on the main verb
AGREEMENT_WORDS = frozenset("accord agreement deal treaty pact convention protocol organisation "
                            "organization alliance union bloc court council commission".split())


@dataclass(frozen=True)
class SentenceInput:
    """A sentence of the document with the dates and places found in it."""

    sent: object  # spaCy Span
    dates: list[DateMention]
    places: list[Place]


@dataclass(frozen=True)
class DocumentInput:
    """What the coder needs of one parsed document."""

    inputs: list[SentenceInput]
    state: DocumentActors
    doc_id: str
    published: str | None
    dateline: Place | None  # the document's focus place (dateline, else the place it names most)


@dataclass(frozen=True)
class Finding:
    """A candidate built into an event, with the rules' doubts and the decider's probability."""

    candidate: Candidate
    event: Event
    doubts: tuple[str, ...]
    sentence: int  # index into the document's SentenceInputs
    probability: float | None = None


class EventCoder:
    """Codes the sentences of one parsed document."""

    def __init__(self, lexicon: Lexicon, resolver: ActorResolver, models: Models | None = None) -> None:
        self.lexicon = lexicon
        self.resolver = resolver
        self.models = models

    def code_document(self, inputs: list[SentenceInput], state: DocumentActors, doc_id: str,
                      published: str | None, dateline: Place | None) -> list[Event]:
        """Events of the document's sentences, in text order."""
        return self.code_documents([DocumentInput(inputs, state, doc_id, published, dateline)])[0]

    def code_documents(self, documents: list["DocumentInput"]) -> list[list[Event]]:
        """Events of several documents: the trained models run once for all of them (a batch)."""
        findings = self.assess_documents(documents)
        out = []
        for document, found in zip(documents, findings):
            events: list[Event] = []
            told: dict[str, tuple[int, Event]] = {}  # the last event of each type told with its actors
            for n in range(len(document.inputs)):
                built = [(f.candidate, f.event) for f in found if f.sentence == n and self.accept(f)]
                kept = [(c, e) for c, e in built if not is_repeat(c, e, built)]
                for cand, event in merge_happenings(kept):
                    earlier = told.get(event.event_type)
                    if not event.actor and earlier is not None and n - earlier[0] <= REFERENCE_REACH \
                            and refers_back(cand, self.lexicon):  # "X shelled Y on Monday. The attack killed five."
                        event = dataclasses.replace(event, actor=earlier[1].actor,
                                                    recipient=event.recipient or earlier[1].recipient)
                    if event.actor and not event.modality:
                        told[event.event_type] = (n, event)
                    events.append(event)
            out.append(events)
        return out

    def assess(self, inputs: list[SentenceInput], state: DocumentActors, doc_id: str,
               published: str | None, dateline: Place | None) -> list[Finding]:
        """Every candidate of the document built into an event, with doubts and probabilities."""
        return self.assess_documents([DocumentInput(inputs, state, doc_id, published, dateline)])[0]

    def assess_documents(self, documents: list["DocumentInput"]) -> list[list[Finding]]:
        sentences = [i for d in documents for i in d.inputs]
        flat = self.sentence_probabilities(sentences)
        probs, found, at = [], [], 0
        for d in documents:
            probs.append(flat[at:at + len(d.inputs)])
            at += len(d.inputs)
            found.append(self.find(d.inputs, probs[-1], d.state, d.doc_id, d.published, d.dateline))
        return self.decide_documents(found, documents, probs)

    def sentence_probabilities(self, inputs: list[SentenceInput]) -> list[dict[str, float] | None]:
        if self.models is None:
            return [None] * len(inputs)
        return self.models.sentences.probabilities([i.sent for i in inputs])

    def find(self, inputs: list[SentenceInput], probs: list, state: DocumentActors, doc_id: str,
             published: str | None, dateline: Place | None) -> list[Finding]:
        """Candidates built into events, without those the rules rule out whatever the decider
        says (VETOES: a requested, promised or purposed action; a proposal; "any attack")."""
        findings = []
        for n, (item, sentence_probs) in enumerate(zip(inputs, probs)):
            candidates = find_candidates(item.sent, self.lexicon)
            candidates += classifier_candidates(item.sent, candidates, sentence_probs)
            for cand in sorted(candidates, key=lambda c: c.trigger.i):  # text order: actor memory follows the text
                built = self.build_event(cand, item.sent, state, doc_id, published, item.dates, item.places,
                                         dateline)
                if built is not None and not VETOES.intersection(built[2]):
                    findings.append(Finding(built[0], built[1], built[2], n))
        return findings

    def features(self, findings: list[Finding], inputs: list[SentenceInput], probs: list) -> list[dict[str, float]]:
        return [candidate_features(f.candidate, f.event, f.doubts, inputs[f.sentence].sent, probs[f.sentence])
                for f in findings]

    def decide_documents(self, found: list[list[Finding]], documents: list["DocumentInput"],
                         probs: list[list]) -> list[list[Finding]]:
        """The decider's probability for every finding (one call for all documents), which becomes
        the event's confidence."""
        decider = self.models.decider if self.models else None
        if decider is None or not any(found):
            return found
        rows = [row for f, d, p in zip(found, documents, probs) for row in self.features(f, d.inputs, p)]
        scores = iter(decider.probabilities(rows))
        return [[dataclasses.replace(f, probability=p,
                                     event=dataclasses.replace(f.event, confidence=decider.confidence(p)))
                 for f, p in zip(group, scores)] for group in found]

    def accept(self, finding: Finding) -> bool:
        if finding.probability is None:
            return not finding.doubts
        return self.models.decider.keeps(finding.probability, bool(finding.doubts))

    def build_event(self, cand: Candidate, sent, state, doc_id, published, dates, places,
                    dateline) -> tuple[Candidate, Event, tuple[str, ...]] | None:
        """The candidate as an event, with the doubts of the rules (candidates' and modality's);
        the candidate returned is the one the event came from (a refusal's is "failed", not "reach")."""
        doubts = list(cand.doubts)
        mod = syntax.read_modality(cand.trigger, cand.predicate, self.lexicon.irrealis)
        if mod.dropped_by is not None:
            if mod.failed and cand.sense.type in COOPERATIVE:  # "failed to reach a deal": a refusal
                cand = Candidate(mod.dropped_by, mod.dropped_by, REFUSAL, nominal=False, doubts=cand.doubts,
                                 from_refusal=True)
                mod = syntax.read_modality(cand.trigger, cand.predicate, self.lexicon.irrealis)
            else:
                doubts.append("complement")  # requested, attempted or promised, not done: "urged X to withdraw"
        event_type, mode, modality = apply_modality(cand.sense, mod)
        if in_question(cand.trigger) and "hypothetical" not in modality:
            modality.append("hypothetical")  # "What did you discuss there?", "Am I concerned?": nothing asserted
        if event_type == "REJECT" and cand.sense.type != "REJECT":
            cand = dataclasses.replace(cand, from_refusal=True)  # "left without signing", "will not accept"
        if cand.sense.commit and event_type == cand.sense.type:
            event_type, mode = self.commitment(cand.trigger)
        if event_type == "RETREAT" and mode == "withdraw" and leaves_organisation(cand.trigger):
            event_type = "SANCTION"  # withdrawing from a treaty or an organisation
        actors, recipients = self.roles(cand, state)
        if cand.from_classifier and not actors:
            doubts.append("no_actor")  # the classifier names a type; without an actor there is little to report
        event_type, mode = reclassify(event_type, mode, cand, actors, recipients)
        if not actors:
            actors = implied_actors(event_type, mode, cand, state)  # "50 people were arrested": the police
        if event_type == "THREATEN":
            mode = threat_mode(cand.trigger) or self.threatened_action(cand.trigger) or mode
            if syntax.condition_below(cand.trigger) and "hypothetical" not in modality:
                modality.append("hypothetical")  # the threat was made; what it threatens is conditional
            if cand.sense.weight < 0.6 and not recipients and mode is None and "hypothetical" not in modality:
                doubts.append("forecast")  # "warned that prices may rise" is a forecast, not a threat
        demanded = self.demand(cand, sent, state, actors)
        if demanded is not None:  # "Assad said Turkey must mediate": Assad asks Turkey to mediate
            event_type, mode, modality, actors, recipients = "REQUEST", None, [], demanded, actors
        event = self.make_event(cand, sent, state, doc_id, published, dates, places, dateline,
                                (event_type, mode, modality), actors, recipients)
        return cand, event, tuple(doubts)

    def demand(self, cand: Candidate, sent, state: DocumentActors, actors: list[Actor]) -> list[Actor] | None:
        """The speakers, when a reported clause says what someone else must or should do."""
        clause = cand.predicate
        if not actors or not any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in clause.children):
            return None
        speakers = self.sources(syntax.attribution_sources(cand.trigger, sent), state)
        speakers = [s for s in speakers if s not in actors and (s.code or s.sector)]
        return speakers or None

    def make_event(self, cand: Candidate, sent, state, doc_id, published, dates, places, dateline,
                   coded: tuple, actors: list[Actor], recipients: list[Actor]) -> Event:
        event_type, mode, modality = coded
        date_modality = [m for m in modality if event_type != "THREATEN" or m != "hypothetical"]
        date = pick_date(cand, dates, published, date_modality)  # a conditional threat was still made
        if date[0] and published and date[0][:4].isdigit() and date[0] < published \
                and years_between(date[0], published) >= 1 and "future" not in modality:
            modality.append("historical")
        attribution = self.sources(syntax.attribution_sources(cand.trigger, sent), state)
        location = pick_location(cand, places, dateline)
        if location is not None and location.source == "trigger" and location.country_code:
            # "a militant arrested in Pakistan": the police of where it happened
            actors = [dataclasses.replace(a, code=location.country_code) if a.implied else a for a in actors]
        if not recipients and (event_type in PLACE_TARGETS or (event_type, mode) == ("COERCE", "restrict")) \
                and location is not None \
                and location.source == "trigger" and location.country_code:
            # "bombings in Sri Lanka", "sent troops to Syria", "a curfew in Bangkok": where force, aid or
            # restrictions land
            recipients = [Actor(text=location.text, name=location.name or location.text,
                                code=location.country_code, sector=None, id=None)]
        text = sent.text.rstrip()
        return Event(
            id=content_hash(doc_id, str(sent.start_char), str(cand.trigger.idx), event_type),
            doc_id=doc_id, event_type=event_type, mode=mode, modality=tuple(modality),
            context=tuple(self.contexts(sent, event_type, mode, actors + recipients)),
            actor=tuple(actors), recipient=tuple(a for a in recipients if a not in actors),
            date=date[0], date_text=date[1],
            location=location,
            attribution=tuple(a for a in attribution if a not in actors),
            quote=syntax.quoted_text(cand.predicate, sent), text=text,
            start=sent.start_char, end=sent.start_char + len(text),
            confidence=score(cand, actors, recipients, modality), trigger=trigger_span(cand),
        )

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
        if trigger.lemma_.lower() in VOWS and promised in ("ASSAULT", "COERCE", "SANCTION", "THREATEN"):
            return "THREATEN", THREAT_MODES.get(promised)
        if promised in THREAT_MODES:
            return "AGREE", None  # "offered to send troops": an offer of force is no threat
        return "AGREE", promised.lower() if promised else None

    def promised_type(self, trigger) -> str | None:
        """The type of the first event word in what a commitment word governs."""
        for child in trigger.children:
            if child.dep_ not in ("xcomp", "ccomp", "dobj", "prep", "advcl", "acl"):
                continue
            for token in child.subtree:
                if token.i == trigger.i or token.ent_type_ in NAMED:
                    continue
                sense = self.sense_of(token)
                if sense is not None and not sense.commit:
                    return sense.type
        return None

    def sense_of(self, token) -> Sense | None:
        """The sense a word has in its context, when its constraints hold ("resume talks": none for
        "resume", whose sense wants ties; CONSULT for "talks")."""
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in self.lexicon.verbs:
            return verb_sense(token, self.lexicon.verbs[lemma], syntax.subject_of(token)[0])
        if token.pos_ in ("NOUN", "PROPN") and lemma in self.lexicon.nouns:
            return noun_sense(token, self.lexicon.nouns[lemma])
        return None

    def roles(self, cand: Candidate, state: DocumentActors) -> tuple[list[Actor], list[Actor]]:
        actor_tokens, recipient_tokens = role_tokens(cand)
        if not cand.nominal:  # "Israel's offensive killed 175 people": who waged it; "the blast killed": no one
            actor_tokens = [self.event_agent(t) if self.is_event_noun(t) else t for t in actor_tokens]
            actor_tokens = [t for t in actor_tokens if t is not None]
        speakers = syntax.attribution_sources(cand.trigger, cand.trigger.sent)
        if cand.sense.speaker:  # "X said the move was unacceptable": X acts, the mover is the target
            actor_tokens = speakers or caller_of(cand.trigger)
            recipient_tokens = [c for t in recipient_tokens + actor_owner(cand.trigger)
                                for c in ([t] if t.ent_type_ else [g for g in t.children if g.dep_ == "poss"])]
        first_person = bool(actor_tokens) and all(t.lower_ in FIRST_PERSON for t in actor_tokens)
        if first_person and not speakers:  # '"We urge ...," they said': the speakers they refer to
            speakers = [t for t in syntax.attribution_sources(cand.trigger, cand.trigger.sent, pronouns=True)
                        if t.lower_ not in FIRST_PERSON]
        if first_person and not speakers:  # '"...," she said. "We will ..."': the quotation's speaker
            speakers = [t for t in syntax.quotation_speakers(cand.trigger, state.text) if t.lower_ not in FIRST_PERSON]
        if speakers and (first_person or not actor_tokens and cand.sense.type in VERBAL):
            actor_tokens = speakers  # "'We urge calm,' the ministry said", "'We shot two militants,' police said"
        actors = self.resolve_all(actor_tokens, state)
        if not actors and speakers and cand.nominal and cand.sense.type == "CONSULT" \
                and syntax.prep_objects(cand.trigger, ("with",)):  # "Pakistan said talks with the IMF are going well"
            actors = [a for a in self.resolve_all(speakers, state) if a.sector != "JRN" and (a.code or a.sector)]
        if not actors and misread_name(cand):  # "Trump at first imposed tariffs", parsed with "Trump" as a verb
            actors = [a for a in self.resolve_all([cand.trigger.sent[0]], state) if a.code]
        recipients = self.resolve_all(recipient_tokens, state)
        if not recipients:  # "backed Morocco's autonomy plan", "condemned the brutality of the military": the owner
            owners = [c for t in recipient_tokens if t is not None and t.pos_ == "NOUN"
                      for c in t.children if c.dep_ == "poss"]
            owners += [o for t in recipient_tokens if t is not None and t.pos_ == "NOUN"
                       for o in syntax.prep_objects(t, ("of",))]
            owners += [o for t in recipient_tokens if t is not None and t.pos_ == "NOUN"  # "the entities in Uganda"
                       for o in syntax.prep_objects(t, ("in",)) if o.ent_type_ == "GPE"]
            recipients = self.resolve_all(owners, state)
        if not actors and cand.sense.type == "ASSAULT" and cand.trigger.lemma_.lower() in FIREFIGHTS:
            # "killed in an encounter with the police": the security forces did the killing
            actors = [a for a in recipients if a.sector in ("COP", "MIL")]
            recipients = [a for a in recipients if a not in actors]
        if not recipients and len(actors) > 1 and cand.sense.type in SYMMETRIC:
            actors, recipients = actors[:1], actors[1:]  # "Iraq and Iran signed": Iraq -> Iran
        if len(actors) > 1 and recipients:  # "meetings involving X and Y": X -> Y, not X, Y -> Y
            actors = [a for a in actors if a not in recipients] or actors[:1]
        return actors, recipients

    def is_event_noun(self, token) -> bool:
        """A noun that names an event, not who acts ("the offensive", "airstrikes", "the blast")."""
        return token.pos_ == "NOUN" and not token.ent_type_ and any(
            s.type in ("ASSAULT", "COERCE") for s in self.lexicon.nouns.get(token.lemma_.lower(), ()))

    @staticmethod
    def event_agent(noun):
        """Who carries out the event a noun names: "Israel's offensive", "airstrikes by the army"."""
        agent = syntax.noun_agent(noun, adjective_agents=True)
        if agent is None:
            agent = next((c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.is_alpha), None)
        return agent  # ("police firing", "army shelling")

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


# Material events whose place, when no one is named as their target, is where they land.
PLACE_TARGETS = frozenset(("ASSAULT", "MOBILIZE", "AID", "RETREAT", "CONCEDE"))


def misread_name(cand: Candidate) -> bool:
    """Whether the sentence opens with a capitalised word the parser took for a verb or a common
    noun at the top of the clause that holds the trigger (the parser reads "Trump" as the verb)."""
    first = cand.trigger.sent[0]
    if first.i == cand.trigger.i or not first.text[:1].isupper() or first.pos_ not in ("VERB", "NOUN") \
            or first.ent_type_:
        return False
    if first.dep_ not in ("ROOT", "nsubj", "csubj"):
        return False
    return all(g.dep_ not in ("ccomp", "relcl", "acl", "parataxis") or g.head.i == first.i
               for g in [cand.predicate, *syntax.governors(cand.predicate)] if g.i != first.i)


def in_question(trigger) -> bool:
    """Whether the trigger is in a direct question: the first full stop after it is a question mark,
    and no quotation opens between them ('X asked: "Who is dead?"' asks; the asking is reported)."""
    doc = trigger.doc
    for token in doc[trigger.i + 1:trigger.sent.end + 1]:
        if token.text in ('"', "“", "«", "‘") and token.i + 1 < len(doc) and doc[token.i + 1].is_alpha:
            return False  # a quotation opens
        if token.text in (".", "!", "?"):
            return token.text == "?"
    return False


def refers_back(cand: Candidate, lexicon: Lexicon) -> bool:
    """Whether an event is a definite reference to one told before: a noun ("the attack", "these
    talks") or a verb whose subject is one ("the attack destroyed a terminal")."""
    if cand.from_classifier:
        return False
    noun = cand.trigger if cand.nominal else syntax.subject_of(cand.trigger)[0]
    if noun is None or not cand.nominal and cand.sense.type not in (
            s.type for s in lexicon.nouns.get(noun.lemma_.lower(), ())):
        return False
    children = list(noun.children)
    if any(c.dep_ in ("compound", "amod", "nmod") and (c.ent_type_ or c.pos_ == "PROPN") for c in children):
        return False  # "the Tiananmen Square massacre", "the G7 talks": named, not referred to
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "these", "those") for c in children)


def caller_of(adjective) -> list:
    """"X called the claims baseless": the subject of the verb the judgement completes."""
    head = adjective.head
    if adjective.dep_ in ("oprd", "xcomp", "acomp", "ccomp") and head.pos_ == "VERB":
        subject, _ = syntax.subject_of(head)
        return [subject] if subject is not None else []
    return []


def actor_owner(adjective) -> list:
    """The subject of a predicative adjective's clause ("the move was unacceptable" -> move)."""
    subject, _ = syntax.subject_of(adjective)
    return [subject] if subject is not None else []


def classifier_candidates(sent, found: list[Candidate], probs: dict[str, float] | None) -> list[Candidate]:
    """Types the sentence classifier finds likely in a sentence where no trigger the rules accept
    is found, anchored on the main verb (or on what a reporting verb reports: "..., the agency said")."""
    if not probs or any(not c.doubts for c in found):
        return []  # a sentence whose triggers the rules accept is theirs: no second reading of it
    have = {c.sense.type for c in found}
    root = sent.root
    while syntax.is_say_verb(root):
        reported = next((c for c in root.children if c.dep_ in ("ccomp", "parataxis")), None)
        if reported is None:
            break
        root = reported
    if root.pos_ not in ("VERB", "AUX"):
        return []
    return [Candidate(root, root, Sense(event_type, None, None, frozenset(), None, None, frozenset(), None, 0.5),
                      nominal=False, from_classifier=True, doubts=("classifier",))
            for event_type, p in probs.items() if p >= CLASSIFIER_CANDIDATE_MIN and event_type not in have]


def reclassify(event_type: str, mode: str | None, cand: Candidate, actors: list[Actor],
               recipients: list[Actor]) -> tuple[str, str | None]:
    """Types that the participants change: troops sent to help another country are AID; crowds
    storming or torching riot (PROTEST)."""
    if event_type == "MOBILIZE" and helps_another_country(actors, recipients):
        return "AID", "military"
    if event_type in ("ASSAULT", "COERCE") and any(is_crowd(t) for t in role_tokens(cand)[0]):
        return "PROTEST", "riot"
    return event_type, mode


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
    token = last = cand.trigger
    particle = cand.sense.particle
    if particle and not cand.nominal:
        last = next((c for c in token.rights if c.lower_ == particle and c.i == token.i + 1), token)
    words = token.doc[token.i:last.i + 1].text  # (Doc.text would rebuild the whole document)
    return Span(words, token.idx, token.idx + len(words))


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
