"""Fixtures: the small database of sample_db.py and an API client on it."""

from __future__ import annotations

import pytest

from .sample_db import write_docs


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> str:
    db = str(tmp_path_factory.mktemp("web") / "small.duckdb")
    write_docs(db)
    return db


@pytest.fixture(scope="module")
def client(small_db, tmp_path_factory):
    """A client of the app on ``small_db``, shared by a module's tests: they must not change the file."""
    from fastapi.testclient import TestClient

    from dragoman.web import create_app

    app = create_app(small_db, snapshot_dir=str(tmp_path_factory.mktemp("snapshots")))
    with TestClient(app) as test_client:
        yield test_client
