"""dragoman export: PLOVER JSONL, CSV, Parquet and GDELT-style TSV of a small database."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import run_cli
from dragoman.exporters import GDELT_COLUMNS, export_database
from dragoman.records import Actor, Article, Event, Place
from dragoman.store import Store

KYIV = Place("Kyiv", 0, 4, "Kyiv", "UKR", 50.45, 30.52, 703448, "city")


def event(doc: str, n: int, event_type: str = "ASSAULT", modality: tuple[str, ...] = (),
          text: str = "Russian forces shelled Kyiv on Sunday.") -> Event:
    return Event(id=f"{doc}-{n}", doc_id=doc, event_type=event_type, mode=None, modality=modality,
                 context=("military",), actor=(Actor("Russian forces", "Russia", "RUS", "MIL"),),
                 recipient=(Actor("Kyiv", "Ukraine", "UKR", "GOV"),), date="2022-03-13", date_text="Sunday",
                 location=KYIV, attribution=(), quote=None, text=text, start=0, end=len(text), confidence=0.9)


@pytest.fixture()
def db(tmp_path):
    path = str(tmp_path / "t.duckdb")
    with Store(path) as store:
        store.write_batch([
            (Article("a", "Russian forces shelled Kyiv on Sunday.", url="https://a.example/1",
                     published="2022-03-13", publisher="AFP"), [event("a", 1)], None),
            (Article("b", "Kyiv came under fire\tagain on Sunday.", url="https://b.example/2",
                     published="2022-03-14", publisher="TASS"),
             [event("b", 1, text="Kyiv came under fire\tagain on Sunday."),
              event("b", 2, "THREATEN", ("future",), "Russia will strike again, it said.")], None),
        ])
        store.rebuild_events()
    return path


def test_plover_jsonl_mentions_keep_the_record_and_add_cluster_and_source(db, tmp_path):
    out = tmp_path / "m.jsonl"
    assert export_database(db, "plover-jsonl", str(out)) == 3
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["a-1", "b-1", "b-2"]
    assert records[0]["event_id"] == records[1]["event_id"] != records[2]["event_id"]
    assert records[1]["source"]["url"] == "https://b.example/2" and records[1]["actor"][0]["code"] == "RUS"
    events = io.StringIO()
    assert export_database(db, "plover-jsonl", "-", table="events", stdout=events) == 2
    assault = next(json.loads(x) for x in events.getvalue().splitlines() if "ASSAULT" in x)
    assert (assault["n_mentions"], assault["n_articles"], assault["n_sources"]) == (2, 2, 2)
    assert assault["source_url"] == "https://a.example/1"  # the first report


def test_csv_both_tables(db):
    mentions, events = io.StringIO(), io.StringIO()
    export_database(db, "csv", "-", stdout=mentions)
    export_database(db, "csv", "-", table="events", stdout=events)
    rows = list(csv.DictReader(io.StringIO(mentions.getvalue())))
    assert [r["actor_code"] for r in rows] == ["RUS"] * 3 and rows[0]["event_id"]
    clusters = list(csv.DictReader(io.StringIO(events.getvalue())))
    assert sorted(r["n_mentions"] for r in clusters) == ["1", "2"]


def test_parquet(db, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    assert export_database(db, "parquet", str(tmp_path / "m.parquet")) == 3
    assert export_database(db, "parquet", str(tmp_path / "e.parquet"), table="events") == 2
    table = pq.read_table(tmp_path / "m.parquet")
    assert table.num_rows == 3 and {"event_id", "record", "actor_names"} <= set(table.column_names)
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 2


def test_gdelt_tsv(db, tmp_path):
    out = tmp_path / "g.tsv"
    assert export_database(db, "gdelt-tsv", str(out)) == 1  # the future THREATEN is left out
    lines = out.read_text().splitlines()
    assert len(lines) == 2 and all(len(line.split("\t")) == len(GDELT_COLUMNS) == 58 for line in lines)
    row = dict(zip(lines[0].split("\t"), lines[1].split("\t")))
    assert (row["SQLDATE"], row["MonthYear"], row["Year"]) == ("20220313", "202203", "2022")
    assert (row["Actor1Code"], row["Actor1Name"], row["Actor2CountryCode"]) == ("RUS", "RUSSIA", "UKR")
    assert (row["EventRootCode"], row["QuadClass"]) == ("19", "4")
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("2", "2", "2")
    assert (row["ActionGeo_FullName"], row["ActionGeo_Lat"]) == ("Kyiv", "50.45")
    assert row["SOURCEURL"] == "https://a.example/1"


def test_cli_export_and_usage_errors(db, tmp_path):
    ok = run_cli("export", "--db", db, "--format", "gdelt-tsv", "--out", str(tmp_path / "x.tsv"))
    assert ok.returncode == 0 and b"1 events" in ok.stderr
    bad = run_cli("export", "--db", db, "--format", "gdelt-tsv", "--table", "mentions", "--out", "-")
    assert bad.returncode == 2 and b"gdelt-tsv exports events" in bad.stderr
    assert run_cli("export", "--db", db, "--format", "parquet", "--out", "-").returncode == 2
    missing = run_cli("export", "--db", str(tmp_path / "none.duckdb"), "--format", "csv", "--out", "-")
    assert missing.returncode == 2 and b"does not exist" in missing.stderr


@pytest.mark.parametrize("event_type, modality, exported", [
    ("CONSULT", ("future",), ("AGREE", "consult")),  # "Berlin will host talks": a commitment
    ("ASSAULT", ("future",), ("THREATEN", "force")),  # "will strike": a threat
    ("SANCTION", ("future",), ("THREATEN", "sanction")),
    ("AGREE", ("future",), ("AGREE", None)),
    ("CONSULT", ("future", "negation"), ("CONSULT", None)),
    ("ASSAULT", (), ("ASSAULT", None)),
])
def test_plover_export_codes_announced_future_events_as_the_manual_does(tmp_path, event_type, modality, exported):
    path = str(tmp_path / "f.duckdb")
    with Store(path) as store:
        store.write_batch([(Article("f", "Text.", published="2022-03-13"), [event("f", 1, event_type, modality)], None)])
        store.rebuild_events()
    out = tmp_path / "f.jsonl"
    export_database(path, "plover-jsonl", str(out))
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert (record["event_type"], record["mode"]) == exported
    assert record["modality"] == list(modality)
    csv_out = tmp_path / "f.csv"
    export_database(path, "csv", str(csv_out))
    assert event_type in csv_out.read_text()  # the other formats keep the recorded type
