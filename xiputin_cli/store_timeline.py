"""The merged timeline kept in the store, brought up to date only where articles changed.

Every meeting row carries its participant group, its reach (the days it can meet other records within, see
timeline.reach) as day numbers, the parts of it the merge compares, and the merged meeting (`cluster`, a
`timeline` row) it is in. Triggers note every row written or deleted in `timeline_dirty`; `refresh` loads
the slim rows of the groups concerned and re-decides, in the merge's order, only the records a change can
affect (timeline_update), then rebuilds just the merged meetings whose records changed. The reference date
(the latest publication date) decides 'held': when it moves, the meetings whose status could flip are
rebuilt. A query over an unchanged store reads `timeline` and merges nothing. Nothing here imports spaCy.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from xiputin_cli.gc_pause import paused_gc
from xiputin_cli.records import DateValue, Meeting, Precision
from xiputin_cli.spans import Interval, interval, precision
from xiputin_cli.timeline import (
    Cluster,
    MergeInput,
    canonical_of,
    components,
    is_xi_putin,
    merge_component,
    merged_record,
    people,
    reach,
)
from xiputin_cli.timeline_update import Changes, Entry, GroupUpdate, Held

GROUP_SEPARATOR = "\x1f"

TIMELINE_SCHEMA = """
CREATE TABLE IF NOT EXISTS timeline (
    id INTEGER PRIMARY KEY,
    grp TEXT NOT NULL,
    day_lo INTEGER,
    day_hi INTEGER,
    xi_putin INTEGER NOT NULL,
    mode TEXT NOT NULL,
    status TEXT NOT NULL,
    rank TEXT NOT NULL,
    record TEXT NOT NULL,
    leader_key TEXT NOT NULL,
    leader_position INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS timeline_by_group ON timeline (grp);
CREATE INDEX IF NOT EXISTS timeline_by_day ON timeline (xi_putin, day_lo, day_hi);
CREATE INDEX IF NOT EXISTS timeline_by_start ON timeline (day_lo);
CREATE TABLE IF NOT EXISTS timeline_dirty (grp TEXT NOT NULL, cluster INTEGER);
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TRIGGER IF NOT EXISTS meeting_added AFTER INSERT ON meetings WHEN NEW.reach_lo IS NOT NULL
BEGIN INSERT INTO timeline_dirty VALUES (NEW.grp, NULL); END;
CREATE TRIGGER IF NOT EXISTS meeting_removed AFTER DELETE ON meetings WHEN OLD.reach_lo IS NOT NULL
BEGIN INSERT INTO timeline_dirty VALUES (OLD.grp, OLD.cluster); END;
CREATE TRIGGER IF NOT EXISTS meeting_moved AFTER UPDATE OF source_key ON meetings
WHEN OLD.reach_lo IS NOT NULL BEGIN INSERT INTO timeline_dirty VALUES (OLD.grp, OLD.cluster); END;
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
    """grp, reach_lo, reach_hi, reach_len of a stored meeting (reach null: it can join nothing), then what
    the merge compares: mode, location, status, date precision and words, first evidence."""
    found = reach(record.model_copy(update={"sources": [source]}), {source: anchor} if anchor else {})
    first = record.evidence[0] if record.evidence else None
    parts = (
        record.mode,
        record.location,
        record.status,
        record.date.precision,
        record.date.text,
        *((first.article, first.start, first.end) if first else (None, None, None)),
    )
    if found is None:
        return group_key(record), None, None, None, *parts
    low, high = day_number(found[0]), day_number(found[1])
    return group_key(record), low, high, high - low, *parts


def reference_date(conn: sqlite3.Connection) -> date:
    """The latest publication date in the store, else today (as for a merge of articles)."""
    latest = conn.execute("SELECT max(published) FROM articles").fetchone()[0]
    return date.fromisoformat(latest[:10]) if latest else date.today()


def refresh(conn: sqlite3.Connection) -> int:
    """Bring `timeline` up to date within the caller's write transaction; returns how many meetings were
    rebuilt or removed."""
    with paused_gc():  # some ten objects for every stored record (gc_pause.py)
        return refresh_within(conn)


def refresh_within(conn: sqlite3.Connection) -> int:
    reference = reference_date(conn)
    row_found = conn.execute("SELECT value FROM state WHERE key = 'reference'").fetchone()
    before = date.fromisoformat(row_found[0]) if row_found else None
    if before is None:
        rebuilt = rebuild(conn, reference)
    else:
        lost: dict[str, set[int]] = defaultdict(set)
        for grp, cluster in conn.execute("SELECT DISTINCT grp, cluster FROM timeline_dirty"):
            lost[grp].update([] if cluster is None else [cluster])
        flips: dict[str, set[int]] = defaultdict(set)
        if before != reference:  # 'held' needs the start passed: these may flip
            low, high = sorted((day_number(before), day_number(reference)))
            query = "SELECT grp, id FROM timeline WHERE day_lo BETWEEN ? AND ?"
            for grp, ident in conn.execute(query, (low, high)):
                flips[grp].add(ident)
        skipped = uncounted(conn)
        rebuilt = sum(
            update_group(conn, grp, lost.get(grp, set()), flips.get(grp, set()), reference, skipped)
            for grp in sorted(set(lost) | set(flips))
        )
    conn.execute("DELETE FROM timeline_dirty")
    conn.execute("INSERT OR REPLACE INTO state VALUES ('reference', ?)", (reference.isoformat(),))
    return rebuilt


def is_stale(conn: sqlite3.Connection) -> bool:
    row_found = conn.execute("SELECT value FROM state WHERE key = 'reference'").fetchone()
    if row_found is None or row_found[0] != reference_date(conn).isoformat():
        return True
    return conn.execute("SELECT 1 FROM timeline_dirty LIMIT 1").fetchone() is not None


SLIM = (
    "SELECT source_key, position, cluster, reach_lo, reach_hi, article_id, date_start, date_end, "
    "date_precision, date_text, mode, location, status, ev_article, ev_start, ev_end "
    "FROM meetings INDEXED BY meetings_for_merge WHERE grp = ? AND reach_lo IS NOT NULL"
)
"""What the merge compares of a group's rows, from one covering index (no join: a join to the articles
costs three times the scan)."""


def uncounted(conn: sqlite3.Connection) -> set[str]:
    """The source keys of articles that do not count: an identical one has a smaller id."""
    query = (
        "SELECT source_key FROM articles a "
        "WHERE dup_key IN (SELECT dup_key FROM articles GROUP BY dup_key HAVING count(*) > 1) "
        f"AND NOT {PRIMARY}"
    )
    return {key for (key,) in conn.execute(query)}


def load_group(conn: sqlite3.Connection, grp: str, skipped: set[str]) -> tuple[list[Entry], list[Entry]]:
    """The group's records that count, and those that no longer do (their article is in `skipped`) but
    still sit in a cluster."""
    counted, dropped = [], []
    for row_found in conn.execute(SLIM, (grp,)):
        key, position, cluster, low, high, ident, start, end, fineness, text = row_found[:10]
        mode, location, status = row_found[10:13]
        when, fine = date_value(start, end, fineness, text or "")
        first = ("", -1, -1) if row_found[13] is None else tuple(row_found[13:16])
        rank = canonical_of(fine, (ident,), position, first, when, (mode, location, status))
        entry = Entry((key, position), rank, low, high, ident, when, mode, location, cluster)
        if key not in skipped:
            counted.append(entry)
        elif cluster is not None:
            dropped.append(entry)
    return counted, dropped


def add_article_ids(conn: sqlite3.Connection) -> None:
    """Upgrading a store: each meeting row gains its article's id, and the covering index with it."""
    if "article_id" not in {row_found[1] for row_found in conn.execute("PRAGMA table_info(meetings)")}:
        conn.execute("ALTER TABLE meetings ADD COLUMN article_id TEXT")
    conn.execute(
        "UPDATE meetings SET article_id = "
        "(SELECT id FROM articles a WHERE a.source_key = meetings.source_key)"
    )
    conn.execute("DROP INDEX IF EXISTS meetings_for_merge")  # made again with the column


@lru_cache(maxsize=65536)
def date_value(
    start: str | None, end: str | None, fineness: Precision | None, text: str
) -> tuple[DateValue, int]:
    """A date and its precision rank, shared by the slim records with the same date (the merge never
    changes a record's date)."""
    when = DateValue.model_construct(start=start, end=end, precision=fineness, text=text)
    return when, precision(when)


def update_group(
    conn: sqlite3.Connection, grp: str, lost: set[int], flips: set[int], reference: date, skipped: set[str]
) -> int:
    """Re-decide one group's records where they changed; write the moves and rebuild changed meetings."""
    entries, dropped = load_group(conn, grp, skipped)
    stored = conn.execute(
        "SELECT id, day_lo, day_hi, leader_key, leader_position FROM timeline WHERE grp = ?", (grp,)
    ).fetchall()
    leaders = {ident: (key, position) for ident, _, _, key, position in stored}
    spans = {ident: None if low is None else (low, high) for ident, low, high, _, _ in stored}
    update = GroupUpdate(grp.split(GROUP_SEPARATOR), entries, leaders)
    changes = update.update(lost | {e.cluster for e in dropped if e.cluster is not None}, spans)
    for ident in flips - changes.gone:
        if ident in update.clusters:
            changes.changed.setdefault(ident, update.clusters[ident])
    conn.executemany(
        "UPDATE meetings SET cluster = NULL WHERE source_key = ? AND position = ?", [e.key for e in dropped]
    )
    return write_changes(conn, grp, changes, reference)


def write_changes(conn: sqlite3.Connection, grp: str, changes: Changes, reference: date) -> int:
    conn.executemany("DELETE FROM timeline WHERE id = ?", [(ident,) for ident in changes.gone])
    for ident, held in sorted(changes.changed.items()):
        columns = (*row(*whole_cluster(conn, held), reference), *held.members[0].key)
        if ident < 0:
            cursor = conn.execute(
                "INSERT INTO timeline VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (grp, *columns)
            )
            assert cursor.lastrowid is not None
            for member in held.members:
                member.cluster = cursor.lastrowid
        else:
            conn.execute(
                "UPDATE timeline SET day_lo = ?, day_hi = ?, xi_putin = ?, mode = ?, status = ?, rank = ?, "
                "record = ?, leader_key = ?, leader_position = ? WHERE id = ?",
                (*columns, ident),
            )
    conn.executemany(
        "UPDATE meetings SET cluster = ? WHERE source_key = ? AND position = ?",
        [(e.cluster, *e.key) for e in changes.moved.values()],
    )
    return len(changes.changed) + len(changes.gone)


def whole_cluster(conn: sqlite3.Connection, held: Held) -> tuple[Cluster, dict[str, str]]:
    """The cluster with its full records, as the merge built it, and its articles' publication dates."""
    found: dict[tuple[str, int], tuple[str, str | None]] = {}
    keys = [member.key for member in held.members]
    for at in range(0, len(keys), 400):
        chunk = keys[at : at + 400]
        pairs = ", ".join(["(?, ?)"] * len(chunk))
        query = (
            f"WITH wanted (source_key, position) AS (VALUES {pairs}) "
            "SELECT m.source_key, m.position, m.record, a.published FROM wanted CROSS JOIN meetings m "
            "USING (source_key, position) JOIN articles a ON a.source_key = m.source_key"
        )
        for key, position, text, day in conn.execute(query, [part for k in chunk for part in k]):
            found[key, position] = text, day
    records, published = [], {}
    for member in held.members:
        text, day = found[member.key]
        records.append(Meeting.model_validate_json(text).model_copy(update={"sources": [member.article]}))
        if day:
            published[member.article] = day[:10]
    cluster = Cluster.of(records[0], held.members[0].rank)
    for record in records[1:]:
        cluster.add(record)
    return cluster, published


def rebuild(conn: sqlite3.Connection, reference: date) -> int:
    """The whole timeline merged from scratch (a new or upgraded store), each record's cluster noted."""
    conn.execute("DELETE FROM timeline")
    conn.execute("UPDATE meetings SET cluster = NULL WHERE cluster IS NOT NULL")
    rebuilt, skipped = 0, uncounted(conn)
    for (grp,) in conn.execute("SELECT DISTINCT grp FROM meetings WHERE reach_lo IS NOT NULL").fetchall():
        entries, _ = load_group(conn, grp, skipped)
        names = grp.split(GROUP_SEPARATOR)
        records = [e.record(names) for e in entries]
        by_record = {id(r): e for r, e in zip(records, entries, strict=True)}
        anchors = {
            e.article: (date.fromordinal(e.low), date.fromordinal(e.high)) for e in entries if not e.dated
        }
        positions = {id(r): e.key[1] for r, e in zip(records, entries, strict=True)}
        changes = Changes()
        for component in components(records, anchors):
            for cluster in merge_component(component, anchors, positions):
                members = [by_record[id(r)] for r in cluster.records]
                ident = -1 - len(changes.changed)
                changes.changed[ident] = Held(ident, members)
                changes.moved.update((id(m), m) for m in members)
        rebuilt += write_changes(conn, grp, changes, reference)
    return rebuilt


def stored_input(conn: sqlite3.Connection) -> MergeInput:
    """Every stored record that counts, ready for an in-memory merge (when the stored timeline cannot be
    updated: a read-only store)."""
    query = (
        "SELECT m.record, a.id, m.position, a.anchor_lo, a.anchor_hi, a.published FROM meetings m "
        f"JOIN articles a USING (source_key) WHERE {PRIMARY} ORDER BY a.id, m.position"
    )
    given = MergeInput(reference=reference_date(conn))
    for text, ident, position, low, high, day in conn.execute(query):
        record = Meeting.model_validate_json(text)
        record.sources = [ident]
        given.records.append(record)
        given.positions[id(record)] = position
        if low is not None:
            given.anchors[ident] = (date.fromordinal(low), date.fromordinal(high))
        if day:
            given.published[ident] = day[:10]
    return given


def row(cluster: Cluster, published: dict[str, str], reference: date) -> tuple[object, ...]:
    """The stored columns of a merged meeting, day_lo to record."""
    merged = merged_record(cluster, reference, published)
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
        "SELECT m.record, a.id, m.position, a.published FROM meetings m JOIN articles a USING (source_key) "
        f"WHERE m.reach_lo IS NULL AND {PRIMARY}"
    )
    reference = reference_date(conn)
    found = []
    for record, ident, position, day in conn.execute(query):
        meeting = Meeting.model_validate_json(record).model_copy(update={"sources": [ident]})
        merged = merged_record(Cluster.of(meeting), reference, {ident: day[:10]} if day else {})
        wanted = all(not value or getattr(merged, key) == value for key, value in equal.items())
        if wanted and (all_pairs or is_xi_putin(merged)):
            found.append((rank_text(((ident,), position)), merged))
    return found


__all__ = ["TIMELINE_SCHEMA", "is_stale", "meeting_columns", "refresh", "stored_input", "stored_timeline"]
