"""Dask runner: batches are coded on workers, results come back in order to the one writer.

``--workers N`` starts a LocalCluster of N single-threaded worker processes; ``--scheduler ADDRESS``
uses an existing cluster (its workers need dragoman and its models installed). Workers receive the
Config, never live objects: a worker plugin builds one Pipeline per worker process when the worker
starts (or joins later), and every task of that process uses it. At most two batches per worker
are in flight, so memory stays bounded however long the input is.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import deque
from contextlib import contextmanager
from typing import Iterable, Iterator

from .config import Config
from .errors import SchedulerError, WorkerLost
from .records import Problem, RawDoc

try:  # the scale extra; without it, dask_client says what to install
    from distributed import WorkerPlugin
except ImportError:  # pragma: no cover
    WorkerPlugin = object

PLUGIN_NAME = "dragoman-pipeline"
IN_FLIGHT_PER_WORKER = 2
CONNECT_TIMEOUT = "15s"


class PipelinePlugin(WorkerPlugin):
    """Dask worker plugin: the worker's Pipeline, built from the Config on the worker itself."""

    name = PLUGIN_NAME

    def __init__(self, config: Config) -> None:
        self.config = config
        self.pipeline = None
        self.lock = None

    def __getstate__(self) -> dict:
        return {"config": self.config}  # only the settings travel

    def __setstate__(self, state: dict) -> None:
        self.__init__(state["config"])

    def setup(self, worker=None) -> None:
        from .pipeline import Pipeline

        self.lock = threading.Lock()  # one batch at a time per process, whatever the worker's threads
        self.pipeline = Pipeline(self.config).setup()

    def teardown(self, worker=None) -> None:
        self.pipeline = None


def code_remote(items: tuple[RawDoc | Problem, ...], published: str | None, url: str | None) -> list:
    """The task: code one batch with this worker's pipeline."""
    from distributed import get_worker

    from .ingest import code_batch

    plugin = get_worker().plugins[PLUGIN_NAME]
    with plugin.lock:
        return code_batch(plugin.pipeline, items, published, url)


def code_on_dask(config: Config, batches: Iterable, published: str | None,
                 url: str | None) -> Iterator[tuple[list, int]]:
    """(coded items, skipped count) per batch, in input order, coded on a Dask cluster.

    The cluster starts with the first batch that has work: a re-ingest starts none.
    """
    batches = iter(batches)
    for batch in batches:
        if batch.items:
            yield from code_with_client(config, itertools.chain([batch], batches), published, url)
            return
        yield [], batch.skipped


def code_with_client(config: Config, batches: Iterable, published: str | None,
                     url: str | None) -> Iterator[tuple[list, int]]:
    with dask_client(config) as client:
        client.register_plugin(PipelinePlugin(config), name=PLUGIN_NAME)
        limit = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque = deque()
        for batch in batches:
            future = client.submit(code_remote, batch.items, published, url, pure=False) if batch.items else None
            pending.append((future, batch))
            while len(pending) > limit or (pending and pending[0][0] is None):
                yield collect(*pending.popleft())
        while pending:
            yield collect(*pending.popleft())


def collect(future, batch) -> tuple[list, int]:
    """A finished batch; a batch whose worker died becomes one problem per input."""
    if future is None:
        return [], batch.skipped
    from distributed.scheduler import KilledWorker

    try:
        return future.result(), batch.skipped
    except KilledWorker as err:
        lost = WorkerLost(f"a Dask worker died while coding this document ({err.__class__.__name__}); "
                          "give workers more memory or lower batch_size, then run the ingest again")
        return [(None, (), as_problem(item, lost), None, None) for item in batch.items], batch.skipped


def as_problem(item: RawDoc | Problem, err: WorkerLost) -> Problem:
    if isinstance(item, Problem):
        return item
    return Problem(item.doc_id, item.origin, "code", err.code, f"{item.origin}: {err.message}")


@contextmanager
def dask_client(config: Config):
    """A client of the configured scheduler, or of a LocalCluster of ``config.workers`` processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:
        raise SchedulerError("--workers and --scheduler need Dask; run `pip install 'dragoman[scale]'`") from err
    if config.scheduler:
        try:
            client = Client(config.scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as err:
            raise SchedulerError(f"cannot reach the Dask scheduler at {config.scheduler} ({err}); check "
                                 "the address and that the scheduler is running") from err
        with client:
            yield client
        return
    with LocalCluster(n_workers=config.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client
