"""The CLI as a user runs it: real subprocesses, real models, real database."""

import json

import pytest

from conftest import SAMPLE, run_cli


def records(stdout: bytes) -> list[dict]:
    return [json.loads(line) for line in stdout.decode().splitlines() if line.strip()]


def test_code_sample_prints_valid_records():
    result = run_cli("code", str(SAMPLE), "--published", "2020-01-14")
    assert result.returncode == 0, result.stderr.decode()
    found = records(result.stdout)
    assert len(found) >= 8
    for record in found:
        for boiler in ("Next Story", "Share it", "Millennium Post"):
            assert boiler not in record["text"]


def test_code_reads_stdin_jsonl():
    line = json.dumps({"id": "s1", "text": "Police arrested 40 protesters in Lagos on Monday.",
                       "published": "2021-05-04"})
    result = run_cli("code", "-", input=line.encode())
    assert result.returncode == 0, result.stderr.decode()
    [record] = [r for r in records(result.stdout) if r["event_type"] == "COERCE"]
    assert record["doc_id"] == "s1" and record["date"] == "2021-05-03"


def test_usage_errors_exit_2():
    result = run_cli("code", str(SAMPLE), "--published", "14/01/2020")
    assert result.returncode == 2
    assert b"YYYY-MM-DD" in result.stderr and b"Traceback" not in result.stderr


@pytest.fixture()
def bad_inputs(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Reuters\n\nTalks end\n\nKABUL: Taliban fighters attacked a police post in Kabul on Monday, "
        "killing four officers, the interior ministry said.")
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 40)
    (folder / "empty.txt").write_text("")
    (folder / "no-article.html").write_text(
        "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a> <a href='/a'>About</a>"
        "</nav></body></html>")
    (folder / "latin1.txt").write_bytes(
        "Demonstrators in Bogotá protested against the government's tax reform on Wednesday, "
        "and police detained dozens of them near the presidential palace.".encode("latin-1"))
    (folder / "broken.html").write_text(
        "<html><body><div><p>Israeli troops raided the Jenin refugee camp on Tuesday and arrested "
        "twelve Palestinians, the army said.<p>The raid followed weeks of clashes in the northern "
        "West Bank, where militants have attacked soldiers.<div><b>unclosed")
    with (folder / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    return folder


def test_bad_inputs_are_reported_and_the_rest_is_coded(bad_inputs, tmp_path):
    db = tmp_path / "bad.duckdb"
    result = run_cli("ingest", str(bad_inputs), "--db", str(db), "--quiet")
    err = result.stderr.decode()
    assert result.returncode == 1, err
    assert "Traceback" not in err
    assert "looks binary" in err
    assert "empty" in err
    assert "--max-bytes" in err and "5,000,000" in err
    assert "no article text" in err or "no article" in err
    assert "3 new" in err  # good.txt, latin1.txt, broken.html
    listed = run_cli("events", "--db", str(db), "--format", "jsonl", "--limit", "1000")
    texts = " ".join(r["text"] for r in records(listed.stdout))
    assert "Bogotá" in texts and "Jenin" in texts and "Kabul" in texts
    again = run_cli("ingest", str(bad_inputs), "--db", str(db), "--quiet")
    assert "0 new" in again.stderr.decode() and "3 unchanged" in again.stderr.decode()
    relisted = run_cli("events", "--db", str(db), "--format", "jsonl", "--limit", "1000")
    assert len(records(relisted.stdout)) == len(records(listed.stdout))


def test_events_query_formats(tmp_path):
    db = tmp_path / "q.duckdb"
    assert run_cli("ingest", str(SAMPLE), "--db", str(db), "--published", "2020-01-14", "--quiet").returncode == 0
    table = run_cli("events", "--db", str(db), "--actor", "Haftar")
    assert table.returncode == 0 and b"Haftar" in table.stdout
    csv_out = run_cli("events", "--db", str(db), "--type", "SUPPORT", "--format", "csv")
    lines = csv_out.stdout.decode().splitlines()
    assert lines[0].startswith("id,doc_id,event_type") and len(lines) >= 3
    missing = run_cli("events", "--db", str(tmp_path / "nope.duckdb"))
    assert missing.returncode == 2 and b"does not exist" in missing.stderr
