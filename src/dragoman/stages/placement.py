"""When and where an event happened: the date expression and the place tied to its trigger."""

from __future__ import annotations

import dataclasses
from collections import Counter

from ..records import DateMention, Place
from . import syntax

LOCATIVE_PREPS = frozenset(("in", "at", "near", "outside", "inside", "across", "around", "within",
                            "throughout", "off", "along", "on"))
ENTERED_VERBS = frozenset(("leave", "visit", "reach", "enter", "storm", "hit", "shell", "bomb",
                           "raid", "attack", "strike", "capture", "seize", "besiege", "tour"))
PRECISION = (None, "city", "admin2", "admin1", "country", "region")  # most precise first: a name
# the gazetteer lacks is most often a village or a neighbourhood


def pick_date(cand, dates: list[DateMention], published: str | None,
              modality: list[str]) -> tuple[str | None, str | None]:
    """The date expression inside the trigger's clause, nearest the trigger; for a clause that
    says when the main one happened ("began in April when Haftar announced an offensive"), the
    main clause's; else the fallback: the publication date for asserted events, none for future
    or hypothetical ones."""
    clause = cand.predicate if cand.nominal else cand.trigger
    found = dates_within(clause, cand, dates)
    if not found and is_temporal_clause(clause):
        found = dates_within(clause.head, cand, dates)
    if found:
        best = min(found, key=lambda d: abs(d.start - cand.trigger.idx))
        return best.value, best.text
    if "future" in modality or "hypothetical" in modality:
        return None, None
    return published, None


def dates_within(clause, cand, dates: list[DateMention]) -> list[DateMention]:
    lo = clause.left_edge.idx
    hi = clause.right_edge.idx + len(clause.right_edge)
    if cand.nominal:
        lo = min(lo, cand.trigger.left_edge.idx)
        hi = max(hi, cand.trigger.right_edge.idx + len(cand.trigger.right_edge))
    return [d for d in dates if lo <= d.start and d.end <= hi and d.value]


def is_temporal_clause(clause) -> bool:
    """"... when Haftar announced ...": a clause that dates its head clause."""
    return clause.dep_ in ("advcl", "relcl") and any(
        c.dep_ in ("advmod", "mark") and c.lower_ in ("when", "as", "while") for c in clause.children)


def pick_location(cand, places: list[Place], focus: Place | None) -> Place | None:
    """Where the event happened, with how it was found in ``source`` (docs/when-where.md):

    - ``trigger``: a place in a locative phrase of the trigger or its clause ("talks in Moscow",
      "shot in a camp in Nablus", "left Moscow", "Berlin would host", a visit's destination);
    - ``sentence``: else a town or division in the trigger's own clause that is not one of the
      event's participants ("Kharkiv was shelled");
    - ``document``: else the document's focus (its dateline, or the place it names most), given
      by the caller; none when the document has none.
    """
    by_token = {i: p for p in places for i in range(p.start, p.end)}
    tied = tied_place(cand, by_token)
    if tied is not None:
        return dataclasses.replace(tied, source="trigger")
    near = clause_place(cand, by_token) or sentence_place(cand, by_token)
    if near is not None:
        return dataclasses.replace(near, source="sentence")
    return dataclasses.replace(focus, source="document") if focus is not None else None


def tied_place(cand, by_token: dict[int, Place]) -> Place | None:
    """A place in a locative phrase of the trigger, its predicate or the clauses above them."""
    nodes = [cand.trigger, *([cand.predicate] if cand.predicate is not cand.trigger else [])]
    nodes += list(syntax.governors(cand.predicate))[:2]
    nodes += [c for n in list(nodes) for c in n.children if c.dep_ in ("dobj", "nsubjpass")]
    preps = LOCATIVE_PREPS | ({"to", "for"} if cand.sense.mode == "visit" else set()) \
        | ({"from"} if getattr(cand.sense, "type", None) == "RETREAT" else set())  # "withdrew from Kharkiv"
    for node in nodes:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in preps:  # a visit's place is where it goes
                place = most_specific(child.subtree, by_token)
                if place is not None:
                    return place
            if child.dep_ == "dobj" and node.lemma_.lower() in ENTERED_VERBS:
                place = place_at(child, by_token)
                if place is not None:
                    return place
    if cand.sense.mode == "host":
        subject, _ = syntax.subject_of(cand.trigger)
        return place_at(subject, by_token) if subject is not None else None
    return None


def clause_place(cand, by_token: dict[int, Place]) -> Place | None:
    """A place in the trigger's clause that is not itself one of its participants ("Russia" in
    "Russia shelled Kharkiv" is an actor; "factions in Syria" places the event)."""
    clause = cand.predicate
    inside = [t for t in clause.subtree
              if t.idx in by_token and not crosses_clause(t, clause) and not is_participant(t, clause)]
    return most_specific(inside, by_token)


def is_participant(token, clause) -> bool:
    """A word of a noun phrase that is the clause's subject, object or agent (or their owner),
    as opposed to a phrase attached below one."""
    while token.dep_ in ("compound", "amod", "det", "poss", "case", "nmod", "flat", "appos", "conj", "cc"):
        token = token.head
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return True
    return token.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "attr") and token.head.i == clause.i


def sentence_place(cand, by_token: dict[int, Place]) -> Place | None:
    """A town or division elsewhere in the sentence, when the event's clause has none ("... killed
    at least nine as they headed to prayers in Karachi"); never a country, which a sentence names
    for many reasons, nor a name the gazetteer lacks."""
    known = {i: p for i, p in by_token.items() if p.feature in (None, "city", "admin2", "admin1")}
    return most_specific(cand.trigger.sent, known)


def crosses_clause(token, clause) -> bool:
    """Whether a clause of its own lies between ``token`` and ``clause``."""
    while token.i != clause.i and token.head.i != token.i:
        if token.dep_ in ("ccomp", "advcl", "relcl", "parataxis", "csubj") or (
                token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")):
            return True
        token = token.head
    return False


def most_specific(tokens, by_token: dict[int, Place]) -> Place | None:
    """The most precise place among ``tokens`` (a name the gazetteer lacks, then a town, a county,
    a state, a country), the first of equals."""
    found = list(dict.fromkeys(by_token[t.idx] for t in tokens if t.idx in by_token))
    return min(found, key=lambda p: PRECISION.index(p.feature) if p.feature in PRECISION else len(PRECISION),
               default=None)


def place_at(token, by_token: dict[int, Place]) -> Place | None:
    for t in [token, *token.lefts]:
        if t.idx in by_token:
            return by_token[t.idx]
    return by_token.get(token.left_edge.idx)


def document_focus(places: list[Place], dateline: Place | None) -> Place | None:
    """The place a document is about: its dateline, else the place it names most (at least twice,
    the earliest of equals; towns and divisions before countries)."""
    if dateline is not None:
        return dateline
    counts = Counter(p.geonameid for p in places if p.geonameid is not None)
    ranked = sorted((p for p in places if counts.get(p.geonameid, 0) >= 2),
                    key=lambda p: (-counts[p.geonameid], p.feature in ("country", "region"), p.start))
    return ranked[0] if ranked else None


def years_between(earlier: str, later: str) -> float:
    try:
        y1, m1 = int(earlier[:4]), int(earlier[5:7] or 1) if len(earlier) >= 7 else 6
        y2, m2 = int(later[:4]), int(later[5:7])
    except ValueError:
        return 0.0
    return ((y2 - y1) * 12 + (m2 - m1)) / 12
