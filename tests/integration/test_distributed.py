"""Dask: the same database whether documents are coded here or on two worker processes."""

from __future__ import annotations

import json

import pytest

from dragoman.config import Config
from dragoman.ingest import ingest
from test_resume import short_docs, snapshot

pytest.importorskip("distributed")


def test_two_workers_give_the_same_results_as_one_process(tmp_path, pipeline):
    docs = tmp_path / "docs.jsonl"
    rows = short_docs(40)
    rows[7]["text"] = rows[3]["text"] + " Reporting by staff."  # a near-duplicate: linked the same way
    docs.write_text("\n".join(json.dumps(d) for d in rows) + "\n")
    one = Config(db=str(tmp_path / "one.duckdb"), batch_size=4)
    two = Config(db=str(tmp_path / "two.duckdb"), batch_size=4, workers=2)
    report_one = ingest(one, [str(docs)], pipeline=pipeline)  # the session's: same settings as Config()
    report_two = ingest(two, [str(docs)])
    assert report_one.counts == report_two.counts and report_one.counts.added == 40
    assert report_one.events == report_two.events > 0
    assert snapshot(tmp_path / "one.duckdb") == snapshot(tmp_path / "two.duckdb")
    import duckdb

    with duckdb.connect(str(tmp_path / "two.duckdb"), read_only=True) as con:
        assert con.execute("SELECT id, duplicate_of FROM documents WHERE duplicate_of IS NOT NULL").fetchall() \
            == [("resume-0007", "resume-0003")]
    assert ingest(two, [str(docs)]).counts.unchanged == 40  # re-ingest: no cluster is even started


def test_unreachable_scheduler_is_a_usage_error(tmp_path, monkeypatch):
    from dragoman import distributed
    from dragoman.errors import SchedulerError

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    docs = tmp_path / "docs.jsonl"
    docs.write_text(json.dumps(short_docs(1)[0]) + "\n")
    config = Config(db=str(tmp_path / "x.duckdb"), scheduler="tcp://127.0.0.1:9")
    with pytest.raises(SchedulerError, match="cannot reach the Dask scheduler"):
        ingest(config, [str(docs)])


def test_a_lost_worker_turns_its_batch_into_problems():
    from dragoman.errors import WorkerLost
    from dragoman.ingest import Batch, lost_batch
    from dragoman.records import Problem, RawDoc

    unreadable = Problem("", "x.jsonl:2", "read", "E105", "x.jsonl:2 is not valid JSON")
    batch = Batch((RawDoc("a", b"text", "text", "x.jsonl:1"), unreadable), skipped=3)
    coded = lost_batch(batch, WorkerLost("a Dask worker died while coding this document"))
    assert [c[2].code for c in coded] == ["E400", "E105"] and coded[1][2] is unreadable
    assert coded[0][2].doc_id == "a" and coded[0][2].message.startswith("x.jsonl:1: a Dask worker died")
    assert all(c[0] is None and c[1] == () for c in coded)  # nothing is stored for them: a rerun codes them
