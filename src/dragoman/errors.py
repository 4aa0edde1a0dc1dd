"""Errors with a code and a message that says what happened and what to do.

The library raises these; only ``cli.py`` prints them and chooses an exit status.
"""

from __future__ import annotations


class DragomanError(Exception):
    """Base class: ``code`` is stable and documented, ``str(err)`` is one actionable sentence."""

    code = "E000"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


class UsageError(DragomanError):
    """Bad arguments or configuration (exit status 2)."""

    code = "E001"


class BadParameter(UsageError):
    """A request parameter is invalid (the REST API answers 400); ``parameter`` names it."""

    code = "E002"

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(f"parameter {parameter!r}: {message}")
        self.parameter = parameter


class NotFound(DragomanError):
    """The document or event asked for is not in the database (the REST API answers 404)."""

    code = "E004"


class InputError(DragomanError):
    """An input cannot be read or is not a news document."""

    code = "E100"


class BinaryInput(InputError):
    code = "E101"


class EmptyInput(InputError):
    code = "E102"


class TooLarge(InputError):
    code = "E103"


class NoArticle(InputError):
    code = "E104"


class BadJSON(InputError):
    code = "E105"


class NotEnglish(InputError):
    code = "E106"


class BadFeed(InputError):
    """A .rss/.atom/.xml file that is no feed with entries, or a feed or WARC without the scale extra."""

    code = "E107"


class DamagedArchive(InputError):
    """A WARC file or record that is cut short or malformed."""

    code = "E108"


class BadDate(InputError):
    """An input's publication date is no calendar date (or before 1800): it is ignored, the document kept."""

    code = "E109"


class FutureDate(InputError):
    """An input's publication date lies in the future: it is ignored, the document kept."""

    code = "E110"


class DateConflict(InputError):
    """An input's publication date contradicts the date the page itself gives: the input's is kept."""

    code = "E111"


class StoreError(DragomanError):
    """The database cannot be opened or written."""

    code = "E200"


class StoreBusy(StoreError):
    """Another process is writing the database (DuckDB allows one writer); retry later."""

    code = "E201"


class WorkerLost(DragomanError):
    """A Dask worker died while coding a batch (out of memory?); its documents become problems."""

    code = "E400"


class SchedulerError(UsageError):
    """The Dask scheduler given with --scheduler cannot be reached, or dask is not installed."""

    code = "E401"


class ModelError(DragomanError):
    """A model or knowledge file is missing or invalid."""

    code = "E300"
