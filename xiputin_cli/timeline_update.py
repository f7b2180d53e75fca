"""A merged timeline brought up to date after records come and go, re-deciding only what they can change.

The merge (timeline.merge_component) takes records in canonical order, and each record's choice depends
only on the clusters its days (or, undated, its article's window) overlap, as they stand at that point of
the order (their days, mode, place and articles). So when records are added or removed, only later records
whose days overlap a changed cluster can choose otherwise. They are re-decided here in canonical order, and
every change queues the later records it can affect; records nothing touches keep the cluster they joined.
A record joining or leaving a cluster that keeps its mode and place changes only the cluster's articles, so
only later records of that same article are queued (the fits compare nothing else). The result equals a merge
from scratch (tests/test_store_timeline.py checks it). Plain data, no SQL and no spaCy.
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from xiputin_cli.records import DateValue, Meeting, Mode
from xiputin_cli.timeline import Cluster, choose_dated, undated_fits

BUCKET_DAYS = 32
WIDE_DAYS = 800
"""Clusters spanning more days than this sit in one list every lookup checks, not in buckets."""


@dataclass(eq=False, slots=True)
class Entry:
    """One stored record as the merge sees it: its place in the canonical order, the days it can meet
    others within (day numbers), what the fits compare, and the cluster it is in (None: none yet)."""

    key: tuple[str, int]
    rank: tuple[object, ...]
    low: int
    high: int
    article: str
    when: DateValue
    mode: Mode
    location: str | None
    cluster: int | None

    @property
    def dated(self) -> bool:
        return self.rank[0] != 0

    def record(self, people: list[str]) -> Meeting:
        """The slim record the fits read, built without validation."""
        given = {"participants": people, "date": self.when, "mode": self.mode, "location": self.location}
        return Meeting.model_construct(**{**slim_defaults(), **given, "sources": [self.article]})


@lru_cache(maxsize=1)
def slim_defaults() -> dict[str, Any]:
    """Every other field of a Meeting at its default, given explicitly: a field left out makes pydantic
    inspect its default factory, slower than validating. Shared by the slim records, which nothing changes."""
    return {
        name: info.get_default(call_default_factory=True)
        for name, info in Meeting.model_fields.items()
        if not info.is_required()
    }


@dataclass(eq=False)
class Held:
    """A merged meeting: its members in canonical order (the first, its leader, gives its days)."""

    ident: int
    members: list[Entry]
    span: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        lead = self.members[0]
        self.span = (lead.low, lead.high) if lead.dated else None

    def as_of(self, rank: tuple[object, ...]) -> Cluster:
        """The cluster as the merge saw it just before `rank`: mode, place and sources of earlier members."""
        assert self.span is not None
        found = Cluster([], (date.fromordinal(self.span[0]), date.fromordinal(self.span[1])))
        for member in self.members:
            if member.rank >= rank:
                break
            if found.mode == "unknown":
                found.mode = member.mode
            found.location = found.location or member.location
            found.sources.add(member.article)
        return found


class SpanIndex:
    """Dated clusters by the day buckets their spans touch."""

    def __init__(self) -> None:
        self.buckets: dict[int, list[Held]] = defaultdict(list)
        self.wide: list[Held] = []

    def add(self, held: Held) -> None:
        assert held.span is not None
        low, high = held.span
        if high - low > WIDE_DAYS:
            self.wide.append(held)
        else:
            for bucket in range(low // BUCKET_DAYS, high // BUCKET_DAYS + 1):
                self.buckets[bucket].append(held)

    def remove(self, held: Held) -> None:
        assert held.span is not None
        low, high = held.span
        if high - low > WIDE_DAYS:
            self.wide.remove(held)
        else:
            for bucket in range(low // BUCKET_DAYS, high // BUCKET_DAYS + 1):
                self.buckets[bucket].remove(held)

    def near(self, low: int, high: int) -> list[Held]:
        found = {id(h): h for h in self.wide}
        for bucket in range(low // BUCKET_DAYS, high // BUCKET_DAYS + 1):
            found.update((id(h), h) for h in self.buckets.get(bucket, ()))
        return [h for h in found.values() if h.span and h.span[0] <= high and low <= h.span[1]]


@dataclass
class Changes:
    """What the update did: clusters whose members changed (by id; new ones have negative ids), clusters
    gone, and the records now in another cluster (or in none)."""

    changed: dict[int, Held] = field(default_factory=dict)
    gone: set[int] = field(default_factory=set)
    moved: dict[int, Entry] = field(default_factory=dict)


class GroupUpdate:
    """The stored merge of one participant group, and its update."""

    def __init__(self, people: list[str], entries: list[Entry], leaders: dict[int, tuple[str, int]]) -> None:
        """`entries`: every record of the group that counts; `leaders`: each stored cluster's first record.
        A stored cluster whose first record is gone is dissolved on `update`."""
        self.people = people
        self.entries = sorted(entries, key=lambda e: e.low)
        self.lows = [e.low for e in self.entries]
        self.longest = max((e.high - e.low for e in self.entries), default=0)
        self.clusters: dict[int, Held] = {}
        self.index = SpanIndex()
        self.changes = Changes()
        self.by_article: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            self.by_article[entry.article].append(entry)
        self.queue: list[tuple[tuple[object, ...], int, Entry]] = []
        self.queued: set[int] = set()
        self.fresh = 0
        by_cluster: dict[int, list[Entry]] = defaultdict(list)
        for entry in self.entries:
            if entry.cluster is not None:
                by_cluster[entry.cluster].append(entry)
        self.broken = {c for c in leaders if c not in by_cluster}
        for ident, members in by_cluster.items():
            members.sort(key=lambda e: e.rank)
            if leaders.get(ident) != members[0].key:
                self.broken.add(ident)
            held = Held(ident, members)
            self.clusters[ident] = held
            if held.span is not None:
                self.index.add(held)

    def update(self, lost: Iterable[int], spans: dict[int, tuple[int, int] | None]) -> Changes:
        """Re-decide what changed: records in no cluster yet, and around the clusters in `lost` (that lost
        records; `spans` gives the days of clusters whose records are all gone)."""
        for ident in set(lost) | self.broken:
            held = self.clusters.get(ident)
            if ident in self.broken:
                self.dissolve(ident, spans.get(ident), None)
            elif held is not None:
                self.touched(held, held.members[0].rank)
        for entry in self.entries:
            if entry.cluster is None:
                self.push(entry)
        while self.queue:
            rank, _, entry = heapq.heappop(self.queue)
            self.decide(entry, rank)
        return self.changes

    def push(self, entry: Entry) -> None:
        if id(entry) not in self.queued:
            self.queued.add(id(entry))
            heapq.heappush(self.queue, (entry.rank, id(entry), entry))

    def later(self, span: tuple[int, int] | None, rank: tuple[object, ...] | None) -> Iterator[Entry]:
        """Records after `rank` (all when None) whose days overlap `span`."""
        if span is None:
            return
        low, high = span
        start = bisect.bisect_left(self.lows, low - self.longest)
        for entry in self.entries[start : bisect.bisect_right(self.lows, high)]:
            if entry.high >= low and (rank is None or entry.rank > rank):
                yield entry

    def touched(self, held: Held, rank: tuple[object, ...] | None) -> None:
        """`held` changed at `rank`: what comes after it there may choose otherwise."""
        if held.ident in self.clusters:
            self.changes.changed[held.ident] = held
        for entry in self.later(held.span, rank):
            self.push(entry)

    def member_changed(self, held: Held, entry: Entry, seen: Cluster, rank: tuple[object, ...]) -> None:
        """`entry` joined or left `held` at `rank`; `seen`: the cluster as records before `rank` left it.
        Later records see another mode or place only when `seen` had none and `entry` has one; otherwise
        only the articles differ, which only records of `entry`'s article can notice."""
        if (seen.mode == "unknown" and entry.mode != "unknown") or (not seen.location and entry.location):
            self.touched(held, rank)
            return
        self.changes.changed[held.ident] = held
        assert held.span is not None
        low, high = held.span
        for other in self.by_article[entry.article]:
            if other.rank > rank and other.high >= low and other.low <= high:
                self.push(other)

    def dissolve(self, ident: int, span: tuple[int, int] | None, rank: tuple[object, ...] | None) -> None:
        """A cluster whose first record left: its other records choose again, and so may all after it."""
        held = self.clusters.pop(ident, None)
        self.changes.changed.pop(ident, None)
        if ident >= 0:
            self.changes.gone.add(ident)
        if held is None:
            for entry in self.later(span, rank):
                self.push(entry)
            return
        if held.span is not None:
            self.index.remove(held)
        for member in held.members:
            self.assign(member, None)
            self.push(member)
        for entry in self.later(held.span, rank):
            self.push(entry)

    def decide(self, entry: Entry, rank: tuple[object, ...]) -> None:
        """As merge_component decides: the one cluster it fits among those before it, else its own."""
        near = [h for h in self.index.near(entry.low, entry.high) if h.members[0].rank < rank]
        clusters = [h.as_of(rank) for h in near]
        record = entry.record(self.people)
        if entry.dated:
            found = choose_dated(clusters, record)
            chosen = None if found is None else near[clusters.index(found)]
        else:
            window = (date.fromordinal(entry.low), date.fromordinal(entry.high))
            fits = [h for h, c in zip(near, clusters, strict=True) if undated_fits(c, record, [window])]
            chosen = fits[0] if len(fits) == 1 else None
        current = self.clusters.get(entry.cluster) if entry.cluster is not None else None
        if chosen is not None and chosen is current:
            return
        if chosen is None and current is not None and current.members[0] is entry:
            return  # still leads its own
        if current is not None:
            self.leave(entry, current, rank)
        if chosen is None:
            self.fresh -= 1
            chosen = Held(self.fresh, [entry])
            self.clusters[chosen.ident] = chosen
            if chosen.span is not None:
                self.index.add(chosen)
            self.assign(entry, chosen.ident)
            self.touched(chosen, rank)  # a new cluster: any later record may fit it
            return
        seen = clusters[near.index(chosen)]
        bisect.insort(chosen.members, entry, key=lambda e: e.rank)
        self.assign(entry, chosen.ident)
        self.member_changed(chosen, entry, seen, rank)

    def leave(self, entry: Entry, held: Held, rank: tuple[object, ...]) -> None:
        if held.members[0] is entry:
            self.dissolve(held.ident, held.span, rank)
            return
        held.members.remove(entry)
        self.member_changed(held, entry, held.as_of(rank), rank)

    def assign(self, entry: Entry, ident: int | None) -> None:
        entry.cluster = ident
        self.changes.moved[id(entry)] = entry
