"""Unusable publication dates: not dropped silently, but recorded as problems of the stored documents."""

from __future__ import annotations

import json
from datetime import date, timedelta

import duckdb
import pytest

from builders import CRAWL_URL, crawl_pages, crawl_warc, rss_feed
from conftest import run_cli
from dragoman.config import Config
from dragoman.errors import UsageError
from dragoman.ingest import ingest

TEXT = ("Police in Mali arrested three opposition leaders in Bamako on Sunday after thousands of people "
        "marched through the capital to demand elections, their party said.")
FUTURE = (date.today() + timedelta(days=40)).isoformat()


def dated_docs() -> list[dict]:
    page = crawl_pages()[CRAWL_URL + "story-1"]  # its own date: 2024-03-11
    return [
        {"id": "impossible", "text": TEXT, "published": "2031-99-99"},
        {"id": "words", "text": TEXT, "published": "not-a-date"},
        {"id": "placeholder", "text": TEXT, "published": "0001-01-01T00:00:00Z"},
        {"id": "future", "text": TEXT, "published": FUTURE},
        {"id": "contradicted", "html": page, "published": "2024-06-01"},
        {"id": "bad-but-dated-page", "html": page, "published": "2024-13-01"},
        {"id": "agrees", "html": page, "published": "2024-03-12T23:10:00+05:00"},
        {"id": "fine", "text": TEXT, "published": "2024-03-11"},
    ]


EXPECTED = {  # doc id -> (problem code, the publication date stored)
    "impossible": ("E109", None), "words": ("E109", None), "placeholder": ("E109", None),
    "future": ("E110", None), "contradicted": ("E111", "2024-06-01"),
    "bad-but-dated-page": ("E109", "2024-03-11"), "agrees": (None, "2024-03-12"), "fine": (None, "2024-03-11"),
}


def stored(db) -> tuple[dict, dict]:
    with duckdb.connect(str(db), read_only=True) as con:
        published = dict(con.execute("SELECT id, published FROM documents").fetchall())
        problems = dict(con.execute("SELECT doc_id, code FROM problems WHERE stage = 'metadata'").fetchall())
    return published, problems


def test_unusable_dates_are_problems_of_stored_documents(tmp_path, pipeline):
    path = tmp_path / "dated.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in dated_docs()) + "\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    report = ingest(Config(db=str(db)), [str(path)], pipeline=pipeline)
    assert (report.counts.added, report.counts.problems, report.counts.warnings) == (8, 0, 6)
    published, problems = stored(db)
    assert published == {doc: day for doc, (_, day) in EXPECTED.items()}
    assert problems == {doc: code for doc, (code, _) in EXPECTED.items() if code}
    messages = {p.doc_id: p.message for p in report.problems}
    assert "'2031-99-99' is not a date" in messages["impossible"] and "YYYY-MM-DD" in messages["impossible"]
    assert "lies in the future" in messages["future"]
    assert "2024-03-11 (the page's own date) is used instead" in messages["bad-but-dated-page"]
    assert """its "published" date 2024-06-01 contradicts the page's own date 2024-03-11""" in messages["contradicted"]
    assert "placeholder" in messages["placeholder"]

    fixed = [dict(d, published="2024-03-11") if d["id"] == "impossible" else d for d in dated_docs()]
    path.write_text("\n".join(json.dumps(d) for d in fixed) + "\n", encoding="utf-8")
    again = ingest(Config(db=str(db)), [str(path)], pipeline=pipeline)
    assert (again.counts.replaced, again.counts.unchanged, again.counts.warnings) == (1, 7, 0)
    published, problems = stored(db)
    assert published["impossible"] == "2024-03-11" and "impossible" not in problems  # the fix applies
    assert len(problems) == 5


@pytest.mark.parametrize("value", ["2031-99-99", FUTURE])
def test_an_unusable_default_date_is_a_usage_error(tmp_path, value):
    with pytest.raises(UsageError, match="--published"):
        ingest(Config(db=str(tmp_path / "t.duckdb")), [str(tmp_path)], published=value)


def test_the_ingest_summary_shows_versions_set_aside_and_metadata_problems(tmp_path):
    pages = crawl_pages()
    (tmp_path / "1-crawl.warc").write_bytes(crawl_warc(pages))
    (tmp_path / "2-feed.rss").write_text(rss_feed(pages), encoding="utf-8")
    (tmp_path / "3-dated.jsonl").write_text(json.dumps(dated_docs()[0]) + "\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    done = run_cli("ingest", str(tmp_path / "1-crawl.warc"), str(tmp_path / "2-feed.rss"),
                   str(tmp_path / "3-dated.jsonl"), "--db", str(db), "--quiet")
    err = done.stderr.decode()
    assert done.returncode == 0, err  # every document was stored
    assert "4 new, 0 updated, 0 unchanged documents; 3 later versions set aside" in err
    assert "0 problems; 1 with unusable metadata" in err
    assert "3-dated.jsonl:1: its publication date '2031-99-99' is not a date" in err
    bad = run_cli("ingest", str(tmp_path / "3-dated.jsonl"), "--db", str(db), "--published", "2020-02-30")
    assert bad.returncode == 2 and b"'2020-02-30' is not a date" in bad.stderr
