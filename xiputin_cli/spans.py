"""Date spans: the days a DateValue covers, how precise it is, and whether two dates can name one day.

One module shared by the per-article components, the corpus stage (timeline, query, store) and the views,
so that they agree about every date and no component needs to import the corpus stage. Plain functions;
nothing here imports spaCy.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from xiputin_cli.records import DateValue

PRECISION_RANK = {"day": 4, "range": 3, "month": 2, "year": 1}
WEEKDAYS = tuple(day.lower() for day in calendar.day_name)
MONTH_WORDS = (
    {m.lower() for m in calendar.month_name[1:]} | {m.lower() for m in calendar.month_abbr[1:]} | {"sept"}
)
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
BOUND = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

Interval = tuple[date, date]


def parse_date_bound(text: str, *, end: bool = False) -> date:
    """YYYY, YYYY-MM or YYYY-MM-DD → the first day it covers, or the last when `end`."""
    match = BOUND.match(text.strip())
    if not match:
        raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {text!r}")
    year, month, day = int(match[1]), int(match[2] or (12 if end else 1)), match[3]
    if not 1 <= month <= 12:
        raise ValueError(f"month {month:02d} does not exist in {text!r}")
    last = calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31
    value = int(day) if day else (last if end else 1)
    try:
        return date(year, month, value)
    except ValueError:
        raise ValueError(f"day {value:02d} does not exist in {text!r}") from None


def date_bounds(text: str) -> Interval:
    """'2021' → (2021-01-01, 2021-12-31), likewise YYYY-MM and YYYY-MM-DD; a ValueError says what is wrong."""
    return parse_date_bound(text), parse_date_bound(text, end=True)


@lru_cache(maxsize=65536)
def bounds_of(start: str, end: str) -> Interval | None:
    """Cached: a corpus has few distinct dates, and the merge asks about each record's many times."""
    try:
        return parse_date_bound(start), parse_date_bound(end, end=True)
    except ValueError:
        return None


def interval(value: DateValue | None) -> Interval | None:
    """The days a date covers; None for an unresolved or year-less ('--05-19') date."""
    if value is None or not value.start:
        return None
    return bounds_of(value.start, value.end or value.start)


def precision(value: DateValue | None) -> int:
    """How narrow a date is: day > range > month > year > none."""
    if value is None or not value.start or bounds_of(value.start, value.end or value.start) is None:
        return 0
    return PRECISION_RANK.get(value.precision or "", 1)


def overlaps(a: Interval, b: Interval) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def dates_agree(a: DateValue | None, b: DateValue | None) -> bool:
    """Both resolved: their days overlap (2025-02 and 2025-02-24). Otherwise: the words of one contain the
    other's ('June' and 'June 16'), or one is missing."""
    if a is None or b is None or not (a.start or a.text) or not (b.start or b.text):
        return True
    ia, ib = interval(a), interval(b)
    if ia and ib:
        return overlaps(ia, ib)
    wa, wb = set(re.findall(r"\w+", a.text.lower())), set(re.findall(r"\w+", b.text.lower()))
    return wa <= wb or wb <= wa


def finer(a: DateValue | None, b: DateValue | None) -> DateValue | None:
    """The more precise of two agreeing dates (the first on a tie)."""
    if b is None or precision(b) <= precision(a):
        return a if a is not None else b
    return b


def words_fit(value: DateValue | None, span: Interval) -> bool:
    """Whether an unresolved date's words ('Monday', 'May 19') can name a day of `span`: a named weekday needs
    that single day to be one; a named month (and day of month) must fall inside it (its first 400 days)."""
    weekday, month, number = date_words(value.text if value else "")
    if weekday is not None and (span[0] != span[1] or span[0].weekday() != weekday):
        return False
    if month is None:
        return True
    last = min(span[1], span[0] + timedelta(days=399))
    for year in range(span[0].year, last.year + 1):
        first_day = date(year, month, 1)
        if number is None:
            if first_day <= last and month_end(first_day) >= span[0]:
                return True
        elif number <= calendar.monthrange(year, month)[1] and span[0] <= date(year, month, number) <= last:
            return True
    return False


@lru_cache(maxsize=4096)
def date_words(text: str) -> tuple[int | None, int | None, int | None]:
    """The weekday, month and day of month an unresolved date names, if any."""
    words = re.findall(r"[a-z]+|\d+", text.lower())
    weekday = next((WEEKDAYS.index(w) for w in words if w in WEEKDAYS), None)
    month = next((MONTHS[w[:3]] for w in words if w[:3] in MONTHS and w in MONTH_WORDS), None)
    number = next((int(w) for w in words if w.isdigit() and 1 <= int(w) <= 31), None)
    return weekday, month, number


# --- how views place a date -----------------------------------------------------------------------------


def parse_partial(value: str | None, *, last: bool = False) -> date | None:
    """'YYYY-MM-DD', 'YYYY-MM' or 'YYYY'; a partial date widens to its first (or last) day; None otherwise."""
    parts = (value or "").split("-")
    if not value or not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        return None
    try:
        year, month = int(parts[0]), int(parts[1]) if len(parts) > 1 else (12 if last else 1)
        day = int(parts[2]) if len(parts) > 2 else (calendar.monthrange(year, month)[1] if last else 1)
        return date(year, month, day)
    except ValueError:
        return None


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def view_interval(value: DateValue) -> Interval | None:
    """The interval a view draws: month and year precision widen to the whole month or year even when `end`
    is missing or earlier than `start`."""
    start = parse_partial(value.start)
    if start is None:
        return None
    end = parse_partial(value.end, last=True)
    if end is None or end < start:
        widened = {"month": month_end(start), "year": date(start.year, 12, 31)}
        end = widened.get(value.precision or "day", start)
    return start, end
