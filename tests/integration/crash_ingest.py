"""Run `dragoman ingest ARGS` and SIGKILL it inside a write transaction, just before a chosen COMMIT.

    python tests/integration/crash_ingest.py 3 ingest docs.jsonl --db t.duckdb     # at the third commit
    python tests/integration/crash_ingest.py swap ingest docs.jsonl --db t.duckdb  # at the events swap

Everything else is the real CLI, store and DuckDB: only the moment of death is chosen, so that a
test can kill a run where a kill from outside lands only by chance (between a batch's inserts and
its commit, or between the events swap's statements and its commit).
"""

from __future__ import annotations

import os
import signal
import sys


class KillBeforeCommit:
    """A DuckDB connection that kills the process when it is asked for the chosen COMMIT."""

    def __init__(self, con, when: str) -> None:
        self.con, self.when, self.commits, self.last = con, when, 0, ""

    def execute(self, sql, *args):
        if sql == "COMMIT":
            self.commits += 1
            if self.when == str(self.commits) or (self.when == "swap" and "RENAME TO events" in self.last):
                os.kill(os.getpid(), signal.SIGKILL)
        self.last = sql
        return self.con.execute(sql, *args)

    def __getattr__(self, name):
        return getattr(self.con, name)


def main() -> None:
    from dragoman import store
    from dragoman.cli import main as cli

    when, args = sys.argv[1], sys.argv[2:]
    opened = store.Store.__init__

    def open_store(self, *a, **kw) -> None:
        opened(self, *a, **kw)
        self.con = KillBeforeCommit(self.con, when)

    store.Store.__init__ = open_store
    sys.argv = ["dragoman", *args]
    cli()


if __name__ == "__main__":
    main()
