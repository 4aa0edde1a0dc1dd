"""Who acts and who is acted on: the tokens heading an event's actor and recipient phrases."""

from __future__ import annotations

from . import syntax

PATIENT_OF = frozenset(("ASSAULT", "COERCE", "CONCEDE", "SANCTION", "RETREAT"))
MATERIAL_CONFLICT = frozenset(("ASSAULT", "MOBILIZE", "COERCE", "SANCTION", "AID", "PROTEST"))
# Nouns that an event noun names the purpose of ("mediation efforts", "peace mission").
FRAME_NOUNS = frozenset("effort efforts bid mission initiative process round operation campaign".split())


def role_tokens(cand) -> tuple[list, list]:
    """Tokens heading the actor and recipient phrases of a candidate."""
    trigger, predicate = cand.trigger, cand.predicate
    if cand.nominal:
        return nominal_roles(trigger, predicate, cand.sense.type)
    patient, agent = syntax.passive_parts(trigger)
    if patient is not None:
        recipients = [patient] + syntax.prep_objects(trigger, ("with", "to", "against", "on"))
        return ([agent] if agent is not None else []), recipients
    subject, _ = syntax.subject_of(trigger)
    recipients = []
    obj = syntax.direct_object(trigger)
    if obj is not None:
        if cand.sense.type not in ("MOBILIZE", "AID"):  # what is deployed or given is no recipient
            recipients.append(obj)
        recipients.extend(syntax.prep_objects(obj))
    recipients.extend(syntax.prep_objects(trigger))
    if cand.sense.type in ("THREATEN", "REQUEST", "ACCUSE", "REJECT", "SUPPORT") and len(recipients) <= 1:
        for comp in trigger.children:
            if comp.dep_ in ("ccomp", "xcomp"):
                recipients.extend(syntax.prep_objects(comp, ("to", "against", "on", "at")))
                inner = syntax.direct_object(comp)
                if inner is not None:
                    recipients.extend(syntax.prep_objects(inner, ("to", "against", "on")))
    return ([subject] if subject is not None else []), recipients


def nominal_roles(noun, predicate, event_type: str) -> tuple[list, list]:
    noun = frame_of(noun)
    first, second = syntax.between_parties(noun)
    if first is not None:
        return [first], ([second] if second is not None else [])
    actor = syntax.noun_agent(noun, adjective_agents=event_type in MATERIAL_CONFLICT)
    if actor is None and predicate is not noun and noun.dep_ in ("dobj", "pobj", "conj", "attr"):
        patient, agent = syntax.passive_parts(predicate)
        actor = agent if patient is not None else syntax.subject_of(predicate)[0]
    preps = syntax.RECIPIENT_PREPS + (("of",) if event_type in PATIENT_OF else ())
    recipients = syntax.prep_objects(noun, preps)  # "the killing of a journalist"
    if not recipients and predicate is not noun:
        recipients = syntax.prep_objects(predicate, ("with", "against", "on", "upon", "at"))
    return ([actor] if actor is not None else []), recipients


def frame_of(noun):
    """The noun an event noun names the purpose of ("mediation efforts" -> efforts), else itself."""
    if noun.dep_ == "compound" and noun.head.lemma_.lower() in FRAME_NOUNS:
        return noun.head
    return noun


def noun_predicate(noun):
    """The verb that a nominal trigger hangs on (directly, through a preposition, or via conj)."""
    node = noun
    for _ in range(4):
        head = node.head
        if head is node:
            return node  # a nominal headline or fragment: the noun is its own predicate
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.dep_ == "prep" or node.dep_ in ("conj", "appos", "compound"):
            node = head
            continue
        if head.pos_ in ("NOUN", "PROPN") and node.dep_ == "pobj":
            return head
        node = head
    return None
