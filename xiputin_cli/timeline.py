"""Corpus stage: the meetings of many articles merged into one timeline, and filters over it.

Plain functions over records (no spaCy): one meeting reported by several articles, announced in one and
held in another, becomes one record with every article's evidence and `sources`.

The merge scales with the corpus: records are grouped by participant set, and within a group split into
components whose days (or, for undated records, whose articles' time windows) do not touch. Components are
merged independently with an index of clusters by month, in a canonical order of the records, so the result
does not depend on the input order, and a store can recompute only the components new articles touch.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from xiputin_cli.accounts import disagreements, status_history
from xiputin_cli.gc_pause import paused_gc
from xiputin_cli.meeting_events import coded_merge
from xiputin_cli.merge_input import MergeInput, article_fingerprint, prepare_merge
from xiputin_cli.query import filter_meetings, is_xi_putin, sort_key, sort_meetings
from xiputin_cli.records import Article, DateValue, Meeting
from xiputin_cli.spans import (
    Interval,
    date_bounds,
    interval,
    overlaps,
    precision,
    words_fit,
)

__all__ = [
    "MergeInput",
    "article_fingerprint",
    "date_bounds",
    "filter_meetings",
    "is_xi_putin",
    "merge_meetings",
    "merge_records",
    "prepare_merge",
    "sort_key",
    "sort_meetings",
]

WIDE_MONTHS = 24
"""Clusters spanning more months than this sit in one list every lookup checks, not in month buckets."""


# --- merging ------------------------------------------------------------------------------------------------


def merge_meetings(items: Iterable[Article | Meeting], *, today: date | None = None) -> list[Meeting]:
    """One record per meeting across articles, sorted by date (undated last).

    Dated records merge when their days overlap and participants, mode and place agree; an undated one joins
    the single meeting its article's dates allow (see `undated_fits`); two records of one article never merge.
    """
    return merge_records(prepare_merge(items, today=today))


def merge_records(given: MergeInput) -> list[Meeting]:
    """The timeline of prepared records: each participant group's components merged on their own."""
    reference = given.reference or date.today()
    merged: list[tuple[Meeting, tuple[object, ...]]] = []
    with paused_gc():  # a few objects for every record, all alive to the end (gc_pause.py)
        for component in components(given.records, given.anchors):
            for cluster in merge_component(component, given.anchors, given.positions):
                merged.append((merged_record(cluster, reference, given.published), cluster.rank))
        merged.sort(key=lambda pair: (sort_key(pair[0]), pair[1]))
    return [meeting for meeting, _ in merged]


def people(record: Meeting) -> tuple[str, ...]:
    return tuple(sorted(set(record.participants)))


def reach(record: Meeting, anchors: dict[str, Interval]) -> Interval | None:
    """The days within which a record can meet another: its own, or (undated) its articles' windows; None
    for an undated record that can join nothing."""
    span = interval(record.date)
    if span is not None:
        return span
    windows = [anchors[s] for s in record.sources if s in anchors]
    if not windows or record.mode == "unknown":
        return None
    return min(w[0] for w in windows), max(w[1] for w in windows)


def components(records: Iterable[Meeting], anchors: dict[str, Interval]) -> Iterator[list[Meeting]]:
    """Groups of records that can affect each other's merge: same people, reaches chained by overlap. A sweep
    by date over each participant group; records that can join nothing come alone."""
    groups: dict[tuple[str, ...], list[tuple[Interval, Meeting]]] = defaultdict(list)
    for record in records:
        span = reach(record, anchors)
        if span is None:
            yield [record]
        else:
            groups[people(record)].append((span, record))
    for key in sorted(groups):
        yield from sweep(groups[key])


def sweep(spans: list[tuple[Interval, Meeting]]) -> Iterator[list[Meeting]]:
    spans.sort(key=lambda pair: pair[0][0])
    current: list[Meeting] = []
    high = date.min
    for (low, top), record in spans:
        if current and low > high:
            yield current
            current = []
        current.append(record)
        high = max(high, top) if len(current) > 1 else top
    if current:
        yield current


def canonical(record: Meeting, position: int = -1) -> tuple[object, ...]:
    """A total order of records independent of the order they came in: finest dates first, then by article
    and place in it."""
    first = record.evidence[0] if record.evidence else None
    return canonical_of(
        precision(record.date),
        tuple(record.sources),
        position,
        (first.article, first.start, first.end) if first else ("", -1, -1),
        record.date,
        (record.mode, record.location, record.status),
    )


def canonical_of(
    fineness: int,
    sources: tuple[str, ...],
    position: int,
    first: tuple[str, int, int],
    when: DateValue,
    what: tuple[str, str | None, str],
) -> tuple[object, ...]:
    """`canonical` from a record's parts (a store ranks its rows without building records)."""
    mode, location, status = what
    return (
        -fineness,
        sources,
        position,
        first,
        when.start or "",
        when.end or "",
        mode,
        location or "",
        status,
    )


@dataclass
class Cluster:
    """Records believed to be one meeting. Records join in order of falling precision, so the first one's
    date stays the cluster's date (the finest, the first on a tie) and its days never change."""

    records: list[Meeting]
    span: Interval | None
    rank: tuple[object, ...] = ()
    """Its first record's canonical place: the order of meetings that sort alike (undated ones)."""
    mode: str = "unknown"
    location: str | None = None
    sources: set[str] = field(default_factory=set)
    first_month: int = 0

    @classmethod
    def of(cls, record: Meeting, rank: tuple[object, ...] = ()) -> Cluster:
        cluster = cls([], interval(record.date), rank[1:])
        cluster.add(record)
        return cluster

    def add(self, record: Meeting) -> None:
        self.records.append(record)
        if self.mode == "unknown":
            self.mode = record.mode
        self.location = self.location or record.location
        self.sources.update(record.sources)

    @property
    def date(self) -> DateValue:
        return self.records[0].date


class ClusterIndex:
    """Clusters by the months their days touch: a lookup checks only clusters near the record's days."""

    def __init__(self) -> None:
        self.months: dict[int, list[Cluster]] = defaultdict(list)
        self.wide: list[Cluster] = []

    def add(self, cluster: Cluster) -> None:
        assert cluster.span is not None
        low, high = month_number(cluster.span[0]), month_number(cluster.span[1])
        if high - low > WIDE_MONTHS:
            self.wide.append(cluster)
            return
        cluster.first_month = low
        for month in range(low, high + 1):
            self.months[month].append(cluster)

    def near(self, span: Interval) -> list[Cluster]:
        """Clusters overlapping `span`, each once."""
        low, high = month_number(span[0]), month_number(span[1])
        if low == high:  # most records: one bucket, where each cluster sits once
            found = self.months.get(low, []) + self.wide
            return [c for c in found if c.span is not None and c.span[0] <= span[1] and span[0] <= c.span[1]]
        found = [c for c in self.wide if c.span is not None and overlaps(c.span, span)]
        for month in range(low, high + 1):
            for cluster in self.months.get(month, ()):
                # a cluster over several months is taken in the first of its months the span covers
                if month == max(cluster.first_month, low) and cluster.span and overlaps(cluster.span, span):
                    found.append(cluster)
        return found


def month_number(day: date) -> int:
    return day.year * 12 + day.month - 1


def merge_component(
    records: list[Meeting], anchors: dict[str, Interval], positions: dict[int, int] | None = None
) -> list[Cluster]:
    """Dated records first, finest first, each joining the one cluster it fits; then each undated record
    joins the single dated cluster nothing tells apart from it."""
    at = positions or {}
    ranked = sorted(((canonical(r, at.get(id(r), -1)), r) for r in records), key=lambda pair: pair[0])
    clusters: list[Cluster] = []
    index = ClusterIndex()
    for rank, record in ranked:
        if rank[0] == 0:  # undated: precision 0 sorts last
            break
        span = interval(record.date)
        assert span is not None
        chosen = choose_dated(index.near(span), record)
        if chosen is not None:
            chosen.add(record)
        else:
            clusters.append(Cluster.of(record, rank))
            index.add(clusters[-1])
    for rank, record in ranked:
        if rank[0] == 0:
            join_undated(clusters, index, record, anchors, rank)
    return clusters


def join_undated(
    clusters: list[Cluster],
    index: ClusterIndex,
    record: Meeting,
    anchors: dict[str, Interval],
    rank: tuple[object, ...],
) -> None:
    windows = [anchors[s] for s in record.sources if s in anchors]
    near = index.near(windows[0]) if windows and record.mode != "unknown" else []
    fits: list[Cluster] = []
    for cluster in near:
        if undated_fits(cluster, record, windows):
            fits.append(cluster)
            if len(fits) > 1:  # two candidates: nothing tells which, so it stays alone
                break
    if len(fits) == 1:
        fits[0].add(record)
    else:
        clusters.append(Cluster.of(record, rank))


def choose_dated(near: list[Cluster], record: Meeting) -> Cluster | None:
    """The one cluster a dated record joins: the only fitting one of its own mode, else the only fitting
    one; None when none or several fit."""
    fits: list[Cluster] = []
    exact: list[Cluster] = []
    for cluster in near:
        if dated_fits(cluster, record):
            fits.append(cluster)
            if cluster.mode == record.mode:
                exact.append(cluster)
                if len(exact) > 1:
                    return None
    chosen = exact if len(exact) == 1 else fits
    if len(chosen) == 1:
        return chosen[0]
    return None if chosen else other_remote(near, record)


REMOTE = ("video", "phone")


def other_remote(near: list[Cluster], record: Meeting) -> Cluster | None:
    """A video call and a phone call of one day that nothing else fits: one call the articles name two ways
    (the merged meeting lists the disagreement)."""
    span = interval(record.date)
    if record.mode not in REMOTE or span is None or span[0] != span[1]:
        return None
    found = [
        c
        for c in near
        if c.mode in REMOTE
        and c.mode != record.mode
        and c.span == span
        and c.sources.isdisjoint(record.sources)
    ]
    return found[0] if len(found) == 1 else None


def places_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.casefold() == b.casefold()


def dated_fits(cluster: Cluster, record: Meeting) -> bool:
    """Overlapping days (the index's promise), no clash of mode ('unknown' fits any) or place, not the same
    article; the people are the same within a component."""
    modes_agree = "unknown" in (cluster.mode, record.mode) or cluster.mode == record.mode
    return (
        modes_agree
        and places_agree(cluster.location, record.location)
        and cluster.sources.isdisjoint(record.sources)
    )


def undated_fits(cluster: Cluster, record: Meeting, windows: list[Interval]) -> bool:
    """An undated record joins a dated meeting only when nothing could tell them apart: same people, same
    known mode and place, its weekday ('on Monday') if named, and inside its article's time anchor."""
    span = cluster.span
    if span is None or not windows or record.mode == "unknown" or record.mode != cluster.mode:
        return False
    return (
        places_agree(cluster.location, record.location)
        and cluster.sources.isdisjoint(record.sources)
        and all(overlaps(span, window) for window in windows)
        and words_fit(record.date, span)
    )


def merged_record(cluster: Cluster, reference: date, published: Mapping[str, str] | None = None) -> Meeting:
    """One record from a cluster: the finest date, held once any report says so and its date has passed; a
    stable `id`, its participants in one order (sorted) whichever article named them first, what each
    article said of it (`published`: each article's publication date) and where they disagree."""
    records = cluster.records
    when = cluster.date if cluster.span is not None else (records[0].date or DateValue())
    held = any(r.status == "held" for r in records) and (cluster.span is None or cluster.span[0] <= reference)
    status = "held" if held else "planned"
    lead = next((r for r in records if r.status == status), records[0])
    merged = lead.model_copy(
        update={
            "id": meeting_id(records[0]),
            "participants": list(people(lead)),
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
            "history": status_history(records, published or {}),
        }
    )
    merged.disagreements = disagreements(records, merged)
    return coded_merge(records, merged)


def meeting_id(first: Meeting) -> str:
    """A merged meeting's name, the same in every run, shard and input order: its participants and its first
    record (the finest-dated, first in the canonical order), which no order of the input changes."""
    evidence = first.evidence[0] if first.evidence else None
    when = first.date
    at = (evidence.article, evidence.start, evidence.end) if evidence else None
    key = (people(first), when.start, when.end, when.precision, when.text, tuple(first.sources), at)
    return "m-" + hashlib.blake2b(repr(key).encode(), digest_size=6).hexdigest()


def unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
