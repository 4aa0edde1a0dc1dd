"""What every reader yields: a RawDoc, or a Problem saying why an input is no document.

The problems that all readers share live here, so that each reader depends on this module only.
"""

from __future__ import annotations

from ..records import Problem, RawDoc

Item = RawDoc | Problem


def too_large(origin: str, size: int, max_bytes: int, at_least: bool = False) -> Problem:
    """The problem of an input over the per-document size limit.

    >>> too_large("a.html", 12, 10).code
    'E103'
    """
    amount = f"over {max_bytes:,}" if at_least else f"{size:,}"
    return Problem("", origin, "read", "E103",
                   f"{origin} is {amount} bytes, more than the {max_bytes:,}-byte limit for one news "
                   "article; split it, or raise the limit with --max-bytes")


def opt_str(value: object) -> str | None:
    """A JSON or feed field as a string, None when missing or empty."""
    return str(value) if value not in (None, "") else None
