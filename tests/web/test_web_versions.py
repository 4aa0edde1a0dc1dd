"""A document's other versions (docs/record.md) are listed by /api/documents/{id}."""

from __future__ import annotations

import pytest

from dragoman.records import Article
from dragoman.store import Store

from .sample_db import DOCS

pytest.importorskip("fastapi")


def test_a_document_lists_the_versions_set_aside(tmp_path):
    from fastapi.testclient import TestClient

    from dragoman.web import create_app

    article, events = DOCS[0]
    teaser = Article("a", article.text[:20] + " ...", title="War news", published="2020-01-15")
    db = str(tmp_path / "t.duckdb")
    with Store(db) as store:
        store.write_batch([(teaser, events[:1], None)])
        store.write_batch([(article, events, None), (DOCS[1][0], DOCS[1][1], None)])  # the full text replaces it
        store.write_batch([(teaser, events[:1], None, None, "again")])  # and the teaser again: declined
        store.rebuild_events()
    with TestClient(create_app(db, snapshot_dir=str(tmp_path / "snap"))) as client:
        body = client.get("/api/documents/a").json()
        assert body["text"] == article.text and len(body["events"]) == len(events)
        [version] = body["versions"]
        assert (version["status"], version["reason"], version["n_events"]) == ("superseded", "fuller", 1)
        assert version["preferred_version"] == body["version_hash"] and version["published"] == "2020-01-15"
        assert client.get("/api/documents/b").json()["versions"] == []
