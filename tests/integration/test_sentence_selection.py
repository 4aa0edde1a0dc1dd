"""Sentence selection (stages/nlp.py): which sentences reach the parser, with offsets kept."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def selector(pipeline):
    return pipeline._models["selector"]


def test_cuts_never_after_abbreviations_or_initials(selector):
    text = ("Gen. Haftar met Mr. Putin in Moscow. U.S. troops were there.\n\n"
            "Reporting by J. Smith")
    cuts = [text[a:b].strip() for a, b in selector.sentences(text)]
    assert cuts == ["Gen. Haftar met Mr. Putin in Moscow.", "U.S. troops were there.", "Reporting by J. Smith"]


def test_blanking_keeps_length_and_offsets(selector):
    text = "Prices rose 0.1 percent in March. Rebels attacked the town on Monday.\n\nThe weather was fine."
    blanked = selector.blank(text)
    assert len(blanked) == len(text)
    start = text.index("Rebels")
    assert blanked[start:start + 35] == text[start:start + 35]
    assert "Prices" not in blanked and "weather" not in blanked


def test_a_month_is_not_a_march_but_a_march_is(selector):
    assert not selector.selects("Inflation rose to 35.6 percent in March from 14.7 percent in February.")
    assert not selector.selects("The figures for March 3 were revised.")
    assert selector.selects("Thousands march on parliament.")
    assert selector.selects("Thousands March On Parliament")  # a headline in title case


def test_forms_follow_their_part_of_speech(selector):
    assert {"attacked", "attacks", "killed", "killings"} <= selector.forms
    assert "killer" not in selector.forms  # "-er" makes comparatives of adjectives, not nouns of verbs


def test_objects_needed_by_a_trigger(selector):
    # "hold" is an event with hostages or talks, not with a birthday party
    assert "held" in selector.needs
    assert selector.selects("The rebels held two hostages.")
    assert not selector.selects("The minister held a birthday party.")


def test_a_date_noun_is_no_event(pipeline):
    events = pipeline.code_text("US consumer prices rose 0.1 percent in March, the Labor Department said.",
                                published="1996-04-16")
    assert not [e for e in events if e.event_type == "PROTEST"]


def test_a_quotation_in_the_first_person_keeps_the_sentences_that_say_whose_it_is(selector):
    text = ('The minister spoke in Ankara. "The talks failed," he said. "We shot dead two militants. '
            'Nothing more can be done," the minister said. The weather was fine.')
    blanked = selector.blank(text)
    assert '"The talks failed," he said.' in blanked
    assert 'Nothing more can be done," the minister said.' in blanked
    assert "The weather was fine." not in blanked
