"""WARC and RSS/Atom inputs: tiny files written by the tests, read, extracted and coded."""

from __future__ import annotations

import gzip
import io

import pytest

from builders import ATOM, warc_record
from dragoman.records import Problem, RawDoc
from dragoman.sources import iter_inputs, read_stream

ARTICLE = ("<html><head><title>Troops attack rebels</title></head><body><article>"
           "<h1>Troops attack rebels</h1>"
           "<p>Government troops attacked rebel positions near Benghazi on Monday, the army said, "
           "in the heaviest fighting in the east of Libya this year.</p>"
           "<p>The United Nations urged both sides to return to talks in Geneva.</p>"
           "</article></body></html>")


def news_warc() -> list[bytes]:
    return [
        warc_record("https://news.example/a", ARTICLE.encode(), number=1),
        warc_record("https://news.example/a", b"", record_type="request", number=2),
        warc_record("https://news.example/logo.png", b"\x89PNG\r\n", ctype="image/png", number=3),
        warc_record("https://news.example/old", b"", status="301 Moved Permanently", number=4),
        warc_record("https://news.example/b", ARTICLE.replace("Benghazi", "Sirte").encode("cp1252"),
                    ctype="text/html; charset=windows-1252", number=5),
    ]


@pytest.mark.parametrize("suffix,compress", [(".warc", False), (".warc.gz", True)])
def test_warc_yields_html_responses_only(tmp_path, suffix, compress):
    path = tmp_path / f"crawl{suffix}"
    records = news_warc()
    path.write_bytes(b"".join(gzip.compress(r) for r in records) if compress else b"".join(records))
    items = list(iter_inputs([str(path)], max_bytes=100_000))
    assert [type(i) for i in items] == [RawDoc, RawDoc]
    assert [d.url for d in items] == ["https://news.example/a", "https://news.example/b"]
    assert all(d.content_type == "html" for d in items)
    assert "Sirte" in items[1].content.decode("utf-8")


def test_warc_limits_and_damage(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    data = b"".join(gzip.compress(r) for r in news_warc())
    path.write_bytes(data[:-30])  # the last record is cut short
    items = list(iter_inputs([str(path)], max_bytes=100_000))
    assert isinstance(items[0], RawDoc) and isinstance(items[-1], Problem)
    assert items[-1].code == "E108"
    small = list(iter_inputs([str(tmp_path / "crawl.warc.gz")], max_bytes=100))
    assert {p.code for p in small if isinstance(p, Problem)} >= {"E103"}


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example Wire</title>
<item><title>Troops attack rebels</title><link>https://wire.example/1</link><guid>wire-1</guid>
<pubDate>Mon, 13 Jan 2020 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Government troops attacked rebel positions near Benghazi on Monday, the army
said, in the heaviest fighting in the east of Libya this year.&lt;/p&gt;</description></item>
<item><title>Empty</title><link>https://wire.example/2</link></item>
</channel></rss>"""


def test_rss_and_atom_entries_become_documents(tmp_path):
    (tmp_path / "wire.rss").write_text(RSS)
    (tmp_path / "desk.xml").write_text(ATOM)
    items = list(iter_inputs([str(tmp_path)], max_bytes=100_000))
    docs = {d.url: d for d in items if isinstance(d, RawDoc)}
    problems = [p for p in items if isinstance(p, Problem)]
    assert set(docs) == {"https://wire.example/1", "https://atom.example/1"}
    assert [p.code for p in problems] == ["E102"]
    wire = docs["https://wire.example/1"]
    assert (wire.title, wire.published, wire.source, wire.content_type) == \
        ("Troops attack rebels", "2020-01-13", "Example Wire", "html")
    assert docs["https://atom.example/1"].published == "2020-02-03"
    again = [d for d in iter_inputs([str(tmp_path / "wire.rss")], 100_000) if isinstance(d, RawDoc)]
    assert again[0].doc_id == wire.doc_id


def test_feed_on_stdin_and_non_feed_xml(tmp_path):
    items = list(read_stream(io.BytesIO(ATOM.encode()), "stdin", 100_000))
    assert [type(i) for i in items] == [RawDoc]
    (tmp_path / "sitemap.rss").write_text("<urlset><url><loc>x</loc></url></urlset>")
    [problem] = list(iter_inputs([str(tmp_path / "sitemap.rss")], 100_000))
    assert problem.code == "E107"


def test_warc_and_feed_documents_are_coded(tmp_path, pipeline):
    (tmp_path / "crawl.warc").write_bytes(warc_record("https://news.example/a", ARTICLE.encode()))
    (tmp_path / "wire.rss").write_text(RSS)
    results = list(pipeline.run(iter_inputs([str(tmp_path)], max_bytes=100_000)))
    coded = [r for r in results if r.article is not None]
    assert len(coded) == 2
    assert all("Benghazi" in r.article.text for r in coded)
    assert all(any(e.event_type == "ASSAULT" for e in r.events) for r in coded)


@pytest.mark.parametrize("compress", [False, True])
def test_warc_on_stdin_streams(compress):
    records = news_warc()
    data = b"".join(gzip.compress(r) for r in records) if compress else b"".join(records)
    items = list(read_stream(io.BytesIO(data), "stdin", max_bytes=100_000))
    assert [d.url for d in items] == ["https://news.example/a", "https://news.example/b"]
    assert items[0].origin.startswith("stdin#1")


def test_directories_are_walked_in_name_order_without_hidden_files(tmp_path):
    for name in ("b/2.txt", "b/1.txt", "a.txt", ".git/x.txt", "c/.hidden.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"Police arrested people in Lagos ({name}).")
    origins = [i.origin for i in iter_inputs([str(tmp_path)], max_bytes=1000)]
    assert [o.removeprefix(str(tmp_path) + "/") for o in origins] == ["a.txt", "b/1.txt", "b/2.txt"]
