"""Request parameters: checked and turned into store selections, with a clear message when wrong."""

from __future__ import annotations

import re
from datetime import date

from ..errors import BadParameter
from ..ontology import EVENT_TYPES, QUAD_CLASS
from ..store import BUCKETS, SORT_COLUMNS, Selection

MAX_PAGE = 500
MAX_OFFSET = 1_000_000
MAX_EXPORT = 100_000
MAX_TEXT = 200
GROUPINGS = ("type", "quad")
FORMATS = ("csv", "jsonl")
CODE_RE = re.compile(r"^[A-Za-z]{3}$")


def quad_types(quad: str) -> tuple[str, ...]:
    """The PLOVER types of a quad class, e.g. ``verbal_coop`` -> AGREE, CONSULT, SUPPORT, REQUEST."""
    return tuple(t for t in EVENT_TYPES if QUAD_CLASS[t] == quad)


def check_date(name: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        raise BadParameter(name, f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2020-01-14") from None
    if len(value) != 10:
        raise BadParameter(name, f"{value!r} is not a date; use YYYY-MM-DD, e.g. 2020-01-14")
    return value


def check_types(value: str | None) -> tuple[str, ...]:
    """One or more PLOVER types, comma-separated, any case."""
    if not value:
        return ()
    types = tuple(dict.fromkeys(t.strip().upper() for t in value.split(",") if t.strip()))
    unknown = [t for t in types if t not in EVENT_TYPES]
    if unknown:
        raise BadParameter("type", f"{', '.join(unknown)} is not a PLOVER event type; "
                                   f"use one or more of {', '.join(EVENT_TYPES)}")
    return types


def check_quad(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    quads = sorted(set(QUAD_CLASS.values()))
    if value not in quads:
        raise BadParameter("quad", f"{value!r} is not a quad class; use one of {', '.join(quads)}")
    return quad_types(value)


def check_code(value: str | None) -> str | None:
    if not value:
        return None
    if not CODE_RE.match(value):
        raise BadParameter("country", f"{value!r} is not a three-letter code; use ISO 3166-1 alpha-3, e.g. LBY")
    return value.upper()


def check_text(name: str, value: str | None) -> str | None:
    if value is not None and len(value) > MAX_TEXT:
        raise BadParameter(name, f"is {len(value)} characters long; at most {MAX_TEXT} are accepted")
    return value or None


def check_choice(name: str, value: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise BadParameter(name, f"{value!r} is not one of {', '.join(choices)}")
    return value


def check_sort(value: str) -> tuple[str, bool]:
    """``date`` or ``-date`` (newest first), likewise for the other SORT_COLUMNS."""
    key = value.removeprefix("-")
    check_choice("sort", key, tuple(SORT_COLUMNS))
    return key, value.startswith("-")


def make_selection(actor: str | None = None, recipient: str | None = None, type: str | None = None,
                   quad: str | None = None, country: str | None = None, since: str | None = None,
                   until: str | None = None, text: str | None = None) -> Selection:
    """A Selection from raw query values; BadParameter names the first wrong one.

    >>> make_selection(type="assault,protest", since="2020-01-01").types
    ('ASSAULT', 'PROTEST')
    """
    types = check_types(type)
    quad_set = check_quad(quad)
    if types and quad_set:
        types = tuple(t for t in types if t in quad_set) or ("-",)
    since, until = check_date("since", since), check_date("until", until)
    if since and until and since > until:
        raise BadParameter("until", f"{until} is before since={since}; swap them")
    return Selection(actor=check_text("actor", actor), recipient=check_text("recipient", recipient),
                     country=check_code(country), since=since, until=until, text=check_text("text", text),
                     types=types or quad_set)


def check_bucket(value: str) -> str:
    return check_choice("interval", value, ("auto", *BUCKETS))


def pick_interval(interval: str, sel: Selection, first: str | None, last: str | None) -> str:
    """``auto``: days for up to three months of data, weeks for up to three years, else months."""
    if interval != "auto":
        return interval
    first = max(filter(None, (sel.since, first)), default=None)
    last = min(filter(None, (sel.until, last)), default=None)
    if not first or not last:
        return "week"
    days = (date.fromisoformat(last) - date.fromisoformat(first)).days
    return "day" if days <= 92 else "week" if days <= 3 * 366 else "month"
