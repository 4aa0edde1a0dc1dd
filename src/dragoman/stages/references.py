"""What pronouns, definite and plural descriptions ("the country", "the two sides", "the
president") and reported speakers refer back to, within one document: the document's memory of
who was named, the rules that pick an antecedent, and the actor resolver's methods that use them
(ReferenceResolution, a part of stages/actors.py)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace

from ..records import Actor
from .mentions import entity_of, is_setting, phrase

PERSON_PRONOUNS = {"he", "she", "him", "her", "his", "hers", "himself", "herself"}
GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
THING_PRONOUNS = {"it", "its", "itself"}
# What a pronoun or a definite description may refer back to: kinds of earlier named mentions.
PRONOUN_KINDS = {**{p: ("person",) for p in PERSON_PRONOUNS}, **{p: ("country", "org") for p in THING_PRONOUNS},
                 **{p: ("people", "org", "country") for p in GROUP_PRONOUNS}}
DEFINITE_KINDS = {"country": ("country",), "nation": ("country",), "kingdom": ("country",),
                  "republic": ("country",), "group": ("org",), "organization": ("org",),
                  "organisation": ("org",), "movement": ("org",), "militia": ("org",),
                  "alliance": ("org",), "bloc": ("org",), "outfit": ("org",), "agency": ("org",)}

# Plural descriptions that refer back to several named mentions ("the two sides", "both countries").
PLURAL_KINDS = {"side": ("country", "org"), "party": ("country", "org"), "country": ("country",),
                "nation": ("country",), "state": ("country",), "government": ("country",),
                "neighbour": ("country",), "neighbor": ("country",), "leader": ("person", "org"),
                "president": ("person", "org"), "premier": ("person", "org"), "adversary": ("country", "org", "person"),
                "foe": ("country", "org", "person"), "rival": ("country", "org", "person"),
                "ally": ("country", "org"), "both": ("person", "country", "org"),
                "two": ("person", "country", "org"), "three": ("person", "country", "org"),
                "four": ("person", "country", "org")}
COUNT_WORDS = {"both": 2, "two": 2, "three": 3, "four": 4}


def referred_count(token) -> int | None:
    """How many earlier mentions a definite plural refers back to: "the two sides", "both
    countries", "these three countries", "the sides" (two); None for any other phrase ("two
    countries", "the Gulf states")."""
    lemma = token.lemma_.lower()
    if token.dep_ in ("nsubj", "nsubjpass") and (token.lower_ == "both" and token.pos_ in ("PRON", "DET", "NOUN")
                                                or token.pos_ == "NUM" and token.lower_ in COUNT_WORDS
                                                and any(c.lower_ == "the" for c in token.children)):
        return COUNT_WORDS[token.lower_]  # "Both accuse the nationalists", "when the two met"
    if token.tag_ != "NNS" or lemma not in PLURAL_KINDS:
        return None
    if any(c.dep_ in ("compound", "poss", "amod") for c in token.children):
        return None
    words = {c.lower_ for c in token.children if c.dep_ in ("det", "nummod", "predet", "preconj")}
    if not words & {"the", "both", "these", "those"}:
        return None
    count = next((COUNT_WORDS[w] for w in words if w in COUNT_WORDS), None)
    return 2 if count is None and lemma == "side" else count


@dataclass
class DocumentActors:
    """What the resolver remembers within one document."""

    published: str | None
    dateline_code: str | None = None
    acronyms: dict[str, Actor] = field(default_factory=dict)
    surnames: dict[str, Actor] = field(default_factory=dict)
    last_person: Actor | None = None
    last_subject_person: Actor | None = None  # pronouns prefer the last person in subject position
    people: set[str] = field(default_factory=set)  # canonical names of persons seen
    last_group: list[Actor] = field(default_factory=list)
    country_counts: Counter = field(default_factory=Counter)
    mentions: list[tuple[int, str, object]] = field(default_factory=list)  # (offset, kind, entity root or Actor)
    place_codes: dict[int, str] = field(default_factory=dict)  # start offset of a resolved place -> country
    caseless: bool = False  # the text is all in one case: acronyms are looked up in any case
    text: str = ""  # the article's text, blanked sentences included (where people are introduced)

    def antecedent(self, token, kinds: tuple[str, ...]):
        """The named mention a pronoun or "the country" most likely refers to: an earlier one of a
        fitting kind, in the same sentence first, subjects before other mentions, nearest first.
        A mention is a token of the parse, or an Actor found in a sentence that was not parsed."""
        sentence_start = token.sent.start_char
        best, best_key = None, None
        for at, kind, target in self.mentions:
            if at >= token.idx or kind not in kinds:
                continue
            parsed = not isinstance(target, Actor)
            if parsed and (target.head.i == token.i or token.head.i == target.i):
                continue  # "Russia and its allies": the pronoun's own phrase
            if parsed and is_own_subject(target, token):
                continue  # "police beat them": "them" is not the police
            if parsed and reports_on(token, target):
                continue  # '"We urge Russia to ...," they said': "they" did not say it of Russia
            key = (at >= sentence_start, parsed and target.dep_ in ("nsubj", "nsubjpass"), at)
            if best_key is None or key > best_key:
                best, best_key = target, key
        return best

    def main_country(self) -> str | None:
        if self.country_counts:
            return self.country_counts.most_common(1)[0][0]
        return self.dateline_code


REPORTING = frozenset("say tell announce state add insist warn vow claim declare confirm report indicate affirm "
                      "reiterate stress argue believe think hope promise pledge threaten signal".split())


def names_a_person(token) -> bool:
    """Whether a singular generic agent is one person ("the minister", "a constable"), whom "he"
    or "she" may refer back to, rather than a body ("the government", "the army")."""
    lemma = token.lemma_.lower()
    if lemma in BODIES or lemma.endswith(("ment", "ity", "ion", "ance", "ence", "ship", "ure", "ate")):
        return False
    return lemma in PERSONS or lemma.endswith(PERSON_ENDINGS)


PERSON_ENDINGS = ("er", "or", "ist", "man", "woman", "person", "ant", "ee", "ian", "ive", "ief", "ary")
PERSONS = frozenset("minister constable judge cop chief head leader official envoy diplomat soldier president "
                    "premier chancellor king queen prince emir sheikh pope cleric imam priest monk mayor governor "
                    "general colonel captain major sergeant lieutenant inspector commissioner magistrate "
                    "spokesperson activist student journalist lawyer suspect accused victim "
                    "sho si asi ssp dsp dcp acp igp dgp commandant".split())
BODIES = frozenset("military army police government administration ministry party court parliament group "
                   "movement regime council committee commission agency navy militia force cabinet junta "
                   "secretary-general opposition coalition alliance union embassy".split())


def reports_on(pronoun, target) -> bool:
    """Whether ``pronoun`` is the subject of a reporting verb whose clause holds ``target``."""
    verb = pronoun.head
    return pronoun.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() in REPORTING \
        and verb.left_edge.i <= target.i <= verb.right_edge.i


def is_own_subject(target, pronoun) -> bool:
    """Whether ``target`` is the subject of the clause whose object ``pronoun`` is (a pronoun that
    is not reflexive cannot refer to it)."""
    if pronoun.lower_.endswith(("self", "selves")) or target.dep_ not in ("nsubj", "nsubjpass"):
        return False
    verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
    return pronoun.dep_ in ("dobj", "dative", "pobj") and target.head.i == verb.i


def reporter_of(pronoun):
    """The subject of the reporting verb whose clause the pronoun is the subject of, when they
    agree: "Hungary has said it will support", "the rebels said they would release", "Putin said
    he would go"; else None."""
    if pronoun.dep_ not in ("nsubj", "nsubjpass"):
        return None
    clause = pronoun.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in REPORTING:
        return None
    subject = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ == "PRON":
        return None
    lower = pronoun.lower_
    if lower in PERSON_PRONOUNS:
        return subject if subject.ent_type_ == "PERSON" else None
    plural = subject.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in subject.children)
    if lower in THING_PRONOUNS:
        return subject if not plural and subject.ent_type_ != "PERSON" else None
    return subject if plural or subject.ent_type_ in ("ORG", "NORP") or subject.lower_.endswith("s") \
        and subject.pos_ == "PROPN" and any(c.lower_ == "the" for c in subject.children) else None
    # "the Houthis said they ...", which the recogniser takes for a person


# Titles that "the ..." alone uses for the head of a government ("the president had agreed").
HEAD_TITLES = frozenset("president premier minister chancellor king queen emir monarch sultan".split())


class ReferenceResolution:
    """The actor resolver's methods for pronouns, definite and plural descriptions and the mentions
    they refer back to (mixed into ActorResolver)."""

    def resolve_pronoun(self, token, state: DocumentActors) -> Actor | None:
        """"it", "they", "he": the named mention they refer back to, else the last fitting actor."""
        lower = token.lower_
        kinds = PRONOUN_KINDS.get(lower)
        if kinds is None:
            return None
        reporter = reporter_of(token)  # "Tajikistan says it will not accept refugees"
        if reporter is not None:
            found = self.resolve_head(reporter, state)
            if found is not None and (found.code or found.sector):
                return replace(found, text=token.text)
        found = self.refer_back(token, kinds, state)
        if found is None and lower in PERSON_PRONOUNS:
            found = state.last_subject_person or state.last_person
        elif found is None and state.last_group:
            found = state.last_group[-1]
        return replace(found, text=token.text) if found is not None else None

    def resolve_definite(self, token, state: DocumentActors) -> Actor | None:
        """"the country", "the group": the country or organisation named last; "the president":
        the head of government named last."""
        if token.lemma_.lower() in HEAD_TITLES:
            return self.resolve_title(token, state)
        kinds = DEFINITE_KINDS.get(token.lemma_.lower())
        if kinds is None or not any(c.dep_ == "det" and c.lower_ in ("the", "this") for c in token.children):
            return None
        if any(c.dep_ in ("amod", "compound", "poss", "prep") for c in token.children):
            return None  # "the rebel group", "the group of seven": the words say who
        found = self.refer_back(token, kinds, state)
        return replace(found, text=phrase(token).text) if found is not None else None

    def resolve_title(self, token, state: DocumentActors) -> Actor | None:
        """"the president", "the prime minister" with nothing saying whose: the last person named
        who is in government, else the government of the document's country."""
        modifiers = [c.lower_ for c in token.children if c.dep_ in ("compound", "amod", "poss", "prep", "nmod")]
        if token.tag_ not in ("NN", "NNP") or modifiers not in ([], ["prime"]) \
                or not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return None
        text = phrase(token).text
        for at, kind, target in reversed(state.mentions):
            if at < token.idx and kind == "person":
                actor = target if isinstance(target, Actor) else self.resolve_mention(target, state)
                if actor is not None and actor.sector == "GOV" and actor.code:
                    return replace(actor, text=text)
        code = state.main_country()
        return Actor(text=text, name=text, code=code, sector="GOV", id=None) if code else None

    def resolve_plural(self, token, state: DocumentActors) -> list[Actor]:
        """"the two sides", "both countries": the last ones of that kind named before, with codes
        of their own; nothing unless there are as many as the words say."""
        count = referred_count(token)
        if count is None:
            return []
        kinds = PLURAL_KINDS.get(token.lemma_.lower()) or PLURAL_KINDS.get(token.lower_, ("person", "country", "org"))
        found, seen = [], set()
        for at, kind, target in reversed(state.mentions):
            if at >= token.idx or kind not in kinds or not isinstance(target, Actor) and is_setting(target):
                continue
            actor = target if isinstance(target, Actor) else self.resolve_mention(target, state)
            if actor is not None and "person" in kinds and actor.name not in state.people:
                continue  # "the two leaders": people only
            key = None if actor is None or not actor.code else actor.code if kinds == ("country",) else actor.name
            if key is not None and key not in seen:
                seen.add(key)
                found.append(actor)
                if len(found) == count:
                    text = phrase(token).text
                    return [replace(a, text=text) for a in reversed(found)]
        return []

    def refer_back(self, token, kinds: tuple[str, ...], state: DocumentActors) -> Actor | None:
        root = state.antecedent(token, kinds)
        if root is None or isinstance(root, Actor):
            return root
        return self.resolve_mention(root, state)

    def resolve_mention(self, root, state: DocumentActors) -> Actor | None:
        """The actor of a remembered mention (the root token of a name or generic agent)."""
        ent = entity_of(root)
        if ent is None:  # a generic agent ("the group", "the militants")
            span = phrase(root)
            return self.resolve_common(root, span, span.text.strip(" ,"), state)
        return self.resolve_entity(ent, phrase(root), state)
