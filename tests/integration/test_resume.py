"""A run killed at any moment and restarted loses nothing and duplicates nothing; re-ingest is a no-op."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from conftest import run_cli

CRASH = Path(__file__).with_name("crash_ingest.py")

PLACES = ["Lagos", "Nairobi", "Kabul", "Tripoli", "Caracas", "Manila", "Kyiv", "Bamako"]
VERBS = ["arrested", "detained", "attacked", "met", "criticised", "praised", "expelled", "released"]


def short_docs(n: int) -> list[dict]:
    """Distinct one-paragraph articles (no two are near-duplicates)."""
    return [{"id": f"resume-{i:04d}", "published": f"2021-05-{1 + i % 28:02d}", "source": f"Outlet {i % 7}",
             "text": f"Police {VERBS[i % 8]} {i + 3} protesters in {PLACES[i % 8]} on Monday after "
                     f"clashes near the parliament building, officials said in statement number {i}. "
                     f"Witness {i * 7919 % 10007} told reporters the crowd of {i * 13 + 40} had gathered "
                     f"at dawn to oppose tax measure {i * 31 % 997}."}
            for i in range(n)]


def snapshot(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            "documents": con.execute("SELECT id, text_hash, n_events FROM documents ORDER BY id").fetchall(),
            "mentions": con.execute("SELECT id, doc_id FROM mentions ORDER BY id").fetchall(),
            "events": con.execute("SELECT id, n_mentions, n_articles FROM events ORDER BY id").fetchall(),
            "links": con.execute("SELECT count(*), count(DISTINCT mention_id) FROM event_mentions").fetchone(),
            "problems": con.execute("SELECT origin, code FROM problems ORDER BY origin, code").fetchall(),
            "versions": con.execute("SELECT count(*) FROM document_versions").fetchone(),
        }


def kill_after_first_batch(args: list[str], db: Path, env: dict, marker: bytes) -> None:
    """Start an ingest, SIGKILL it as soon as its first batch is committed (seen in the WAL)."""
    proc = subprocess.Popen([sys.executable, "-m", "dragoman", *args], env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wal = Path(str(db) + ".wal")
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if wal.exists() and marker in wal.read_bytes():
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the ingest finished before it could be killed; give it more documents"
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path, pipeline):
    rows = short_docs(200)
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d) for d in rows) + "\n")
    db = tmp_path / "killed.duckdb"
    env = {"DRAGOMAN_BATCH_SIZE": "5"}
    kill_after_first_batch(["ingest", str(docs), "--db", str(db), "--quiet"], db, env, b"resume-0004")
    partial = snapshot(db)
    assert 5 <= len(partial["documents"]) < 200

    rerun = run_cli("ingest", str(docs), "--db", str(db), "--quiet", env=env)
    assert rerun.returncode == 0, rerun.stderr.decode()
    assert f"{200 - len(partial['documents'])} new".encode() in rerun.stderr
    resumed = snapshot(db)
    assert [d[0] for d in resumed["documents"]] == [r["id"] for r in rows]  # each exactly once
    assert sum(n for _, _, n in resumed["documents"]) == len(resumed["mentions"])
    assert resumed["links"][0] == resumed["links"][1]  # each mention in one event

    from dragoman.sources import doc_from_json

    coded = pipeline.run(doc_from_json(r, "x") for r in rows)
    expected = sorted((e.id, e.doc_id) for result in coded for e in result.events)
    assert resumed["mentions"] == expected  # the same as coding everything in one go

    again = run_cli("ingest", str(docs), "--db", str(db), "--quiet", env=env)
    assert b"0 new, 0 updated, 200 unchanged" in again.stderr
    assert snapshot(db) == resumed


def test_interrupted_ingest_resumes_in_process(tmp_path, pipeline, monkeypatch):
    """The same guarantee, fast: the run stops after its second batch (as Ctrl+C would)."""
    from dragoman.config import Config
    from dragoman.ingest import ingest

    rows = short_docs(30)
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d) for d in rows) + "\n")
    config = Config(db=str(tmp_path / "t.duckdb"), batch_size=4)

    def stop_after_two(counts):
        if counts.added >= 8:
            raise KeyboardInterrupt

    try:
        ingest(config, [str(docs)], on_batch=stop_after_two, pipeline=pipeline)
    except KeyboardInterrupt:
        pass
    assert len(snapshot(tmp_path / "t.duckdb")["documents"]) == 8
    report = ingest(config, [str(docs)], pipeline=pipeline)
    assert (report.counts.added, report.counts.unchanged) == (22, 8)
    resumed = snapshot(tmp_path / "t.duckdb")
    assert [d[0] for d in resumed["documents"]] == [r["id"] for r in rows]
    assert sum(n for _, _, n in resumed["documents"]) == len(resumed["mentions"]) > 0
    from dragoman.pipeline import Pipeline

    def no_model(self):
        raise AssertionError("a re-ingest must not load the models")

    monkeypatch.setattr(Pipeline, "setup", no_model)
    assert ingest(config, [str(docs)]).counts.unchanged == 30  # skipped before any coding


def crash(when: str, args: list[str], env: dict) -> None:
    """Run the ingest and SIGKILL it inside a transaction, just before the chosen COMMIT (crash_ingest.py)."""
    done = subprocess.run([sys.executable, str(CRASH), when, *args], env={**os.environ, **env},
                          capture_output=True, timeout=300)
    assert done.returncode == -signal.SIGKILL, done.stderr.decode()[-2000:]


def test_ingest_killed_inside_its_transactions_equals_a_clean_run(tmp_path, pipeline):
    """SIGKILL between a batch's inserts and its commit, then between the events swap and its commit;
    the resumed database holds exactly what one clean run writes."""
    from dragoman.config import Config
    from dragoman.ingest import ingest

    rows = short_docs(60) + [{"id": "no-text"}, {"id": "bad-date", "text": short_docs(61)[60]["text"],
                                                 "published": "2031-99-99"}]
    docs = tmp_path / "docs.jsonl"
    docs.write_text("\n".join(json.dumps(d) for d in rows) + "\n")
    ingest(Config(db=str(tmp_path / "clean.duckdb"), batch_size=5), [str(docs)], pipeline=pipeline)
    clean = snapshot(tmp_path / "clean.duckdb")
    db, env = tmp_path / "killed.duckdb", {"DRAGOMAN_BATCH_SIZE": "5"}
    args = ["ingest", str(docs), "--db", str(db), "--quiet"]

    crash("3", args, env)  # batches 1 and 2 committed, batch 3 written but not committed
    first = snapshot(db)
    assert len(first["documents"]) == 10 and first["events"] == []
    crash("swap", args, env)  # every batch committed; killed while swapping in the new events
    second = snapshot(db)
    assert second["documents"] == clean["documents"] and second["events"] == []
    resumed = run_cli(*args, env=env)
    assert resumed.returncode == 1, resumed.stderr.decode()  # the line without text stays a problem
    assert b"0 new, 0 updated, 61 unchanged" in resumed.stderr
    assert snapshot(db) == clean
    assert clean["problems"] and clean["mentions"] and clean["events"]
