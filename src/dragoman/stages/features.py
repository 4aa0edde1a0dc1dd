"""What the decider (learned.py) knows of a candidate event: named features for a DictVectorizer.

Everything here is read off the parse and the built event; nothing is learned here. Names are
readable ("lemma=kill", "doubt=complement", "gov=urge") so that the fitted weights can be inspected.
"""

from __future__ import annotations

REPORTING = frozenset("say tell report claim state add write note confirm announce accuse warn".split())
COMMENTATORS = frozenset("analyst expert professor researcher scholar observer commentator critic fellow "
                         "economist academic columnist".split())
HEDGES = frozenset("could might may would should must can if whether unless possible possibly likely".split())
PRONOUNS = frozenset("he she it they we i you him her them us".split())


def candidate_features(cand, event, doubts: tuple[str, ...], sent, probs: dict[str, float] | None) -> dict[str, float]:
    """Features of one candidate event in its sentence."""
    trigger = cand.trigger
    kind = cand.sense.type if cand.from_refusal else event.event_type  # a refusal is judged as the act refused
    out: dict[str, float] = {
        f"type={kind}": 1.0, f"sense={cand.sense.type}": 1.0, f"mode={event.mode}": 1.0,
        f"lemma={trigger.lemma_.lower()}": 1.0, f"lemma_type={trigger.lemma_.lower()}|{kind}": 1.0,
        f"pos={trigger.pos_}": 1.0, f"tag={trigger.tag_}": 1.0, f"dep={trigger.dep_}": 1.0,
        "weight": cand.sense.weight, "nominal": float(cand.nominal), "classifier": float(cand.from_classifier),
        "commit": float(cand.sense.commit), "refusal": float(cand.from_refusal),
        "speaker": float(cand.sense.speaker), "n_doubts": float(len(doubts)), "clean": float(not doubts),
    }
    out.update({f"doubt={d}": 1.0 for d in doubts})
    out.update({f"modality={m}": 1.0 for m in event.modality})
    out.update(role_features(event))
    out.update(context_features(cand, sent))
    if probs:
        p = probs.get(kind, 0.0)
        others = [v for k, v in probs.items() if k != kind]
        out.update({"p_type": p, "p_other_max": max(others, default=0.0), "p_any": max(probs.values())})
    return out


def role_features(event) -> dict[str, float]:
    out: dict[str, float] = {"has_actor": float(bool(event.actor)), "has_recipient": float(bool(event.recipient)),
                             "attributed": float(bool(event.attribution)), "quoted": float(event.quote is not None),
                             "dated": float(event.date_text is not None),
                             f"located={event.location.source if event.location else None}": 1.0}
    for role, actors in (("actor", event.actor), ("recipient", event.recipient)):
        for actor in actors[:2]:
            out[f"{role}_sector={actor.sector}"] = 1.0
            out[f"{role}_coded"] = float(actor.code is not None)
            out[f"{role}_pronoun"] = float(actor.text.lower() in PRONOUNS)
    return out


def context_features(cand, sent) -> dict[str, float]:
    """The clause around the trigger: its governors, subject, hedges and where it sits."""
    trigger, predicate = cand.trigger, cand.predicate
    out: dict[str, float] = {}
    node, steps = trigger, 0
    while node.head is not node and steps < 3:
        node, steps = node.head, steps + 1
        out[f"gov{steps}={node.lemma_.lower()}"] = 1.0
        if node.lemma_.lower() in REPORTING:
            out["under_reporting_verb"] = 1.0
    if cand.nominal:
        out[f"pred={predicate.lemma_.lower()}"] = 1.0
        out[f"prep={trigger.head.lower_ if trigger.dep_ == 'pobj' else '-'}"] = 1.0
        for child in trigger.children:
            if child.dep_ in ("det", "poss", "amod", "compound"):
                out[f"noun_{child.dep_}"] = 1.0
    subject = next((c for c in predicate.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None:
        out[f"subject_ent={subject.ent_type_ or '-'}"] = 1.0
        out["subject_commentator"] = float(subject.lemma_.lower() in COMMENTATORS)
    words = {t.lower_ for t in sent}
    out["sent_hedged"] = float(bool(words & HEDGES))
    out["sent_question"] = float(sent.text.rstrip().endswith("?"))
    out["in_quotes"] = float(inside_quotes(trigger, sent))
    out["sent_first"] = float(sent.start == 0)
    out["ents"] = min(len(sent.ents), 6) / 6
    return out


def inside_quotes(token, sent) -> bool:
    """An odd number of quotation marks before the token in its sentence."""
    marks = sum(1 for t in sent if t.i < token.i and t.text in ('"', "“", "”"))
    return marks % 2 == 1
