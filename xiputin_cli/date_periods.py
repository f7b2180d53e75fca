"""Named stretches of a year news dates meetings by: seasons ('autumn 2019', 'last spring') and weeks of a
month ('the second week of October', 'the last week of March').

Seasons are the meteorological ones of the northern hemisphere (spring March-May, summer June-August, autumn
September-November), which is where the writers of this news mostly are; winter spans two years, so a
winter is never resolved. Plain functions: dates.py chooses the year and calls them.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

Span = tuple[date, date]

SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9}
"""The first month of each three-month season."""
WEEK_ORDINALS = {"first": 0, "second": 1, "third": 2, "fourth": 3, "last": -1, "final": -1}

RE_SEASON = re.compile(
    r"^(?:(?P<which>this|last|next|the|early|late|(?:this|last|next) (?:early|late)) )?"
    r"(?P<season>spring|summer|autumn|fall)(?: of)?(?: (?P<y>\d{4}))?$"
)
RE_WEEK_OF = re.compile(
    r"^(?:the )?(?P<n>first|second|third|fourth|last|final) week (?:of|in) (?P<m>[a-z]+)(?: (?P<y>\d{4}))?$"
)


def season_span(season: str, year: int) -> Span:
    first = SEASONS[season]
    return date(year, first, 1), date(year, first + 2, calendar.monthrange(year, first + 2)[1])


def relative_season(season: str, which: str, ref: date) -> Span | None:
    """'this autumn': the one of the reference year; 'last autumn': the latest one over before the reference;
    'next autumn': the first one to start after it."""
    spans = [season_span(season, y) for y in (ref.year - 1, ref.year, ref.year + 1)]
    if which == "this":
        return spans[1]
    if which == "last":
        return max((s for s in spans if s[1] < ref), default=None)
    if which == "next":
        return min((s for s in spans if s[0] > ref), default=None)
    return None


def week_of_month(ordinal: str, year: int, month: int) -> Span:
    """Days 1-7, 8-14, 15-21, 22-28, or the month's last seven days."""
    last_day = calendar.monthrange(year, month)[1]
    n = WEEK_ORDINALS[ordinal]
    first = date(year, month, last_day - 6) if n < 0 else date(year, month, 1 + 7 * n)
    return first, first + timedelta(days=6)


RE_RELATIVE_MONTH = re.compile(r"^(?P<which>this|last|next) (?P<m>[a-z]+)$")


def relative_month(month: int, which: str, ref: date) -> Span:
    """'this June': the June of the reference year; 'last June' the latest one over before the reference's
    month, 'next June' the first one after it."""
    year = ref.year
    if which == "last" and month >= ref.month:
        year -= 1
    elif which == "next" and month <= ref.month:
        year += 1
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
