"""A live progress line for ingest (documents/s, events, problems) on standard error."""

from __future__ import annotations

import time


class IngestProgress:
    """Context manager around rich's progress display; a no-op when disabled or not a terminal."""

    def __init__(self, disabled: bool = False) -> None:
        self.disabled = disabled
        self._progress = None
        self._task = None
        self._started = time.monotonic()

    def __enter__(self) -> "IngestProgress":
        if not self.disabled:
            from rich.console import Console
            from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

            console = Console(stderr=True)
            self._progress = Progress(SpinnerColumn(), TextColumn("{task.description}"),
                                      TimeElapsedColumn(), console=console, transient=False)
            self._progress.start()
            self._task = self._progress.add_task("starting…", total=None)
        return self

    def advance(self, n_docs: int, counts) -> None:
        if self._progress is None:
            return
        done = counts.added + counts.replaced + counts.unchanged + counts.declined + counts.problems
        rate = done / max(time.monotonic() - self._started, 1e-6)
        self._progress.update(self._task, description=(
            f"{done:,} documents ({rate:,.1f}/s) · {counts.events:,} events · {counts.problems:,} problems"))

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()
