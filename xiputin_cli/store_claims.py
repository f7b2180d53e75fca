"""The store's claims table: each claim with its article's publication date and its wording key
(claim_match.match_key, kept with the rows so that merging claims across articles reads it instead of
making it again), narrowed in SQL. Keys made under other matching rules (models/claim_matching.json changed)
are made again by the next writer; until then a reader makes them as it reads.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date

from xiputin_cli.claim_match import match_key, rules_fingerprint
from xiputin_cli.records import Claim

RULES_STATE = "claim_match_rules"  # the state table's row naming the rules the stored keys were made under


def claim_rows(
    conn: sqlite3.Connection,
    *,
    speaker_like: str | None = None,
    kind: str | None = None,
    since: date | None = None,
    until: date | None = None,
    via: str | None = None,
    own_sources: bool = False,
) -> Iterator[tuple[Claim, str | None, str]]:
    """(claim, publication date, wording key) in article order, narrowed in SQL: `speaker_like` by a
    case-insensitive substring (callers refine by whole words), kind, via and publication date. With
    `own_sources`, each claim lists its own article in `sources`, as a claim merged from one report does."""
    where, params = ["1 = 1"], list[str]()
    if speaker_like:
        where.append("speaker LIKE ? ESCAPE '\\'")
        params.append("%" + escape_like(speaker_like) + "%")
    for column, value in (("kind", kind), ("via", via)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if since or until:
        where.append("published BETWEEN ? AND ?")
        params += [(since or date.min).isoformat(), (until or date.max).isoformat() + "~"]
    current = match_keys_current(conn)
    order = "ORDER BY article_id, source_key, position"
    query = f"SELECT record, published, match_key FROM claims WHERE {' AND '.join(where)} {order}"
    for record, published, key in conn.execute(query, params):
        claim = Claim.model_validate_json(record)
        if own_sources:
            claim.sources = [claim.evidence.article]  # a claim of its own making: changing it is safe
        yield claim, published, key if current and key is not None else match_key(claim.text)


def claim_keys(claims: Iterable[Claim]) -> Iterator[tuple[Claim, str]]:
    """An article's claims with their wording keys, as they are saved."""
    return ((claim, match_key(claim.text)) for claim in claims)


def match_keys_current(conn: sqlite3.Connection) -> bool:
    """Whether the stored wording keys were made under today's matching rules."""
    row = conn.execute("SELECT value FROM state WHERE key = ?", (RULES_STATE,)).fetchone()
    return row is not None and row[0] == rules_fingerprint()


def add_match_key_column(conn: sqlite3.Connection) -> None:
    """Schema 6: claims have a wording key (a store of schema 4 or 5 gains the column, empty)."""
    if "match_key" not in {row[1] for row in conn.execute("PRAGMA table_info(claims)")}:
        conn.execute("ALTER TABLE claims ADD COLUMN match_key TEXT")


def fill_match_keys(conn: sqlite3.Connection) -> None:
    """Make every claim's wording key again under today's rules (after an upgrade, or a change of rules),
    inside the caller's transaction."""
    rows = conn.execute("SELECT rowid, json_extract(record, '$.text') FROM claims").fetchall()
    conn.executemany("UPDATE claims SET match_key = ? WHERE rowid = ?", [(match_key(t), r) for r, t in rows])
    conn.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", (RULES_STATE, rules_fingerprint()))


def escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
