"""Temporal expressions in news text, normalised against the publication date.

Regular expressions find the expressions; plain date arithmetic resolves them. dateparser is not
used: on the demo article its ``search_dates`` took 39 ms against 1.5 ms here, read "nine months
of" as a date and put a past "in April" in the future. Values are ISO strings of the precision
the text supports: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``, or ``None`` when an expression cannot
be resolved (a relative one with no publication date, "a week earlier" with no earlier date to
count from). docs/when-where.md gives every rule with examples.

>>> [(d.text, d.value) for d in find_dates("Talks began on Monday in Moscow.", "2020-01-14")]
[('Monday', '2020-01-13')]
"""

from __future__ import annotations

import bisect
import calendar
import re
from datetime import date, timedelta
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Callable, Mapping, NamedTuple

from ..errors import ModelError
from ..records import DateMention

__all__ = ["find_dates", "sentence_is_future", "parse_published"]

# --- calendar names (the cue words are in knowledge/dates.yaml, read by date_words()) ------------

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
            "sunday": 6}
RELATIVE_DAYS = {"today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0,
                 "this evening": 0, "earlier today": 0, "later today": 0, "yesterday": -1,
                 "last night": -1, "the day before yesterday": -2, "tomorrow": 1,
                 "the day after tomorrow": 2}
# Precision of a value when the kind of expression does not follow from its length.
KIND_PRECISION = {"quarter": "quarter", "quarter_code": "quarter", "season": "season", "decade": "decade"}
GRACE_DAYS = 7  # how far a day-month without year may fall on the "wrong" side of publication

DATES_FILE = ("knowledge", "dates.yaml")


@dataclass(frozen=True)
class DateWords:
    """The word lists of knowledge/dates.yaml, and the two patterns built from them."""

    number_words: Mapping[str, int]
    future_words: frozenset[str]
    future_bigrams: frozenset[tuple[str, str]]
    due_to_verbs: frozenset[str]
    not_future_after: Mapping[str, frozenset[str]]
    not_future_before: Mapping[str, frozenset[str]]
    determiners: frozenset[str]
    past_words: frozenset[str]
    not_past_ed: frozenset[str]
    passive_auxiliaries: frozenset[str]
    count_nouns: frozenset[str]
    quantifiers: frozenset[str]
    month_cue_words: frozenset[str]
    season_start: Mapping[str, int]
    season_modifiers: frozenset[str]
    quarter_words: Mapping[str, int]
    quarter_steps: Mapping[str, int]
    count_before: re.Pattern[str]  # "two" or "2" right before "days ago"
    reported: re.Pattern[str]  # a reporting verb right before an expression


@lru_cache(maxsize=1)
def date_words() -> DateWords:
    """The packaged word lists, read once (ModelError when the file is broken)."""
    import yaml

    try:
        data = yaml.safe_load(resources.files("dragoman").joinpath(*DATES_FILE).read_text(encoding="utf-8"))
        sets = {key: frozenset(map(str, data[key])) for key in (
            "future_words", "due_to_verbs", "determiners", "past_words", "not_past_ed",
            "passive_auxiliaries", "count_nouns", "quantifiers", "month_cue_words", "season_modifiers")}
        maps = {key: {str(k): int(v) for k, v in data[key].items()} for key in (
            "number_words", "season_start", "quarter_words", "quarter_steps")}
        nested = {key: {str(k): frozenset(map(str, v)) for k, v in data[key].items()}
                  for key in ("not_future_after", "not_future_before")}
        bigrams = frozenset(tuple(str(b).split()) for b in data["future_bigrams"])
        reporting = "|".join(map(re.escape, map(str, data["reporting_verbs"])))
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as err:
        raise ModelError(f"date word file {'/'.join(DATES_FILE)} is missing or invalid ({err}); "
                         "reinstall dragoman or fix the file") from err
    numbers = "|".join(map(re.escape, maps["number_words"]))
    return DateWords(**sets, **maps, **nested, future_bigrams=bigrams,
                     count_before=re.compile(rf"(?<![a-z0-9])(?P<n>\d+|{numbers})\s+$"),
                     reported=re.compile(rf"(?<![a-z])(?:{reporting})(?:\s+\w+)?\s+(?:on\s+)?$"))


# --- patterns: compiled constants. Each starts with a literal so that scanning stays fast. ---------

_MONTH_FULL = "January|February|March|April|May|June|July|August|September|October|November|December"
_MONTH = rf"(?P<month>{_MONTH_FULL}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b(?:\.(?=\s*\d))?"
_WEEKDAY = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_YEAR = r"(?P<year>(?:19|20)\d\d|2100)\b"
_UNIT = r"(?P<unit>day|week|month|year)s?"

PATTERNS: dict[str, re.Pattern[str]] = {  # matched against the text as written
    "iso": re.compile(r"(?P<year>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?!\d|-\d)"),
    "numeric": re.compile(r"(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)"
                          r"(?P<year>(?:19|20)\d\d|\d\d)(?!\d|[/.-]\d)"),
    "mdy": re.compile(rf"{_MONTH}\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:%|:\d|\.\d))"
                      rf"(?:,?\s+{_YEAR})?"),
    "dmy": re.compile(rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?"),
    "month_year": re.compile(rf"{_MONTH},?\s+(?:of\s+)?{_YEAR}"),
    "month": re.compile(rf"(?P<month>{_MONTH_FULL})\b"),
    "weekday": re.compile(rf"(?P<wd>{_WEEKDAY})\b(?:\s+(?:morning|afternoon|evening|night)\b)?"),
    "year": re.compile(r"(?P<year>19\d\d|20\d\d|2100)(?!\w|%|[.,/]\d)"),
    "decade": re.compile(r"(?P<century>19|20)(?P<tens>\d)0s\b|'(?P<short>\d)0s\b"),
    "quarter_code": re.compile(r"Q(?P<q>[1-4])(?:\s+|/|-)?(?P<year>(?:19|20)\d\d)?\b"),
}
LOWER_PATTERNS: dict[str, re.Pattern[str]] = {  # matched against the lower-cased text
    "relday": re.compile(r"(?P<rel>the day before yesterday|the day after tomorrow|yesterday|today|"
                         r"tonight|tomorrow|this morning|this afternoon|this evening|last night|"
                         r"earlier today|later today)\b(?:\s+(?:morning|afternoon|evening|night)\b)?"),
    "period": re.compile(r"(?P<mod>last|this|next|coming|earlier this|later this)\s+"
                         r"(?P<unit>week|month|year)\b"),
    "weekend": re.compile(r"(?P<mod>last|this|next|coming|the)\s+weekend\b"),
    "quarter": re.compile(r"(?P<which>first|second|third|fourth|final|1st|2nd|3rd|4th|last|this|next|"
                          r"current|previous|past)\s+quarter\b(?:\s+of\s+|,?\s+)?(?P<year>(?:19|20)\d\d)?"),
    "season": re.compile(r"(?P<season>spring|summer|autumn|fall|winter)\b(?:\s+of)?(?:\s+(?P<year>(?:19|20)\d\d))?"),
    "ago": re.compile(rf"{_UNIT}\s+ago\b"),  # the count before it is read backwards
    "anaphoric": re.compile(rf"{_UNIT}\s+(?P<dir>earlier|later)\b|"
                            r"the\s+(?P<dir2>next|following|previous)\s+day\b"),
}
# Only worth scanning for when the lower-cased text contains one of these strings.
LOWER_GATES = {"ago": ("ago",), "anaphoric": ("earlier", "later", " day"), "weekend": ("weekend",),
               "quarter": ("quarter",), "season": ("spring", "summer", "autumn", "fall", "winter")}
# Modifiers read backwards from a month or weekday name (on the lower-cased text).
_MONTH_MOD_RE = re.compile(r"(?<![a-z])(?P<mod>early|mid|late|earlier in|later in|last|next|this|"
                           r"(?:the )?(?:end|beginning|start|middle) of)[\s-]+$")
_SEASON_MOD_RE = re.compile(r"(?<![a-z])(?P<mod>last|this|next|past|coming|early|late|the|in|during|"
                            r"by|since|until)\s+$")
_WEEKDAY_MOD_RE = re.compile(r"(?<![a-z])(?P<mod>last|next|this|past|coming)\s+$")
_WEEKDAY_PREFIX_RE = re.compile(rf"(?:{_WEEKDAY}),?\s+$")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*")
_CLAUSE_BREAK_RE = re.compile(
    r"[;:—]|,\s*(?:and|but|while|whereas|which|who|where|after|before|when|although|though)\b"
    r"|\s(?:that|but|while|whereas|although|because)\s"
    r"|\sand\s(?=(?:will|would|shall|is|are|was|were|has|have|had|then|later)\b)")
_WORD_RE = re.compile(r"[a-z]+(?:['’][a-z]+)?")
_LAST_WORD_RE = re.compile(r"([a-z]+)[\s-]*$")
_NEXT_WORD_RE = re.compile(r"\s*([A-Za-z]+)")
_CAPITALISED_BEFORE_RE = re.compile(r"(?<![A-Za-z])[A-Z][a-z]+ $")


class _Found(NamedTuple):
    start: int
    end: int
    kind: str
    match: re.Match[str]
    mod: str  # lower-cased modifier read before the match ("last", "early", ...) or ""


class _Document:
    """One text and its publication date, with what resolving looks up, computed when first needed."""

    def __init__(self, text: str, published: date | None) -> None:
        self.text = text
        self.lower = _ascii_lower(text)
        self.published = published

    @cached_property
    def sentence_starts(self) -> tuple[int, ...]:
        return (0, *(m.end() for m in _SENTENCE_END_RE.finditer(self.text)))

    @cached_property
    def dayfirst(self) -> bool:
        return _detect_dayfirst(self.text)

    def is_future(self, start: int, end: int) -> bool:
        """Whether the tense cue nearest to ``text[start:end]`` in its clause is a future one."""
        c_start, c_end = self._clause(start, end)
        if date_words().reported.search(self.lower, c_start, start):
            return False
        return _nearest_cue_is_future(self.lower, c_start, c_end, start, end)

    def _clause(self, start: int, end: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.sentence_starts, start) - 1
        c_start = self.sentence_starts[i]
        c_end = self.sentence_starts[i + 1] if i + 1 < len(self.sentence_starts) else len(self.text)
        for brk in _CLAUSE_BREAK_RE.finditer(self.lower, c_start, c_end):
            if brk.end() <= start:
                c_start = brk.end()
            elif brk.start() >= end:
                return c_start, brk.start()
        return c_start, c_end


def find_dates(text: str, published: str | None) -> list[DateMention]:
    """Temporal expressions in ``text`` with values resolved against ``published`` (YYYY-MM-DD).

    Never raises: odd input gives an empty list, a malformed ``published`` counts as missing.

    >>> [(d.text, d.value) for d in find_dates("It rained last month, not in 2019.", "2020-01-14")]
    [('last month', '2019-12'), ('2019', '2019')]
    """
    if not isinstance(text, str) or not text:
        return []
    doc = _Document(text, parse_published(published))
    mentions: list[DateMention] = []
    anchor: date | None = None
    for found in _select(_candidates(doc)):
        if found.kind == "anaphoric":
            value = _resolve_anaphoric(found, anchor)
        else:
            value = _RESOLVERS[found.kind](found, doc)
        if value is not None and len(value) == 10:
            anchor = date.fromisoformat(value)
        mentions.append(DateMention(text[found.start:found.end], found.start, found.end, value,
                                    _precision(found, value)))
    return mentions


def _precision(found: _Found, value: str | None) -> str | None:
    """How precise ``value`` is: the kind's own ("quarter", "season", "decade", a week), else what
    its length says (day, month, year)."""
    if value is None:
        return None
    if found.kind == "period" and found.match["unit"] == "week":
        return "week"
    return KIND_PRECISION.get(found.kind) or {10: "day", 7: "month", 4: "year"}.get(len(value))


def sentence_is_future(text: str, at: int | None = None) -> bool:
    """Whether the tense cue nearest to offset ``at`` (default: the end) is a future one.

    Cues: will, would, shall, 'll, is/are to, plans to, scheduled, expected to, due to, next,
    later this/in, upcoming (future); was, were, had, said, met, verbs in -ed, ... (past).

    >>> sentence_is_future("Leaders will meet in Berlin"), sentence_is_future("Leaders met")
    (True, False)
    """
    if not isinstance(text, str) or not text:
        return False
    at = len(text) if at is None else max(0, min(at, len(text)))
    return _nearest_cue_is_future(_ascii_lower(text), 0, len(text), at, at)


def parse_published(published: str | None) -> date | None:
    """The date of a ``YYYY-MM-DD`` string (a longer ISO datetime is cut to its date), else None.

    >>> parse_published("2020-01-14T09:30:00Z"), parse_published("14 Jan")
    (datetime.date(2020, 1, 14), None)
    """
    if not isinstance(published, str):
        return None
    found = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})(?!\d)", published)
    return _make_date(*map(int, found.groups())) if found else None


# --- finding ----------------------------------------------------------------------------------------

def _candidates(doc: _Document) -> list[_Found]:
    found = []
    for kind, pattern in PATTERNS.items():
        for match in pattern.finditer(doc.text):
            if (cand := _ACCEPT[kind](match, doc)) is not None:
                found.append(cand)
    for kind, pattern in LOWER_PATTERNS.items():
        if kind in LOWER_GATES and not any(g in doc.lower for g in LOWER_GATES[kind]):
            continue
        for match in pattern.finditer(doc.lower):
            if (cand := _accept_lower(kind, match, doc)) is not None:
                found.append(cand)
    return found


def _accept_lower(kind: str, match: re.Match[str], doc: _Document) -> _Found | None:
    """Expressions found in the lower-cased text; "ago" and "earlier" ones take their count
    from the word before ("two days ago"), which becomes the modifier."""
    if not _starts_word(doc.lower, match.start()):
        return None
    if kind == "season":
        return _accept_season(match, doc)
    if kind not in ("ago", "anaphoric") or match["unit"] is None:
        return _Found(match.start(), match.end(), kind, match, "")
    count = date_words().count_before.search(doc.lower, max(0, match.start() - 20), match.start())
    return _Found(count.start(), match.end(), kind, match, count["n"]) if count else None


def _accept_season(match: re.Match[str], doc: _Document) -> _Found | None:
    """"last summer", "in the spring", "winter 2019"; "fall" only with a modifier or a year, and
    never "the fall of ..." (a downfall)."""
    mod = _SEASON_MOD_RE.search(doc.lower, max(0, match.start() - 20), match.start())
    word = mod["mod"] if mod else ""
    if not (match["year"] or mod):
        return None
    if match["season"] == "fall" and not match["year"] and (
            word not in date_words().season_modifiers or doc.lower.startswith(" of", match.end())):
        return None
    modifier = word if word in date_words().season_modifiers else ""
    return _Found(mod.start() if modifier else match.start(), match.end(), "season", match, modifier)


def _select(candidates: list[_Found]) -> list[_Found]:
    """The longest candidates that do not overlap, in text order."""
    chosen: list[_Found] = []
    for cand in sorted(candidates, key=lambda c: (c.start - c.end, c.start)):
        if all(cand.end <= c.start or cand.start >= c.end for c in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)


def _starts_word(text: str, start: int) -> bool:
    return start == 0 or not text[start - 1].isalnum()


def _accept_iso(match: re.Match[str], doc: _Document) -> _Found | None:
    if doc.text[max(0, match.start() - 1):match.start()] in ("/", ".", "-") or not _starts_word(
            doc.text, match.start()):
        return None
    if _make_date(int(match["year"]), int(match["m"]), int(match["d"])) is None:
        return None
    return _Found(match.start(), match.end(), "iso", match, "")


def _accept_numeric(match: re.Match[str], doc: _Document) -> _Found | None:
    before = doc.text[max(0, match.start() - 1):match.start()]
    if before and (before.isalnum() or before in "/.,-"):
        return None
    a, b = int(match["a"]), int(match["b"])
    if match["sep"] != "/" and len(match["year"]) == 2:
        return None
    if not (1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12)):
        return None
    return _Found(match.start(), match.end(), "numeric", match, "")


def _accept_day_month(match: re.Match[str], doc: _Document) -> _Found | None:
    """A month-and-day date, taking in a weekday written before it ("Monday, Jan. 13")."""
    start = match.start()
    if not _starts_word(doc.text, start) or doc.text[max(0, start - 1):start] in (".", ","):
        return None
    prefix = _WEEKDAY_PREFIX_RE.search(doc.text, max(0, start - 12), start)
    kind = "dmy" if match.re is PATTERNS["dmy"] else "mdy"
    return _Found(prefix.start() if prefix else start, match.end(), kind, match, "")


def _accept_month_year(match: re.Match[str], doc: _Document) -> _Found | None:
    if not _starts_word(doc.text, match.start()):
        return None
    mod = _MONTH_MOD_RE.search(doc.lower, max(0, match.start() - 20), match.start())
    start = mod.start() if mod and mod["mod"] in ("early", "mid", "late") else match.start()
    return _Found(start, match.end(), "month_year", match, "")


def _accept_month(match: re.Match[str], doc: _Document) -> _Found | None:
    start = match.start()
    if not _starts_word(doc.text, start):
        return None
    mod = _MONTH_MOD_RE.search(doc.lower, max(0, start - 20), start)
    if mod:
        return _Found(mod.start(), match.end(), "month", match, " ".join(mod["mod"].split()))
    before = _last_word(doc.lower, start)
    if match["month"] in ("May", "March"):
        return _Found(start, match.end(), "month", match, "") if before in date_words().month_cue_words else None
    if before not in date_words().month_cue_words and (
            _next_word(doc.text, match.end())[:1].isupper()
            or _CAPITALISED_BEFORE_RE.search(doc.text, max(0, start - 30), start)):
        return None  # "April Ryan", "Hurricane August": a name
    return _Found(start, match.end(), "month", match, "")


def _accept_weekday(match: re.Match[str], doc: _Document) -> _Found | None:
    start = match.start()
    if not _starts_word(doc.text, start):
        return None
    mod = _WEEKDAY_MOD_RE.search(doc.lower, max(0, start - 10), start)
    return _Found(mod.start() if mod else start, match.end(), "weekday", match,
                  mod["mod"] if mod else "")


def _accept_year(match: re.Match[str], doc: _Document) -> _Found | None:
    start, text = match.start(), doc.text
    before = text[max(0, start - 2):start]
    if before[-1:].isalnum() or before[-1:] in ("$", "€", "£", "#", "_") or (
            len(before) == 2 and before[0].isdigit() and before[1] in ".,/-"):
        return None
    words = date_words()
    if _next_word(text, match.end()).lower() in words.count_nouns or _last_word(doc.lower, start) in words.quantifiers:
        return None
    return _Found(start, match.end(), "year", match, "")


def _accept_plain(match: re.Match[str], doc: _Document) -> _Found | None:
    """Decades ("the 1990s", "the '80s") and quarter codes ("Q3 2019") at word starts."""
    start = match.start()
    if match.re is PATTERNS["quarter_code"] and not _starts_word(doc.text, start):
        return None
    kind = "decade" if match.re is PATTERNS["decade"] else "quarter_code"
    return _Found(start, match.end(), kind, match, "")


_ACCEPT: dict[str, Callable[[re.Match[str], _Document], _Found | None]] = {
    "iso": _accept_iso, "numeric": _accept_numeric, "mdy": _accept_day_month,
    "dmy": _accept_day_month, "month_year": _accept_month_year, "month": _accept_month,
    "weekday": _accept_weekday, "year": _accept_year, "decade": _accept_plain,
    "quarter_code": _accept_plain,
}


# --- resolving --------------------------------------------------------------------------------------

def _resolve_day_month(found: _Found, doc: _Document) -> str | None:
    match = found.match
    month, day = MONTHS[match["month"].rstrip(".").lower()], int(match["d"])
    if match["year"]:
        return _iso(_make_date(int(match["year"]), month, day))
    if doc.published is None or _make_date(2000, month, day) is None:
        return None
    return _iso(_nearest_year(doc.published, month, day, doc.is_future(found.start, found.end)))


def _nearest_year(published: date, month: int, day: int, future: bool) -> date | None:
    """The day-month in the year that puts it just before (or, in future tense, after) publication."""
    grace = timedelta(days=GRACE_DAYS)
    options = [d for y in (published.year - 1, published.year, published.year + 1)
               if (d := _make_date(y, month, day))]
    if future:
        return min((d for d in options if d >= published - grace), default=None)
    return max((d for d in options if d <= published + grace), default=None)


def _resolve_iso(found: _Found, doc: _Document) -> str | None:
    match = found.match
    return _iso(_make_date(int(match["year"]), int(match["m"]), int(match["d"])))


def _resolve_numeric(found: _Found, doc: _Document) -> str | None:
    match = found.match
    a, b, year = int(match["a"]), int(match["b"]), int(match["year"])
    if year < 100:
        year += 2000 if year < 50 else 1900
    dayfirst = a > 12 or (b <= 12 and doc.dayfirst)
    day, month = (a, b) if dayfirst else (b, a)
    return _iso(_make_date(year, month, day))


def _resolve_month_year(found: _Found, doc: _Document) -> str | None:
    return f"{found.match['year']}-{MONTHS[found.match['month'].rstrip('.').lower()]:02d}"


def _resolve_month(found: _Found, doc: _Document) -> str | None:
    pub = doc.published
    if pub is None:
        return None
    month = MONTHS[found.match["month"].lower()]
    if found.mod == "last":
        year = pub.year if month < pub.month else pub.year - 1
    elif found.mod == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif found.mod == "this":
        year = pub.year
    elif doc.is_future(found.start, found.end):
        year = pub.year if month >= pub.month else pub.year + 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    return f"{year:04d}-{month:02d}"


def _resolve_weekday(found: _Found, doc: _Document) -> str | None:
    pub = doc.published
    if pub is None:
        return None
    weekday = WEEKDAYS[found.match["wd"].lower()]
    back = (pub.weekday() - weekday) % 7
    if found.mod in ("last", "past"):
        return (pub - timedelta(days=back or 7)).isoformat()
    ahead = (weekday - pub.weekday()) % 7
    if found.mod in ("next", "coming"):
        return (pub + timedelta(days=ahead or 7)).isoformat()
    if doc.is_future(found.start, found.end):
        return (pub + timedelta(days=ahead)).isoformat()
    return (pub - timedelta(days=back)).isoformat()


def _resolve_relday(found: _Found, doc: _Document) -> str | None:
    if doc.published is None:
        return None
    offset = RELATIVE_DAYS[found.match["rel"]]
    return (doc.published + timedelta(days=offset)).isoformat()


def _resolve_period(found: _Found, doc: _Document) -> str | None:
    """Years and months as such; a week as the date of its Monday (precision "week")."""
    pub = doc.published
    if pub is None:
        return None
    step = {"last": -1, "next": 1, "coming": 1}.get(found.match["mod"], 0)
    unit = found.match["unit"]
    if unit == "year":
        return f"{pub.year + step:04d}"
    if unit == "month":
        return _shift(pub, step, "month")
    monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=step)
    return monday.isoformat()


def _resolve_weekend(found: _Found, doc: _Document) -> str | None:
    """The Saturday of the weekend meant."""
    pub = doc.published
    if pub is None:
        return None
    mod = found.match["mod"]
    if mod in ("next", "coming") or (mod != "last" and doc.is_future(found.start, found.end)):
        return (pub + timedelta(days=(5 - pub.weekday()) % 7 or 7)).isoformat()
    ref = pub - timedelta(days=2) if mod == "last" else pub
    return (ref - timedelta(days=(ref.weekday() - 5) % 7)).isoformat()


def _resolve_ago(found: _Found, doc: _Document) -> str | None:
    if doc.published is None:
        return None
    return _shift(doc.published, -_number(found.mod), found.match["unit"])


def _resolve_anaphoric(found: _Found, anchor: date | None) -> str | None:
    """Counted from the last day-precise date before it in the text, not from publication."""
    match = found.match
    if anchor is None:
        return None
    if match["dir2"]:
        return (anchor + timedelta(days=-1 if match["dir2"] == "previous" else 1)).isoformat()
    if match["unit"] not in ("day", "week"):
        return None
    sign = -1 if match["dir"] == "earlier" else 1
    return _shift(anchor, sign * _number(found.mod), match["unit"])


def _resolve_year(found: _Found, doc: _Document) -> str | None:
    return found.match["year"]


def _resolve_quarter(found: _Found, doc: _Document) -> str | None:
    """"the first quarter (of 2019)", "last quarter", "Q3 2019": the quarter's first month."""
    match, pub = found.match, doc.published
    number = int(match["q"]) if found.kind == "quarter_code" else date_words().quarter_words.get(match["which"])
    if match["year"] and number:
        return f"{match['year']}-{3 * number - 2:02d}"
    if pub is None:
        return None
    current = (pub.month - 1) // 3 + 1
    if number is None:  # last / this / next quarter
        year, index = divmod(pub.year * 4 + current - 1 + date_words().quarter_steps[match["which"]], 4)
        return f"{year}-{3 * index + 1:02d}"
    future = doc.is_future(found.start, found.end)
    year = pub.year - (number > current and not future) + (number < current and future)
    return f"{year}-{3 * number - 2:02d}"


def _resolve_season(found: _Found, doc: _Document) -> str | None:
    """The season's first month: in the year written, else the latest one begun by publication;
    "last": the latest one over; "this": the one running, else the one of the publication year;
    "next", or future tense: the coming one."""
    match, pub = found.match, doc.published
    month = date_words().season_start[match["season"]]
    if match["year"]:
        return f"{match['year']}-{month:02d}"
    if pub is None:
        return None
    begun = pub.year if month <= pub.month else pub.year - 1
    running = (pub.year - begun) * 12 + pub.month - month < 3
    if found.mod in ("next", "coming") or (found.mod not in ("last", "past") and doc.is_future(found.start, found.end)):
        year = begun + 1
    elif found.mod in ("last", "past"):
        year = begun - running
    elif found.mod == "this":
        year = begun if running else pub.year
    else:
        year = begun
    return f"{year:04d}-{month:02d}"


def _resolve_decade(found: _Found, doc: _Document) -> str | None:
    """The decade's first year; "the '90s" is the 1990s, "the '10s" the 2010s."""
    match = found.match
    if match["short"] is not None:
        return f"{'20' if int(match['short']) <= 2 else '19'}{match['short']}0"
    return f"{match['century']}{match['tens']}0"


_RESOLVERS: dict[str, Callable[[_Found, _Document], str | None]] = {
    "iso": _resolve_iso, "numeric": _resolve_numeric, "mdy": _resolve_day_month,
    "dmy": _resolve_day_month, "month_year": _resolve_month_year, "month": _resolve_month,
    "weekday": _resolve_weekday, "relday": _resolve_relday, "period": _resolve_period,
    "weekend": _resolve_weekend, "ago": _resolve_ago, "year": _resolve_year,
    "quarter": _resolve_quarter, "quarter_code": _resolve_quarter, "season": _resolve_season,
    "decade": _resolve_decade,
}


# --- tense ------------------------------------------------------------------------------------------

def _nearest_cue_is_future(lower: str, c_start: int, c_end: int, start: int, end: int) -> bool:
    """Among the tense cues in ``lower[c_start:c_end]``, whether the one nearest to start-end is future."""
    best: tuple[int, bool] | None = None
    for cue_start, cue_end, future in _tense_cues(lower, c_start, c_end):
        distance = max(0, cue_start - end, start - cue_end)
        if best is None or distance < best[0] or (distance == best[0] and future):
            best = (distance, future)
    return best is not None and best[1]


def _tense_cues(lower: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """(start, end, is_future) of each tense cue among the words of ``lower[start:end]``."""
    words = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(lower, start, end)]
    cues = []
    for i, (w_start, w_end, word) in enumerate(words):
        prev = words[i - 1][2] if i else ""
        nxt = words[i + 1][2] if i + 1 < len(words) else ""
        after = words[i + 2][2] if i + 2 < len(words) else ""
        if _is_future_cue(prev, word, nxt, after):
            cues.append((w_start, w_end, True))
        elif _is_past_cue(prev, word):
            cues.append((w_start, w_end, False))
    return cues


def _is_future_cue(prev: str, word: str, nxt: str, after: str) -> bool:
    if word.endswith(("'ll", "’ll")):
        return True
    words = date_words()
    if word in words.future_words:
        return nxt not in words.not_future_after.get(word, ()) and prev not in words.not_future_before.get(word, ())
    if word == "due" and nxt == "to":
        return after in words.due_to_verbs
    return ((word, nxt) in words.future_bigrams and after not in words.not_future_after.get("to", ())
            and prev not in words.determiners)  # "plans to" but not "a plan to"


def _is_past_cue(prev: str, word: str) -> bool:
    words = date_words()
    if prev in words.passive_auxiliaries:
        return False
    return word in words.past_words or (len(word) > 4 and word.endswith("ed") and word not in words.not_past_ed)


# --- small helpers ----------------------------------------------------------------------------------

def _shift(start: date, n: int, unit: str) -> str | None:
    """``start`` moved by ``n`` units, at the precision the unit supports (None out of range)."""
    if unit in ("day", "week"):
        days = n * (7 if unit == "week" else 1)
        return _iso(start + timedelta(days=days)) if abs(days) <= 36500 else None
    if unit == "month":
        year, month = divmod(start.year * 12 + start.month - 1 + n, 12)
        return f"{year:04d}-{month + 1:02d}" if 1900 <= year <= 2100 else None
    return f"{start.year + n:04d}" if 1900 <= start.year + n <= 2100 else None


def _number(word: str) -> int:
    return int(word) if word.isdigit() else date_words().number_words[word]


def _make_date(year: int, month: int, day: int) -> date | None:
    """A date when the parts make one (years 1900-2100), else None."""
    if not (1900 <= year <= 2100 and 1 <= month <= 12):
        return None
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None and 1900 <= day.year <= 2100 else None


def _ascii_lower(text: str) -> str:
    """Lower-cased text with the same length (offsets stay valid): ASCII letters only when needed."""
    lower = text.lower()
    return lower if len(lower) == len(text) else "".join(c.lower() if c.isascii() else c for c in text)


def _last_word(lower: str, start: int) -> str:
    found = _LAST_WORD_RE.search(lower, max(0, start - 30), start)
    return found.group(1) if found else ""


def _next_word(text: str, end: int) -> str:
    found = _NEXT_WORD_RE.match(text, end)
    return found.group(1) if found else ""


def _detect_dayfirst(text: str) -> bool:
    """Day-first unless the text shows month-first numeric dates or US-style "Jan. 14" dates."""
    for match in PATTERNS["numeric"].finditer(text):
        a, b = int(match["a"]), int(match["b"])
        if a > 12 >= b:
            return True
        if b > 12 >= a:
            return False
    return PATTERNS["mdy"].search(text) is None
