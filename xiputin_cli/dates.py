"""Date phrases from news text → DateValue, relative to the article's publication (reference) date.

Rules cover the forms news uses; dateparser is only a checked fallback for other absolute forms, because on
its own it invents days and years ("May 7-10" → 2010-05-07). A wrong date is worse than none: whatever the
text and the reference date cannot pin down comes back with start/end null and the words kept. No spaCy here,
so the rules can be tested and reused without a pipeline; tense comes in from the caller.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Literal

from xiputin_cli.date_fallback import parse_absolute
from xiputin_cli.date_periods import (
    RE_RELATIVE_MONTH,
    RE_SEASON,
    RE_WEEK_OF,
    relative_month,
    relative_season,
    season_span,
    week_of_month,
)
from xiputin_cli.records import DateValue, Precision

Tense = Literal["past", "present", "future"]
Span = tuple[date, date]

_MONTH_NAMES = [name.lower() for name in calendar.month_name[1:]]
MONTHS: dict[str, int] = {name: i for i, name in enumerate(_MONTH_NAMES, 1)}
MONTHS.update({name[:3]: i for i, name in enumerate(_MONTH_NAMES, 1)} | {"sept": 9})
WEEKDAYS: dict[str, int] = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS: dict[str, int] = {
    w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
} | {"a": 1, "an": 1}
DAY_TOLERANCE = 7
"""Days a day-precise date may sit on the 'wrong' side of the reference for its tense ("agreed a truce for
May 10" in a May 7 story) before the rule moves it a year: a year-old reading would be far worse."""

_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_WD = "|".join(WEEKDAYS)
_NUM = r"\d+|" + "|".join(NUMBER_WORDS)
_MOD = (
    r"earlier|later|early|late|mid|the beginning of|the start of|the middle of|the end of"
    r"|beginning of|start of|middle of|end of"
)
_TO = r"(?:-| to | through | until | till | and )"


def _mon(group: str) -> str:
    return rf"(?P<{group}>{_MON})"


_RE_ISO = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})$")
_RE_DAYS = [
    re.compile(rf"^(?:(?:{_WD}) )?{_mon('m1')} (?P<d1>\d{{1,2}})(?: (?P<y>\d{{4}}))?$"),
    re.compile(rf"^(?:(?:{_WD}) )?(?:the )?(?P<d1>\d{{1,2}})(?: of)? {_mon('m1')}(?: (?P<y>\d{{4}}))?$"),
    re.compile(
        rf"^(?:between )?{_mon('m1')} (?P<d1>\d{{1,2}}){_TO}(?:{_mon('m2')} )?(?P<d2>\d{{1,2}})"
        rf"(?: (?P<y>\d{{4}}))?$"
    ),
    re.compile(
        rf"^(?:between )?(?P<d1>\d{{1,2}})(?: {_mon('m1')})?{_TO}(?P<d2>\d{{1,2}}) {_mon('m2')}"
        rf"(?: (?P<y>\d{{4}}))?$"
    ),
]
_RE_MONTH = re.compile(rf"^(?:(?P<mod>{_MOD}) )?{_mon('m')}(?: of)?(?: (?P<y>\d{{4}}))?$")
_RE_MONTH_RANGE = re.compile(rf"^(?:between )?{_mon('m1')}{_TO}{_mon('m2')}(?: (?P<y>\d{{4}}))?$")
_RE_YEAR = re.compile(rf"^(?:(?P<mod>{_MOD}) )?(?:the year )?(?P<y>\d{{4}})$")
_RE_YEAR_RANGE = re.compile(r"^(?:between )?(?P<y1>\d{4})(?:-| to | through | and )(?P<y2>\d{4}|\d{2})$")
_RE_DECADE = re.compile(r"^(?:the )?(?P<y>\d{3}0)s$")
_RE_PART_OF_YEAR = re.compile(
    r"^(?:the )?(?:(?P<half>first|second|1|2) half|q(?P<q>[1-4])"
    r"|(?P<quarter>first|second|third|fourth|1|2|3|4) quarter)(?: of)? (?P<y>\d{4})$"
)
_PARTS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_RE_RELATIVE = re.compile(
    rf"^(?:(?P<mod>{_MOD}) (?:in )?)?"
    r"(?:(?P<which>this|last|next|the|(?:the )?coming) )?"
    r"(?P<unit>week|weekend|month|year)$"
)
_RE_AGO = re.compile(rf"^(?P<n>{_NUM}) (?P<unit>day|month|year)s? ago$")
RE_WEEKDAY = re.compile(
    rf"^(?:(?P<mod>this past|this coming|this|last|next|coming|past) )?(?:(?:early|late) )?(?P<wd>{_WD})$"
)
_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_THIRDS = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}
_UNIT_PRECISION: dict[str, Precision] = {"day": "day", "month": "month", "year": "year"}


def _null(text: str) -> DateValue:
    return DateValue(text=text)


def date_value(text: str, span: Span, precision: Precision) -> DateValue:
    """The record for a resolved span, keeping the words it came from."""
    start, end = span
    return DateValue(start=start.isoformat(), end=end.isoformat(), precision=precision, text=text)


def normalize(text: str) -> str:
    """Lower-case one spelling of a phrase so the rules need not list punctuation and preposition variants."""
    s = text.lower().replace("\u2013", "-").replace("\u2014", "-").replace("\u2019", "'")
    s = re.sub(r"'s\b", "", s)
    s = re.sub(r"\b([a-z]+)\.", r"\1", s)
    s = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", s)
    s = re.sub(r"[,;:!?\"()\[\]]", " ", s)
    s = re.sub(r"\s*-\s*", "-", s).replace("mid-", "mid ")
    s = " ".join(s.split())
    s = re.sub(r"^(?:(?:on|in|at|by|from|since|during|until|till|of|for|as of|just|around|about) )+", "", s)
    s = re.sub(r"^(?:the )?(?:noon|midnight|morning|afternoon|evening|night) (?:of |on )", "", s)
    s = re.sub(r" (?:and|or|morning|afternoon|evening|night)$", "", s)
    return s


def month_span(year: int, month: int) -> Span:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _part(span: Span, mod: str, unit: str) -> Span | None:
    """early/mid/late: month → days 1-10, 11-20, 21-end; year → Jan-Apr, May-Aug, Sep-Dec; week → Mon-Tue,
    Wed-Thu, Fri-Sun. Fixed thirds, so a reader can predict the range from the words."""
    start, end = span
    third = _THIRDS.get(mod.removeprefix("the ").split()[0])
    if third is None or unit == "weekend":
        return None
    if unit == "month":
        first, last = [(1, 10), (11, 20), (21, end.day)][third]
        return start.replace(day=first), start.replace(day=last)
    if unit == "year":
        first_month = 1 + 4 * third
        return month_span(start.year, first_month)[0], month_span(start.year, first_month + 3)[1]
    first, last = [(0, 1), (2, 3), (4, 6)][third]
    return start + timedelta(days=first), start + timedelta(days=last)


def choose_year(
    make: Callable[[int], Span | None], ref: date, tense: Tense | None, tolerance: int = 0
) -> Span | None:
    """Year for a yearless date: nearest to the reference, but not on the wrong side of it for the tense.

    "December 28" (past) in a January story is last year; "January 3" (future) in a December story is next
    year. Without a tense the nearest wins, and an exact tie stays unresolved rather than guessed.
    """
    spans = [s for y in (ref.year - 1, ref.year, ref.year + 1) if (s := make(y)) is not None]
    slack = timedelta(days=tolerance)
    if tense == "past":
        return max((s for s in spans if s[0] <= ref + slack), default=None)
    if tense == "future":
        return min((s for s in spans if s[1] >= ref - slack), default=None)
    ranked = sorted(spans, key=lambda s: _distance(s, ref))
    if len(ranked) > 1 and _distance(ranked[0], ref) == _distance(ranked[1], ref):
        return None
    return ranked[0] if ranked else None


def _distance(span: Span, ref: date) -> int:
    return max((span[0] - ref).days, (ref - span[1]).days, 0)


def _safe(make: Callable[[int], Span]) -> Callable[[int], Span | None]:
    """Wrap a span builder so impossible dates (Feb 29 in 2025, year 0) drop out instead of raising."""

    def build(year: int) -> Span | None:
        try:
            span = make(year)
        except (ValueError, OverflowError):
            return None
        return span if span[0] <= span[1] else None

    return build


def _dated(
    make: Callable[[int], Span], year: str | None, ref: date | None, tense: Tense | None, tolerance: int = 0
) -> Span | None:
    """The span in the year the text gives, else in the year the reference date and tense imply."""
    if year:
        return _safe(make)(int(year))
    return choose_year(_safe(make), ref, tense, tolerance) if ref else None


def _rule_iso(s: str, ref: date | None, tense: Tense | None) -> tuple[Span, Precision] | None:
    if m := _RE_ISO.match(s):
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
        return (day, day), "day"
    return None


def _day_span(m1: int, d1: int, m2: int, d2: int) -> Callable[[int], Span]:
    return lambda year: (date(year, m1, d1), date(year, m2, d2))


def _rule_day(s: str, ref: date | None, tense: Tense | None) -> tuple[Span, Precision] | None:
    """'June 28', '28 June 2021', 'May 7-10', '28 June - 1 July', 'between May 7 and 10'."""
    if " and " in s and not s.startswith("between "):
        return None  # "May 7 and 10" are two days, not a range
    for pattern in _RE_DAYS:
        if m := pattern.match(s):
            g = m.groupdict()
            m1, m2 = MONTHS[g["m1"] or g["m2"]], MONTHS[g.get("m2") or g["m1"]]
            d1, d2 = int(g["d1"]), int(g.get("d2") or g["d1"])
            span = _dated(_day_span(m1, d1, m2, d2), g["y"], ref, tense, DAY_TOLERANCE)
            return (span, "range" if "d2" in g else "day") if span else None
    return None


def _rule_month(s: str, ref: date | None, tense: Tense | None) -> tuple[Span, Precision] | None:
    if m := _RE_MONTH.match(s):
        month, mod = MONTHS[m["m"]], m["mod"]
        if mod in ("earlier", "later"):
            return None
        span = _dated(lambda y: month_span(y, month), m["y"], ref, tense)
        if span and mod:
            part = _part(span, mod, "month")
            return (part, "range") if part else None
        return (span, "month") if span else None
    if m := _RE_MONTH_RANGE.match(s):
        m1, m2 = MONTHS[m["m1"]], MONTHS[m["m2"]]
        span = _dated(lambda y: (month_span(y, m1)[0], month_span(y, m2)[1]), m["y"], ref, tense)
        return (span, "range") if span else None
    return None


def _rule_year(s: str, ref: date | None, tense: Tense | None) -> tuple[Span, Precision] | None:
    if (m := _RE_YEAR.match(s)) and 1000 <= int(m["y"]) <= 2999:
        span = (date(int(m["y"]), 1, 1), date(int(m["y"]), 12, 31))
        if m["mod"]:
            part = _part(span, m["mod"], "year")
            return (part, "range") if part else None
        return span, "year"
    if m := _RE_YEAR_RANGE.match(s):
        y1 = int(m["y1"])
        y2 = int(m["y2"]) if len(m["y2"]) == 4 else y1 // 100 * 100 + int(m["y2"])
        return ((date(y1, 1, 1), date(y2, 12, 31)), "range") if 1000 <= y1 < y2 <= 2999 else None
    if m := _RE_DECADE.match(s):
        y = int(m["y"])
        return ((date(y, 1, 1), date(y + 9, 12, 31)), "range") if y >= 1000 else None
    return _part_of_year(s)


def _part_of_year(s: str) -> tuple[Span, Precision] | None:
    """'the first half of 2024' → Jan-Jun; 'Q3 2025', 'the third quarter of 2025' → Jul-Sep."""
    if not (m := _RE_PART_OF_YEAR.match(s)):
        return None
    months = 6 if m["half"] else 3
    first = (_PARTS[m["half"] or m["quarter"] or m["q"]] - 1) * months + 1
    year = int(m["y"])
    return (month_span(year, first)[0], month_span(year, first + months - 1)[1]), "range"


def _period(unit: str, ref: date, offset: int) -> Span:
    """The calendar week (Monday first), weekend, month or year containing ref, moved by offset units."""
    if unit in ("week", "weekend"):
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=offset)
        first = monday + timedelta(days=5 if unit == "weekend" else 0)
        return first, monday + timedelta(days=6)
    if unit == "month":
        index = ref.year * 12 + ref.month - 1 + offset
        return month_span(index // 12, index % 12 + 1)
    return date(ref.year + offset, 1, 1), date(ref.year + offset, 12, 31)


def _rule_relative(s: str, ref: date | None, tense: Tense | None) -> tuple[Span, Precision] | None:
    if ref is None:
        return None
    if s in _DAY_WORDS:
        day = ref + timedelta(days=_DAY_WORDS[s])
        return (day, day), "day"
    m = _RE_RELATIVE.match(s)
    if not m or m["which"] is None or (m["which"] == "the" and not m["mod"]):
        return None
    offset = {"last": -1, "next": 1, "coming": 1, "the coming": 1}.get(m["which"], 0)
    span, unit, mod = _period(m["unit"], ref, offset), m["unit"], m["mod"]
    if mod in ("earlier", "later"):
        return (((span[0], ref) if mod == "earlier" else (ref, span[1])), "range") if offset == 0 else None
    if mod:
        part = _part(span, mod, unit)
        return (part, "range") if part else None
    return span, _UNIT_PRECISION.get(unit, "range")


def _rule_ago(s: str, ref: date | None, tense: Tense | None) -> tuple[Span, Precision] | None:
    if ref is None or not (m := _RE_AGO.match(s)):
        return None
    n = int(m["n"]) if m["n"].isdigit() else NUMBER_WORDS[m["n"]]
    if m["unit"] == "day":
        day = ref - timedelta(days=n)
        return (day, day), "day"
    return _period(m["unit"], ref, -n), _UNIT_PRECISION[m["unit"]]


def _rule_weekday(s: str, ref: date | None, tense: Tense | None) -> tuple[Span, Precision] | None:
    """A weekday is the reference day itself, else the nearest such day on the side the tense points to.

    "next Friday" is left alone: writers use it for both the coming Friday and the one a week later.
    """
    if ref is None or not (m := RE_WEEKDAY.match(s)) or m["mod"] == "next":
        return None
    back, mod = (ref.weekday() - WEEKDAYS[m["wd"]]) % 7, m["mod"]
    if mod in ("last", "past", "this past"):
        day = ref - timedelta(days=back or 7)
    elif back == 0 or (tense == "past" and mod != "this coming" and mod != "coming"):
        day = ref - timedelta(days=back)
    elif tense == "future" or mod in ("this", "coming", "this coming"):
        day = ref + timedelta(days=7 - back)
    else:
        return None  # present tense or no tense: the day could lie either side
    return (day, day), "day"


def _rule_period(s: str, ref: date | None, tense: Tense | None) -> tuple[Span, Precision] | None:
    """'autumn 2019', 'last spring', 'the second week of October' (date_periods.py)."""
    if m := RE_SEASON.match(s):
        which, season = (m["which"] or "").split(" ")[0], m["season"]
        if which in ("early", "late", "the", ""):
            span = _dated(lambda y: season_span(season, y), m["y"], ref, tense)
        else:
            span = relative_season(season, which, ref) if ref and not m["y"] else None
        return (span, "range") if span else None
    if ref and (m := RE_RELATIVE_MONTH.match(s)) and m["m"] in MONTHS:  # 'this June', 'last May'
        return relative_month(MONTHS[m["m"]], m["which"], ref), "month"
    if (m := RE_WEEK_OF.match(s)) and m["m"] in MONTHS:
        month = MONTHS[m["m"]]
        span = _dated(lambda y: week_of_month(m["n"], y, month), m["y"], ref, tense)
        return (span, "range") if span else None
    return None


_RE_YEAR_WORD = re.compile(r"^(?P<rest>.+?) (?P<which>last|this|next) year$")
_YEAR_SHIFT = {"last": -1, "this": 0, "next": 1}


def _rule_year_word(s: str, ref: date | None, tense: Tense | None) -> tuple[Span, Precision] | None:
    """'December 15 last year', 'in May this year': the calendar date in the year the words name."""
    if ref is None or not (m := _RE_YEAR_WORD.match(s)) or not yearless(m["rest"]):
        return None
    year = ref.year + _YEAR_SHIFT[m["which"]]
    found = resolve_normalized(m["rest"], date(year, 7, 1), None)
    return found if found and found[0][0].year == year and found[0][1].year == year else None


_RULES = (
    _rule_year_word,
    _rule_iso,
    _rule_day,
    _rule_month,
    _rule_year,
    _rule_relative,
    _rule_ago,
    _rule_weekday,
    _rule_period,
)


def resolve_date(text: str, reference: date | None, tense: Tense | None = None) -> DateValue:
    """Resolve one date phrase; never raises, and returns start/end null whenever the phrase is vague
    ("six weeks", "recent years") or needs a reference date that is missing."""
    found = resolve_normalized(normalize(text), reference, tense)
    return date_value(text, *found) if found else _null(text)


def resolve_normalized(s: str, reference: date | None, tense: Tense | None) -> tuple[Span, Precision] | None:
    """resolve_date on an already normalized phrase."""
    try:
        for rule in _RULES:
            if found := rule(s, reference, tense):
                return found
        return parse_absolute(s)
    except (ValueError, OverflowError):  # dates past year 9999 or before year 1
        return None


_YEARLESS = (*_RE_DAYS, _RE_MONTH, _RE_MONTH_RANGE)


def yearless(s: str) -> bool:
    """'May 19', 'mid-June', 'June 28-July 1': a calendar date whose year the reference date must supply."""
    return any((m := pattern.match(s)) and not m["y"] for pattern in _YEARLESS)
