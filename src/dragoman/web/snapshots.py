"""Private, prepared copies of the database that a server reads, so an ingest can write meanwhile.

DuckDB lets one process write a database file, and a reader's lock keeps a writer out. The server
therefore never reads the user's file directly: it copies it (holding the read lock only for the
copy), adds the api_* tables to the copy (``store.prepare_snapshot``) and answers every request from
that copy. When the file changes and no writer holds it, a new snapshot is taken in the background
and replaces the old one; while an ingest runs, requests are answered from the last snapshot.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Callable, Iterator

from ..errors import StoreBusy, StoreError
from ..store import ApiReader, ReadOnlyDatabase, copy_database, file_signature, prepare_snapshot

CACHE_SIZE = 256


@dataclass(eq=False)
class Snapshot:
    """One prepared copy, with a cache of answers (valid as long as the copy is)."""

    db: ReadOnlyDatabase
    signature: tuple[int, ...]
    taken_at: datetime
    users: int = 0
    retired: bool = False
    cache: OrderedDict = field(default_factory=OrderedDict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        """The answer for ``key``, computed once per snapshot (least recently used ones are dropped)."""
        with self.lock:
            if key in self.cache:
                self.cache.move_to_end(key)
                return self.cache[key]
        value = compute()
        with self.lock:
            self.cache[key] = value
            while len(self.cache) > CACHE_SIZE:
                self.cache.popitem(last=False)
        return value

    def remove(self) -> None:
        self.db.close()
        for path in (self.db.path, self.db.path + ".wal"):
            if os.path.exists(path):
                os.remove(path)


class Snapshots:
    """The current snapshot of ``db_path`` and the policy that renews it."""

    def __init__(self, db_path: str, folder: str | None = None, check_every: float = 1.0,
                 warm: Callable[[Snapshot], None] | None = None) -> None:
        self.db_path = db_path
        self.own_folder = folder is None
        self.folder = folder or tempfile.mkdtemp(prefix="dragoman-serve-")
        self.check_every = check_every
        self.warm = warm
        self.current: Snapshot | None = None
        self.lock = threading.Lock()
        self.refreshing: threading.Thread | None = None
        self.checked_at = 0.0
        self.writer_active = False
        self.error: str | None = None
        self.taken = 0

    def open(self, wait: float = 10.0) -> None:
        """Take the first snapshot, waiting up to ``wait`` seconds while a writer holds the file."""
        os.makedirs(self.folder, exist_ok=True)
        deadline = time.monotonic() + wait
        while True:
            self.refresh()
            if self.current is not None or time.monotonic() >= deadline:
                return
            time.sleep(0.2)

    def close(self) -> None:
        thread = self.refreshing
        if thread is not None:
            thread.join(timeout=120)
        with self.lock:
            current, self.current = self.current, None
        if current is not None:
            current.remove()
        if self.own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)

    @contextmanager
    def reading(self) -> Iterator[tuple[Snapshot, ApiReader]]:
        """The current snapshot and a reader on it, held for the duration of one request."""
        self.check()
        snap = self.acquire()
        reader = snap.db.reader()
        try:
            yield snap, reader
        finally:
            reader.close()
            self.release(snap)

    def acquire(self) -> Snapshot:
        with self.lock:
            if self.current is None:
                raise StoreBusy(f"no snapshot of {self.db_path} yet: {self.error or 'it is being written'}; "
                                "retry in a few seconds")
            self.current.users += 1
            return self.current

    def release(self, snap: Snapshot) -> None:
        with self.lock:
            snap.users -= 1
            done = snap.retired and snap.users == 0
        if done:
            snap.remove()

    def check(self) -> None:
        """Start a background refresh when the file changed (looked at most every ``check_every`` s)."""
        now = time.monotonic()
        with self.lock:
            if now - self.checked_at < self.check_every or self.refreshing is not None:
                return
            self.checked_at = now
            if self.current is not None and file_signature(self.db_path) == self.current.signature:
                return
            self.refreshing = threading.Thread(target=self.refresh, name="dragoman-snapshot", daemon=True)
            self.refreshing.start()

    def refresh(self) -> None:
        """Copy, prepare and swap in a new snapshot; on failure keep the old one and say why."""
        try:
            self.swap(self.take())
        except StoreBusy as err:
            self.writer_active, self.error = True, err.message
        except (StoreError, OSError) as err:
            self.error = str(err)
        finally:
            with self.lock:
                self.refreshing = None

    def take(self) -> Snapshot:
        self.taken += 1
        path = os.path.join(self.folder, f"snapshot-{self.taken}.duckdb")
        db = None
        try:
            signature = copy_database(self.db_path, path)
            prepare_snapshot(path)
            db = ReadOnlyDatabase(path)
            snap = Snapshot(db, signature, datetime.now(timezone.utc))
            if self.warm is not None:
                self.warm(snap)
            return snap
        except BaseException:
            if db is not None:
                db.close()
            for leftover in (path, path + ".wal"):
                if os.path.exists(leftover):
                    os.remove(leftover)
            raise

    def swap(self, snap: Snapshot) -> None:
        with self.lock:
            old, self.current = self.current, snap
            self.writer_active, self.error = False, None
            done = old is not None and old.users == 0
            if old is not None:
                old.retired = True
        if done:
            old.remove()

    def status(self) -> dict[str, Any]:
        """What the server reads: when the snapshot was taken, and whether a writer holds the file."""
        snap = self.current
        return {"taken_at": snap.taken_at.isoformat(timespec="seconds") if snap else None,
                "writer_active": self.writer_active, "refreshing": self.refreshing is not None,
                "error": self.error}
