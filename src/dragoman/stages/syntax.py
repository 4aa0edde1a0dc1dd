"""Reading the dependency parse: triggers' arguments, clause chains, modality and attribution.

Pure functions over spaCy tokens. They never build records; ``events.py`` does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SUBJECT_DEPS = ("nsubj", "csubj")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
RECIPIENT_PREPS = ("with", "to", "against", "on", "upon", "at", "into", "between", "toward", "towards",
                   "from", "over")
CLIMB_DEPS = ("xcomp", "ccomp", "advcl", "conj", "pcomp", "acl", "relcl", "prep", "pobj", "dobj",
              "nsubj", "nsubjpass", "attr", "appos", "oprd", "dative", "npadvmod", "parataxis")
SAY_LEMMAS = frozenset("say tell quote report claim state add write note confirm insist stress "
                       "reiterate assert tweet declare explain".split())
FUTURE_AUX = frozenset(("will", "shall", "'ll", "wo", "going"))
HYPOTHETICAL_AUX = frozenset(("could", "might", "may", "should", "must", "can", "ca"))
CONDITION_MARKS = frozenset(("if", "unless", "whether", "lest"))
NEGATORS = frozenset(("not", "n't", "never", "no", "nor"))
# Prepositions that attach circumstances, not complements ("aimed at" is a complement: no "at").
ADJUNCT_PREPS = frozenset(("after", "during", "in", "following", "amid", "before", "since", "near",
                           "outside", "inside", "across", "ahead", "despite"))
# Objects of "took credit for", "claimed responsibility for": not who did what follows.
TAKEN_FOR = frozenset("credit responsibility blame action step steps measure measures time money fund funds support "
                      "permission approval help effort efforts care place part role charge praise thanks "
                      "apology apologies aid assistance pressure".split())
QUOTED = re.compile(r"[\"“]([^\"”]{2,400})[\"”]")


@dataclass(frozen=True)
class Modality:
    negated: bool = False
    negated_by_without: bool = False
    future: bool = False
    hypothetical: bool = False
    dropped_by: object = None  # the governor token whose complement this event is (requested, promised...)
    failed: bool = False  # that governor says the event failed to happen ("failed to reach a deal")


def governors(token):
    """Tokens above ``token`` within its sentence, nearest first, following clause-linking arcs."""
    chain = []
    current = token
    while current.head is not current and current.dep_ in CLIMB_DEPS and len(chain) < 12:
        current = current.head
        chain.append(current)
    return chain


# Nouns for what someone says or issues: a participle on them ("warnings demanding") is their
# author's act, not theirs.
MESSAGE_NOUNS = frozenset("statement warning letter resolution message note appeal communique communiqué "
                          "declaration report decree order petition motion bill ultimatum memo memorandum "
                          "editorial post tweet video speech announcement notice".split())
# Activities whose participle is their conductor's act ("conducted military drills encircling Taiwan").
ACTIVITY_NOUNS = frozenset("drill drills exercise exercises maneuver maneuvers manoeuvre manoeuvres operation "
                           "operations campaign patrol patrols".split())


def subject_of(verb):
    """(subject token or None, passive?) of a verb, inheriting through xcomp/conj/relcl/pcomp."""
    current = verb
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and (verb.head.pos_ in ("NOUN", "PROPN")
                                                       or verb.head.ent_type_ in ("NORP", "GPE", "ORG")):
        # ("Israeli shelling ... killed", parsed as "Israeli" with "shelling" hanging on it)
        message = verb.head
        if message.lemma_.lower() not in MESSAGE_NOUNS and message.lower_ not in ACTIVITY_NOUNS:
            return verb.head, False  # "police firing", "protesters demanding": the noun acts
        # "issued warnings demanding ...", "a letter urging ...": who issued or wrote it
        owner = next((c for c in message.children if c.dep_ == "poss"), None) or noun_agent(message)
        if owner is not None:
            return owner, False
        if message.dep_ == "dobj":
            return subject_of(message.head)
        if message.dep_ == "pobj" and message.head.dep_ == "prep" and message.head.head.dep_ == "dobj":
            return subject_of(message.head.head.head)  # "issued a series of warnings demanding"
        return None, False
    if verb.dep_ == "appos" and verb.tag_ == "VBG" and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head, False  # "Premier Bashkim Fino, meeting here with EU officials, ..."
    if verb.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) \
            and verb.head.dep_ == "attr":  # "Al-Hariri is the first Lebanese prime minister to visit Canada"
        return next((c for c in verb.head.head.children if c.dep_ == "nsubj"), None), False
    if not any(c.dep_ in SUBJECT_DEPS for c in verb.children) and any(
            c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
        speaker = next((c for c in verb.rights if c.dep_ in ("attr", "dobj", "npadvmod")
                        and c.pos_ in ("PROPN", "NOUN")), None)
        if speaker is not None:  # '"Sanctions are waiting," warned Asli Aydintasbas', parsed as an object
            return speaker, False
    stray = stray_subject(verb)
    if stray is not None:
        return stray, False
    for _ in range(6):
        if current.dep_ == "acl" and current.tag_ in ("VBN", "VBD") and current.head.dep_ == "ROOT" \
                and current.head.pos_ in ("NOUN", "PROPN") and not any(c.dep_ == "agent" for c in current.children) \
                and not any(c.pos_ in ("VERB", "AUX") for c in current.head.children if c.i != current.i):
            return current.head, False  # "An Israeli minister called Thursday for ...", parsed as a noun phrase
        subjects = [c for c in current.children if c.dep_ in SUBJECT_DEPS] or [
            g for c in current.children if c.dep_ in ("aux", "auxpass") for g in c.children
            if g.dep_ in SUBJECT_DEPS]  # "his men had lathi-charged", the subject hung on "had"
        for child in subjects[-1:] if len(subjects) > 1 and subjects[-1].i < current.i else subjects:
            # (the last of several: "a sub-inspector", split into three subjects)
            if child.dep_ in SUBJECT_DEPS:
                if child.lower_ in ("which", "who", "that") and current.dep_ == "relcl":
                    return antecedent(child), False
                if child.lower_ in ACTIVITY_NOUNS and current.dep_ in ("ccomp", "xcomp") and noun_agent(child) is None:
                    return subject_of(current.head)  # "China conducted the military drills encircling Taiwan"
                return child, False
        if current.dep_ == "relcl" and not any(c.dep_ in PASSIVE_SUBJECT_DEPS for c in current.children):
            return None, False
        raised = raised_subject(current)
        if raised is not None:  # "soldiers were reported to have begun looting": the soldiers loot
            return raised, False
        if current.dep_ == "pcomp" and current.head.lower_ in ("for", "of", "with") and current.head.head.pos_ == "VERB":
            # "booked the landlord for assaulting his tenant", "was arrested for stealing": the one booked
            doer = next((c for c in current.head.head.children if c.dep_ in ("dobj", "nsubjpass")), None)
            if doer is not None and doer.lemma_.lower() not in TAKEN_FOR:  # ("took credit for attacking")
                return doer, False
        if current.dep_ in ("xcomp", "conj", "advcl", "pcomp", "acomp") or (
                current.dep_ == "pobj" and current.head.dep_ == "prep") or (
                current.dep_ == "ccomp" and current.head.lemma_.lower() == "let"):  # "Ethiopia let free 74 leaders"
            via_gerund = current.dep_ == "pcomp" and current.head.lower_ in ("over", "about", "on", "at", "toward")
            current = current.head if current.dep_ != "pcomp" else current.head.head
            if current.dep_ == "prep":
                current = current.head
            if via_gerund and current.pos_ == "NOUN" and current.dep_ in ("dobj", "attr"):
                # "expressed pessimism over holding talks": who expressed it (but "accused the
                # envoy of providing": the envoy provides)
                current = current.head
            continue
        break
    return None, False


def raised_subject(verb):
    """The passive subject of the verb above an infinitive, who is the infinitive's subject.

    "Soldiers were reported to have begun looting", "he was forced to resign", "Iran is believed
    to have sent drones": raising and object-control verbs in the passive hand their subject down.
    """
    if verb.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    above = verb.head
    if any(c.dep_ in SUBJECT_DEPS for c in above.children):
        return None
    patient = next((c for c in above.children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)
    if patient is not None and patient.lower_ in ("which", "who", "that") and above.dep_ == "relcl":
        patient = antecedent(patient)
    return patient if patient is not None and patient.pos_ in ("NOUN", "PROPN", "PRON") else None


def antecedent(pronoun):
    """The noun a relative pronoun refers to: the nearest noun before it ("Turkey, which ...").

    The parser often attaches the relative clause to an earlier noun; adjacency is more reliable.
    """
    doc = pronoun.doc
    i = pronoun.i - 1
    while i >= 0 and doc[i].is_punct:
        i -= 1
    if i >= 0 and doc[i].pos_ in ("PROPN", "NOUN"):
        return doc[i]
    return pronoun.head.head


def passive_parts(verb):
    """(patient, agent) tokens of a passive verb, or (None, None)."""
    patient = next((c for c in verb.children if c.dep_ in PASSIVE_SUBJECT_DEPS), None)
    agent = None
    for child in verb.children:
        if child.dep_ == "agent":
            agent = next((g for g in child.children if g.dep_ == "pobj"), None)
    if patient is not None and patient.lower_ in ("which", "who", "that") and verb.dep_ == "relcl":
        patient = antecedent(patient)
    if patient is None and any(c.dep_ == "auxpass" for c in verb.children):
        patient = raised_subject(verb)  # "were reported to have been killed by rebels"
    if patient is None and verb.dep_ == "acomp" and verb.tag_ == "VBN" and verb.head.lemma_ == "be":
        # "the protesters were baton-charged", parsed with the participle as an adjective
        patient = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    return patient, agent


def direct_object(token):
    for child in token.children:
        if child.dep_ in ("dobj", "dative") and child.pos_ != "PRON" or child.dep_ == "dobj":
            return child
    return None


def prep_objects(token, preps=RECIPIENT_PREPS):
    """Objects of the token's prepositions in ``preps`` ("talks with X", "attack on Y")."""
    found = []
    for child in token.children:
        if child.dep_ in ("prep", "dative") and child.lower_ in preps:
            found.extend(g for g in child.children if g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME"))
            if child.dep_ == "dative" and child.pos_ in ("PROPN", "NOUN", "PRON"):
                found.append(child)
    return found


def noun_agent(noun, adjective_agents: bool = True):
    """The actor of a nominal event from its own modifiers: possessive, country adjective, by-phrase.

    Country adjectives name the agent of material events ("Russian air strikes") but the topic of
    verbal ones ("Libyan peace talks"): ``adjective_agents`` says which."""
    for child in noun.children:
        if child.dep_ == "poss" and child.ent_type_ not in ("DATE", "TIME"):  # not "Wednesday's meeting"
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if obj is not None:
                return obj
    for child in noun.lefts:
        if adjective_agents and child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG"):
            return child
        if child.dep_ == "compound" and child.pos_ == "PROPN" and (child.ent_type_ == "ORG" or not child.ent_type_
                                                                   and (child.is_upper or not child.is_alpha)):
            return child  # "the G7 talks", "a NATO meeting": the body meets (but "Libyan peace talks")
    return None


def between_parties(noun):
    """"talks between X and Y", "meetings involving X and Y" -> (X, Y)."""
    for child in noun.children:
        obj = None
        if child.dep_ == "prep" and child.lower_ == "between":
            obj = next((g for g in child.children if g.dep_ == "pobj"), None)
        elif child.dep_ == "acl" and child.lemma_.lower() in ("involve", "include", "bring"):
            obj = next((g for g in child.children if g.dep_ == "dobj"), None)
        if obj is not None:
            others = list(obj.conjuncts)
            return obj, (others[0] if others else None)
    return None, None


def read_modality(trigger, predicate, irrealis: dict[str, frozenset]) -> Modality:
    """Negation, future, hypothetical, and whether a governor makes this a mere complement."""
    negated = without = future = hypothetical = failed = False
    dropped_by = None
    for node in dict.fromkeys([trigger, predicate]):
        negated |= any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") or is_nobody(c) for c in node.children)
    below = trigger
    for node in [trigger, *governors(trigger)]:
        if node.lower_ == "without" and node.dep_ == "prep":
            negated = without = True
        if node is not trigger:
            kind = complement_kind(node, below, irrealis)
            future |= kind == "future"
            hypothetical |= kind == "hypothetical"
            if kind in ("drop", "fail") and dropped_by is None:
                dropped_by, failed = node, kind == "fail"
        auxes = [c.lower_ for c in node.children if c.dep_ in ("aux", "auxpass")]
        counterfactual = "would" in auxes and "have" in auxes  # "would have deplored"
        for child in node.children:
            if child.dep_ in ("aux", "auxpass") or (child.dep_ == "advmod" and child.lower_ == "going"):
                word = child.lower_
                conditional = _has_condition(node) or counterfactual
                future |= word in FUTURE_AUX or (word == "would" and not conditional)
                hypothetical |= word in HYPOTHETICAL_AUX or (word == "would" and conditional)
            if child.dep_ == "mark" and child.lower_ in CONDITION_MARKS:
                hypothetical = True
        if node.lower_ in ("would", "will") and node.dep_ in ("ccomp", "ROOT", "conj"):
            future = True  # "Berlin would to host": the parser makes the modal the clause head
        if node.lemma_ == "be" and below.dep_ == "xcomp" and below.tag_ == "VB":
            future = True  # "is to visit"
        if _is_clause_boundary(node) or node.dep_ == "relcl":
            break  # what a reporting verb reports, and a relative clause ("who seized power"), keep their own
        below = node
    return Modality(negated, without, future, hypothetical, dropped_by, failed)


def is_nobody(token) -> bool:
    """A subject that says no one did it or had it done: "nobody", "none", "no one" ("no one was
    detained"), "no passengers were killed"."""
    if token.dep_ not in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS:
        return False
    return token.lower_ in ("nobody", "none", "noone") or any(
        c.lower_ == "no" and (token.lower_ == "one" or c.dep_ == "det") for c in token.children)


def complement_kind(governor, below, irrealis: dict[str, frozenset]) -> str | None:
    """How a governor colours the clause below it: "future", "hypothetical", "drop" or None.

    Requested, attempted and purposed actions ("urged X to withdraw", "efforts to reach a truce",
    "an offensive to seize the city") are not events of their own; planned ones are future.
    """
    if below.dep_ not in ("xcomp", "ccomp", "acl", "pcomp", "pobj", "advcl", "prep"):
        return None
    if below.dep_ == "prep" and below.lower_ in ADJUNCT_PREPS:
        return None  # "rebuffed the proposal during a meeting": the meeting happened
    lemma = governor.lemma_.lower()
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in below.children)
    if lemma in irrealis["fail"]:
        return "fail"
    if lemma in irrealis["commit"]:
        return "drop"  # "pledged to release": the commitment is the event (AGREE), not the release
    if lemma in irrealis["future"] and (governor.pos_ != "NOUN" or infinitive):
        return "future"  # "plans to deploy", "a law to deploy" (but not "a resolution supporting")
    if lemma in irrealis["drop"]:
        return "drop"
    if lemma in irrealis["hypothetical"]:
        return "hypothetical"
    if infinitive and below.dep_ in ("acl", "advcl") and below.pos_ == "VERB":
        obj = next((c for c in governor.children if c.dep_ == "dobj"), None)
        if obj is not None and obj.lemma_.lower() in irrealis["future"]:
            return "future"  # "passing a law to deploy troops": authorised, not yet done
        return "drop"  # a purpose: "troops to help", "an offensive to seize the city"
    return None


def stray_subject(verb):
    """The subject of a main verb that the parser hung elsewhere: "Following his talks with Wu Yi,
    Ruggiero also met ..." (Ruggiero read as in apposition to Wu Yi), "Prime Minister Dehaene Friday
    promised ..." (the name read as a compound of "Friday")."""
    if verb.dep_ != "ROOT" or verb.pos_ != "VERB" or any(c.dep_ in SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS
                                                          for c in verb.children):
        return None
    before = verb.i - 1
    while before >= verb.sent.start and verb.doc[before].dep_ in ("advmod", "aux", "neg") \
            and verb.doc[before].head.i == verb.i:
        before -= 1
    if before < verb.sent.start + 1:
        return None
    token = verb.doc[before]
    if token.ent_type_ in ("DATE", "TIME") and token.dep_ == "npadvmod":
        name = next((c for c in token.lefts if c.dep_ == "compound" and c.ent_type_ == "PERSON"
                     or c.dep_ == "compound" and c.pos_ == "PROPN"), None)
        return name  # "Prime Minister Jean-Luc Dehaene Friday promised"
    if token.dep_ == "appos" and token.pos_ == "PROPN" and token.ent_type_ in ("PERSON", "ORG", "GPE", "NORP") \
            and verb.doc[token.left_edge.i - 1].text == ",":
        return token  # "Following his talks with Wu Yi, Ruggiero also met"
    return None


def condition_below(token) -> bool:
    """A condition ("if he resumed his attacks") anywhere in the token's clause."""
    return any(t.dep_ == "mark" and t.lower_ in CONDITION_MARKS for t in token.subtree)


def _has_condition(verb) -> bool:
    return any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in CONDITION_MARKS
                                         for m in c.children) for c in verb.children)


def _is_clause_boundary(node) -> bool:
    """Stop climbing at a reporting verb: what it reports keeps its own modality."""
    return is_say_verb(node)


def attribution_sources(trigger, sent, pronouns: bool = False):
    """Tokens naming who reports the event: "according to X", "X said that ...", "..., X said",
    "X quoted ... as saying"; pronoun reporters ("..., they said") only when ``pronouns``."""
    sources = []
    path = [trigger, *governors(trigger)]
    if trigger.dep_ in ("acomp", "attr") and trigger.head.pos_ == "AUX":  # '"I am concerned," X said'
        path = [trigger, trigger.head, *governors(trigger.head)]
    on_path = {t.i for t in path}
    for below, node in zip(path, path[1:]):
        if is_say_verb(node) and below.dep_ in ("ccomp", "parataxis", "xcomp"):
            sources.extend(c for c in node.children if c.dep_ in SUBJECT_DEPS and (pronouns or c.pos_ != "PRON"))
    for token in reporting_words(sent):
        if token.lower_ == "according":
            for prep in token.children:
                sources.extend(g for g in prep.children if g.dep_ == "pobj")
        elif is_say_verb(token) and token.i not in on_path and token.head.i in on_path \
                and token.dep_ in ("advcl", "parataxis", "conj", "ccomp"):
            sources.extend(c for c in token.children if c.dep_ in SUBJECT_DEPS and (pronouns or c.pos_ != "PRON"))
    return sources


def reporting_words(sent) -> list:
    """The sentence's "according" and reporting verbs, found once per sentence (the coder asks for
    every candidate)."""
    key = (sent.start, sent.end)
    cache = sent.doc.user_data.setdefault("dragoman_reporting", {})
    if key not in cache:
        cache[key] = [t for t in sent if t.lower_ == "according" or is_say_verb(t)]
    return cache[key]


def is_say_verb(token) -> bool:
    return token.lemma_.lower() in SAY_LEMMAS and token.pos_ == "VERB"


def quoted_text(trigger, sent) -> str | None:
    """The quoted words when the trigger's clause contains a quotation."""
    start = trigger.left_edge.idx
    end = trigger.right_edge.idx + len(trigger.right_edge)
    for match in QUOTED.finditer(sent.text):
        q_start = sent.start_char + match.start()
        if start <= q_start < end:
            return match.group(1).strip()
    return None


def quotation_bounds(text: str, at: int) -> tuple[int, int] | None:
    """Character offsets (opening mark, end) of the quotation that offset ``at`` of ``text`` stands
    in, when quotation marks show one; a quotation that runs to the end of its paragraph without a
    closing mark ends there (the next paragraph goes on with it)."""
    start = text.rfind("\n\n", 0, at)
    start = 0 if start < 0 else start + 2
    end = text.find("\n\n", at)
    end = len(text) if end < 0 else end
    curly_open, curly_close = text.rfind("\u201c", start, at), text.rfind("\u201d", start, at)
    if curly_open > curly_close:
        close = text.find("\u201d", at, end)
        return curly_open, (end if close < 0 else close + 1)
    if curly_open >= 0:
        return None
    marks = [i for i in range(start, at) if text[i] == '"']
    if len(marks) % 2 == 0:
        return None
    close = text.find('"', at, end)
    return marks[-1], (end if close < 0 else close + 1)


def quotation_speakers(token, text: str | None = None) -> list:
    """Who says the quotation the token stands in, from the sentences it spans ('"We ... . We
    ...," the minister said') or, for a quotation that opens a sentence, from the sentence before
    it ('"...," she said. "We ..."', 'Moise tweeted condemnation. "We ..."'): subjects of say verbs
    outside it. ``text``, the article's text when sentences of the parsed document were blanked out,
    is where the quotation marks are counted (a blanked sentence loses its marks)."""
    quote = quotation_bounds(text or token.doc.text, token.idx)
    if quote is None:
        return []
    doc = token.doc
    opening = doc.char_span(quote[0], quote[0] + 1, alignment_mode="expand")
    closing = doc.char_span(quote[1] - 1, quote[1], alignment_mode="expand")
    if opening is None or closing is None:
        return []
    sentences = [closing[0].sent, opening[0].sent]
    first = opening[0].sent
    before = first.start - 1
    while before >= 0 and doc[before].is_space:  # (a paragraph break may be a sentence of its own)
        before -= 1
    if before >= 0 and first.text.lstrip()[:1] in ('"', "“"):
        sentences.append(doc[before].sent)
    for sent in sentences:
        found = [c for verb in reporting_words(sent) if verb.lower_ != "according"
                 and not quote[0] <= verb.idx < quote[1]
                 for c in ([c for c in verb.children if c.dep_ in SUBJECT_DEPS] or [subject_of(verb)[0]])
                 if c is not None and not quote[0] <= c.idx < quote[1]]  # (", saying, '...'": who says)
        if found:
            return found
    return []
