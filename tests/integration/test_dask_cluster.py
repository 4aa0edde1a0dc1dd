"""A Dask cluster started by hand (`dask scheduler` + `dask worker`, as on several machines), used with
`dragoman ingest --scheduler ADDRESS`: the database holds exactly what one process stores."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import run_cli
from dragoman.config import Config
from dragoman.ingest import ingest
from test_resume import short_docs

pytest.importorskip("distributed")
DASK = Path(sys.executable).with_name("dask")


def full_snapshot(db: Path) -> dict:
    """Every stored row that coding decides (not the ingestion times)."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            "documents": con.execute("SELECT id, title, published, language, text, text_hash, n_events, "
                                     "duplicate_of, raw_hash, minhash FROM documents ORDER BY id").fetchall(),
            "mentions": con.execute("SELECT id, doc_id, record FROM mentions ORDER BY id").fetchall(),
            "events": con.execute("SELECT * FROM events ORDER BY id").fetchall(),
            "links": con.execute("SELECT * FROM event_mentions ORDER BY ALL").fetchall(),
            "problems": con.execute("SELECT origin, stage, code FROM problems ORDER BY ALL").fetchall(),
        }


@pytest.fixture
def cluster(tmp_path):
    """A scheduler and two single-threaded worker processes, each started as its own command."""
    if not DASK.exists():
        pytest.skip("the dask command is not installed")
    address_file = tmp_path / "scheduler.json"
    started = [subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                 "--scheduler-file", str(address_file)], cwd=tmp_path,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not address_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        address = json.loads(address_file.read_text())["address"]
        for _ in range(2):
            started.append(subprocess.Popen([str(DASK), "worker", address, "--nthreads", "1", "--no-dashboard",
                                             "--host", "127.0.0.1"], cwd=tmp_path,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for proc in reversed(started):
            proc.terminate()
        for proc in started:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()


def test_a_cluster_started_by_hand_stores_what_one_process_stores(tmp_path, pipeline, cluster):
    rows = short_docs(48)
    rows[9]["text"] = rows[2]["text"] + " Reporting by staff."  # a near-duplicate, linked the same way
    rows.append({"id": "foreign", "text": "Le gouvernement a annoncé mardi une nouvelle série de mesures pour "
                 "les agriculteurs qui manifestent depuis des semaines contre la hausse des prix."})
    docs = tmp_path / "docs.jsonl"
    docs.write_text("".join(json.dumps(r) + "\n" for r in rows))
    one = tmp_path / "one.duckdb"
    ingest(Config(db=str(one), batch_size=4), [str(docs)], pipeline=pipeline)
    many = tmp_path / "many.duckdb"
    done = run_cli("ingest", str(docs), "--db", str(many), "--scheduler", cluster, "--quiet",
                   env={"DRAGOMAN_BATCH_SIZE": "4"})
    assert done.returncode == 1, done.stderr.decode()  # 1: the French page is refused, the rest is coded
    assert b"48 new" in done.stderr and b"is not in English" in done.stderr
    expected, got = full_snapshot(one), full_snapshot(many)
    assert len(expected["documents"]) == 48 and len(expected["mentions"]) > 40 and expected["events"]
    assert [d[0] for d in got["documents"] if d[7]] == ["resume-0009"]
    assert got == expected
