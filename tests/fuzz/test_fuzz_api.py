"""Property-based fuzzing of the REST API's parameters: every request is answered (200), or refused
with the one error shape that names the parameter (400) or the missing thing (404), never a 500."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from hypothesis import given, strategies as st

from .budget import fuzz

pytest.importorskip("fastapi")

FILTERS = ["actor", "recipient", "type", "quad", "country", "since", "until", "text"]
ENDPOINTS = {
    "/api/events": FILTERS + ["sort", "limit", "offset"],
    "/api/network": FILTERS + ["by", "limit"],
    "/api/timeline": FILTERS + ["interval", "by"],
    "/api/locations": FILTERS + ["limit"],
    "/api/actors": ["q", "limit"],
    "/api/export": FILTERS + ["format", "sort", "limit"],
    "/api/health": [],
}
TEXT = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=40)
VALUE = st.one_of(
    TEXT, st.integers().map(str), st.floats(allow_nan=True).map(str), st.just(""), st.text("x", min_size=190, max_size=260),
    st.sampled_from(["ASSAULT", "assault,COERCE", ",,", "verbal_coop", "material_conflict", "RUS", "rus", "Libya",
                     "2020-01-14", "2020-02-30", "2020-1-5", "20200114", "0000-00-00", "9999-12-31", "-date", "date",
                     "-confidence", "type", "quad", "week", "day", "month", "auto", "csv", "jsonl", "0", "-1", "501",
                     "99999999999999999999", "1e3", "%", "_", "'; DROP TABLE mentions; --", "\x00", "ñandú", "🙂"]))


def query(path: str) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Query parameters for an endpoint: its own (some repeated) and unknown ones, with any values."""
    names = st.sampled_from(ENDPOINTS[path] + ["junk", "limit[]", ""]) if ENDPOINTS[path] else st.just("junk")
    return st.lists(st.tuples(names, VALUE), max_size=5)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from fastapi.testclient import TestClient

    from dragoman.web import create_app
    from web.sample_db import write_docs

    db = str(tmp_path_factory.mktemp("fuzz-api") / "small.duckdb")
    write_docs(db)
    with TestClient(create_app(db, snapshot_dir=str(tmp_path_factory.mktemp("snapshots")))) as test_client:
        yield test_client


def check(response, sent: set[str]) -> None:
    assert response.status_code in (200, 400, 404), (response.status_code, response.text)
    if response.status_code == 200:
        if response.headers["content-type"].startswith("application/json"):
            response.json()
        return
    error = response.json()["error"]
    assert set(error) == {"status", "code", "message", "parameter"}, error
    assert error["status"] == response.status_code and error["code"] and len(error["message"]) > 10
    if response.status_code == 400:
        assert error["parameter"] in sent and error["parameter"] in error["message"], error


def test_query_parameters(client):
    @given(data=st.data(), path=st.sampled_from(sorted(ENDPOINTS)))
    def any_query_is_answered_or_refused_clearly(data, path: str) -> None:
        params = data.draw(query(path))
        check(client.get(path, params=params), {name for name, _ in params})

    fuzz(any_query_is_answered_or_refused_clearly)


def test_ids_in_paths(client):
    @given(kind=st.sampled_from(["events", "documents"]), key=st.one_of(TEXT, st.text("a", min_size=195, max_size=520),
                                                                        st.sampled_from(["a-1", "b", "../health"])))
    def any_id_is_found_or_not_found(kind: str, key: str) -> None:
        if not key:
            return
        response = client.get(f"/api/{kind}/{quote(key, safe='')}")
        check(response, {"event_id", "doc_id"})
        if response.status_code == 200:
            assert json.dumps(response.json())

    fuzz(any_id_is_found_or_not_found)
