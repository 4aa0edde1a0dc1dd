"""Who acts and who is acted on: the tokens heading an event's actor and recipient phrases."""

from __future__ import annotations

from . import syntax

PATIENT_OF = frozenset(("ASSAULT", "COERCE", "CONCEDE", "SANCTION", "RETREAT"))
MATERIAL_CONFLICT = frozenset(("ASSAULT", "MOBILIZE", "COERCE", "SANCTION", "AID", "PROTEST"))
# "critical of X", "concerned about X", "grateful to X"
ADJECTIVE_PREPS = ("of", "about", "over", "with", "by", "to", "toward", "towards", "at", "for")
# Exchanges of fire: "killed in an encounter with the police" names who shot.
AID_WORDS = frozenset("aid donation donations assistance funding fund funds help support relief loan loans".split())
HELPING = frozenset(("help", "assist", "support", "aid", "feed", "shelter", "equip", "train", "rebuild"))
MEDIATION = frozenset(("mediation", "mediator", "mediators", "arbitration", "facilitation"))
FIREFIGHTS = frozenset("encounter gunfight shootout gunbattle firefight".split())
# What one is killed in "with" the security forces: they did the killing ("in an exchange of fire with the CRPF").
KILLED_IN = FIREFIGHTS | {"exchange", "clash", "clashes", "crossfire", "battle", "battles", "confrontation",
                          "confrontations", "skirmish", "skirmishes"}
# What is pulled out in a withdrawal ("withdrew its troops from X"), which is not its target.
FORCES = frozenset("troop troops force forces soldier soldiers peacekeeper peacekeepers personnel army unit units "
                   "contingent police staff diplomat diplomats ambassador envoy embassy mission".split())
# Verbs whose passive "from X" names who did it, when X is a state ("were expelled from North Korea").
EXPULSIONS = frozenset("expel deport evict banish".split())
# Things said or asked whose author is the target of rejecting, accepting or backing them.
MESSAGES = frozenset("accusation allegation claim demand request appeal proposal offer plan call charge criticism "
                     "warning ultimatum statement resolution bid".split())
# Prepositions that set an event noun in time around the clause, whose subject need not take part.
AROUND = frozenset("during after before following amid amidst since until despite ahead".split())
# Verbs whose agent, in the passive, is who did the event that is their subject ("the attack was
# claimed by X", "the talks were hosted by Y").
DONE_BY = frozenset("claim carry launch stage conduct mount perpetrate commit organise organize lead "
                    "order plan host hold call initiate sign broker mediate".split())
# Event nouns whose "from" names who does them ("criticism from X", "aid from Y").
FROM_SOURCE = frozenset(("ACCUSE", "SUPPORT", "REQUEST", "REJECT", "THREATEN", "AID", "AGREE"))
# Participles that say whom an event noun is aimed at ("tariffs targeting Canada").
AIMING = frozenset("target hit affect aim punish".split())
# Measures whose own target is the event's target when they are named as its recipient.
MEASURES = frozenset("sanction sanctions embargo ban bans restriction restrictions blockade boycott tariff "
                     "tariffs curbs".split())
# Verbs whose subject speaks of, looks into or reacts to an event named by their object, and takes
# no part in it ("Iran denied any role in the bombing", "France sent experts to investigate the
# attacks"); and verbs whose subject undergoes it ("the town suffered a fresh attack", "the law drew
# criticism").
COMMENTS = frozenset("deny condemn denounce investigate probe blame discuss witness mourn criticize criticise "
                     "welcome praise decry deplore regret fear examine review monitor document describe "
                     "question doubt dispute".split())
UNDERGO = frozenset("suffer face undergo survive endure draw attract receive win earn garner get".split())
# Nouns that an event noun names the purpose of ("mediation efforts", "peace mission").
FRAME_NOUNS = frozenset("effort efforts bid mission initiative process round operation campaign".split())


def role_tokens(cand) -> tuple[list, list]:
    """Tokens heading the actor and recipient phrases of a candidate."""
    actors, recipients = raw_role_tokens(cand)
    return [a for a in actors if a is not None], [t for r in recipients if r is not None
                                                 for t in (measure_targets(r) or [r])]


def measure_targets(token) -> list:
    """Whom a measure named as a recipient is aimed at ("lifted sanctions against Iran": Iran)."""
    if token is None or token.lemma_.lower() not in MEASURES:
        return []
    return syntax.prep_objects(token, ("against", "on", "upon", "to", "around"))  # "blockades around towns"


def raw_role_tokens(cand) -> tuple[list, list]:
    trigger, predicate = cand.trigger, cand.predicate
    if cand.nominal:
        return nominal_roles(trigger, predicate, cand.sense.type)
    if trigger.dep_ == "amod" and trigger.head.lower_ == "fire":  # "the bsf opened fire" (misparsed)
        shooters = [c for c in trigger.children if c.i < trigger.i and c.dep_ != "det"][-1:]
        return shooters, syntax.prep_objects(trigger.head, ("at", "on")) + syntax.prep_objects(trigger, ("at", "on"))
    if trigger.pos_ == "NOUN" and trigger.head.lower_ == "dead":  # "the stf shot dead a criminal" (misparsed)
        shooters = [c for c in trigger.children if c.dep_ in ("compound", "nmod")][-1:]
        return shooters, [c for c in trigger.head.children if c.dep_ == "dobj"]
    patient, agent = syntax.passive_parts(trigger)
    if patient is None and agent is not None and trigger.tag_ == "VBN" and trigger.dep_ in ("conj", "advcl"):
        patient = series_subject(trigger)  # "... and threatened with death by rebels": the one threatened
    if patient is not None and agent is None:  # "was beaten up, intimidated and threatened by rebels"
        agent = shared_agent(trigger)
    if patient is not None and agent is None and cand.sense.type == "MOBILIZE":
        # "troops were deployed to the border": the forces moved are the ones who mobilise
        return [patient], syntax.prep_objects(trigger, ("to", "against", "into"))
    if patient is None and trigger.dep_ == "acl" and trigger.tag_ == "VBN" and agent is None \
            and cand.sense.type in ("ASSAULT", "COERCE", "SANCTION") and trigger.head.pos_ in ("NOUN", "PROPN"):
        patient = trigger.head  # "a militant arrested in Pakistan", "four people convicted of fraud"
    if patient is None and agent is not None and trigger.dep_ == "acl":
        # "protesters beaten by the police"; "were lathi-charged by the police", where the parser
        # hangs "charged" on "lathi" as if it were a noun after "were"
        host = trigger.head
        if host.i == trigger.i - 2 and host.dep_ in ("attr", "acomp"):
            host = next((c for c in host.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        patient = host
    if patient is not None:
        if agent is None and trigger.lemma_.lower() in EXPULSIONS:  # "were expelled from North Korea", "from the party"
            agent = next((o for o in syntax.prep_objects(trigger, ("from",)) if o.ent_type_ in ("GPE", "ORG")
                          or o.lemma_.lower() in ("party", "organisation", "organization", "group", "union")), None)
        if agent is None:  # "killed in a gunfight with security forces": who fought them
            agent = next((o for fight in syntax.prep_objects(trigger, ("in", "during"))
                          if fight.lemma_.lower() in KILLED_IN for o in syntax.prep_objects(fight, ("with",))), None)
        recipients = [patient] + syntax.prep_objects(trigger, ("with", "to", "against", "on"))
        return ([agent] if agent is not None else []), recipients
    subject, _ = syntax.subject_of(trigger)
    recipients = []
    obj = syntax.direct_object(trigger)
    withdrawn_from = syntax.prep_objects(trigger, ("from",)) if cand.sense.type == "RETREAT" else []
    if obj is not None:
        # what is deployed, given or pulled out is no recipient, unless it is "provided X with Y"
        if cand.sense.type not in ("MOBILIZE", "AID") and not (withdrawn_from and obj.lemma_.lower() in FORCES) \
                or any(c.dep_ == "prep" and c.lower_ == "with" for c in trigger.children):
            recipients.append(obj)
        recipients.extend(syntax.prep_objects(obj))
        # "lifted a ban imposed on Chadian citizens"
        recipients.extend(o for c in obj.children if c.dep_ == "acl" for o in syntax.prep_objects(c, ("on", "against", "to")))
        if cand.sense.type in ("REJECT", "ACCUSE", "SUPPORT", "AGREE") and obj.lemma_.lower() in MESSAGES:
            author = syntax.noun_agent(obj)  # "rejected accusations by the US", "the JIA demand"
            author = author if author is not None else next(
                (c for c in obj.lefts if c.dep_ == "compound" and c.ent_type_ in ("ORG", "GPE", "NORP", "PERSON")), None)
            if author is not None:  # the author, not the message, is the target
                recipients = [author if r is obj else r for r in recipients]
    recipients.extend(withdrawn_from)  # "withdrew its troops from Liberia"
    recipients.extend(syntax.prep_objects(trigger, ADJECTIVE_PREPS if trigger.pos_ == "ADJ" else syntax.RECIPIENT_PREPS))
    if cand.sense.commit and not recipients:  # "offered to send troops to help the Philippine army"
        recipients.extend(promised_recipients(trigger))
    if cand.sense.type in ("AID", "SANCTION") and obj is not None and obj.lemma_.lower() in AID_WORDS:
        recipients.extend(syntax.prep_objects(obj, ("for",)) or syntax.prep_objects(trigger, ("for",)))
        # "suspended aid donations for Sarajevo"
    if cand.sense.type == "AID" and not recipients:  # "donated ventilators to assist Ethiopia"
        recipients.extend(helped(trigger) + (helped(obj) if obj is not None else []))
    if cand.sense.type == "CONSULT":  # "hosting a dinner for Netanyahu"
        recipients.extend(g for t in (trigger, obj) if t is not None for g in syntax.prep_objects(t, ("for",))
                          if g.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"))
    if cand.sense.type in ("REQUEST", "THREATEN"):  # "called for sanctions against China"
        recipients.extend(o for wanted in syntax.prep_objects(trigger, ("for",))
                          for o in syntax.prep_objects(wanted, ("against", "on", "upon", "to")))
    if cand.sense.type in ("THREATEN", "REQUEST", "ACCUSE", "REJECT", "SUPPORT") and len(recipients) <= 1:
        for comp in trigger.children:
            if comp.dep_ == "ccomp" and cand.sense.type in ("REQUEST", "THREATEN") and not recipients:
                recipients.extend(c for c in comp.children if c.dep_ == "nsubj" and c.pos_ != "PRON")  # "demanded that Turkey provide"
            if comp.dep_ in ("ccomp", "xcomp"):
                recipients.extend(syntax.prep_objects(comp, ("to", "against", "on", "at")))
                inner = syntax.direct_object(comp)
                if inner is not None:
                    if cand.sense.type == "THREATEN" and comp.dep_ == "xcomp" and not recipients:
                        recipients.append(inner)  # "threatened to shell British forces"
                    recipients.extend(syntax.prep_objects(inner, ("to", "against", "on")))
    return ([subject] if subject is not None else []), recipients


def helped(token) -> list:
    """Whom a clause of purpose on the token helps: "to assist Ethiopia", "to help people in Somalia"."""
    found = []
    for clause in token.children:
        if clause.dep_ in ("advcl", "xcomp", "acl", "relcl") and clause.lemma_.lower() in HELPING:
            obj = syntax.direct_object(clause) or next(  # "to help North Korea cope with ..."
                (g for c in clause.children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"), None)
            found += [obj] if obj is not None else []
    return found


def promised_recipients(trigger) -> list:
    """Objects and to/with-objects of the verbs a commitment governs."""
    found = []
    for verb in trigger.subtree:
        if verb.i == trigger.i or verb.pos_ != "VERB" or verb.dep_ not in ("xcomp", "ccomp", "advcl", "conj"):
            continue
        obj = syntax.direct_object(verb)
        if obj is not None and any(t.ent_type_ for t in obj.subtree):  # "help the Philippine army", not "send troops"
            found.append(obj)
        found.extend(syntax.prep_objects(verb, ("to", "with", "for")))
        if verb.lemma_.lower() in ("withdraw", "pull", "evacuate", "remove"):  # "willing to withdraw from Iraq"
            found.extend(syntax.prep_objects(verb, ("from",)))
    return found


def nominal_roles(noun, predicate, event_type: str) -> tuple[list, list]:
    mediation = noun.lemma_.lower() in MEDIATION
    noun = frame_of(noun)
    first, second = syntax.between_parties(noun)
    if first is not None and mediation and predicate.i != noun.i:
        # "launched a mediation effort between India and Pakistan": the mediator acts on both
        return [syntax.subject_of(predicate)[0]], [first] + ([second] if second is not None else [])
    if first is not None:
        return [first], ([second] if second is not None else [])
    actor = syntax.noun_agent(noun, adjective_agents=event_type in MATERIAL_CONFLICT)
    if actor is None and noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        actor = syntax.noun_agent(noun.head.head, adjective_agents=False)  # "Trump's imposition of sanctions"
    if actor is None and event_type == "CONSULT":  # "a meeting of the U.N. Security Council"
        actor = next(iter(syntax.prep_objects(noun, ("of",))), None)
    if actor is None:  # "restrictions imposed by the U.S.", "attacks carried out by X"
        actor = next((agent for c in noun.children if c.dep_ == "acl" and c.tag_ == "VBN"
                      for agent in [syntax.passive_parts(c)[1]] if agent is not None), None)
    if actor is None and event_type in FROM_SOURCE:  # "criticism from rights groups", "support from France"
        actor = next(iter(syntax.prep_objects(noun, ("from",))), None)
        if actor is None and noun.dep_ == "dobj" and predicate.lemma_.lower() in UNDERGO:
            actor = next(iter(syntax.prep_objects(predicate, ("from",))), None)  # "drew criticism from X"
    undergone = None
    if actor is not None and predicate.i != noun.i and noun.dep_ == "dobj" and predicate.lemma_.lower() in UNDERGO:
        undergone = syntax.subject_of(predicate)[0]  # "Kenya received support from the US": Kenya
    controlled = noun.dep_ == "nsubj" and predicate.i != noun.head.i  # "announced a ceasefire to coincide with"
    attacked = noun.dep_ == "pobj" and noun.head.lower_ == "under" and noun.head.head.i == predicate.i \
        and predicate.lemma_.lower() in ("come", "be", "remain")  # "the train came under attack"
    if actor is None and attacked:  # (an attack "from" someone is theirs)
        undergone = syntax.subject_of(predicate)[0]
        actor = next(iter(syntax.prep_objects(noun, ("from",))), None)
    if actor is None and predicate.i != noun.i and not attacked \
            and (noun.dep_ in ("dobj", "pobj", "conj", "attr") or controlled) \
            and not (event_type == "PROTEST" and noun.dep_ == "pobj" and noun.head.lower_ in AROUND) \
            and predicate.lemma_.lower() not in COMMENTS:
        # ("police fired tear gas during the protest": the police did not protest)
        patient, agent = syntax.passive_parts(predicate)
        actor = agent if patient is not None else syntax.subject_of(predicate)[0]
        if actor is None and event_type == "CONSULT" and noun.dep_ == "pobj":
            actor = patient  # "was whisked to Tirana for a meeting with Berisha": who was taken meets
        if actor is not None and predicate.lemma_.lower() in UNDERGO:
            actor, undergone = None, actor  # "the town suffered an attack": the town is attacked
    if actor is None and noun.dep_ == "nsubjpass" and predicate.i != noun.i \
            and predicate.lemma_.lower() in DONE_BY:  # "the attack was claimed by Al-Shabab"
        actor = syntax.passive_parts(predicate)[1]
    if actor is None:  # "police firing", "army shelling": an agent noun before the event noun
        actor = next((c for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.is_alpha), None)
    preps = syntax.RECIPIENT_PREPS + (("of",) if event_type in PATIENT_OF else ())
    recipients = [r for r in syntax.prep_objects(noun, preps)  # "the killing of a journalist"
                  if actor is None or r.i != actor.i]
    recipients += [o for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in AIMING
                   for o in [syntax.direct_object(c)] if o is not None]  # "tariffs targeting Canada"
    if not recipients and event_type == "AID":  # "announced assistance of 60 million euros to help people in Somalia"
        recipients = helped(noun) + (helped(predicate) if predicate.i != noun.i else [])
    if not recipients and noun.dep_ == "pobj" and noun.head.lower_ == "of":  # "a suspension of aid to Egypt"
        recipients = syntax.prep_objects(noun.head.head, ("to", "against", "on", "for"))
    if not recipients and event_type in ("REQUEST", "THREATEN"):  # "its demand that the US ease sanctions"
        recipients = [c for comp in noun.children if comp.dep_ in ("acl", "ccomp")
                      for c in comp.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
    if not recipients and predicate.i != noun.i:  # "gave a warm welcome to de Klerk"
        recipients = [r for r in syntax.prep_objects(predicate, ("with", "against", "on", "upon", "at", "to"))
                      if r.i != noun.i]  # (but not "with support from France" itself)
        recipients = recipients or [c for c in predicate.children if c.dep_ == "dative" and c.pos_ != "ADP"]
        # "gave Putin a stern warning"
    if undergone is not None and not recipients:
        recipients = [undergone]
    return ([actor] if actor is not None else []), recipients


def series_subject(verb):
    """The subject of the first verb of a series ("he was beaten up, intimidated and threatened")."""
    node = verb
    for _ in range(4):
        subject = next((c for c in node.children if c.dep_ in syntax.SUBJECT_DEPS + syntax.PASSIVE_SUBJECT_DEPS), None)
        if subject is not None or node.dep_ not in ("conj", "advcl"):
            return subject
        node = node.head
    return None


def shared_agent(verb):
    """The by-phrase of a passive that follows in the same series ("beaten up, intimidated and
    threatened with death by rebels"), for one that has none of its own."""
    series = [c for c in verb.children if c.dep_ in ("conj", "advcl") and c.tag_ == "VBN"]
    series += [c for s in series for c in s.conjuncts if c.i > s.i]
    series += [c for c in verb.conjuncts if c.i > verb.i and c.tag_ == "VBN"]
    series += [g for c in verb.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PRON")
               for g in c.children if g.dep_ == "acl" and g.tag_ == "VBN"]  # "killed and dozens wounded by"
    return next((a for c in series if c.i > verb.i for a in [syntax.passive_parts(c)[1]] if a is not None), None)


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
        if head.pos_ in ("VERB", "AUX") and node.dep_ == "nsubj" and head.dep_ in ("ccomp", "xcomp") \
                and head.head.pos_ == "VERB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children):
            return head.head  # "announced a ceasefire to coincide with ...", parsed as the subject of "coincide"
        if head.pos_ in ("VERB", "AUX"):
            return head
        if head.dep_ == "prep" or node.dep_ in ("conj", "appos", "compound"):
            node = head
            continue
        if head.pos_ in ("NOUN", "PROPN") and node.dep_ == "pobj":
            return head
        node = head
    return None
