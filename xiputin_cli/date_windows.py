"""Dates in an article without a publication date, read against a window it is known to date from.

An undated article may still say roughly when it was written (components/dates.py infers that window from
its text); a date phrase in it resolves only when every day of the window gives the same reading.
"""

from __future__ import annotations

from datetime import timedelta

from xiputin_cli.dates import RE_WEEKDAY, Span, Tense, date_value, normalize, resolve_normalized, yearless
from xiputin_cli.records import DateValue

MAX_WINDOW_DAYS = 62
"""Longest inferred reference window (in days) `resolve_in_window` reads; wider ones say too little."""


def resolve_in_window(text: str, window: Span, tense: Tense | None = None) -> DateValue:
    """Resolve a phrase in an article known only to date from within `window` (both ends included).

    A yearless date ("May 19") resolves when every day of the window, as the reference, gives the same
    reading. A weekday resolves when every day gives a reading and exactly one of those lies inside the
    window: a 7-day window before June 30 holds one Monday, a month-long one four, which stays null.
    Relative phrases ("yesterday", "last week") and windows over MAX_WINDOW_DAYS stay null.
    """
    s = normalize(text)
    weekday = RE_WEEKDAY.match(s) is not None
    first, last = window
    if not (weekday or yearless(s)) or not 0 <= (last - first).days < MAX_WINDOW_DAYS:
        return DateValue(text=text)
    days = (first + timedelta(days=i) for i in range((last - first).days + 1))
    readings = {resolve_normalized(s, day, tense) for day in days}
    if None in readings:
        return DateValue(text=text)  # some day of the window cannot resolve it: the tense does not settle it
    found = {r for r in readings if r and (not weekday or first <= r[0][0] <= last)}
    return date_value(text, *found.pop()) if len(found) == 1 else DateValue(text=text)
