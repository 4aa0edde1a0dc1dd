"""Ingest: sources -> batches -> coding (here or on Dask workers) -> one writer -> event clusters.

This module drives the run; ``distributed`` only runs ``code_batch`` on Dask workers when asked.

Resumable and idempotent: every batch is one transaction, and an input already stored from the
same bytes (same document id and raw hash) is skipped before any coding, so a run killed at any
moment and started again neither loses nor repeats a document, and re-ingesting is a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO, Callable, Iterable, Iterator, Sequence

from .config import Config
from .dedup import DedupSettings, fingerprint
from .errors import WorkerLost
from .records import Problem, RawDoc, content_hash
from .store import WriteCounts

MAX_LISTED_PROBLEMS = 20
Coded = tuple  # (article, events, problem, fingerprint, raw_hash): what Store.write_batch takes


@dataclass(frozen=True)
class Batch:
    """Inputs to code together, and how many inputs before them were skipped as already stored."""

    items: tuple[RawDoc | Problem, ...]
    skipped: int = 0


@dataclass(frozen=True)
class IngestReport:
    counts: WriteCounts
    events: int  # event clusters in the database after this run
    problems: tuple[Problem, ...]  # the first MAX_LISTED_PROBLEMS; all are in the problems table


def ingest(config: Config, paths: Iterable[str], published: str | None = None, url: str | None = None,
           on_batch: Callable[[WriteCounts], None] | None = None, stdin: BinaryIO | None = None,
           pipeline=None) -> IngestReport:
    """Code the documents under ``paths`` into ``config.db``; ``on_batch`` sees the running counts.

    ``pipeline``: a Pipeline already set up in this process, to reuse (else one is built when needed).
    """
    from .cluster import ClusterSettings
    from .sources import iter_inputs
    from .store import Store

    total, listed = WriteCounts(), []
    dedup = DedupSettings.from_config(config)
    with Store(config.db, dedup=dedup, memory_limit=config.db_memory_limit) as store:
        store.set_memory_limit(config.db_cache_limit, "db_cache_limit")  # a long ingest's memory stays flat
        batches = new_batches(store, iter_inputs(paths, config.max_bytes, stdin), config.batch_size,
                              published, url)
        for coded, skipped in code_batches(config, batches, published, url, pipeline):
            counts = (store.write_batch(coded) if coded else WriteCounts()) + WriteCounts(unchanged=skipped)
            total += counts
            listed += [c[2] for c in coded if c[2] is not None][:MAX_LISTED_PROBLEMS - len(listed)]
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
    """Code one batch: (article, events, problem, fingerprint, raw hash) per input, in order."""
    dedup = DedupSettings.from_config(pipeline.config)
    out: list[Coded] = []
    for item, result in zip(items, list(pipeline.run_batch(list(items), published, url))):
        article = result.article
        fp = fingerprint(article.text, dedup) if article is not None and dedup.enabled else None
        key = raw_hash(item, published, url) if isinstance(item, RawDoc) else None
        out.append((article, result.events, result.problem, fp, key))
    return out


def lost_batch(batch: Batch, err: WorkerLost) -> list[Coded]:
    """A batch whose Dask worker died: one problem per input (a later run codes them again)."""
    return [(None, (), lost_item(item, err), None, None) for item in batch.items]


def lost_item(item: RawDoc | Problem, err: WorkerLost) -> Problem:
    if isinstance(item, Problem):
        return item
    return Problem(item.doc_id, item.origin, "code", err.code, f"{item.origin}: {err.message}")


def raw_hash(doc: RawDoc, published: str | None, url: str | None) -> str:
    """A hash of everything that makes a document's coding: its bytes and its metadata."""
    return content_hash(doc.content.decode("latin-1"), doc.content_type, doc.url or url or "",
                        doc.title or "", doc.published or published or "", doc.source or "")
