"""Pure helpers over the tokens of a mention: its phrase, its named entity, its cleaned name, and
what its words say (a backer, a setting, a relative clause, text written in one case). Used by the
actor resolver (stages/actors.py) and its parts (people.py, groups.py, references.py)."""

from __future__ import annotations

import re

from ..knowledge import KnowledgeBase, normalise

SETTING_PREPS = frozenset("in at near inside outside across around into from to toward towards".split())
PHRASE_DEPS = {"compound", "amod", "poss", "det", "nmod", "nummod", "case", "punct", "quantmod", "flat"}
# Regions whose names hold a country's name or alias ("Latin America" is not the United States).
REGION_NAMES = re.compile(r"\b(?:Latin|South|North|Central|Middle|Meso|Pan|Anglo)[ -]Americ\w*|\bthe Americas\b"
                          r"|\bNiger Delta\b")
CAPITALISED_RUN = re.compile(r"[A-Z][\w’'.-]*(?:\s+(?:(?:of|the|al|for|and)\s+)?[A-Z][\w’'.-]*){0,5}")


def blanked_ranges(parsed: str, original: str) -> list[tuple[int, int]]:
    """Stretches that the parsed text has blanked out of the original (sentences not parsed)."""
    ranges = []
    for match in re.finditer(r"\s{2,}", parsed):
        if original[match.start():match.end()].strip():
            ranges.append(match.span())
    return ranges


BACKING = frozenset("backed led sponsored allied supported funded owned run linked affiliated aligned "
                    "brokered installed trained armed controlled".split())


def backer_word(token) -> bool:
    """"UN" in "UN-backed", "US" in "US-led": a name that says who backs or leads, not who it is."""
    doc = token.doc
    return (token.i + 2 < len(doc) and doc[token.i + 1].text == "-"
            and doc[token.i + 2].lower_ in BACKING)


def names_someone_else(span, head) -> bool:
    """"G7 foreign ministers", "NATO troops": a name in the phrase that is not a country says whose
    they are, so the document's main country must not be assumed."""
    return any(t.i != head.i and (t.ent_type_ in ("ORG", "PERSON") or (t.pos_ == "PROPN" and t.i != t.sent.start))
               for t in span)  # a capitalised first word ("Lathi-wielding police") is no name


def mention_kind(ent, is_country: bool) -> str | None:
    """What an entity mention can be referred back as: person, country, org or people."""
    if ent.label_ == "PERSON":
        return "person"
    if ent.label_ == "GPE" and is_country:
        return "country"
    if ent.label_ == "ORG":
        return "org"
    if ent.label_ == "NORP" and ent.text.endswith("s"):
        return "people"  # "Russians", "Palestinians"
    return None


def is_setting(token) -> bool:
    """Whether a mention only says where something happens ("clashed in Khartoum")."""
    return token.dep_ == "pobj" and token.head.lower_ in SETTING_PREPS


def starts_relative_clause(token) -> bool:
    """"Turkey, which supports the GNA": a conjunct with a clause of its own is not a co-participant."""
    doc = token.doc
    i = token.i + 1
    while i < len(doc) and doc[i].is_punct:
        i += 1
    return i < len(doc) and doc[i].lower_ in ("which", "who", "whose") and i > token.i + 1


LINK_VERBS = frozenset("link tie connect affiliate ally loyal align associate".split())
# Acronyms of the knowledge base that are also everyday words: in lower-cased text "car" is a car,
# not the Central African Republic, and "who" no health organisation.
WORD_ACRONYMS = frozenset("car ice is who pace mend raw fry gnu gam sang spa pap aa eff ana ft pa rn sac roc "
                          "dia imo us it an as at am".split())
CALENDAR_WORDS = frozenset("january february march april may june july august september october november "
                           "december monday tuesday wednesday thursday friday saturday sunday".split())


def is_caseless(text: str) -> bool:
    """Whether the text is written in one case ("police arrested two men in delhi", or all in
    capitals), so that acronyms cannot be told by their capitals."""
    letters = sum(1 for c in text[:5000] if c.isalpha())
    upper = sum(1 for c in text[:5000] if c.isupper())
    return letters >= 20 and (upper <= letters * 0.005 or upper >= letters * 0.9)


def phrase(token):
    """The token with its left-hand modifiers: "Turkey's President Recep Tayyip Erdogan"."""
    start = token.i
    for child in token.lefts:
        if child.dep_ in PHRASE_DEPS:
            start = min(start, child.left_edge.i)
    end = token.i + 1
    for child in token.rights:
        if child.dep_ in ("compound", "flat", "appos") and child.i == end:
            end = child.right_edge.i + 1
    return token.doc[start:end]


def entity_of(token):
    """The named-entity span containing ``token``, from its IOB tags (no scan of doc.ents)."""
    if not token.ent_type_:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc.char_span(doc[start].idx, doc[end - 1].idx + len(doc[end - 1]), label=token.ent_type_)


def entity_text(token) -> str:
    """The whole named entity a token belongs to ("South Sudan" for "Sudan"), else the token."""
    ent = entity_of(token)
    return ent.text if ent is not None and ent.label_ in ("GPE", "NORP", "LOC") else token.text


def strip_titles(text: str, kb: KnowledgeBase) -> str:
    """"Gen Khalifa Haftar" -> "Khalifa Haftar"; drops leading titles and possessive countries."""
    words = text.replace("’", "'").split()
    while words and (normalise(words[0]) in kb.titles or words[0].endswith("'s")
                     or normalise(words[0]) in kb.demonyms or words[0].lower() == "the"):
        words = words[1:]
    return " ".join(words) or text


def clean_name(text: str) -> str:
    return re.sub(r"^(the|a|an|whose|its|their|his|her|our)\s+", "", text.strip(), flags=re.IGNORECASE)


def expansion(long_name: str, acronym: str) -> str | None:
    """The shortest tail of ``long_name`` whose capitalised initials spell ``acronym``.

    >>> expansion("Gen Haftar and the Government of National Accord", "GNA")
    'Government of National Accord'
    """
    words = long_name.split()
    for i in range(len(words)):
        tail = words[i:]
        initials = "".join(w[0] for w in tail if w[0].isupper())
        if initials.upper() == acronym.upper() and tail[0][0].isupper():
            return " ".join(tail)
    return None
