"""One happening, one event: events of a sentence that report the same happening are merged or dropped."""

from __future__ import annotations

import dataclasses

from . import syntax


def is_repeat(candidate, event, built: list) -> bool:
    """Another event already reports this one: a noun inside a same-type verb's phrase ("hosted
    talks"), a participle of result ("stormed the base, killing six"), a shared-object conjunct
    ("shot and killed"), or a purpose noun of another event ("recalled its envoy for consultations")."""
    trigger = candidate.trigger
    for other, other_event in built:
        if other is candidate or other.nominal:
            continue
        same = other_event.event_type == event.event_type
        if candidate.nominal and candidate.predicate.i == other.trigger.i:
            agent = syntax.noun_agent(trigger, adjective_agents=False)
            if same and agent is not None and agent.pos_ != "PRON":
                continue  # "freed 10 citizens in exchange for Washington's release of Saab"
            if trigger.dep_ == "pobj" and trigger.head.lower_ in syntax.ADJUNCT_PREPS | {"at"}:
                continue  # "agreed ... at talks in Malaysia": the talks are an event of their own
            if same or other_event.event_type == "AGREE" or (trigger.dep_ == "pobj" and trigger.head.lower_ == "for"):
                return True  # "agreed to a ceasefire" is the agreement; "recalled ... for consultations"
        elif not candidate.nominal and trigger.head.i == other.trigger.i:
            if same and trigger.dep_ == "advcl" and trigger.tag_ == "VBG":
                return True
            if same and trigger.dep_ == "conj" and not any(c.dep_ == "dobj" for c in other.trigger.children):
                return True
            if event.event_type == "REQUEST" and trigger.dep_ == "advcl" and trigger.tag_ == "VBG":
                return True  # "rallied outside parliament, demanding ...": the demand is the protest's
    return False


MEANS_PREPS = frozenset(("in", "by", "with", "during", "through", "via", "using"))
GENERIC_MODES = (None, "kill")


def merge_happenings(built: list) -> list:
    """(candidate, event) pairs of one sentence with those that tell the same happening merged:
    a means noun attached to a verb of its type ("killed in an airstrike": one ASSAULT, mode
    aerial) and events of one type between the same actors and recipients."""
    out: list = []
    for cand, event in built:
        twin = next((i for i, (c, e) in enumerate(out) if same_happening(c, e, cand, event)), None)
        if twin is None:
            out.append((cand, event))
        else:
            out[twin] = merge(out[twin], (cand, event))
    return out


def same_happening(cand_a, event_a, cand_b, event_b) -> bool:
    if event_a.event_type != event_b.event_type:
        return False
    if is_means(cand_a, cand_b) or is_means(cand_b, cand_a):
        return True
    return names(event_a.actor) == names(event_b.actor) and names(event_a.recipient) == names(event_b.recipient)


def is_means(verb_cand, noun_cand) -> bool:
    """"killed in an airstrike", "destroyed by shelling": the noun says how the verb's event happened."""
    if verb_cand.nominal:
        return False
    means = noun_cand.trigger
    if not noun_cand.nominal:  # "killed in police firing": a participle on the preposition's object
        if not (means.dep_ == "acl" and means.tag_ == "VBG"):
            return False
        means = means.head
    return means.dep_ == "pobj" and means.head.lower_ in MEANS_PREPS and means.head.head.i == verb_cand.trigger.i


def merge(first: tuple, second: tuple) -> tuple:
    """One event from two: the trigger and mode of the more specific one, everyone who takes part."""
    (cand_a, a), (cand_b, b) = first, second
    if a.mode in GENERIC_MODES and b.mode not in GENERIC_MODES:
        (cand_a, a), (cand_b, b) = (cand_b, b), (cand_a, a)
    actors = a.actor + tuple(x for x in b.actor if x not in a.actor)
    recipients = tuple(x for x in a.recipient + b.recipient if x not in actors)
    recipients = tuple(dict.fromkeys(recipients))
    merged = dataclasses.replace(a, actor=actors, recipient=recipients,
                                 confidence=max(a.confidence, b.confidence),
                                 location=a.location or b.location,
                                 date_text=a.date_text or b.date_text,
                                 date=a.date if a.date_text or not b.date_text else b.date)
    return cand_a, merged


def names(actors) -> frozenset:
    return frozenset(a.name for a in actors)
