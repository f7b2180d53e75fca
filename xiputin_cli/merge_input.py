"""What a merge of meetings takes in: the records with their sources, each article's time anchor, the
reference date and the duplicate articles left out, made explicit so that shards combine (merging two
shards' inputs equals merging all their articles at once). Plain functions over records (no spaCy).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from xiputin_cli.records import Article, Meeting
from xiputin_cli.spans import Interval, interval

ANCHOR_WINDOW = timedelta(days=60)
"""An undated meeting announced (or recalled) by an article lies this close after (before) its publication."""
IMPLIED_WINDOW = timedelta(days=366)
"""Without a publication date, the article's latest dated meeting bounds an undated one this loosely."""


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
    published: dict[str, str] = field(default_factory=dict)
    """Each article's publication date (YYYY-MM-DD), for the merged meetings' history."""

    def combine(self, other: MergeInput) -> MergeInput:
        """Two shards as one: merging the result equals merging both shards' articles at once."""
        refs = [r for r in (self.reference, other.reference) if r is not None]
        return MergeInput(
            self.records + other.records,
            {**self.anchors, **other.anchors},
            max(refs) if refs else None,
            {**self.duplicates, **other.duplicates},
            {**self.positions, **other.positions},
            {**self.published, **other.published},
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
    days = {ident: day.isoformat() for ident, day in published.items()}
    return MergeInput(records, article_anchors(records, published), reference, duplicates, positions, days)


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
