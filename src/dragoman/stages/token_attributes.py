"""The English pipeline's attribute ruler and lemmatizer in one pass, remembering their answers.

Both of spaCy's components work token by token in Python: the attribute ruler runs a Matcher of
179 patterns over every token to set the coarse part of speech and morphology from the tag, and
the lemmatizer then looks up each token's lemma. On the sentences dragoman parses they took a
quarter of spaCy's time. Yet what they give a token depends only on its text, its tag and its
dependency label, except where one of a few two-word patterns ("let 's", "there is") matches. So
``TokenAttributes`` works each combination out once, with the components' own patterns, attributes
and lemmatizer, and afterwards copies the answer; the two-word patterns keep a small Matcher of
their own. The output is the components' output (tests/integration/test_token_attributes.py checks
it token by token on real news).

A pipeline whose ruler uses a pattern this module cannot read keeps its own components
(``Unsupported``).
"""

from __future__ import annotations

import re

ATTRIBUTES = "dragoman_token_attributes"
CACHE_LIMIT = 20_000  # answers kept (about 6 MB); the cache starts again when full, so memory stays bounded


class Unsupported(ValueError):
    """The attribute ruler or lemmatizer cannot be reproduced here."""


class TokenAttributes:
    """Sets what ``ruler`` and then ``lemmatizer`` would set, caching by (orth, tag, dep)."""

    def __init__(self, ruler, lemmatizer) -> None:
        from spacy.matcher import Matcher

        if lemmatizer.mode != "rule" or lemmatizer.overwrite:
            raise Unsupported(f"lemmatizer mode {lemmatizer.mode!r}, overwrite={lemmatizer.overwrite}")
        self.ruler, self.lemmatizer, self.vocab = ruler, lemmatizer, ruler.vocab
        # (tag or None, lower-case form or None) -> (rule, tests) of the one-token rules that need
        # that tag and form (None: any)
        self.index: dict[tuple, list] = {}
        self.deps: set[str] = set()  # dependency labels some rule names
        self.pairs = Matcher(self.vocab)
        for rule, spec in enumerate(ruler.patterns):
            if any(len(pattern) > 1 for pattern in spec["patterns"]):
                self.pairs.add(str(rule), spec["patterns"])
                self.deps.update(label for pattern in spec["patterns"] for token in pattern
                                 for label in labels(token.get("DEP")))
                continue
            for pattern in spec["patterns"]:
                tests = [test(key, value) for key, value in pattern[0].items()]
                for tag in named(pattern[0].get("TAG")) or [None]:
                    for lower in named(pattern[0].get("LOWER")) or [None]:
                        self.index.setdefault((tag, lower), []).append((rule, tests))
                self.deps.update(labels(pattern[0].get("DEP")))
        self.dep_ids = {self.vocab.strings.add(label) for label in self.deps}
        self.cache: dict[tuple[int, int, int], tuple] = {}
        index = lemmatizer.lookups.get_table("lemma_index", {})
        for pos in list(index.keys()):  # the lemmatizer only asks `form in index`: a set answers at once
            index[pos] = frozenset(index[pos])

    def __call__(self, doc):
        import numpy
        from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG

        if not len(doc):
            return doc
        extra: dict[int, list[int]] = {}
        for match_id, start, end in self.pairs(doc, allow_missing=True):
            rule = int(self.vocab.strings[match_id])
            position = range(start, end)[self.ruler.indices[rule]]
            extra.setdefault(position, []).append(rule)
        cache, strings = self.cache, self.vocab.strings
        if len(cache) > CACHE_LIMIT:
            cache.clear()
            self.lemmatizer.cache.clear()  # spaCy's own, which would grow without end
        answers = []
        for i, (orth, tag, dep) in enumerate(doc.to_array([ORTH, TAG, DEP]).tolist()):
            # a label no rule names counts only as "some label": the rules cannot tell them apart
            key = (orth, tag, dep if dep in self.dep_ids or not dep else -1)
            answer = cache.get(key) if i not in extra else None
            if answer is None:
                answer = self.work_out(doc[i], extra.get(i, ()))
                if i not in extra:
                    cache[key] = answer
            answers.append(answer)
        ids = {}
        for answer in set(answers):  # strings the memory zone may have dropped since they were cached
            ids[answer] = (answer[1], strings.add(answer[2]), strings.add(answer[3]))
        doc.from_array([POS, MORPH, LEMMA], numpy.array([ids[a] for a in answers], dtype="uint64"))
        for i, answer in enumerate(answers):
            if answer[0] is not None:
                doc[i].tag_ = answer[0]
            if answer[4] is not None:
                doc[i].dep_ = answer[4]
        return doc


    def work_out(self, token, more_rules) -> tuple:
        """(tag, pos, morph, lemma, dep) of ``token`` after the ruler's rules that match it, in the
        ruler's order, and the lemmatizer; tag and dep are None when unchanged."""
        from spacy.tokens._retokenize import set_token_attrs

        tag, dep, lower = token.tag_, token.dep_, token.lower_
        values = {"TAG": tag, "LOWER": lower, "DEP": dep, "IS_SPACE": token.is_space,
                  "ORTH": token.text, "TEXT": token.text}
        rules = set(more_rules)
        index = self.index
        for rule, tests in (index.get((tag, lower), []) + index.get((tag, None), []) + index.get((None, lower), [])
                            + index.get((None, None), [])):
            if rule not in rules and all(check(values[key]) for key, check in tests):
                rules.add(rule)
        for rule in sorted(rules):
            set_token_attrs(token, self.ruler.attrs[rule])
        if token.lemma == 0:
            token.lemma_ = self.lemmatizer.lemmatize(token)[0]
        return (token.tag_ if token.tag_ != tag else None, token.pos, str(token.morph), token.lemma_,
                token.dep_ if token.dep_ != dep else None)


def named(value) -> list[str]:
    """The values a pattern's test accepts by name (equality or IN); none for other tests."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and set(value) == {"IN"}:
        return list(value["IN"])
    return []


def labels(value) -> list[str]:
    """The dependency labels a pattern's test names; a test that names none cannot be cached by
    label class."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
        return list(next(iter(value.values())))
    raise Unsupported(f"attribute ruler dependency test {value!r}")


def test(key: str, value):
    """(key, predicate) for one key of a one-token Matcher pattern."""
    if key not in ("TAG", "LOWER", "DEP", "IS_SPACE", "ORTH", "TEXT"):
        raise Unsupported(f"attribute ruler pattern key {key!r}")
    if not isinstance(value, dict):
        return key, (lambda found: found == value)
    if len(value) != 1:
        raise Unsupported(f"attribute ruler pattern {value!r}")
    (operator, argument), = value.items()
    if operator == "IN":
        return key, (lambda found: found in argument)
    if operator == "NOT_IN":
        return key, (lambda found: found not in argument)
    if operator == "REGEX":
        compiled = re.compile(argument)
        return key, (lambda found: bool(compiled.search(found)))
    raise Unsupported(f"attribute ruler operator {operator!r}")


def make_token_attributes(nlp, name: str):
    return TokenAttributes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def use_token_attributes(nlp) -> bool:
    """Put ``TokenAttributes`` in place of the attribute ruler and lemmatizer of ``nlp`` (which
    stay loaded, disabled, for their tables); False, changing nothing, when they cannot be
    reproduced."""
    from spacy.language import Language

    if not {"attribute_ruler", "lemmatizer"} <= set(nlp.pipe_names):
        return False
    if not Language.has_factory(ATTRIBUTES):
        Language.factory(ATTRIBUTES, func=make_token_attributes)
    try:
        nlp.add_pipe(ATTRIBUTES, after="lemmatizer")
    except Unsupported:
        return False
    nlp.disable_pipe("attribute_ruler")
    nlp.disable_pipe("lemmatizer")
    return True
