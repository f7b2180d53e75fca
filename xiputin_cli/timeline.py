"""Corpus stage: the meetings of many articles merged into one timeline, and filters over it.

Plain functions over records (no spaCy): one meeting reported by several articles, announced in one and
held in another, becomes one record with every article's evidence and `sources`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from xiputin_cli.query import parse_date_bound
from xiputin_cli.records import Article, DateValue, Meeting

XI, PUTIN = "Xi Jinping", "Vladimir Putin"
PRECISION_RANK = {"day": 4, "range": 3, "month": 2, "year": 1}
WEEKDAYS = tuple(day.lower() for day in calendar.day_name)
MONTH_WORDS = (
    {m.lower() for m in calendar.month_name[1:]} | {m.lower() for m in calendar.month_abbr[1:]} | {"sept"}
)
MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
ANCHOR_WINDOW = timedelta(days=60)
"""An undated meeting announced (or recalled) by an article lies this close after (before) its publication."""
IMPLIED_WINDOW = timedelta(days=366)
"""Without a publication date, the article's latest dated meeting bounds an undated one this loosely."""

Interval = tuple[date, date]


# --- dates ----------------------------------------------------------------------------------------------


def date_bounds(text: str) -> Interval:
    """'2021' → (2021-01-01, 2021-12-31), likewise YYYY-MM and YYYY-MM-DD; a ValueError says what is wrong."""
    return parse_date_bound(text), parse_date_bound(text, end=True)


def interval(value: DateValue | None) -> Interval | None:
    """The days a date covers; None for an unresolved or year-less ('--05-19') date."""
    if value is None or not value.start:
        return None
    try:
        return parse_date_bound(value.start), parse_date_bound(value.end or value.start, end=True)
    except ValueError:
        return None


def precision(value: DateValue | None) -> int:
    """How narrow a date is: day > range > month > year > none."""
    if interval(value) is None:
        return 0
    assert value is not None
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
    that single day to be one; a named month (and day of month) must fall inside it."""
    words = re.findall(r"[a-z]+|\d+", value.text.lower()) if value else []
    days = [span[0] + timedelta(days=n) for n in range(min((span[1] - span[0]).days + 1, 400))]
    weekday = next((WEEKDAYS.index(w) for w in words if w in WEEKDAYS), None)
    if weekday is not None and (len(days) != 1 or days[0].weekday() != weekday):
        return False
    month = next((MONTHS[w[:3]] for w in words if w[:3] in MONTHS and w in MONTH_WORDS), None)
    number = next((int(w) for w in words if w.isdigit() and 1 <= int(w) <= 31), None)
    return month is None or any(d.month == month and number in (None, d.day) for d in days)


# --- merging ----------------------------------------------------------------------------------------------


@dataclass
class Cluster:
    """Records believed to be one meeting; `anchor` bounds when its undated records can have happened."""

    records: list[Meeting] = field(default_factory=list)

    @property
    def date(self) -> DateValue | None:
        best: DateValue | None = None
        for record in self.records:
            best = finer(best, record.date)
        return best

    @property
    def mode(self) -> str:
        return next((r.mode for r in self.records if r.mode != "unknown"), "unknown")

    @property
    def location(self) -> str | None:
        return next((r.location for r in self.records if r.location), None)

    @property
    def sources(self) -> set[str]:
        return {s for r in self.records for s in r.sources}


def merge_meetings(items: Iterable[Article | Meeting], *, today: date | None = None) -> list[Meeting]:
    """One record per meeting across articles, sorted by date (undated last).

    Dated records merge when their days overlap and participants, mode and place agree; an undated one joins
    the single meeting its article's dates allow (see `undated_fits`); two records of one article never merge.
    """
    records, anchors, reference = collect(items, today)
    clusters: list[Cluster] = []
    dated = sorted((r for r in records if interval(r.date)), key=lambda r: -precision(r.date))
    for record in dated:
        join_dated(clusters, record)
    for record in (r for r in records if not interval(r.date)):
        fits = [c for c in clusters if undated_fits(c, record, anchors)]
        if len(fits) == 1:
            fits[0].records.append(record)
        else:
            clusters.append(Cluster([record]))
    return sort_meetings([merged_record(c, reference) for c in clusters])


def collect(
    items: Iterable[Article | Meeting], today: date | None
) -> tuple[list[Meeting], dict[str, Interval], date]:
    """Records with their `sources` filled, each article's time anchor, and the latest reference date."""
    records: list[Meeting] = []
    published: dict[str, date] = {}
    for item in items:
        if isinstance(item, Article):
            if item.published:
                published[item.id] = date.fromisoformat(item.published[:10])
            records += [m.model_copy(update={"sources": m.sources or [item.id]}) for m in item.meetings]
        else:
            sources = item.sources or list(dict.fromkeys(e.article for e in item.evidence))
            records.append(item.model_copy(update={"sources": sources}))
    reference = max(published.values(), default=today or date.today())
    return records, article_anchors(records, published), reference


def article_anchors(records: list[Meeting], published: dict[str, date]) -> dict[str, Interval]:
    """Per article, when its undated meetings can lie: near its publication date, else after its latest dated
    meeting."""
    anchors = {source: (day - ANCHOR_WINDOW, day + ANCHOR_WINDOW) for source, day in published.items()}
    for record in records:
        span = interval(record.date)
        for source in record.sources:
            if span and source not in published:
                low = max(span[1], anchors.get(source, (span[1], span[1]))[0])
                anchors[source] = (low, low + IMPLIED_WINDOW)
    return anchors


def join_dated(clusters: list[Cluster], record: Meeting) -> None:
    fits = [c for c in clusters if dated_fits(c, record)]
    exact = [c for c in fits if c.mode == record.mode]
    chosen = exact if len(exact) == 1 else fits
    if len(chosen) == 1:
        chosen[0].records.append(record)
    else:
        clusters.append(Cluster([record]))


def same_people(cluster: Cluster, record: Meeting) -> bool:
    return set(cluster.records[0].participants) == set(record.participants)


def places_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.casefold() == b.casefold()


def dated_fits(cluster: Cluster, record: Meeting) -> bool:
    """Same people, overlapping days, no clash of mode ('unknown' fits any) or place, not the same article."""
    span, other = interval(record.date), interval(cluster.date)
    modes_agree = "unknown" in (cluster.mode, record.mode) or cluster.mode == record.mode
    return (
        span is not None
        and other is not None
        and overlaps(span, other)
        and same_people(cluster, record)
        and modes_agree
        and places_agree(cluster.location, record.location)
        and not cluster.sources & set(record.sources)
    )


def undated_fits(cluster: Cluster, record: Meeting, anchors: dict[str, Interval]) -> bool:
    """An undated record joins a dated meeting only when nothing could tell them apart: same people, same
    known mode and place, its weekday ('on Monday') if named, and inside its article's time anchor."""
    span = interval(cluster.date)
    windows = [anchors[s] for s in record.sources if s in anchors]
    if span is None or not windows or record.mode == "unknown" or record.mode != cluster.mode:
        return False
    return (
        words_fit(record.date, span)
        and same_people(cluster, record)
        and places_agree(cluster.location, record.location)
        and not cluster.sources & set(record.sources)
        and all(overlaps(span, window) for window in windows)
    )


def merged_record(cluster: Cluster, reference: date) -> Meeting:
    """One record from a cluster: the finest date, held once any report says so and its date has passed."""
    records = cluster.records
    when = cluster.date or DateValue()
    span = interval(when)
    held = any(r.status == "held" for r in records) and (span is None or span[0] <= reference)
    status = "held" if held else "planned"
    lead = next((r for r in records if r.status == status), records[0])
    return lead.model_copy(
        update={
            "date": when,
            "mode": cluster.mode,
            "location": cluster.location,
            "status": status,
            "occasion": "; ".join(unique(p for r in records for p in (r.occasion or "").split("; ") if p))
            or None,
            "topics": unique(t for r in records for t in r.topics),
            "outcomes": unique(o for r in records for o in r.outcomes),
            "evidence": list({(e.article, e.start, e.end): e for r in records for e in r.evidence}.values()),
            "sources": unique(s for r in records for s in r.sources),
        }
    )


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- filtering ----------------------------------------------------------------------------------------------


def sort_meetings(meetings: Iterable[Meeting]) -> list[Meeting]:
    """By date (undated last), then by participants, so output is stable."""

    def key(m: Meeting) -> tuple[bool, date, int, tuple[str, ...]]:
        span = interval(m.date)
        return span is None, span[0] if span else date.max, -precision(m.date), tuple(m.participants)

    return sorted(meetings, key=key)


def is_xi_putin(meeting: Meeting) -> bool:
    return {XI, PUTIN} <= set(meeting.participants)


def filter_meetings(
    meetings: Iterable[Meeting],
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    mode: str | None = None,
    with_name: str | None = None,
    status: str | None = None,
    all_pairs: bool = False,
) -> list[Meeting]:
    """Meetings passing every filter, by date. Bounds take YYYY, YYYY-MM or YYYY-MM-DD (or dates); a meeting
    known only to the month is in range when its days overlap; with a bound set, undated meetings are left
    out (nothing shows they are in range). Only Xi–Putin meetings unless `all_pairs`."""
    low = since if isinstance(since, date) else date_bounds(since)[0] if since else date.min
    high = until if isinstance(until, date) else date_bounds(until)[1] if until else date.max
    needle = with_name.casefold() if with_name else None
    kept = []
    for m in meetings:
        if (mode and m.mode != mode) or (status and m.status != status):
            continue
        if not all_pairs and not is_xi_putin(m):
            continue
        if needle and not any(needle in p.casefold() for p in m.participants):
            continue
        span = interval(m.date)
        if (since or until) and (span is None or not overlaps(span, (low, high))):
            continue
        kept.append(m)
    return sort_meetings(kept)
