"""The merged timeline kept in the store, brought up to date only where articles changed.

Every meeting row carries its participant group and its reach (the days it can meet other records within,
see timeline.reach) as day numbers. Triggers note the reach of every row written or deleted in
`timeline_dirty`; `refresh` recomputes just the components those reaches touch (extended until no stored
record or old component crosses the edge) and replaces their rows in `timeline`. The reference date (the
latest publication date) decides 'held': when it moves, the components whose status could flip are redone.
A query over an unchanged store reads `timeline` and merges nothing. Nothing here imports spaCy.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any

from xiputin_cli.records import DateValue, Evidence, Meeting, Precision
from xiputin_cli.spans import Interval, interval
from xiputin_cli.timeline import (
    Cluster,
    MergeInput,
    components,
    is_xi_putin,
    merge_component,
    merged_record,
    people,
    reach,
)

GROUP_SEPARATOR = "\x1f"

TIMELINE_SCHEMA = """
CREATE TABLE IF NOT EXISTS timeline (
    grp TEXT NOT NULL,
    comp_lo INTEGER NOT NULL,
    comp_hi INTEGER NOT NULL,
    day_lo INTEGER,
    day_hi INTEGER,
    xi_putin INTEGER NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    rank TEXT NOT NULL,
    record TEXT NOT NULL,
    members TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS timeline_by_component ON timeline (grp, comp_lo);
CREATE INDEX IF NOT EXISTS timeline_by_day ON timeline (xi_putin, day_lo, day_hi);
CREATE TABLE IF NOT EXISTS timeline_dirty (grp TEXT, lo INTEGER, hi INTEGER);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS meeting_added AFTER INSERT ON meetings WHEN NEW.reach_lo IS NOT NULL
BEGIN INSERT INTO timeline_dirty VALUES (NEW.grp, NEW.reach_lo, NEW.reach_hi); END;
CREATE TRIGGER IF NOT EXISTS meeting_removed AFTER DELETE ON meetings WHEN OLD.reach_lo IS NOT NULL
BEGIN INSERT INTO timeline_dirty VALUES (OLD.grp, OLD.reach_lo, OLD.reach_hi); END;
CREATE TRIGGER IF NOT EXISTS meeting_moved AFTER UPDATE ON meetings WHEN OLD.reach_lo IS NOT NULL
BEGIN INSERT INTO timeline_dirty VALUES (OLD.grp, OLD.reach_lo, OLD.reach_hi); END;
"""

PRIMARY = (
    "NOT EXISTS (SELECT 1 FROM articles b WHERE b.dup_key = a.dup_key "
    "AND (b.id, b.source_key) < (a.id, a.source_key))"
)
"""Of byte-identical articles (same dup_key) only the one with the smallest id counts."""


def group_key(record: Meeting) -> str:
    return GROUP_SEPARATOR.join(people(record))


def day_number(day: date) -> int:
    return day.toordinal()


def meeting_columns(record: Meeting, anchor: Interval | None, source: str) -> tuple[object, ...]:
    """grp, reach_lo, reach_hi, reach_len of a stored meeting (reach null: it can join nothing)."""
    found = reach(record.model_copy(update={"sources": [source]}), {source: anchor} if anchor else {})
    if found is None:
        return group_key(record), None, None, None
    low, high = day_number(found[0]), day_number(found[1])
    return group_key(record), low, high, high - low


def reference_date(conn: sqlite3.Connection) -> date:
    """The latest publication date in the store, else today (as for a merge of articles)."""
    latest = conn.execute("SELECT max(published) FROM articles").fetchone()[0]
    return date.fromisoformat(latest[:10]) if latest else date.today()


def refresh(conn: sqlite3.Connection) -> int:
    """Bring `timeline` up to date within the caller's write transaction; returns components redone."""
    reference = reference_date(conn)
    row = conn.execute("SELECT value FROM state WHERE key = 'reference'").fetchone()
    before = date.fromisoformat(row[0]) if row else None
    dirty: list[tuple[str, int | None, int | None]] = conn.execute(
        "SELECT DISTINCT grp, lo, hi FROM timeline_dirty ORDER BY grp, lo"
    ).fetchall()
    if before is None:
        conn.execute("DELETE FROM timeline")
        dirty = [(grp, None, None) for (grp,) in conn.execute("SELECT DISTINCT grp FROM meetings")]
    elif before != reference:
        low, high = sorted((day_number(before), day_number(reference)))
        groups = conn.execute("SELECT DISTINCT grp FROM timeline").fetchall()
        dirty += [(grp, low, high) for (grp,) in groups]
    redone, covered = 0, ("", 0, -1)
    for grp, lo, hi in sorted(dirty, key=lambda d: (d[0], d[1] if d[1] is not None else -(10**9))):
        if lo is not None and hi is not None and grp == covered[0] and covered[1] <= lo and hi <= covered[2]:
            continue  # inside what the last redo of this group already widened to and recomputed
        count, low, high = redo(conn, grp, lo, hi, reference)
        redone, covered = redone + count, (grp, low, high)
    conn.execute("DELETE FROM timeline_dirty")
    conn.execute("INSERT OR REPLACE INTO state VALUES ('reference', ?)", (reference.isoformat(),))
    return redone


def is_stale(conn: sqlite3.Connection) -> bool:
    row = conn.execute("SELECT value FROM state WHERE key = 'reference'").fetchone()
    if row is None or row[0] != reference_date(conn).isoformat():
        return True
    return conn.execute("SELECT 1 FROM timeline_dirty LIMIT 1").fetchone() is not None


def redo(
    conn: sqlite3.Connection, grp: str, low: int | None, high: int | None, reference: date
) -> tuple[int, int, int]:
    """Recompute the components of one group that touch [low, high] (all of them when None); returns how
    many, and the range they cover. The merge runs on slim records (only what it reads); a merged meeting
    whose members and status are unchanged keeps its stored row, so only changed ones are rebuilt."""
    low, high = (-(10**9), 10**9) if low is None or high is None else (low, high)
    (low, high, records), anchors, positions, keys = widen(conn, grp, low, high)
    where = "grp = ? AND comp_lo <= ? AND comp_hi >= ?"
    old_rows = conn.execute(f"SELECT members, {ROW_COLUMNS} FROM timeline WHERE {where}", (grp, high, low))
    kept = {members: rest for members, *rest in old_rows}
    conn.execute(f"DELETE FROM timeline WHERE {where}", (grp, high, low))
    count, built, wanted = 0, [], []
    for component in components(records, anchors):
        spans = [s for s in (reach(r, anchors) for r in component) if s is not None]
        bounds = min(day_number(s[0]) for s in spans), max(day_number(s[1]) for s in spans)
        for cluster in merge_component(component, anchors, positions):
            members = digest(cluster, [keys[id(r)] for r in cluster.records], reference)
            old = kept.get(members)
            built.append((grp, *bounds, *(old or [None] * 7), members))
            if old is None:
                wanted.append((len(built) - 1, cluster))
        count += 1
    for at, cluster in wanted:
        whole = replace(cluster, records=full_records(conn, [keys[id(r)] for r in cluster.records]))
        built[at] = (*built[at][:3], *row(whole, reference), built[at][-1])
    conn.executemany("INSERT INTO timeline VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", built)
    return count, low, high


ROW_COLUMNS = "day_lo, day_hi, xi_putin, mode, status, rank, record"

SLIM = (
    "SELECT a.id, a.anchor_lo, a.anchor_hi, m.source_key, m.position, m.record, "
    + ", ".join(
        f"json_extract(m.record, '$.{path}')"
        for path in ("date.start", "date.end", "date.precision", "date.text", "mode", "location", "status")
    )
    + ", json_extract(m.record, '$.evidence[0].article'), json_extract(m.record, '$.evidence[0].start'), "
    "json_extract(m.record, '$.evidence[0].end') FROM meetings m JOIN articles a USING (source_key) "
)

Key = tuple[str, int, str, bytes]
"""A stored record: its source key, position, article id and a digest of its content."""


def slim(row: tuple[Any, ...], people: list[str]) -> Meeting:
    """What the merge reads of a record (dates, mode, place, status, first evidence, source), built without
    validation: the store holds only validated records. Every field is given (a missing one makes pydantic
    inspect its default factory, slower than validating)."""
    start, end, precision, text, mode, location, status, article, first, last = row[6:]
    evidence = [] if article is None else [evidence_stub(article, first, last)]
    return Meeting.model_construct(
        participants=people,
        date=date_value(start, end, precision, text or ""),
        mode=mode,
        location=location,
        status=status,
        occasion=None,
        topics=[],
        outcomes=[],
        evidence=evidence,
        cameo=None,
        sources=[row[0]],
    )


@lru_cache(maxsize=65536)
def date_value(start: str | None, end: str | None, precision: Precision | None, text: str) -> DateValue:
    """Shared by the slim records with the same date (the merge never changes a record's date)."""
    return DateValue.model_construct(start=start, end=end, precision=precision, text=text)


def evidence_stub(article: str, start: int, end: int) -> Evidence:
    return Evidence.model_construct(article=article, text="", start=start, end=end)


def digest(cluster: Cluster, members: list[Key], reference: date) -> str:
    """Equal exactly when the merged meeting is: the same records (content and source) in the same order,
    and the same status on this reference date."""
    held = any(r.status == "held" for r in cluster.records)
    held = held and (cluster.span is None or cluster.span[0] <= reference)
    found = hashlib.blake2b(b"held" if held else b"planned", digest_size=16)
    for _, position, ident, content in members:
        found.update(f"\x1e{ident}\x1f{position}\x1f".encode() + content)
    return found.hexdigest()


def full_records(conn: sqlite3.Connection, members: list[Key]) -> list[Meeting]:
    query = "SELECT record FROM meetings WHERE source_key = ? AND position = ?"
    found = []
    for key, position, ident, _ in members:
        (text,) = conn.execute(query, (key, position)).fetchone()
        record = Meeting.model_validate_json(text)
        record.sources = [ident]
        found.append(record)
    return found


def widen(
    conn: sqlite3.Connection, grp: str, low: int, high: int
) -> tuple[tuple[int, int, list[Meeting]], dict[str, Interval], dict[int, int], dict[int, Key]]:
    """Every record of the group (slim) whose reach chains to [low, high], and the range they and the old
    components there cover."""
    longest = conn.execute("SELECT max(reach_len) FROM meetings WHERE grp = ?", (grp,)).fetchone()[0] or 0
    while True:  # on the index alone: the records themselves are read once, at the end
        found = conn.execute(
            "SELECT min(reach_lo), max(reach_hi) FROM meetings "
            "WHERE grp = ? AND reach_lo BETWEEN ? AND ? AND reach_hi >= ?",
            (grp, low - longest, high, low),
        ).fetchone()
        old = conn.execute(
            "SELECT min(comp_lo), max(comp_hi) FROM timeline WHERE grp = ? AND comp_lo <= ? AND comp_hi >= ?",
            (grp, high, low),
        ).fetchone()
        spans = [s for s in (found, old) if s[0] is not None]
        new_low, new_high = min([low, *(s[0] for s in spans)]), max([high, *(s[1] for s in spans)])
        if (new_low, new_high) == (low, high):
            break
        low, high = new_low, new_high
    rows = conn.execute(
        f"{SLIM} WHERE m.grp = ? AND m.reach_lo BETWEEN ? AND ? AND m.reach_hi >= ? AND {PRIMARY}",
        (grp, low - longest, high, low),
    ).fetchall()
    anchors = {r[0]: (date.fromordinal(r[1]), date.fromordinal(r[2])) for r in rows if r[1] is not None}
    people = grp.split(GROUP_SEPARATOR)
    records = [slim(r, people) for r in rows]
    positions = {id(record): r[4] for record, r in zip(records, rows, strict=True)}
    keys = {
        id(record): (r[3], r[4], r[0], hashlib.blake2b(r[5].encode(), digest_size=16).digest())
        for record, r in zip(records, rows, strict=True)
    }
    return (low, high, records), anchors, positions, keys


def stored_input(conn: sqlite3.Connection) -> MergeInput:
    """Every stored record ready for an in-memory merge (when the stored timeline cannot be updated)."""
    groups = [grp for (grp,) in conn.execute("SELECT DISTINCT grp FROM meetings WHERE reach_lo IS NOT NULL")]
    given = MergeInput(reference=reference_date(conn))
    for grp in groups:
        (_, _, records), anchors, positions, keys = widen(conn, grp, -(10**9), 10**9)
        records = full_records(conn, [keys[id(r)] for r in records])
        positions = {id(r): key[1] for r, key in zip(records, keys.values(), strict=True)}
        given = given.combine(MergeInput(records, anchors, None, {}, positions))
    given.records += [m for _, m in alone(conn, all_pairs=True)]
    return given


def row(cluster: Cluster, reference: date) -> tuple[object, ...]:
    """The stored columns of a merged meeting (ROW_COLUMNS)."""
    merged = merged_record(cluster, reference)
    days = interval(merged.date)
    return (
        day_number(days[0]) if days else None,
        day_number(days[1]) if days else None,
        int(is_xi_putin(merged)),
        merged.mode,
        merged.status,
        rank_text(cluster.rank),
        merged.model_dump_json(),
    )


def rank_text(rank: tuple[object, ...]) -> str:
    """The merge's order of meetings that sort alike, as text SQLite orders the same way (article ids,
    then the place in the article)."""
    sources, position = (rank[0], rank[1]) if len(rank) > 1 else ((), -1)
    assert isinstance(sources, tuple) and isinstance(position, int)
    return GROUP_SEPARATOR.join(str(s) for s in sources) + f"\x1e{position + 1:09d}"


def stored_timeline(
    conn: sqlite3.Connection, *, since: date | None, until: date | None, all_pairs: bool, **equal: str | None
) -> Iterator[Meeting]:
    """Merged meetings from `timeline` (and the records that can join nothing), narrowed in SQL by the days
    they cover, Xi–Putin or not, mode and status; the caller sorts and refines."""
    where, params = ["1 = 1"], list[object]()
    if not all_pairs:
        where.append("xi_putin = 1")
    if since or until:
        where.append("day_lo IS NOT NULL AND day_lo <= ? AND day_hi >= ?")
        params += [day_number(until or date.max), day_number(since or date.min)]
    for column, value in equal.items():
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    query = f"SELECT rank, record FROM timeline WHERE {' AND '.join(where)}"
    found: list[tuple[str, Meeting]] = [
        (rank, Meeting.model_validate_json(record)) for rank, record in conn.execute(query, params)
    ]
    if since is None and until is None:
        found += alone(conn, all_pairs=all_pairs, **equal)
    found.sort(key=lambda pair: pair[0])
    return (meeting for _, meeting in found)


def alone(conn: sqlite3.Connection, *, all_pairs: bool, **equal: str | None) -> list[tuple[str, Meeting]]:
    """Undated records that can join nothing (no time anchor, or mode unknown): one meeting each."""
    query = (
        "SELECT m.record, a.id, m.position FROM meetings m JOIN articles a USING (source_key) "
        f"WHERE m.reach_lo IS NULL AND {PRIMARY}"
    )
    reference = reference_date(conn)
    found = []
    for record, ident, position in conn.execute(query):
        meeting = Meeting.model_validate_json(record).model_copy(update={"sources": [ident]})
        merged = merged_record(Cluster.of(meeting), reference)
        wanted = all(not value or getattr(merged, key) == value for key, value in equal.items())
        if wanted and (all_pairs or is_xi_putin(merged)):
            found.append((rank_text(((ident,), position)), merged))
    return found


__all__ = ["TIMELINE_SCHEMA", "is_stale", "meeting_columns", "refresh", "stored_input", "stored_timeline"]
