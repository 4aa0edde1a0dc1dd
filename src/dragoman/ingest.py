"""Ingest: sources -> batches -> coding (here or on Dask workers) -> one writer -> event clusters.

This module drives the run; ``distributed`` only runs ``code_batch`` on Dask workers when asked.

Resumable and idempotent: every batch is one transaction, and an input already stored from the
same bytes (same document id and raw hash) is skipped before any coding, so a run killed at any
moment and started again neither loses nor repeats a document, and re-ingesting is a no-op.

Publication dates are checked before coding: one that is no date, or lies in the future, is not
used (the page's own date, or none, is), and one that contradicts the page's own date is kept;
each case is a coded problem of stage "metadata" stored with the document (docs/record.md).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

from .config import Config
from .dedup import DedupSettings, fingerprint
from .errors import BadDate, DateConflict, FutureDate, InputError, UsageError, WorkerLost
from .records import Article, Problem, RawDoc, content_hash
from .store import WriteCounts

MAX_LISTED_PROBLEMS = 20
# (article, events, problem, fingerprint, raw_hash, notes): what Store.write_batch takes
Coded = tuple
METADATA_STAGE = "metadata"
EARLIEST_PUBLISHED = date(1800, 1, 1)  # earlier dates are placeholders ("0001-01-01"), not news
FUTURE_SLACK = timedelta(days=1)  # a date up to a day ahead is a time zone, not the future
CONFLICT_DAYS = 2  # the input's date and the page's may differ by this much (time zones, late updates)


@dataclass(frozen=True)
class Batch:
    """Inputs to code together, and how many inputs before them were skipped as already stored."""

    items: tuple[RawDoc | Problem, ...]
    skipped: int = 0


@dataclass(frozen=True)
class IngestReport:
    counts: WriteCounts
    events: int  # event clusters in the database after this run
    problems: tuple[Problem, ...]  # the first MAX_LISTED_PROBLEMS (metadata ones too); all are in the problems table


@dataclass(frozen=True)
class DateCheck:
    """An input's publication date as checked before coding: ``error`` when it cannot be used."""

    given: str | None
    error: type[InputError] | None = None


def ingest(config: Config, paths: Iterable[str], published: str | None = None, url: str | None = None,
           on_batch: Callable[[WriteCounts], None] | None = None, stdin: BinaryIO | None = None,
           pipeline=None) -> IngestReport:
    """Code the documents under ``paths`` into ``config.db``; ``on_batch`` sees the running counts.

    ``pipeline``: a Pipeline already set up in this process, to reuse (else one is built when needed).
    """
    from .cluster import ClusterSettings
    from .sources import iter_inputs
    from .store import Store

    check_default_date(published)
    total, listed = WriteCounts(), []
    dedup = DedupSettings.from_config(config)
    with Store(config.db, dedup=dedup, memory_limit=config.db_memory_limit) as store:
        store.set_memory_limit(config.db_cache_limit, "db_cache_limit")  # a long ingest's memory stays flat
        batches = new_batches(store, iter_inputs(paths, config.max_bytes, stdin), config.batch_size,
                              published, url)
        for coded, skipped in code_batches(config, batches, published, url, pipeline):
            counts = (store.write_batch(coded) if coded else WriteCounts()) + WriteCounts(unchanged=skipped)
            total += counts
            listed += [p for c in coded for p in (c[2], *c[5]) if p is not None][:MAX_LISTED_PROBLEMS - len(listed)]
            if on_batch is not None:
                on_batch(total)
        store.set_memory_limit(config.db_memory_limit)  # clustering sorts: room to do it in memory
        n_events = store.rebuild_events(ClusterSettings.from_config(config))
    return IngestReport(total, n_events, tuple(listed))


def code_batches(config: Config, batches: Iterable[Batch], published: str | None, url: str | None,
                 pipeline=None) -> Iterator[tuple[list[Coded], int]]:
    """(coded items, skipped count) per batch, in order: on Dask when configured, else here."""
    if config.scheduler or config.workers > 1:
        from .distributed import map_batches

        for batch, outcome in map_batches(config, batches, code_batch, published, url):
            yield (lost_batch(batch, outcome) if isinstance(outcome, WorkerLost) else outcome), batch.skipped
        return
    for batch in batches:
        if not batch.items:
            yield [], batch.skipped
            continue
        if pipeline is None:  # loaded on the first batch with work: a re-ingest loads no model
            from .pipeline import Pipeline

            pipeline = Pipeline(config).setup()
        yield code_batch(pipeline, batch.items, published, url), batch.skipped


def new_batches(store, items: Iterable[RawDoc | Problem], size: int, published: str | None,
                url: str | None) -> Iterator[Batch]:
    """Batches of inputs that are not yet stored from the same bytes (checked per batch)."""
    chunk: list[RawDoc | Problem] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield drop_stored(store, chunk, published, url)
            chunk = []
    if chunk:
        yield drop_stored(store, chunk, published, url)


def drop_stored(store, chunk: Sequence[RawDoc | Problem], published: str | None, url: str | None) -> Batch:
    docs = [i for i in chunk if isinstance(i, RawDoc)]
    stored = store.stored_raw([(d.doc_id, raw_hash(d, published, url)) for d in docs])
    keep = tuple(i for i in chunk if not (isinstance(i, RawDoc) and i.doc_id in stored))
    return Batch(keep, skipped=len(chunk) - len(keep))


def code_batch(pipeline, items: Sequence[RawDoc | Problem], published: str | None,
               url: str | None) -> list[Coded]:
    """Code one batch: (article, events, problem, fingerprint, raw hash, notes) per input, in order."""
    dedup = DedupSettings.from_config(pipeline.config)
    today = datetime.now(timezone.utc).date()
    checks = [check_published(item.published, today) if isinstance(item, RawDoc) else DateCheck(None)
              for item in items]
    ready = [without_bad_date(item, check) for item, check in zip(items, checks)]
    out: list[Coded] = []
    for item, check, result in zip(items, checks, list(pipeline.run_batch(ready, published, url))):
        article = result.article
        fp = fingerprint(article.text, dedup) if article is not None and dedup.enabled else None
        key = raw_hash(item, published, url) if isinstance(item, RawDoc) else None
        notes = date_notes(item, check, article, published) if article is not None else ()
        out.append((article, result.events, result.problem, fp, key, notes))
    return out


def lost_batch(batch: Batch, err: WorkerLost) -> list[Coded]:
    """A batch whose Dask worker died: one problem per input (a later run codes them again)."""
    return [(None, (), lost_item(item, err), None, None, ()) for item in batch.items]


def lost_item(item: RawDoc | Problem, err: WorkerLost) -> Problem:
    if isinstance(item, Problem):
        return item
    return Problem(item.doc_id, item.origin, "code", err.code, f"{item.origin}: {err.message}")


def check_published(value: str | None, today: date) -> DateCheck:
    """Whether a publication date (ISO date or datetime) can anchor the events' dates.

    >>> check_published("2031-99-99", date(2026, 1, 1)).error.__name__
    'BadDate'
    """
    if not value:
        return DateCheck(value)
    day = parse_day(value)
    if day is None or day < EARLIEST_PUBLISHED:
        return DateCheck(value, BadDate)
    if day > today + FUTURE_SLACK:
        return DateCheck(value, FutureDate)
    return DateCheck(value)


def parse_day(value: str) -> date | None:
    """The calendar day of an ISO date or datetime string, None when it is none (read as extraction
    reads it)."""
    from .stages.extract import normalise_published

    day = normalise_published(value)
    return date.fromisoformat(day) if day else None


def check_default_date(published: str | None) -> None:
    """``--published`` must be usable: it is the date of every input that carries none."""
    check = check_published(published, datetime.now(timezone.utc).date())
    if check.error is not None:
        kind = "in the future" if check.error is FutureDate else "not a date"
        raise UsageError(f"--published {published!r} is {kind}; give the publication date as YYYY-MM-DD")


def without_bad_date(item: RawDoc | Problem, check: DateCheck) -> RawDoc | Problem:
    return dataclasses.replace(item, published=None) if check.error is not None else item


def date_notes(item: RawDoc, check: DateCheck, article: Article, published: str | None) -> tuple[Problem, ...]:
    """The metadata problems of a coded document: an unusable date, or one the page contradicts."""
    if check.error is not None:
        return (dropped_date_note(item, check, article, published),)
    given = item.published or published
    page = page_date(item) if given and item.content_type == "html" else None
    if page is None or abs((page - parse_day(given)).days) <= CONFLICT_DAYS:
        return ()
    whose = 'its "published" date' if item.published else "the --published date"
    return (Problem(item.doc_id, item.origin, METADATA_STAGE, DateConflict.code,
                    f"{item.origin}: {whose} {given} contradicts the page's own date {page.isoformat()}; "
                    f"{given} was kept, correct it if the page is right"),)


def dropped_date_note(item: RawDoc, check: DateCheck, article: Article, published: str | None) -> Problem:
    if check.error is FutureDate:
        kind = "lies in the future"
    else:
        kind = "is not a date" if parse_day(check.given) is None else "is a placeholder, not a date"
    if article.published:
        source = "--published" if published else "the page's own date"
        instead = f"{article.published} ({source}) is used instead"
    else:
        instead = 'relative dates such as "on Monday" stay unresolved'
    return Problem(item.doc_id, item.origin, METADATA_STAGE, check.error.code,
                   f"{item.origin}: its publication date {check.given!r} {kind}, so it was ignored and {instead}; "
                   "give it as YYYY-MM-DD")


def page_date(item: RawDoc) -> date | None:
    """The date an HTML page gives itself (meta tags, structured data, URL), if any."""
    from .stages.extract import decode_bytes, find_html_date

    found = find_html_date(decode_bytes(item.content, item.origin))
    return parse_day(found) if found else None


def raw_hash(doc: RawDoc, published: str | None, url: str | None) -> str:
    """A hash of everything that makes a document's coding: its bytes and its metadata."""
    return content_hash(doc.content.decode("latin-1"), doc.content_type, doc.url or url or "",
                        doc.title or "", doc.published or published or "", doc.source or "")
