"""Temporal expressions and their values: dragoman.stages.when.

Published 2020-01-14 is a Tuesday; most cases are anchored on it.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest

from dragoman.records import DateMention
from dragoman.stages.when import find_dates, parse_published, sentence_is_future

PUB = "2020-01-14"  # a Tuesday
DEMO = Path(__file__).resolve().parents[2] / "src" / "dragoman" / "demo" / "millennium-post-haftar-moscow.txt"

# (text, published, mention as written, expected value)
# Weekdays: past tense -> the latest one on or before publication (the same day counts); future
# tense -> the first one on or after it; "last"/"next" exclude the publication day.
CASES = [
    # weekdays
    ("Talks began on Monday in Moscow.", PUB, "Monday", "2020-01-13"),
    ("Talks will resume on Monday.", PUB, "Monday", "2020-01-20"),
    ("The minister arrived Tuesday.", PUB, "Tuesday", "2020-01-14"),
    ("The minister will arrive Tuesday.", PUB, "Tuesday", "2020-01-14"),
    ("The minister will arrive next Tuesday.", PUB, "next Tuesday", "2020-01-21"),
    ("The ministers are due to meet later on Tuesday.", PUB, "Tuesday", "2020-01-14"),
    ("Officials will travel to Berlin on Monday.", PUB, "Monday", "2020-01-20"),
    ("They met last Tuesday.", PUB, "last Tuesday", "2020-01-07"),
    ("They meet next Friday.", PUB, "next Friday", "2020-01-17"),
    ("Shelling resumed Monday night.", PUB, "Monday night", "2020-01-13"),
    ("The summit is scheduled for Friday.", PUB, "Friday", "2020-01-17"),
    ("Leaders are to meet on Thursday in Berlin.", PUB, "Thursday", "2020-01-16"),
    ("Berlin said on Sunday that talks would continue.", PUB, "Sunday", "2020-01-12"),
    ("Haftar left Moscow on Monday and will return on Friday.", PUB, "Monday", "2020-01-13"),
    ("Haftar left Moscow on Monday and will return on Friday.", PUB, "Friday", "2020-01-17"),
    ("The talks will be held on Saturday.", PUB, "Saturday", "2020-01-18"),
    ("Rebels attacked the town on Wednesday.", PUB, "Wednesday", "2020-01-08"),
    # days relative to publication
    ("Troops withdrew yesterday.", PUB, "yesterday", "2020-01-13"),
    ("Talks resume today.", PUB, "today", "2020-01-14"),
    ("He speaks tonight.", PUB, "tonight", "2020-01-14"),
    ("A bomb exploded this morning.", PUB, "this morning", "2020-01-14"),
    ("It began the day before yesterday.", PUB, "the day before yesterday", "2020-01-12"),
    ("They vote tomorrow.", PUB, "tomorrow", "2020-01-15"),
    ("A ceasefire was announced over the weekend.", PUB, "the weekend", "2020-01-11"),
    ("Fighting broke out two days ago.", PUB, "two days ago", "2020-01-12"),
    ("Fighting broke out three weeks ago.", PUB, "three weeks ago", "2019-12-24"),
    ("The deal was signed a year ago.", PUB, "a year ago", "2019"),
    # weeks, months, years relative to publication (a week is the date of its Monday)
    ("Protests grew last week.", PUB, "last week", "2020-01-06"),
    ("Protests grew last week.", "2020-01-08", "last week", "2019-12-30"),
    ("Protests grew last week.", "2020-03-04", "last week", "2020-02-24"),
    ("Prices rose last month.", PUB, "last month", "2019-12"),
    ("Prices rose last year.", PUB, "last year", "2019"),
    ("Prices rose this year.", PUB, "this year", "2020"),
    ("Elections are due next month.", PUB, "next month", "2020-02"),
    ("Clashes erupted earlier this month.", PUB, "earlier this month", "2020-01"),
    ("A summit is planned later this month.", PUB, "later this month", "2020-01"),
    # months without a year: latest past one (same month counts), the coming one in future tense
    ("Clashes erupted in December.", PUB, "December", "2019-12"),
    ("Elections will be held in December.", PUB, "December", "2020-12"),
    ("Berlin would host talks later in January.", PUB, "later in January", "2020-01"),
    ("The violence began in April when Haftar attacked.", PUB, "April", "2019-04"),
    ("Elections will take place in April.", PUB, "April", "2020-04"),
    ("Fighting flared in early March.", PUB, "early March", "2019-03"),
    ("Fighting flared in mid-May.", PUB, "mid-May", "2019-05"),
    ("Fighting flared in late June.", PUB, "late June", "2019-06"),
    ("Aid arrived in January.", PUB, "January", "2020-01"),
    ("Unrest began in May.", PUB, "May", "2019-05"),
    ("The offensive began last March.", PUB, "last March", "2019-03"),
    # days of a month
    ("The truce began on January 12.", PUB, "January 12", "2020-01-12"),
    ("The truce began on 12 January.", PUB, "12 January", "2020-01-12"),
    ("The truce began on Jan. 12.", PUB, "Jan. 12", "2020-01-12"),
    ("The truce began on the 12th of January.", PUB, "12th of January", "2020-01-12"),
    ("The truce began on Dec 30.", PUB, "Dec 30", "2019-12-30"),
    ("The truce will be reviewed on Dec 30.", PUB, "Dec 30", "2020-12-30"),
    ("The conference opens on January 19.", PUB, "January 19", "2020-01-19"),
    ("It was signed on January 14, 2019.", PUB, "January 14, 2019", "2019-01-14"),
    ("It was signed on 14 January 2019.", None, "14 January 2019", "2019-01-14"),
    ("It was signed on Monday, January 13, 2020.", None, "Monday, January 13, 2020", "2020-01-13"),
    ("It was signed in January 2019.", None, "January 2019", "2019-01"),
    ("Filed 2020-01-14 in Tripoli.", None, "2020-01-14", "2020-01-14"),
    # numeric dates: a part over 12 decides, else other dates in the text, else day-first
    ("Filed on 14/01/2020.", None, "14/01/2020", "2020-01-14"),
    ("Filed on 01/14/2020.", None, "01/14/2020", "2020-01-14"),
    ("Filed on 05/04/2020.", None, "05/04/2020", "2020-04-05"),
    ("Filed on 13/02/2020 and 05/04/2020.", None, "05/04/2020", "2020-04-05"),
    ("Filed on 02/13/2020 and 05/04/2020.", None, "05/04/2020", "2020-05-04"),
    ("Filed on Jan. 3, 2020 and 05/04/2020.", None, "05/04/2020", "2020-05-04"),
    ("Filed on 14.01.2020.", None, "14.01.2020", "2020-01-14"),
    # years
    ("The war started in 2011.", PUB, "2011", "2011"),
    ("Sanctions have applied since 1998.", None, "1998", "1998"),
    # counted from the previous date in the text, not from publication
    ("On January 3 fighting erupted. A week earlier, talks had failed.", PUB, "A week earlier",
     "2019-12-27"),
    ("On January 3 fighting erupted. The next day, talks resumed.", PUB, "The next day", "2020-01-04"),
    ("Talks had failed a week earlier.", PUB, "a week earlier", None),
    # no or malformed publication date: relative expressions stay unresolved
    ("Talks began on Monday.", None, "Monday", None),
    ("Talks began on Monday.", "14 Jan 2020", "Monday", None),
    ("Talks began on Monday.", "2020-13-45", "Monday", None),
    ("Clashes erupted in December.", None, "December", None),
    ("The truce began on January 12.", None, "January 12", None),
    ("Talks began on Monday.", "2020-01-14T09:30:00Z", "Monday", "2020-01-13"),
]


@pytest.mark.parametrize("text, published, mention, value", CASES)
def test_value(text: str, published: str | None, mention: str, value: str | None) -> None:
    found = {d.text: d for d in find_dates(text, published)}
    assert mention in found, f"{mention!r} not found in {list(found)}"
    date = found[mention]
    assert date.value == value
    assert text[date.start:date.end] == mention


# Text that holds no temporal expression (counts, names, modal "may").
NOT_DATES = [
    "More than 2000 people fled.",
    "Some 2020 troops were deployed.",
    "The bill cost $2019.",
    "Theresa May said talks may resume.",
    "April Ryan asked a question.",
    "After the fall of Saigon, prices fall.",
    "A summer camp opened.",
    "Version 1.2.3 was released.",
    "The score was 3/4 at half time.",
]


# (text, published, mention as written, value, precision): weeks, quarters, seasons and decades
# get a value of their own and say how precise it is.
PRECISION_CASES = [
    ("Talks began on Monday.", PUB, "Monday", "2020-01-13", "day"),
    ("Protests grew last week.", PUB, "last week", "2020-01-06", "week"),
    ("Talks resume next week.", PUB, "next week", "2020-01-20", "week"),
    ("Prices rose last month.", PUB, "last month", "2019-12", "month"),
    ("Sales fell in the first quarter.", PUB, "first quarter", "2020-01", "quarter"),
    ("Sales fell in the third quarter.", PUB, "third quarter", "2019-07", "quarter"),
    ("Profits rose last quarter.", PUB, "last quarter", "2019-10", "quarter"),
    ("Growth slowed in the fourth quarter of 2018.", PUB, "fourth quarter of 2018", "2018-10", "quarter"),
    ("Results for Q3 2019 were poor.", PUB, "Q3 2019", "2019-07", "quarter"),
    ("Fighting resumed last summer.", PUB, "last summer", "2019-06", "season"),
    ("Snow fell last winter.", PUB, "last winter", "2018-12", "season"),
    ("Elections will be held in the spring.", PUB, "spring", "2020-03", "season"),
    ("Talks failed in the summer of 2017.", PUB, "summer of 2017", "2017-06", "season"),
    ("The war began this fall.", "2020-10-14", "this fall", "2020-09", "season"),
    ("The group was founded in the 1990s.", PUB, "1990s", "1990", "decade"),
    ("It was popular in the '80s.", PUB, "'80s", "1980", "decade"),
    ("In 1988, the army took power.", PUB, "1988", "1988", "year"),
    ("Talks had failed a week earlier.", PUB, "a week earlier", None, None),
]


@pytest.mark.parametrize("text, published, mention, value, precision", PRECISION_CASES)
def test_value_and_precision(text, published, mention, value, precision) -> None:
    [date] = [d for d in find_dates(text, published) if d.text == mention]
    assert (date.value, date.precision) == (value, precision)


@pytest.mark.parametrize("text", NOT_DATES)
def test_not_a_date(text: str) -> None:
    assert find_dates(text, PUB) == []


@pytest.mark.parametrize("text, published", [
    ("", PUB), (None, PUB), (42, PUB), ("Monday", 20200114), ("   ", None), ("2019", ""),
    ("in 99999999999 days ago", PUB), ("Jan. 32", PUB), ("February 30, 2020", None),
])
def test_odd_input_never_raises(text, published) -> None:
    found = find_dates(text, published)
    assert isinstance(found, list)
    assert all(isinstance(d, DateMention) for d in found)


def test_offsets_and_order_on_an_article() -> None:
    text = DEMO.read_text(encoding="utf-8")
    found = find_dates(text, PUB)
    assert [d.start for d in found] == sorted(d.start for d in found)
    assert all(text[d.start:d.end] == d.text for d in found)
    values = {d.text: d.value for d in found}
    assert values["Monday"] == "2020-01-13"
    assert values["Sunday"] == "2020-01-12"
    assert values["later in January"] == "2020-01"
    assert values["April"] == "2019-04"


@pytest.mark.parametrize("text, future", [
    ("Leaders will meet in Berlin", True),
    ("Leaders met in Berlin", False),
    ("Russia said the talks would continue", True),
    ("Talks are scheduled to continue", True),
    ("They'll meet again", True),
    ("The will of the people prevailed", False),
    ("The talks, which were expected to fail, collapsed", False),
    ("", False),
])
def test_sentence_is_future(text: str, future: bool) -> None:
    assert sentence_is_future(text) is future


def test_parse_published() -> None:
    assert parse_published("2020-01-14").isoformat() == "2020-01-14"
    assert parse_published("2020-02-30") is None
    assert parse_published(None) is None


def test_fast_on_a_long_article() -> None:
    text = " ".join([DEMO.read_text(encoding="utf-8")] * 3)  # about 1,000 words
    assert len(text.split()) >= 800
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        find_dates(text, PUB)
        timings.append(time.perf_counter() - start)
    assert statistics.median(timings) < 0.05  # typically 2-3 ms; generous for slow CI machines


def test_word_lists_are_read_from_the_knowledge_file() -> None:
    from dragoman.stages.when import date_words

    words = date_words()
    assert {"will", "next"} <= words.future_words and ("plans", "to") in words.future_bigrams
    assert words.number_words["two"] == 2 and words.season_start["fall"] == 9
    assert all(isinstance(w, str) and w == w.lower() for w in words.count_nouns | words.month_cue_words)
