"""Event-level dates and places: the expression in the event's clause, the place tied to the event."""

import pytest

CASES = [
    # text, published, event type, expected date, expected date_text, expected location name
    ("Police arrested 40 protesters in Lagos on Monday.", "2021-05-05", "COERCE", "2021-05-03", "Monday", "Lagos"),
    ("Russia and Turkey held talks in Moscow on Monday.", "2020-01-14", "CONSULT", "2020-01-13", "Monday", "Moscow"),
    ("The foreign minister will visit Ankara next week.", "2020-01-14", "CONSULT", "2020-01-20", "next week", None),
    ("The foreign minister will visit Ankara soon.", "2020-01-14", "CONSULT", None, None, None),
    ("Israeli jets struck targets in Gaza on 12 May 2021, the army said on Thursday.", "2021-05-14",
     "ASSAULT", "2021-05-12", "12 May 2021", "Gaza"),
    ("Troops withdrew from the town yesterday after talks that ended in April.", "2022-06-10",
     "RETREAT", "2022-06-09", "yesterday", None),
    ("In 1991, Iraqi forces invaded Kuwait.", "2021-08-02", "ASSAULT", "1991", "1991", None),
]


@pytest.mark.parametrize("text, published, event_type, date, date_text, place", CASES)
def test_event_date_and_place(pipeline, text, published, event_type, date, date_text, place):
    events = [e for e in pipeline.code_text(text, published=published) if e.event_type == event_type]
    assert events, text
    event = events[0]
    if date_text is None and date is None:
        assert event.date is None  # future events without a date of their own get none
    else:
        assert (event.date, event.date_text) == (date, date_text)
    if place is not None:
        assert event.location is not None and event.location.name == place


def test_date_from_another_clause_is_not_used(pipeline):
    text = "Rebels attacked the base, a week after the army had arrested their leader on 3 March."
    [attack] = [e for e in pipeline.code_text(text, published="2019-03-20") if e.event_type == "ASSAULT"]
    assert attack.date_text is None and attack.date == "2019-03-20"


def test_historical_events_are_marked(pipeline):
    [event] = [e for e in pipeline.code_text("In 1991, Iraqi forces invaded Kuwait.", published="2021-08-02")
               if e.event_type == "ASSAULT"]
    assert "historical" in event.modality


@pytest.mark.parametrize("text, event_type, place, source, feature", [
    ("Russian forces shelled Kharkiv on Monday.", "ASSAULT", "Kharkiv", "trigger", "city"),
    ("Police arrested 40 protesters in Lagos on Monday.", "COERCE", "Lagos", "trigger", "city"),
    ("Shelling hit Kharkiv again. Officials in Kharkiv met. Police arrested 40 protesters on Monday.",
     "COERCE", "Kharkiv", "document", "city"),
    ("Police arrested 40 protesters on Monday.", "COERCE", None, None, None),
])
def test_event_location_says_how_it_was_found(pipeline, text, event_type, place, source, feature):
    [event] = [e for e in pipeline.code_text(text, published="2022-05-10") if e.event_type == event_type][:1]
    location = event.to_dict()["location"]
    if place is None:
        assert location is None  # no place in the sentence, no focus in the document: none
    else:
        assert (location["name"], location["source"], location["feature"]) == (place, source, feature)
