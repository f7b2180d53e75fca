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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

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
    "date_bounds",
    "filter_meetings",
    "is_xi_putin",
    "merge_meetings",
    "merge_records",
    "prepare_merge",
    "sort_key",
    "sort_meetings",
]

ANCHOR_WINDOW = timedelta(days=60)
"""An undated meeting announced (or recalled) by an article lies this close after (before) its publication."""
IMPLIED_WINDOW = timedelta(days=366)
"""Without a publication date, the article's latest dated meeting bounds an undated one this loosely."""
WIDE_MONTHS = 24
"""Clusters spanning more months than this sit in one list every lookup checks, not in month buckets."""


# --- inputs -------------------------------------------------------------------------------------------------


@dataclass
class MergeInput:
    """What a merge needs, explicit so that shards combine: the records (with `sources`), each article's time
    anchor, the reference date ('held' only once a date has passed it), and the duplicate articles left out
    (id → the id of the identical article kept)."""

    records: list[Meeting] = field(default_factory=list)
    anchors: dict[str, Interval] = field(default_factory=dict)
    reference: date | None = None
    duplicates: dict[str, str] = field(default_factory=dict)
    positions: dict[int, int] = field(default_factory=dict)
    """Where a record (by id()) stood in its article's meetings: the tie-break after its article's id."""

    def combine(self, other: MergeInput) -> MergeInput:
        """Two shards as one: merging the result equals merging both shards' articles at once."""
        refs = [r for r in (self.reference, other.reference) if r is not None]
        return MergeInput(
            self.records + other.records,
            {**self.anchors, **other.anchors},
            max(refs) if refs else None,
            {**self.duplicates, **other.duplicates},
            {**self.positions, **other.positions},
        )


def article_fingerprint(article: Article) -> str:
    """Equal for byte-identical articles under different names: everything extracted, without the names."""
    digest = hashlib.sha256()
    digest.update(repr((article.published, article.title, article.words)).encode())
    for e in article.entities:
        digest.update(f"{e.start}:{e.end}:{e.label}:{e.text}".encode())
    for m in article.meetings:
        digest.update(repr((m.participants, m.date.start, m.date.text, m.mode, m.status)).encode())
        digest.update(repr([(ev.start, ev.end, ev.text) for ev in m.evidence]).encode())
    for c in article.claims:
        digest.update(repr((c.speaker, c.text, c.evidence.start, c.evidence.end, c.evidence.text)).encode())
    return digest.hexdigest()


def prepare_merge(items: Iterable[Article | Meeting], *, today: date | None = None) -> MergeInput:
    """Records with their `sources` filled, each article's time anchor, the latest publication date (else
    `today`); of identical articles only the one with the smallest id counts."""
    by_content: dict[str, list[Article]] = defaultdict(list)
    records: list[Meeting] = []
    for item in items:
        if isinstance(item, Article):
            by_content[article_fingerprint(item)].append(item)
        else:
            sources = item.sources or list(dict.fromkeys(e.article for e in item.evidence))
            records.append(item.model_copy(update={"sources": sources}))
    published: dict[str, date] = {}
    duplicates: dict[str, str] = {}
    positions: dict[int, int] = {}
    for same in by_content.values():
        article, *others = sorted(same, key=lambda a: (a.id, a.source))
        duplicates.update({other.id: article.id for other in others if other.id != article.id})
        if article.published:
            published[article.id] = date.fromisoformat(article.published[:10])
        for position, m in enumerate(article.meetings):
            records.append(m.model_copy(update={"sources": m.sources or [article.id]}))
            positions[id(records[-1])] = position
    reference = max(published.values(), default=today or date.today())
    return MergeInput(records, article_anchors(records, published), reference, duplicates, positions)


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
    for component in components(given.records, given.anchors):
        for cluster in merge_component(component, given.anchors, given.positions):
            merged.append((merged_record(cluster, reference), cluster.rank))
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
    return (
        -precision(record.date),
        tuple(record.sources),
        position,
        (first.article, first.start, first.end) if first else ("", -1, -1),
        record.date.start or "",
        record.date.end or "",
        record.mode,
        record.location or "",
        record.status,
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
    return chosen[0] if len(chosen) == 1 else None


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


def merged_record(cluster: Cluster, reference: date) -> Meeting:
    """One record from a cluster: the finest date, held once any report says so and its date has passed."""
    records = cluster.records
    when = cluster.date if cluster.span is not None else (records[0].date or DateValue())
    held = any(r.status == "held" for r in records) and (cluster.span is None or cluster.span[0] <= reference)
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
