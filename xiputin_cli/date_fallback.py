"""The checked fallback for absolute date forms dates.py's rules do not read ("18.10.2023"): dateparser,
kept only where each part it returns is written in the phrase, because on its own it fills missing days and
years from today and reads ranges as single days.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from functools import cache

from dateparser.date import DateDataParser

from xiputin_cli.records import Precision

Span = tuple[date, date]
MONTHS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name} | {"sept": 9})


def month_span(year: int, month: int) -> Span:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


@cache
def _parser() -> DateDataParser:
    settings = {"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]}
    return DateDataParser(languages=["en"], settings=settings)


def parse_absolute(s: str) -> tuple[Span, Precision] | None:
    """dateparser for absolute forms the rules miss ("18.10.2023"), kept only if each part it returns is
    written in the phrase: it fills missing days and years from today and reads ranges as single days."""
    years = re.findall(r"\b\d{4}\b", s)
    if len(years) != 1 or re.search(r" to | and |between|\d-\d", s) or _ambiguous_numeric(s):
        return None
    try:
        data = _parser().get_date_data(s)
    except Exception:  # third-party parser on arbitrary text: a failure means "no date", never a crash
        return None
    found, period = data.date_obj, data.period
    if found is None or found.year != int(years[0]) or period not in ("day", "month", "year"):
        return None
    numbers = {int(n) for n in re.findall(r"\b\d{1,2}\b", s)}
    has_month = found.month in numbers or any(MONTHS.get(w) == found.month for w in re.findall("[a-z]+", s))
    if period == "year":
        return (date(found.year, 1, 1), date(found.year, 12, 31)), "year"
    if not has_month:
        return None
    if period == "month":
        return month_span(found.year, found.month), "month"
    return ((found.date(), found.date()), "day") if found.day in numbers else None


def _ambiguous_numeric(s: str) -> bool:
    """'3/4/2023' is March 4 in one country and April 3 in another."""
    m = re.search(r"\b(\d{1,2})[./](\d{1,2})[./]\d{4}\b", s)
    return m is not None and int(m[1]) <= 12 and int(m[2]) <= 12 and m[1] != m[2]
