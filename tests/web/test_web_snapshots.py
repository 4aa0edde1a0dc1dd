"""Serving while another process writes: the server reads its own snapshot and renews it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from .sample_db import DOCS, write_docs
from dragoman.records import Article

pytest.importorskip("fastapi")

HOLD_LOCK = textwrap.dedent("""
    import sys
    from dragoman.records import Article
    from dragoman.store import Store
    with Store(sys.argv[1]) as store:   # a writer: holds DuckDB's lock until it exits
        store.write_batch([(Article("late", "A late article."), [], None)])
        print("locked", flush=True)
        sys.stdin.readline()
""")


def make_client(db: str, folder: Path, **options):
    from fastapi.testclient import TestClient

    from dragoman.web import create_app

    return TestClient(create_app(db, snapshot_dir=str(folder), check_every=0.0, **options))


def wait_for(check, seconds: float = 30.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


@pytest.fixture()
def writer(tmp_path):
    """Start a process that holds the write lock of a database; ``release()`` ends it."""
    started = []

    def start(db: str) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, db], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)
        assert proc.stdout.readline().strip() == "locked"
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.communicate("\n", timeout=30)


def release(proc: subprocess.Popen) -> None:
    proc.communicate("\n", timeout=30)
    assert proc.returncode == 0


def test_new_data_is_served_after_it_is_written(tmp_path):
    db = str(tmp_path / "t.duckdb")
    write_docs(db, DOCS[:1])
    with make_client(db, tmp_path / "snap") as client:
        before = client.get("/api/health").json()
        assert before["counts"]["documents"] == 1
        time.sleep(0.01)
        write_docs(db, DOCS[1:])
        after = wait_for(lambda: (h := client.get("/api/health").json())["counts"]["documents"] == 3 and h)
        assert after["last_updated"] >= before["last_updated"]
        assert client.get("/api/events", params={"country": "NGA"}).json()["total"] == 2
    assert not list((tmp_path / "snap").iterdir())  # old and last snapshots removed


def test_a_writer_holding_the_lock_does_not_stop_serving(tmp_path, writer):
    db = str(tmp_path / "t.duckdb")
    write_docs(db)
    with make_client(db, tmp_path / "snap") as client:
        proc = writer(db)
        health = wait_for(lambda: (h := client.get("/api/health").json())["snapshot"]["writer_active"] and h)
        assert health["counts"]["documents"] == 3  # the last snapshot, taken before the writer came
        assert client.get("/api/events").json()["total"] == 8
        release(proc)
        health = wait_for(lambda: (h := client.get("/api/health").json())["counts"]["documents"] == 4 and h)
        assert health["snapshot"]["writer_active"] is False


def test_starting_while_locked_answers_503_then_serves(tmp_path, writer):
    db = str(tmp_path / "t.duckdb")
    write_docs(db)
    proc = writer(db)
    with make_client(db, tmp_path / "snap", open_wait=0.2) as client:
        response = client.get("/api/events")
        assert response.status_code == 503
        assert response.json()["error"]["code"] == "E201" and "retry" in response.json()["error"]["message"]
        release(proc)
        wait_for(lambda: client.get("/api/events").status_code == 200)
        assert client.get("/api/events").json()["total"] == 8


def test_serving_goes_on_during_a_real_ingest(tmp_path):
    """`dragoman ingest` in another process while requests keep coming."""
    db = str(tmp_path / "t.duckdb")
    write_docs(db)
    source = tmp_path / "new.jsonl"
    lines = [{"id": f"n{i}", "text": f"Police arrested {i + 2} protesters in Lagos on Monday.",
              "published": "2021-05-04"} for i in range(30)]
    source.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    # One document per batch: the ingest writes (and holds the file) while it codes all 30.
    env = {**os.environ, "PYTHONWARNINGS": "ignore", "DRAGOMAN_BATCH_SIZE": "1"}
    with make_client(db, tmp_path / "snap") as client:
        ingest = subprocess.Popen([sys.executable, "-m", "dragoman", "ingest", str(source), "--db", db, "--quiet"],
                                  stderr=subprocess.PIPE, env=env)
        statuses, writer_seen = set(), False
        while ingest.poll() is None:
            health = client.get("/api/health")
            statuses |= {health.status_code, client.get("/api/events", params={"limit": 5}).status_code}
            writer_seen |= health.json()["snapshot"]["writer_active"]
            time.sleep(0.05)
        assert ingest.returncode == 0, ingest.stderr.read().decode()
        assert statuses == {200} and writer_seen
        wait_for(lambda: client.get("/api/documents/n29").status_code == 200)
        assert client.get("/api/health").json()["counts"]["documents"] == 33


def test_replaced_documents_show_up(tmp_path):
    db = str(tmp_path / "t.duckdb")
    write_docs(db)
    with make_client(db, tmp_path / "snap") as client:
        assert client.get("/api/documents/c").json()["title"] == "Sanctions"
        article, events = DOCS[2]
        changed = Article(article.doc_id, article.text + " Again.", title="Sanctions, again")
        write_docs(db, [(changed, events[:1])])
        wait_for(lambda: client.get("/api/documents/c").json()["title"] == "Sanctions, again")
        assert [e["id"] for e in client.get("/api/documents/c").json()["events"]] == ["c-1"]
