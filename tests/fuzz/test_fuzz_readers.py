"""Property-based fuzzing of every reader and of extraction: whatever the bytes, the result is
documents or coded problems that name the input, never an exception (budget.py runs the rounds)."""

from __future__ import annotations

import gzip
import io
import json
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import given, strategies as st

from builders import ATOM, crawl_pages, crawl_warc, rss_feed, warc_record
from dragoman import errors
from dragoman.ingest import check_published
from dragoman.records import Problem, RawDoc
from dragoman.sources import iter_inputs, read_stream
from dragoman.stages.extract import extract

from .budget import damaged, fuzz

CODES = {cls.code for cls in vars(errors).values() if isinstance(cls, type) and issubclass(cls, errors.DragomanError)}
MAX_BYTES = 200_000
PAGES = crawl_pages()
HTML = [page.encode() for page in PAGES.values()]
SAMPLE = Path(errors.__file__).with_name("demo") / "millennium-post-haftar-moscow.txt"
TEXT = [SAMPLE.read_bytes(), b"KABUL: Taliban fighters attacked a police post on Monday, officials said.\n"]
JSONL = [b"\n".join(json.dumps(d).encode() for d in (
    {"id": "a", "text": TEXT[1].decode(), "published": "2024-03-11", "url": "https://x.example/a"},
    {"id": 7, "html": HTML[0].decode(), "title": ["not", "a", "string"], "published": 20240311},
    {"text": "Police arrested ten people in Lagos on Monday.", "source": None}))]
FEEDS = [rss_feed(PAGES).encode(), ATOM.encode()]
WARC = [crawl_warc(PAGES), b"".join(gzip.compress(warc_record(url, page.encode(), number=n))
                                    for n, (url, page) in enumerate(PAGES.items(), 1))]
SEEDS = {".html": HTML, ".txt": TEXT, ".jsonl": JSONL, ".rss": FEEDS, ".xml": FEEDS, ".atom": FEEDS,
         ".warc": WARC, ".warc.gz": WARC}


def check_items(items: list, origin: str) -> list[RawDoc]:
    """Every item a document or a problem with a known code whose message names the input."""
    for item in items:
        assert isinstance(item, (RawDoc, Problem)), item
        if isinstance(item, Problem):
            assert item.code in CODES and origin in item.message, item
        else:
            assert item.content_type in ("html", "text") and isinstance(item.content, bytes), item
            assert len(item.content) <= MAX_BYTES
    return [i for i in items if isinstance(i, RawDoc)]


def check_extraction(docs: list[RawDoc]) -> None:
    """Extraction gives an article or refuses with a coded InputError, nothing else."""
    for doc in docs:
        try:
            article = extract(doc)
        except errors.InputError as err:
            assert err.code in CODES and err.message
            continue
        assert article.text.strip() and (article.published is None or date.fromisoformat(article.published))


def read_file(suffix: str, data: bytes) -> list:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        items = list(iter_inputs([str(path)], MAX_BYTES))
        return check_items(items, str(path))


@given(suffix=st.sampled_from(sorted(SEEDS)), data=st.data())
def any_file_reads_cleanly(suffix: str, data) -> None:
    damaged_input = data.draw(damaged(SEEDS[suffix]))
    check_extraction(read_file(suffix, damaged_input))


@given(data=st.one_of(damaged([s for seeds in SEEDS.values() for s in seeds]), st.binary(max_size=2000)))
def any_stdin_reads_cleanly(data: bytes) -> None:
    check_extraction(check_items(list(read_stream(io.BytesIO(data), "stdin", MAX_BYTES)), "stdin"))


JSON_VALUE = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
                          lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                                        max_size=3), max_leaves=8)
FIELD = st.sampled_from(["id", "text", "html", "url", "title", "published", "source", "other"])
BODY = st.one_of(st.text(max_size=300), st.sampled_from([t.decode("utf-8", "replace") for t in TEXT + HTML]))


@given(lines=st.lists(st.one_of(
    st.dictionaries(FIELD, st.one_of(JSON_VALUE, BODY), max_size=6).map(json.dumps),
    JSON_VALUE.map(json.dumps), st.text(max_size=80)), max_size=6))
def any_jsonl_reads_cleanly(lines: list[str]) -> None:
    data = "\n".join(line.replace("\n", " ") for line in lines).encode("utf-8", "surrogatepass")
    check_extraction(read_file(".jsonl", data))


@given(cut=st.floats(0, 1), compress=st.booleans())
def a_cut_warc_keeps_the_records_before_the_cut(cut: float, compress: bool) -> None:
    records = [warc_record(url, page.encode(), number=n) for n, (url, page) in enumerate(PAGES.items(), 1)]
    parts = [gzip.compress(r) for r in records] if compress else records
    data = b"".join(parts)
    at = int(cut * len(data))
    docs = read_file(".warc.gz" if compress else ".warc", data[:at])
    whole = sum(1 for n in range(len(parts)) if len(b"".join(parts[:n + 1])) <= at)
    assert [d.url for d in docs][:whole] == list(PAGES)[:whole]


@given(record=st.sampled_from(range(3)), delta=st.integers(-3000, 3000), header=st.sampled_from(["warc", "http"]))
def a_wrong_length_is_a_problem_not_a_crash(record: int, delta: int, header: str) -> None:
    records = [warc_record(url, page.encode(), number=n) for n, (url, page) in enumerate(PAGES.items(), 1)]
    head, _, rest = records[record].partition(b"Content-Length: ")
    if header == "http":
        http_head, _, http_rest = rest.partition(b"Content-Length: ")
        head, rest = head + b"Content-Length: " + http_head, http_rest
    length, _, tail = rest.partition(b"\r\n")
    records[record] = head + b"Content-Length: " + str(max(0, int(length) + delta)).encode() + b"\r\n" + tail
    check_extraction(read_file(".warc", b"".join(records)))


DATES = st.one_of(st.text(max_size=30), st.dates().map(str), st.datetimes().map(lambda d: d.isoformat()),
                  st.from_regex(r"\A\d{4}-\d{2}-\d{2}\Z"))


@given(value=DATES)
def any_publication_date_is_checked_cleanly(value: str) -> None:
    check = check_published(value, date(2026, 1, 1))
    assert check.error in (None, errors.BadDate, errors.FutureDate)


def test_files_of_every_kind():
    fuzz(any_file_reads_cleanly)


def test_standard_input():
    fuzz(any_stdin_reads_cleanly)


def test_jsonl_lines():
    fuzz(any_jsonl_reads_cleanly)


def test_warc_cut_short():
    fuzz(a_cut_warc_keeps_the_records_before_the_cut)


def test_warc_wrong_lengths():
    fuzz(a_wrong_length_is_a_problem_not_a_crash)


def test_publication_dates():
    fuzz(any_publication_date_is_checked_cleanly)


WORDS = st.sampled_from(["Police", "arrested", "attacked", "met", "the", "Russia", "Ukraine", "on", "Monday", "in",
                         "Kyiv", "said", "not", "will", "talks", "\u201cwe", "reject\u201d", "U.N.", "3", "March",
                         "2024", "-", ",", ".", "\n\n", "TRIPOLI:", "'s", "who", "and", "(", ")", "\u00e9", "\u200b"])
NEWS = st.lists(WORDS, max_size=60).map(" ".join)


def test_whole_pipeline(pipeline):
    """Coding (ingest's code_batch: date checks, extraction, spaCy, the coder) of any text."""
    from dragoman.ingest import code_batch

    @given(texts=st.lists(st.one_of(NEWS, st.text(max_size=200)), min_size=1, max_size=3),
           published=st.one_of(st.none(), DATES))
    def any_document_is_coded_or_a_problem(texts: list[str], published) -> None:
        raws = [RawDoc(f"d{n}", text.encode("utf-8", "surrogatepass"), "text", f"doc{n}", published=published)
                for n, text in enumerate(texts)]
        for article, events, problem, _, _, notes in code_batch(pipeline, raws, None, None):
            assert (article is None) != (problem is None)
            assert all(note.code in CODES for note in notes)
            assert all(0 <= e.start <= e.end <= len(article.text) for e in events)

    fuzz(any_document_is_coded_or_a_problem)
