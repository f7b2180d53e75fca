"""The date resolver on phrases from real news, each with its article's publication date and the tense of the
verb it hangs on; plus properties no input may break (never raises, start <= end, no reference → no
relative date)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from xiputin_cli.date_windows import MAX_WINDOW_DAYS, resolve_in_window
from xiputin_cli.dates import Tense, resolve_date

Expected = tuple[str, str, str] | None
Case = tuple[str, str | None, Tense | None, Expected]


def day(iso: str) -> Expected:
    return iso, iso, "day"


SEED_CASES: list[Case] = [
    # 000: Kyodo, no date in the text (2021-06-28 or 29)
    ("Monday", None, "past", None),
    ("three days", None, "past", None),  # "... ahead of the 100th anniversary of ...": test_dates_component
    ("six weeks", None, "past", None),
    ("2001", None, "past", ("2001-01-01", "2001-12-31", "year")),
    ("20th-century", None, None, None),
    ("recent years", None, "past", None),
    ("2014", None, "past", ("2014-01-01", "2014-12-31", "year")),
    ("earlier this month", None, "past", None),
    # 001: Global Times, no date in the text (2021-06-27 or 28)
    ("May 19", None, "past", None),
    ("Monday", None, "future", None),
    ("just days", None, "present", None),
    ("Friday", None, "past", None),
    ("Sunday", None, "past", None),
    ("June 16", None, "past", None),
    ("the past year", None, "past", None),
    ("June 15", None, "past", None),
    ("March 2020", None, "past", ("2020-03-01", "2020-03-31", "month")),
    ("December 28, 2020", None, "past", day("2020-12-28")),
    ("2021", None, "past", ("2021-01-01", "2021-12-31", "year")),
    ("the early years", None, "past", None),
    ("mid-June", None, "present", None),
    ("June", None, None, None),
    ("July 16 and", None, None, None),
    ("July 1", None, None, None),
    # 002: published 2025-05-08
    ("2025-05-08", "2025-05-08", "past", day("2025-05-08")),
    ("May 8", "2025-05-08", "past", day("2025-05-08")),
    ("May 8\u201310", "2025-05-08", "present", ("2025-05-08", "2025-05-10", "range")),
    ("May 7-10", "2025-05-08", "present", ("2025-05-07", "2025-05-10", "range")),
    ("the beginning of the year", "2025-05-08", "past", ("2025-01-01", "2025-04-30", "range")),
    ("in January", "2025-05-08", "past", ("2025-01-01", "2025-01-31", "month")),
    ("late February", "2025-05-08", "past", ("2025-02-21", "2025-02-28", "range")),
    ("May 8, 2025", "2025-05-08", "past", day("2025-05-08")),
    # 003: The Moscow Times, no date in the text (2022-12-29)
    ("Friday", None, "future", None),
    ("Thursday", None, "past", None),
    ("this month", None, "past", None),
    ("Last week", None, "past", None),
    ("monthly", None, None, None),
    # 004: published 2023-10-18, a Wednesday
    ("2023-10-18", "2023-10-18", None, day("2023-10-18")),
    ("Oct 18", "2023-10-18", "past", day("2023-10-18")),
    ("Wednesday", "2023-10-18", "past", day("2023-10-18")),
]

NEWS_CASES: list[Case] = [
    # The same phrases once the publication date is known (003 was 2022-12-29, a Thursday)
    ("on Friday", "2022-12-29", "future", day("2022-12-30")),
    ("on Thursday", "2022-12-29", "past", day("2022-12-29")),
    ("this month", "2022-12-29", "past", ("2022-12-01", "2022-12-31", "month")),
    ("Last week", "2022-12-29", "past", ("2022-12-19", "2022-12-25", "range")),
    ("earlier this month", "2021-06-28", "past", ("2021-06-01", "2021-06-28", "range")),
    ("agreed Monday", "2021-06-29", "past", None),  # the caller passes the entity, not the verb
    ("Monday", "2021-06-29", "past", day("2021-06-28")),
    ("Monday", "2021-06-27", "future", day("2021-06-28")),
    ("May 19", "2021-06-27", "past", day("2021-05-19")),
    ("July 1", "2021-06-27", "future", day("2021-07-01")),
    ("June 16", "2021-06-27", "past", day("2021-06-16")),
    # Xi in Moscow, 2023-03-20 (Monday)
    ("March 20-22", "2023-03-20", "present", ("2023-03-20", "2023-03-22", "range")),
    ("Feb. 4, 2022", "2023-03-20", "past", day("2022-02-04")),
    ("February 2022", "2023-03-20", "past", ("2022-02-01", "2022-02-28", "month")),
    ("last year", "2023-03-20", "past", ("2022-01-01", "2022-12-31", "year")),
    ("on Monday", "2023-03-20", "present", day("2023-03-20")),
    # Putin in Beijing, 2024-05-16 (Thursday)
    ("May 16-17", "2024-05-16", "present", ("2024-05-16", "2024-05-17", "range")),
    ("Friday", "2024-05-16", "future", day("2024-05-17")),
    ("Friday", "2024-05-16", None, None),  # no tense: last Friday or tomorrow
    ("in March", "2024-05-16", "past", ("2024-03-01", "2024-03-31", "month")),
    ("Tuesday", "2024-05-16", "past", day("2024-05-14")),
    ("next Tuesday", "2024-05-16", "future", None),  # this coming or the one after: never guessed
    ("last Friday", "2024-05-16", None, day("2024-05-10")),
    ("this year", "2024-05-16", "present", ("2024-01-01", "2024-12-31", "year")),
    # Video call, 2021-12-15 (Wednesday): year roll-over ahead
    ("Wednesday", "2021-12-15", "past", day("2021-12-15")),
    ("in February", "2021-12-15", "future", ("2022-02-01", "2022-02-28", "month")),
    ("next year", "2021-12-15", "future", ("2022-01-01", "2022-12-31", "year")),
    ("January 3", "2024-12-20", "future", day("2025-01-03")),
    ("early January", "2024-12-20", "future", ("2025-01-01", "2025-01-10", "range")),
    # Year roll-over behind
    ("December 28", "2025-01-05", "past", day("2024-12-28")),
    ("in December", "2022-01-10", "past", ("2021-12-01", "2021-12-31", "month")),
    ("December 30", "2023-01-02", None, day("2022-12-30")),
    # Belt and Road Forum, Kazan BRICS summit, Astana SCO summit
    ("Oct. 17-18", "2023-10-18", "present", ("2023-10-17", "2023-10-18", "range")),
    ("Tuesday", "2024-10-22", "past", day("2024-10-22")),
    ("Oct 22-24", "2024-10-22", "present", ("2024-10-22", "2024-10-24", "range")),
    ("on Wednesday", "2024-07-03", "past", day("2024-07-03")),
    ("yesterday", "2024-07-03", "past", day("2024-07-02")),
    ("today", "2024-07-03", "present", day("2024-07-03")),
    ("Wednesday", "2025-09-02", "future", day("2025-09-03")),
    ("September 3", "2025-09-02", "future", day("2025-09-03")),
    ("June 5-7", "2019-06-05", "present", ("2019-06-05", "2019-06-07", "range")),
    ("between May 7 and 10", "2025-05-06", "future", ("2025-05-07", "2025-05-10", "range")),
    ("June 28-July 1", "2021-06-20", "future", ("2021-06-28", "2021-07-01", "range")),
    ("7-10 May 2025", None, None, ("2025-05-07", "2025-05-10", "range")),
    # A past verb about a date days ahead ("declared a ceasefire for May 8-10" on May 7) stays this year
    ("May 8-10", "2025-05-07", "past", ("2025-05-08", "2025-05-10", "range")),
    # Absolute forms
    ("Monday, June 28, 2021", None, None, day("2021-06-28")),
    ("the 18th of October 2023", None, None, day("2023-10-18")),
    ("18.10.2023", None, None, day("2023-10-18")),
    ("3/4/2023", None, None, None),  # March 4 or April 3
    ("mid-2019", None, None, ("2019-05-01", "2019-08-31", "range")),
    ("early 2021", None, None, ("2021-01-01", "2021-04-30", "range")),
    ("between 2014 and 2016", None, None, ("2014-01-01", "2016-12-31", "range")),
    ("the 1990s", None, None, ("1990-01-01", "1999-12-31", "range")),
    ("the first half of 2024", None, None, ("2024-01-01", "2024-06-30", "range")),
    ("Q3 2025", None, None, ("2025-07-01", "2025-09-30", "range")),
    ("the fourth quarter of 2022", None, None, ("2022-10-01", "2022-12-31", "range")),
    ("the end of the month", "2025-02-10", "future", ("2025-02-21", "2025-02-28", "range")),
    ("later this year", "2024-05-16", "future", ("2024-05-16", "2024-12-31", "range")),
    ("two years ago", "2025-05-08", "past", ("2023-01-01", "2023-12-31", "year")),
    # Durations and vague spans are never dates
    ("three days", "2025-05-08", "past", None),
    ("days", "2025-05-08", None, None),
    ("decades", "2025-05-08", None, None),
    ("the coming months", "2025-05-08", "future", None),
    ("the past decade", "2025-05-08", "past", None),
    ("six weeks", "2021-06-28", "past", None),
    ("recent years", "2022-12-29", "past", None),
    # Fuzzy stretches (issue 11, class 7): seasons, weeks of a month, parts of a day
    ("autumn 2019", "2024-05-10", None, ("2019-09-01", "2019-11-30", "range")),
    ("the spring of 2023", None, None, ("2023-03-01", "2023-05-31", "range")),
    ("last autumn", "2024-05-10", "past", ("2023-09-01", "2023-11-30", "range")),
    ("last spring", "2024-05-10", "past", ("2023-03-01", "2023-05-31", "range")),  # this one is not over
    ("next summer", "2024-05-10", "future", ("2024-06-01", "2024-08-31", "range")),
    ("this summer", "2024-05-10", "future", ("2024-06-01", "2024-08-31", "range")),
    ("last autumn", None, "past", None),
    ("winter 2019", "2024-05-10", None, None),  # December 2019 or early 2019: never guessed
    ("the second week of October", "2024-11-02", "past", ("2024-10-08", "2024-10-14", "range")),
    ("the last week of March 2023", None, None, ("2023-03-25", "2023-03-31", "range")),
    ("the first week of June", None, "future", None),
    ("late Wednesday", "2024-05-10", "past", day("2024-05-08")),
    ("late Wednesday", None, "past", None),
    ("at noon on October 18", "2023-10-18", "past", day("2023-10-18")),
    ("the afternoon of March 3, 2021", None, None, day("2021-03-03")),
]

CASES = SEED_CASES + NEWS_CASES


def as_tuple(value: object) -> Expected:
    start, end, precision = (getattr(value, k) for k in ("start", "end", "precision"))
    return None if start is None else (start, end, precision)


@pytest.mark.parametrize(("phrase", "reference", "tense", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_resolve_date(phrase: str, reference: str | None, tense: Tense | None, expected: Expected) -> None:
    ref = date.fromisoformat(reference) if reference else None
    value = resolve_date(phrase, ref, tense)
    assert as_tuple(value) == expected
    assert value.text == phrase


def test_table_is_large_and_covers_every_seed_phrase() -> None:
    assert len(CASES) >= 60
    assert len(SEED_CASES) == 40


def test_leap_day_without_year_takes_the_nearest_leap_year() -> None:
    assert resolve_date("February 29", date(2025, 3, 1), None).start == "2024-02-29"
    assert resolve_date("February 29", date(2026, 6, 1), None).start is None


def test_weekday_is_the_reference_day_whatever_the_tense() -> None:
    for tense in ("past", "present", "future", None):
        assert resolve_date("Wednesday", date(2023, 10, 18), tense).start == "2023-10-18"


WORDS = [
    "early",
    "late",
    "mid-",
    "the end of",
    "last",
    "next",
    "this",
    "earlier",
    "on",
    "in",
    "between",
    "and",
    "to",
    "-",
    "\u2013",
    ",",
    "May",
    "February",
    "Feb.",
    "Monday",
    "Friday",
    "week",
    "month",
    "year",
    "ago",
    "anniversary",
    "centenary",
    "of",
    "the",
    "three",
    "days",
    "ahead",
    "CCP",
    "2021",
    "1999",
    "29",
    "31",
    "0",
    "99999",
    "12/13/2020",
    "2020-02-30",
    "9999",
    "0001",
    "1st",
    "the 100th",
]
phrases = st.one_of(st.text(max_size=40), st.lists(st.sampled_from(WORDS), max_size=7).map(" ".join))
references = st.one_of(st.none(), st.dates(), st.sampled_from([date.min, date.max, date(2024, 2, 29)]))
tenses = st.sampled_from(["past", "present", "future", None])


@settings(max_examples=400, deadline=None)
@given(phrases, references, tenses)
@example("tomorrow", date.max, None)
@example("next year", date.max, "future")
@example("December 28", date.min, "past")
@example("Friday", date.min, "past")
@example("February 29", date(2025, 3, 1), None)
def test_never_raises_and_start_not_after_end(
    phrase: str, reference: date | None, tense: Tense | None
) -> None:
    value = resolve_date(phrase, reference, tense)
    assert value.text == phrase
    if value.start is None:
        assert value.end is None and value.precision is None
    else:
        assert value.end is not None and value.precision is not None
        assert date.fromisoformat(value.start) <= date.fromisoformat(value.end)


@settings(max_examples=300, deadline=None)
@given(phrases, tenses)
def test_no_reference_no_relative_date(phrase: str, tense: Tense | None) -> None:
    """Without a reference date only a phrase that writes its year resolves."""
    value = resolve_date(phrase, None, tense)
    if not re.search(r"\d{4}", phrase):
        assert value.start is None


# An undated article that says when it was written ("just days before the CCP centenary") gives a window of
# days it may date from; the component finds the window, these cases check what resolves inside one.
DAYS_BEFORE_CENTENARY = (date(2021, 6, 24), date(2021, 6, 30))  # "just days before" 2021-07-01
AHEAD_OF_CENTENARY = (date(2021, 6, 1), date(2021, 6, 30))  # "ahead of" 2021-07-01
NEW_YEAR = (date(2021, 12, 28), date(2022, 1, 3))
WindowCase = tuple[str, tuple[date, date], Tense | None, Expected]
WINDOW_CASES: list[WindowCase] = [
    # weekdays: exactly one fits the window and the tense
    ("Monday", DAYS_BEFORE_CENTENARY, "future", day("2021-06-28")),  # 001: "will have a video meeting"
    ("on Monday", DAYS_BEFORE_CENTENARY, "future", day("2021-06-28")),
    ("Friday", DAYS_BEFORE_CENTENARY, "past", day("2021-06-25")),  # 001: "Hua Chunying said on Friday"
    ("Sunday", DAYS_BEFORE_CENTENARY, "past", day("2021-06-27")),
    ("Monday", AHEAD_OF_CENTENARY, "future", None),  # four Mondays fit a month
    ("Monday", (date(2021, 6, 21), date(2021, 6, 30)), "past", None),  # June 21 and June 28 both fit
    ("Monday", DAYS_BEFORE_CENTENARY, "present", None),  # "is" on Monday: either side of the day
    ("Monday", DAYS_BEFORE_CENTENARY, None, None),
    ("next Monday", DAYS_BEFORE_CENTENARY, "future", None),
    # yearless dates: every day of the window gives the same year
    ("May 19", DAYS_BEFORE_CENTENARY, "past", day("2021-05-19")),  # 001: "attended ... on May 19"
    ("June 16", DAYS_BEFORE_CENTENARY, "past", day("2021-06-16")),
    ("July 16", DAYS_BEFORE_CENTENARY, None, day("2021-07-16")),
    ("mid-June", DAYS_BEFORE_CENTENARY, "present", ("2021-06-11", "2021-06-20", "range")),
    ("June 28-July 1", DAYS_BEFORE_CENTENARY, "future", ("2021-06-28", "2021-07-01", "range")),
    ("May 19", AHEAD_OF_CENTENARY, "past", day("2021-05-19")),
    ("June 16", AHEAD_OF_CENTENARY, "past", None),  # 2020 from June 1, 2021 from June 30
    ("January 10", NEW_YEAR, "past", None),  # 2021-01-10 from December, 2022-01-10 from January 3
    ("December 20", NEW_YEAR, "past", day("2021-12-20")),
    ("June 16", DAYS_BEFORE_CENTENARY, "present", day("2021-06-16")),
    # never from a window: relative phrases, written years (the reference-free resolver has them), too wide
    ("yesterday", DAYS_BEFORE_CENTENARY, "past", None),
    ("last year", DAYS_BEFORE_CENTENARY, "past", None),
    ("this week", DAYS_BEFORE_CENTENARY, "present", None),
    ("May 19, 2021", DAYS_BEFORE_CENTENARY, "past", None),
    ("six weeks", DAYS_BEFORE_CENTENARY, "past", None),
    ("May 19", (date(2021, 3, 1), date(2021, 3, 1) + timedelta(days=MAX_WINDOW_DAYS)), "past", None),
    ("May 19", (date(2021, 6, 30), date(2021, 6, 24)), "past", None),  # empty window
]


@pytest.mark.parametrize(
    ("phrase", "window", "tense", "expected"), WINDOW_CASES, ids=[f"{c[0]}-{c[2]}" for c in WINDOW_CASES]
)
def test_resolve_in_window(
    phrase: str, window: tuple[date, date], tense: Tense | None, expected: Expected
) -> None:
    value = resolve_in_window(phrase, window, tense)
    assert as_tuple(value) == expected
    assert value.text == phrase


windows = st.builds(
    lambda first, length: (first, first + timedelta(days=length)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=0, max_value=40),
)


@settings(max_examples=300, deadline=None)
@given(phrases, windows, tenses)
@example("Monday", DAYS_BEFORE_CENTENARY, "future")
@example("May 19", DAYS_BEFORE_CENTENARY, "past")
def test_window_reading_is_one_every_reference_in_the_window_allows(
    phrase: str, window: tuple[date, date], tense: Tense | None
) -> None:
    """Whatever resolves from a window is what some day in it, as the publication date, would give, and
    every day in it gives a reading: the window never invents a date a real reference date would not."""
    value = resolve_in_window(phrase, window, tense)
    if value.start is None:
        return
    days = [window[0] + timedelta(days=i) for i in range((window[1] - window[0]).days + 1)]
    readings = [as_tuple(resolve_date(phrase, ref, tense)) for ref in days]
    assert None not in readings
    assert as_tuple(value) in readings
