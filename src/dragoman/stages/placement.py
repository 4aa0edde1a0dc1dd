"""When and where an event happened: the date expression and the place tied to its trigger."""

from __future__ import annotations

from ..records import DateMention, Place
from . import syntax


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


def pick_location(cand, places: list[Place], dateline: Place | None) -> Place | None:
    """The place tied to the trigger ("talks in Moscow", "left Moscow", "Berlin would host");
    the article's dateline as the documented fallback."""
    if not places:
        return dateline
    by_start = {p.start: p for p in places}
    nodes = [cand.trigger, *([cand.predicate] if cand.predicate is not cand.trigger else [])]
    nodes += list(syntax.governors(cand.predicate))[:2]
    nodes += [c for n in list(nodes) for c in n.children if c.dep_ == "dobj"]
    preps = ("in", "at", "near", "outside", "inside", "across") + (("to",) if cand.sense.mode == "visit" else ())
    for node in nodes:
        for child in node.children:
            if child.dep_ == "prep" and child.lower_ in preps:  # a visit's place is where it goes
                for obj in child.children:
                    place = place_at(obj, by_start)
                    if place is not None:
                        return place
            if child.dep_ == "dobj" and node.lemma_.lower() in ("leave", "visit", "reach", "enter", "storm"):
                place = place_at(child, by_start)
                if place is not None:
                    return place
    if cand.sense.mode == "host":
        subject, _ = syntax.subject_of(cand.trigger)
        place = place_at(subject, by_start) if subject is not None else None
        if place is not None:
            return place
    return dateline


def place_at(token, by_start: dict[int, Place]) -> Place | None:
    for t in [token, *token.lefts]:
        if t.idx in by_start:
            return by_start[t.idx]
    span_start = token.left_edge.idx
    return by_start.get(span_start)


def years_between(earlier: str, later: str) -> float:
    try:
        y1, m1 = int(earlier[:4]), int(earlier[5:7] or 1) if len(earlier) >= 7 else 6
        y2, m2 = int(later[:4]), int(later[5:7])
    except ValueError:
        return 0.0
    return ((y2 - y1) * 12 + (m2 - m1)) / 12
