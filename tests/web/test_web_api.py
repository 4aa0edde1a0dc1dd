"""The REST API on a small database: answers, filters (same as the CLI's), errors, read-only."""

from __future__ import annotations

import csv
import io
import json
import re
from importlib import resources

import pytest

from dragoman.store import EventFilter, Store

pytest.importorskip("fastapi")


def ids(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


def assert_error(response, status: int, parameter: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"status", "code", "message", "parameter"}
    assert error["status"] == status and error["message"] and error["code"]
    assert error["parameter"] == parameter
    return error


def test_health_says_what_is_served_and_when_it_was_updated(client, small_db):
    body = client.get("/api/health").json()
    assert body["status"] == "ok" and body["database"] == small_db
    counts = body["counts"]
    assert (counts["documents"], counts["mentions"], counts["problems"]) == (3, 8, 0) and 0 < counts["events"] <= 8
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", body["last_updated"])
    assert body["dates"] == {"first": "2020-01-13", "last": "2021-05-30"}
    assert body["snapshot"]["taken_at"] and body["snapshot"]["writer_active"] is False


def test_events_page_carries_records_event_ids_and_sources(client):
    body = client.get("/api/events", params={"limit": 2}).json()
    assert body["total"] == 8 and body["limit"] == 2 and body["offset"] == 0
    first = body["items"][0]
    assert first["id"] == "a-1" and first["event_type"] == "ASSAULT" and first["text"].startswith("Russia")
    assert first["event_id"] and first["source"] == {"url": "https://news.example.org/a", "title": "War news",
                                                     "publisher": "Example News", "published": "2020-01-14"}


def test_pages_and_sorting(client):
    everything = ids(client.get("/api/events", params={"limit": 500}))
    assert everything[-1] == "c-1"  # undated last, as in the CLI
    pages = [ids(client.get("/api/events", params={"limit": 3, "offset": o})) for o in (0, 3, 6)]
    assert sum(pages, []) == everything
    newest = ids(client.get("/api/events", params={"sort": "-date"}))
    assert newest[0] == "c-2" and newest[-1] == "c-1"
    confident = client.get("/api/events", params={"sort": "-confidence"}).json()["items"]
    assert [r["confidence"] for r in confident] == sorted((r["confidence"] for r in confident), reverse=True)


FILTERS = [
    {"actor": "russ"}, {"actor": "RUS"}, {"recipient": "ukraine"}, {"recipient": "NGA"}, {"type": "assault"},
    {"country": "nga"}, {"country": "UKR"}, {"since": "2020-02-01"}, {"until": "2020-01-31"},
    {"since": "2020-01-14", "until": "2020-02-10"}, {"text": "PROTESTERS"}, {"actor": "russia", "type": "ASSAULT"},
    {"actor": "'; DROP TABLE mentions; --"}, {"country": "XXX"}, {"text": "ttacked ukr"},
    {"text": "with Russia in"}, {"text": "ROTEST"}, {"text": "zzz"}, {"text": "."}, {"text": "Lagos."},
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: json.dumps(f))
def test_filters_select_what_the_cli_selects(client, small_db, filters):
    with Store(small_db, read_only=True) as store:
        expected = [r["id"] for r in store.query_events(EventFilter(**filters, limit=500))]
    response = client.get("/api/events", params={**filters, "limit": 500})
    assert ids(response) == expected
    assert response.json()["total"] == len(expected)


def test_type_lists_and_quad_classes(client):
    assert set(ids(client.get("/api/events", params={"type": "ASSAULT,coerce"}))) == {"a-1", "b-1", "b-3"}
    assert set(ids(client.get("/api/events", params={"quad": "verbal_conflict"}))) == {"a-3", "c-2"}
    assert ids(client.get("/api/events", params={"quad": "verbal_coop", "type": "ASSAULT"})) == []


BAD = [
    ("/api/events", {"since": "2020-13-01"}, "since"), ("/api/events", {"until": "14/01/2020"}, "until"),
    ("/api/events", {"since": "2020-02-01", "until": "2020-01-01"}, "until"),
    ("/api/events", {"type": "FIGHT"}, "type"), ("/api/events", {"quad": "friendly"}, "quad"),
    ("/api/events", {"country": "Libya"}, "country"), ("/api/events", {"limit": 0}, "limit"),
    ("/api/events", {"limit": 501}, "limit"), ("/api/events", {"limit": "ten"}, "limit"),
    ("/api/events", {"offset": -1}, "offset"), ("/api/events", {"sort": "id"}, "sort"),
    ("/api/events", {"actor": "x" * 201}, "actor"), ("/api/timeline", {"interval": "year"}, "interval"),
    ("/api/timeline", {"by": "colour"}, "by"), ("/api/network", {"limit": 5000}, "limit"),
    ("/api/export", {"format": "xlsx"}, "format"), ("/api/actors", {"limit": 100000}, "limit"),
]


@pytest.mark.parametrize("path, params, parameter", BAD, ids=lambda v: json.dumps(v) if isinstance(v, dict) else v)
def test_bad_parameters_get_400_naming_the_parameter(client, path, params, parameter):
    error = assert_error(client.get(path, params=params), 400, parameter)
    assert parameter in error["message"]


def test_event_detail_by_mention_or_event_id(client):
    by_mention = client.get("/api/events/a-1").json()
    assert by_mention["event"]["event_type"] == "ASSAULT"
    assert by_mention["event"]["n_mentions"] == len(by_mention["mentions"])
    [mention] = [m for m in by_mention["mentions"] if m["id"] == "a-1"]
    assert mention["text"] == "Russia attacked Ukraine near Kyiv." and mention["source"]["url"]
    assert client.get(f"/api/events/{by_mention['event']['id']}").json() == by_mention
    negated = client.get("/api/events/a-3").json()  # negated mentions may stand outside any event
    assert "a-3" in [m["id"] for m in negated["mentions"]] and negated["mentions"][0]["modality"] == ["negation"]
    assert_error(client.get("/api/events/nope"), 404)


def test_document_with_its_text_and_events(client):
    doc = client.get("/api/documents/b").json()
    assert doc["title"] == "Lagos" and doc["text"] == "Police arrested protesters in Lagos."
    assert [e["id"] for e in doc["events"]] == ["b-1", "b-2", "b-3"]
    assert_error(client.get("/api/documents/zzz"), 404)


def test_actor_search(client):
    items = client.get("/api/actors", params={"q": "russ"}).json()["items"]
    assert items == [{"name": "Russia", "code": "RUS", "as_actor": 3, "as_recipient": 1, "mentions": 4}]
    assert [a["name"] for a in client.get("/api/actors", params={"q": "nga"}).json()["items"]] == ["police", "protesters"]
    assert len(client.get("/api/actors", params={"limit": 2}).json()["items"]) == 2


def test_network_edges_by_type_and_quad_class(client):
    body = client.get("/api/network").json()
    top = body["edges"][0]
    assert (top["source"], top["target"], top["weight"], top["counts"]) == ("Russia", "Ukraine", 2, {"ASSAULT": 2})
    assert {n["id"] for n in body["nodes"]} >= {"Russia", "Ukraine", "police", "protesters"}
    quads = client.get("/api/network", params={"by": "quad", "since": "2020-02-01", "until": "2020-12-31"}).json()
    assert {k for e in quads["edges"] for k in e["counts"]} == {"material_conflict"}
    assert client.get("/api/network", params={"type": "AID"}).json() == {"by": "type", "nodes": [], "edges": []}


def test_timeline_counts(client):
    days = client.get("/api/timeline", params={"interval": "day", "by": "type"}).json()
    assert days["buckets"][0] == {"date": "2020-01-13", "total": 1, "counts": {"ASSAULT": 1}}
    assert sum(b["total"] for b in days["buckets"]) == 7  # the undated mention is not on the timeline
    weeks = client.get("/api/timeline", params={"interval": "week", "by": "quad", "country": "NGA"}).json()
    assert weeks["buckets"] == [{"date": "2020-02-03", "total": 1, "counts": {"material_conflict": 1}},
                                {"date": "2020-02-10", "total": 1, "counts": {"material_conflict": 1}}]
    assert client.get("/api/timeline").json()["interval"] == "week"  # auto: 17 months of data
    assert client.get("/api/timeline", params={"since": "2020-01-01", "until": "2020-01-31"}).json()["interval"] == "day"


def test_locations(client):
    items = client.get("/api/locations").json()["items"]
    assert items[0] == {"name": "Kyiv", "country_code": "UKR", "lat": 50.45, "lon": 30.52, "n": 2}
    assert sum(p["n"] for p in items) == 6


def test_export_csv_and_jsonl(client):
    response = client.get("/api/export", params={"format": "csv", "country": "NGA"})
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["id"] for r in rows] == ["b-2", "b-1"] and rows[0]["actor"] == "protesters"
    lines = client.get("/api/export", params={"format": "jsonl", "limit": 3}).text.splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["id"] for r in records] == ["a-1", "a-2", "a-3"]
    assert "source" not in records[0] and set(records[0]) >= {"actor", "recipient", "text", "location"}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only(client, method):
    error = assert_error(getattr(client, method)("/api/events"), 405)
    assert "read-only" in error["message"]
    assert client.get("/api/health").json()["counts"]["mentions"] == 8


def test_unknown_paths_get_the_error_shape(client):
    assert_error(client.get("/api/nothing"), 404)


def test_openapi_and_offline_docs(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/events", "/api/events/{event_id}", "/api/actors", "/api/network", "/api/timeline",
            "/api/documents/{doc_id}", "/api/health", "/api/locations", "/api/export"} <= set(paths)
    docs = client.get("/docs").text
    assert "/static/docs/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()
    assert client.get("/static/docs/swagger-ui-bundle.js").status_code == 200


def test_dashboard_loads_nothing_from_elsewhere(client):
    page = client.get("/")
    assert page.status_code == 200 and "default-src 'self'" in page.headers["content-security-policy"]
    static = resources.files("dragoman.web") / "static"
    for asset in re.findall(r'(?:src|href)="([^"#]+)"', page.text):
        assert asset.startswith("/") or asset.startswith("data:"), asset
        if asset.startswith("/static/"):
            assert client.get(asset).status_code == 200, asset
    for path in ("js/main.js", "js/util.js", "js/timeline.js", "js/network.js", "js/map.js", "js/table.js",
                 "css/dashboard.css"):
        text = (static / path).read_text(encoding="utf-8")
        assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", text), path


def test_basemap_is_offline_land_dots(client):
    body = client.get("/api/basemap").json()
    assert body["step"] == 1.0 and len(body["points"]) > 1000
    assert all(-180 <= lon <= 180 and -90 <= lat <= 90 for lon, lat in body["points"])
