"""A crawl and a feed of the same stories, in either order, and a true revision: the full articles'
events are what the database keeps; what loses stays in document_versions and mention_versions."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from builders import CRAWL_URL, crawl_pages, crawl_warc, rss_feed
from dragoman.config import Config
from dragoman.ingest import ingest


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    pages = crawl_pages()
    (folder / "crawl.warc").write_bytes(crawl_warc(pages))
    (folder / "feed.rss").write_text(rss_feed(pages), encoding="utf-8")
    first = CRAWL_URL + "story-1"
    revised = pages[first].replace("arrested three opposition leaders", "arrested four opposition leaders").replace(
        "<p>The government rejected", "<p>A fourth party leader was detained on Monday evening, the party said.</p>"
                                      "\n<p>The government rejected")
    (folder / "revised.warc").write_bytes(crawl_warc({first: revised}))
    recapture = pages[first].replace("<nav>", "<nav class='menu'>")  # the same article, other bytes
    (folder / "recapture.warc").write_bytes(crawl_warc({first: recapture}))
    return folder


def run(db: Path, path: Path, pipeline):
    return ingest(Config(db=str(db)), [str(path)], pipeline=pipeline)


def state(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            "documents": con.execute("SELECT id, text_hash, url FROM documents ORDER BY id").fetchall(),
            "mentions": con.execute("SELECT id, doc_id FROM mentions ORDER BY id").fetchall(),
            "versions": con.execute("SELECT id, status, reason, n_events FROM document_versions "
                                    "ORDER BY id, set_aside_at").fetchall(),
            "kept_mentions": con.execute("SELECT id, doc_id FROM mention_versions ORDER BY id").fetchall(),
        }


@pytest.fixture(scope="module")
def crawl_only(inputs, pipeline, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("crawl") / "crawl.duckdb"
    report = run(db, inputs / "crawl.warc", pipeline)
    assert (report.counts.added, report.counts.events) == (3, len(state(db)["mentions"]))
    return state(db)


@pytest.fixture(scope="module")
def feed_only(inputs, pipeline, tmp_path_factory) -> dict:
    db = tmp_path_factory.mktemp("feed") / "feed.duckdb"
    run(db, inputs / "feed.rss", pipeline)
    return state(db)


def test_the_feed_teasers_are_shorter_versions_of_the_same_documents(crawl_only, feed_only):
    assert [d[0] for d in feed_only["documents"]] == [d[0] for d in crawl_only["documents"]]
    assert 0 < len(feed_only["mentions"]) < len(crawl_only["mentions"]) / 1.5


def test_crawl_then_feed_keeps_the_full_articles_events(tmp_path, inputs, pipeline, crawl_only, feed_only):
    db = tmp_path / "t.duckdb"
    run(db, inputs / "crawl.warc", pipeline)
    report = run(db, inputs / "feed.rss", pipeline)
    assert (report.counts.declined, report.counts.replaced, report.counts.added) == (3, 0, 0)
    after = state(db)
    assert (after["documents"], after["mentions"]) == (crawl_only["documents"], crawl_only["mentions"])
    assert [v[1:3] for v in after["versions"]] == [("declined", "shorter")] * 3
    assert after["kept_mentions"] == feed_only["mentions"]  # the teasers' events are kept apart
    again = run(db, inputs / "feed.rss", pipeline)  # a feed fetched again is not coded again
    assert (again.counts.unchanged, again.counts.declined) == (3, 0)
    assert state(db) == after


def test_feed_then_crawl_the_full_articles_replace_the_teasers(tmp_path, inputs, pipeline, crawl_only, feed_only):
    db = tmp_path / "t.duckdb"
    run(db, inputs / "feed.rss", pipeline)
    report = run(db, inputs / "crawl.warc", pipeline)
    assert (report.counts.replaced, report.counts.declined) == (3, 0)
    after = state(db)
    assert (after["documents"], after["mentions"]) == (crawl_only["documents"], crawl_only["mentions"])
    assert [v[1:3] for v in after["versions"]] == [("superseded", "fuller")] * 3
    assert after["kept_mentions"] == feed_only["mentions"]
    assert run(db, inputs / "feed.rss", pipeline).counts.unchanged == 3
    assert state(db) == after


def test_a_true_revision_replaces_and_the_first_version_stays_traceable(tmp_path, inputs, pipeline, crawl_only):
    db = tmp_path / "t.duckdb"
    run(db, inputs / "crawl.warc", pipeline)
    report = run(db, inputs / "revised.warc", pipeline)
    assert (report.counts.replaced, report.counts.declined) == (1, 0)
    after = state(db)
    with duckdb.connect(str(db), read_only=True) as con:
        text, doc_id = con.execute("SELECT text, id FROM documents WHERE url = ?", [CRAWL_URL + "story-1"]).fetchone()
        first = con.execute("SELECT reason, text, n_events FROM document_versions WHERE id = ?", [doc_id]).fetchone()
    assert "four opposition leaders" in text and "fourth party leader" in text
    assert first[0] == "revision" and "three opposition leaders" in first[1]
    assert sorted(m for m in after["kept_mentions"]) == [m for m in crawl_only["mentions"] if m[1] == doc_id]
    assert first[2] == len(after["kept_mentions"])
    assert {m for m in after["mentions"] if m[1] != doc_id} == {m for m in crawl_only["mentions"] if m[1] != doc_id}
    old = run(db, inputs / "recapture.warc", pipeline)  # the first version, captured again later
    assert (old.counts.declined, old.counts.replaced) == (1, 0)
    assert state(db) == after
