"""The event record of CONTRACT.md, checked field by field on real output."""

from dragoman import ontology

KEYS = {"id", "doc_id", "event_type", "mode", "modality", "context", "actor", "recipient", "date",
        "date_text", "date_precision", "location", "attribution", "quote", "text", "start", "end",
        "confidence", "trigger"}
ACTOR_KEYS = {"text", "name", "code", "sector", "id"}
LOCATION_KEYS = {"text", "name", "country_code", "lat", "lon", "geonameid", "feature", "source"}
PRECISIONS = {"day", "week", "month", "quarter", "year"}
FEATURES = {"city", "admin2", "admin1", "country", "region", None}
SOURCES = {"trigger", "sentence", "document"}


def check_record(record: dict, body: str) -> None:
    assert set(record) == KEYS
    assert ontology.is_event_type(record["event_type"])
    assert ontology.is_mode(record["event_type"], record["mode"])
    assert set(record["modality"]) <= set(ontology.MODALITIES)
    assert set(record["context"]) <= set(ontology.CONTEXTS)
    for role in ("actor", "recipient", "attribution"):
        for actor in record[role]:
            assert set(actor) - {"implied"} == ACTOR_KEYS and actor.get("implied", True) is True
            assert actor["code"] is None or len(actor["code"]) == 3
            assert actor["sector"] is None or actor["sector"] in ontology.SECTORS
    if record["location"] is not None:
        assert set(record["location"]) == LOCATION_KEYS
        assert record["location"]["feature"] in FEATURES and record["location"]["source"] in SOURCES
    assert record["date"] is None or len(record["date"]) in (4, 7, 10)
    assert (record["date_precision"] is None) == (record["date"] is None)
    assert record["date_precision"] is None or record["date_precision"] in PRECISIONS
    assert body[record["start"]:record["end"]] == record["text"]
    trigger = record["trigger"]
    assert set(trigger) == {"text", "start", "end"} and trigger["text"]
    assert body[trigger["start"]:trigger["end"]] == trigger["text"]
    assert record["start"] <= trigger["start"] < trigger["end"] <= record["end"]
    assert 0.0 <= record["confidence"] <= 1.0


def test_sample_records_follow_the_contract(pipeline, sample_events):
    from conftest import SAMPLE
    from dragoman.api import extract

    body = extract(SAMPLE.read_text(encoding="utf-8")).text
    assert sample_events
    for event in sample_events:
        check_record(event.to_dict(), body)


def test_ids_are_stable(pipeline, sample_events):
    from conftest import SAMPLE

    again = pipeline.code_text(SAMPLE.read_text(encoding="utf-8"), published="2020-01-14", doc_id="sample")
    assert [e.id for e in again] == [e.id for e in sample_events]
