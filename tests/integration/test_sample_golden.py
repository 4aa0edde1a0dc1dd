"""The sample page coded right, event by event (golden test for the first thing users try)."""

import pytest

from dragoman.knowledge import normalise


def find(events, event_type, actor_code=None, actor_name=None, recipient=None):
    out = []
    for e in events:
        if e.event_type != event_type:
            continue
        if actor_code and actor_code not in {a.code for a in e.actor}:
            continue
        if actor_name and not any(normalise(actor_name) in normalise(a.name) for a in e.actor):
            continue
        if recipient and not any(recipient in (r.name or "") or recipient == r.code for r in e.recipient):
            continue
        out.append(e)
    return out


def test_haftar_walks_out_is_a_rejection_not_an_agreement(sample_events):
    rejections = find(sample_events, "REJECT", actor_name="Haftar")
    assert rejections, "leaving without signing must be coded as REJECT by Haftar"
    for agree in find(sample_events, "AGREE", actor_name="Haftar"):
        assert "negation" in agree.modality
    assert any("TASS" in {a.name for a in e.attribution} for e in rejections)


@pytest.mark.parametrize("backer", ["RUS", "EGY", "SAU", "ARE", "JOR"])
def test_backers_of_haftar(sample_events, backer):
    assert find(sample_events, "SUPPORT", actor_code=backer, recipient="Haftar")


def test_turkey_backs_the_gna(sample_events):
    assert find(sample_events, "SUPPORT", actor_code="TUR", recipient="Government of National Accord")


def test_erdogan_conditional_threat(sample_events):
    [threat] = find(sample_events, "THREATEN", actor_name="Erdogan", recipient="Haftar")
    assert threat.mode == "force"
    assert "hypothetical" in threat.modality
    assert threat.quote == "teach a lesson"


def test_berlin_will_host_talks(sample_events):
    [talks] = find(sample_events, "CONSULT", actor_code="DEU")
    assert "future" in talks.modality
    assert talks.date in (None, "2020-01")
    assert "Angela Merkel" in {a.name for a in talks.attribution}


def test_sarraj_signs_on_monday(sample_events):
    [signed] = find(sample_events, "AGREE", actor_name="Sarraj")
    assert signed.actor[0].code == "LBY" and signed.actor[0].sector == "GOV"
    assert signed.modality == () and signed.date == "2020-01-13"


def test_ceasefire_announced_on_sunday(sample_events):
    [ceasefire] = find(sample_events, "RETREAT")
    assert ceasefire.mode == "ceasefire" and ceasefire.date == "2020-01-12"


def test_nothing_asserted_that_did_not_happen(sample_events):
    for e in sample_events:
        if e.event_type == "AGREE" and "without signing" in e.text:
            assert "negation" in e.modality


def test_talks_are_located_in_moscow(sample_events):
    located = [e for e in sample_events if e.location and e.location.name == "Moscow"]
    assert located and all(e.location.country_code == "RUS" for e in located)


def test_offensive_is_dated_by_its_when_clause(sample_events):
    [offensive] = find(sample_events, "ASSAULT", actor_name="Haftar")
    assert (offensive.date, offensive.date_text) == ("2019-04", "April")


def test_meetings_between_haftar_and_the_gna(sample_events):
    [meetings] = [e for e in find(sample_events, "CONSULT", actor_name="Haftar") if e.date == "2020-01-13"]
    assert [r.name for r in meetings.recipient] == ["Government of National Accord"]


def test_no_event_without_an_actor_or_of_a_mere_aim(sample_events):
    assert not find(sample_events, "AGREE", actor_name="Leaders")  # "aimed at reaching an agreement"
    assert all(e.actor for e in sample_events if e.event_type in ("AGREE", "SUPPORT", "THREATEN"))


def test_unknown_sources_keep_their_words(sample_events):
    first = [e for e in find(sample_events, "REJECT", actor_name="Haftar") if e.start == 0]
    assert first and [a.name for a in first[0].attribution] == ["media reports"]
