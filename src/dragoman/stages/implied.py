"""Implied agents: who an event implies when the text names no one ("50 people were arrested": the
police; "was sentenced": a court; "killed in an encounter", "beaten up in the lock-up": the police),
marked ``implied`` on the record. Used by the event coder (stages/events.py)."""

from __future__ import annotations

from ..records import Actor
from . import syntax
from .candidates import Candidate
from .references import DocumentActors

IMPLIED_AGENTS = {("COERCE", "arrest"): ("police", "COP"), ("COERCE", "seize"): ("police", "COP"),
                  ("COERCE", "deport"): ("government", "GOV"), ("COERCE", "ban"): ("government", "GOV"),
                  ("SANCTION", "convict"): ("court", "JUD")}
PROSECUTION = frozenset(("charge", "indict", "prosecute", "trial", "indictment", "prosecution", "retrial"))


def implied_actors(event_type: str, mode: str | None, cand: Candidate, state: DocumentActors) -> list[Actor]:
    """The agent an agentless arrest, raid, deportation, ban, charge, conviction, execution or police
    action implies ("50 people were arrested", "the arrest of 50 people", "was charged with", "killed
    in an encounter"): the police, government, prosecutors or courts, marked implied, with the
    document's country (the event coder puts the country where the sentence places the event)."""
    agent = IMPLIED_AGENTS.get((event_type, mode))
    if event_type == "ACCUSE" and cand.trigger.lemma_.lower() in PROSECUTION:
        agent = ("prosecutors", "JUD")  # "was charged with", "his trial": the state's prosecutors
    if event_type == "ASSAULT" and cand.trigger.lemma_.lower() in ("execute", "execution"):
        agent = ("government", "GOV")  # "169 prisoners were executed": by the state
    if event_type in ("ASSAULT", "COERCE") and (police_weapon(cand.trigger) or police_firing(cand.trigger)
                                                or in_custody(cand.trigger)):
        agent = ("police", "COP")  # "the protesters were baton-charged", "killed in an encounter"
    if agent is None:
        return []
    participle = cand.trigger.dep_ == "acl" and cand.trigger.tag_ == "VBN"  # "a militant arrested in Pakistan"
    if not cand.nominal and not participle and syntax.passive_parts(cand.trigger)[0] is None:
        return []  # an active verb with no subject names no one to imply
    name, sector = agent
    return [Actor(text="", name=name, code=state.main_country(), sector=sector, implied=True)]


def police_firing(trigger) -> bool:
    """An encounter (Indian English: a shoot-out with the police) or crowd-control fire: "killed in
    an encounter", "warning shots were fired", "tear gas shells were fired", "rounds were fired in
    the air"."""
    if trigger.lemma_.lower() == "encounter" or any(
            o.lemma_.lower() == "encounter" for o in syntax.prep_objects(trigger, ("in", "during"))):
        return True
    if trigger.lemma_.lower() != "fire":
        return False
    shots = syntax.passive_parts(trigger)[0]
    if shots is None or shots.lemma_.lower() not in ("shot", "shell", "round", "canister", "bullet"):
        return False
    words = {c.lower_ for c in shots.subtree} | {t.lower_ for p in syntax.prep_objects(trigger, ("in", "into"))
                                                   for t in p.subtree}
    return bool(words & {"warning", "tear", "teargas", "air", "rubber", "plastic"})


def in_custody(trigger) -> bool:
    """A beating or torture where the police hold people: "beaten up inside the lock-up", "tortured
    at the police station", "in police custody"."""
    if trigger.lemma_.lower() not in ("beat", "torture", "thrash", "assault", "slap", "kick", "rape", "hit"):
        return False
    places = " ".join(t.lower_ for p in syntax.prep_objects(trigger, ("in", "inside", "at")) for t in p.subtree)
    places = places.replace(" - ", "-")
    return any(word in places for word in ("custody", "lock-up", "lockup", "thana", "police station",
                                           "police post", "police outpost"))


def police_weapon(trigger) -> bool:
    """A beating only the police give: a lathi- or baton-charge, a caning."""
    word = trigger.lower_
    if trigger.i >= 2 and trigger.nbor(-1).text == "-":
        word = trigger.nbor(-2).lower_ + word
    return word.startswith(("lathi", "baton", "cane"))
