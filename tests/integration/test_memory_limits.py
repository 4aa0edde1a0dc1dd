"""An ingest writes its batches under db_cache_limit (flat memory on long streams) and clusters under
db_memory_limit; both are checked sizes."""

from __future__ import annotations

import json

import pytest

from dragoman.config import Config
from dragoman.errors import UsageError
from dragoman.ingest import ingest
from dragoman.store import Store
from test_resume import short_docs


def test_batches_are_written_under_the_cache_limit_and_clustered_under_the_memory_limit(
        tmp_path, pipeline, monkeypatch):
    seen = []

    def setting(store) -> str:
        return store.con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]

    write, rebuild = Store.write_batch, Store.rebuild_events
    monkeypatch.setattr(Store, "write_batch", lambda self, items: (seen.append(("write", setting(self))),
                                                                   write(self, items))[1])
    monkeypatch.setattr(Store, "rebuild_events", lambda self, settings=None: (
        seen.append(("cluster", setting(self))), rebuild(self, settings))[1])
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps(d) + "\n" for d in short_docs(6)))
    config = Config(db=str(tmp_path / "x.duckdb"), batch_size=2, db_cache_limit="24MB", db_memory_limit="200MB")
    assert ingest(config, [str(docs)], pipeline=pipeline).counts.added == 6
    assert seen == [("write", "22.8 MiB")] * 3 + [("cluster", "190.7 MiB")]


def test_a_cache_limit_that_is_no_size_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="db_cache_limit 'lots' is not a size"):
        ingest(Config(db=str(tmp_path / "x.duckdb"), db_cache_limit="lots"), [])
