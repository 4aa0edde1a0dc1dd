"""Dask runner: batches are coded on workers, results come back in order to the one writer.

It knows the Pipeline and nothing of what is done with it: the caller (ingest) passes the task that
codes a batch, and gets each batch's outcome back in order. Dependencies go one way: ingest uses
this module, never the reverse.

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
from typing import Any, Callable, Iterable, Iterator

from .config import Config
from .errors import SchedulerError, WorkerLost

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


def run_task(task: Callable, items: tuple, *args) -> list:
    """On a worker: ``task(pipeline, items, *args)`` with this worker process's pipeline."""
    from distributed import get_worker

    plugin = get_worker().plugins[PLUGIN_NAME]
    with plugin.lock:
        return task(plugin.pipeline, items, *args)


def map_batches(config: Config, batches: Iterable, task: Callable, *args) -> Iterator[tuple[Any, list | WorkerLost]]:
    """(batch, outcome) per batch, in input order: ``task(pipeline, batch.items, *args)`` run on a
    Dask cluster, or a WorkerLost when the worker died meanwhile.

    ``batch`` is anything with an ``items`` tuple; a batch without items is passed through with an
    empty outcome and submits nothing. ``task`` must be importable by the workers (a module-level
    function: it travels by name). The cluster starts with the first batch that has work: a
    re-ingest starts none.
    """
    batches = iter(batches)
    for batch in batches:
        if batch.items:
            yield from map_with_client(config, itertools.chain([batch], batches), task, args)
            return
        yield batch, []


def map_with_client(config: Config, batches: Iterable, task: Callable, args: tuple) -> Iterator[tuple]:
    with dask_client(config) as client:
        client.register_plugin(PipelinePlugin(config), name=PLUGIN_NAME)
        limit = IN_FLIGHT_PER_WORKER * max(1, len(client.scheduler_info().get("workers", {})))
        pending: deque = deque()
        for batch in batches:
            future = client.submit(run_task, task, batch.items, *args, pure=False) if batch.items else None
            pending.append((future, batch))
            while len(pending) > limit or (pending and pending[0][0] is None):
                yield collect(*pending.popleft())
        while pending:
            yield collect(*pending.popleft())


def collect(future, batch) -> tuple[Any, list | WorkerLost]:
    """A finished batch's outcome; a WorkerLost when the worker that had it died."""
    if future is None:
        return batch, []
    from distributed.scheduler import KilledWorker

    try:
        return batch, future.result()
    except KilledWorker as err:
        return batch, WorkerLost(f"a Dask worker died while coding this document ({err.__class__.__name__}); "
                                 "give workers more memory or lower batch_size, then run the ingest again")


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
