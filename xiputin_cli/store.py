"""The embedded store: article records in SQLite, keyed by content hash and pipeline fingerprint.

One row per article source (its resolved path, or file:line for JSON Lines). A re-run finds the row, compares
the content hash and the fingerprint of the pipeline that made it, and skips spaCy when both match. Meetings
and claims sit in their own tables so queries filter without parsing every article.
Nothing here imports spaCy.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterable, Iterator, Set
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from xiputin_cli.records import Article, Claim, Meeting
from xiputin_cli.source_text import SourceText, digest_of
from xiputin_cli.store_claims import (
    add_match_key_column,
    claim_keys,
    claim_rows,
    fill_match_keys,
    match_keys_current,
)
from xiputin_cli.store_open import (
    SCHEMA,
    SCHEMA_VERSION,
    StoreError,
    connect,
    db_timeout,
    default_store_path,
    statements,
    store_problem,
)
from xiputin_cli.store_timeline import (
    TIMELINE_SCHEMA,
    add_article_ids,
    is_stale,
    meeting_columns,
    refresh,
    stored_input,
    stored_timeline,
)
from xiputin_cli.timeline import article_fingerprint, merge_records, prepare_merge

COMMIT_EVERY = 2.0
"""Seconds of finished work a killed `extract` may lose at most (besides the article in progress)."""

__all__ = ["SCHEMA_VERSION", "Store", "StoreError", "content_hash", "default_store_path", "source_key"]


def content_hash(article: SourceText) -> str:
    """What the extraction depends on besides the pipeline: the text and the metadata given with it."""
    return article.digest or digest_of(article)


def source_key(article: SourceText) -> str:
    """Where an article came from, independent of the working directory: the key its reader gave it (see
    load.py); a nameless input (stdin, `<text>`) is known by its content; an article made by hand, by its
    source's path."""
    if article.key:
        return article.key
    if article.source.startswith("<"):
        return f"{article.source}:{content_hash(article)[:16]}"
    return str(Path(article.source).resolve())


class Store:
    """A connection to one store file; use as a context manager."""

    def __init__(
        self, path: Path | None = None, *, timeout: float | None = None, readonly: bool = False
    ) -> None:
        self.path = path or default_store_path()
        self.readonly = readonly
        self.conn = connect(self.path, db_timeout(timeout), readonly=readonly)
        try:
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute(
                    "PRAGMA synchronous = NORMAL"
                )  # WAL stays consistent; commits need no fsync
                self.upgrade()
            elif self.conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
                self.conn = self.upgraded_for_reading(timeout)
        except (sqlite3.DatabaseError, OSError, StoreError) as err:
            self.conn.close()
            if isinstance(err, StoreError):
                raise
            raise StoreError(f"cannot use store {self.path}: {store_problem(err)}") from err
        self.pending = 0
        self.changed = False
        self.committed = time.monotonic()

    def upgraded_for_reading(self, timeout: float | None) -> sqlite3.Connection:
        """A store an older xiputin wrote is upgraded on first read (once, as `extract` would upgrade it),
        then opened read-only; an empty one, or one this user cannot write, stays as it is."""
        problem = f"cannot read store {self.path}: it is empty or from an older xiputin"
        advice = "run `xiputin extract PATH...` with it to fill or upgrade it"
        tables = {row[0] for row in self.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        self.conn.close()
        if "articles" not in tables:
            raise StoreError(f"{problem}; {advice}")
        try:
            Store(self.path, timeout=timeout).close()
        except StoreError as err:  # e.g. a file this user may only read
            raise StoreError(f"{problem}, and upgrading it failed ({err}); {advice}") from err
        return connect(self.path, db_timeout(timeout), readonly=True)

    def upgrade(self) -> None:
        """Create the tables, or bring a store of an older schema up to this one (its records are kept: the
        meetings and claims tables are rebuilt from them, or the claims given their wording keys)."""
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version == SCHEMA_VERSION and match_keys_current(self.conn):
            return  # else the claims' wording keys were made under other rules: made again below
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            records: list[tuple[str, str]] = []
            if version in (1, 2, 3):  # meetings, claims and the timeline are derived: made again
                records = self.conn.execute("SELECT source_key, record FROM articles").fetchall()
                for table in ("meetings", "claims", "timeline", "timeline_dirty", "state"):
                    self.conn.execute(f"DROP TABLE IF EXISTS {table}")
                self.conn.execute("DROP INDEX IF EXISTS articles_by_dup_key")  # now with the source key
            if version == 4:
                self.conn.execute("DROP INDEX IF EXISTS meetings_by_reach")  # meetings_for_merge covers it
            if version in (4, 5):  # claims gain their wording key (filled below)
                add_match_key_column(self.conn)
            if version in (4, 5, 6):  # meetings name their article: the merge reads them without a join
                add_article_ids(self.conn)
            if version == 1:
                for column in ("dup_key TEXT", "anchor_lo INTEGER", "anchor_hi INTEGER"):
                    self.conn.execute(f"ALTER TABLE articles ADD COLUMN {column}")
            for statement in statements(SCHEMA + TIMELINE_SCHEMA):
                self.conn.execute(statement)
            for key, record in records:
                self.write_parts(key, Article.model_validate_json(record))
            fill_match_keys(self.conn)
            if 0 < version < SCHEMA_VERSION:  # merged meetings gained fields since: merged again, once, now
                self.conn.execute("DELETE FROM state WHERE key = 'reference'")
                refresh(self.conn)
            self.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close(commit=kind is None)

    def close(self, *, commit: bool = True) -> None:
        """Commit the finished articles (every saved one is whole) unless told otherwise, bring the merged
        timeline up to date with what changed, then close."""
        try:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT" if commit else "ROLLBACK")
            if commit and self.changed:
                self.refresh_timeline()
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot write to store {self.path}: {store_problem(err)}") from err
        finally:
            self.conn.close()

    def cached(self, article: SourceText, pipeline: str) -> Article | None:
        """The stored record for this exact content and pipeline, from this source or any other."""
        key = self.find(article, pipeline)
        return None if key is None else self.record(key, article.source)

    def find(self, article: SourceText, pipeline: str) -> str | None:
        """The key of a stored row with this content and pipeline, without reading the record.

        A row found under another source whose file is gone (the article was renamed or moved) moves to
        this source, so that a renamed file does not leave its old copy behind in queries.
        """
        key = source_key(article)
        with self.reading():
            row = self.conn.execute(
                "SELECT source_key FROM articles WHERE content_hash = ? AND pipeline = ? "
                "ORDER BY source_key = ? DESC LIMIT 1",
                (content_hash(article), pipeline, key),
            ).fetchone()
        if row is None or row[0] == key:
            return None if row is None else key
        if row[0].startswith("/") and not Path(row[0].rsplit(":", 1)[0]).exists():
            self.move(row[0], key)
            return key
        return str(row[0])

    def move(self, old: str, new: str) -> None:
        try:
            with self.conn:  # its meetings and claims follow (ON UPDATE CASCADE)
                self.conn.execute("DELETE FROM articles WHERE source_key = ?", (new,))
                self.conn.execute("UPDATE articles SET source_key = ? WHERE source_key = ?", (new, old))
            self.changed = True
        except sqlite3.Error as err:
            raise StoreError(f"cannot write to store {self.path}: {store_problem(err)}") from err

    def prune(self, under: Path, seen: set[str], *, keep: Set[str] = frozenset()) -> int:
        """Forget articles stored from a folder or JSON Lines file that this run no longer found there
        (deleted, or renamed: the new name was stored as it was read). Files in `keep` could not be read
        this time: they are not gone, so their rows (every line of a JSON Lines file) stay. Returns how
        many were forgotten."""
        prefix = f"{under.resolve()}{'/' if under.is_dir() else ':'}"
        with self.reading():
            stale = [
                key
                for (key,) in self.conn.execute(
                    "SELECT source_key FROM articles WHERE substr(source_key, 1, ?) = ?",
                    (len(prefix), prefix),
                )
                if key not in seen and key not in keep and key.rpartition(":")[0] not in keep
            ]
        try:
            with self.conn:
                self.conn.executemany("DELETE FROM articles WHERE source_key = ?", [(k,) for k in stale])
            self.changed = self.changed or bool(stale)
        except sqlite3.Error as err:
            raise StoreError(f"cannot write to store {self.path}: {store_problem(err)}") from err
        return len(stale)

    def record(self, key: str, source: str) -> Article:
        """The stored record under a key, as read from `source` this time."""
        with self.reading():
            row = self.conn.execute("SELECT record FROM articles WHERE source_key = ?", (key,)).fetchone()
        return Article.model_validate_json(row[0]).model_copy(update={"source": source})

    def save(self, article: SourceText, record: Article, pipeline: str, *, batch: int = 32) -> None:
        """Replace the source's row and its meetings and claims, all or nothing; commit every `batch`
        articles or every COMMIT_EVERY seconds, whichever comes first, so a killed run loses seconds."""
        self.save_as(source_key(article), content_hash(article), pipeline, record, batch=batch)

    def save_as(self, key: str, digest: str, pipeline: str, record: Article, *, batch: int = 32) -> None:
        """save() under a key and hash of the caller's (a record extracted elsewhere has no text here)."""
        try:
            if not self.conn.in_transaction:
                self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("SAVEPOINT article")
            try:
                self.write(key, digest, pipeline, record)
            except BaseException:  # Ctrl-C mid-article included: never leave half an article
                self.conn.execute("ROLLBACK TO article")
                raise
            finally:
                self.conn.execute("RELEASE article")
        except sqlite3.Error as err:
            raise StoreError(f"cannot write to store {self.path}: {store_problem(err)}") from err
        self.pending += 1
        self.changed = True
        if self.pending >= batch or time.monotonic() - self.committed >= COMMIT_EVERY:
            self.commit()

    def write(self, key: str, digest: str, pipeline: str, record: Article) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self.conn.execute("DELETE FROM articles WHERE source_key = ?", (key,))
        self.conn.execute(
            "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)",
            (key, digest, pipeline, record.id, record.published, record.model_dump_json(), now),
        )
        self.write_parts(key, record)

    def write_parts(self, key: str, record: Article) -> None:
        """An article's meetings and claims in their own indexed tables, with what the timeline needs: its
        duplicate key, time anchor, and each meeting's participant group and reach."""
        ident = record.id
        anchor = prepare_merge([record]).anchors.get(ident)
        self.conn.execute(
            "UPDATE articles SET dup_key = ?, anchor_lo = ?, anchor_hi = ? WHERE source_key = ?",
            (
                article_fingerprint(record),
                anchor[0].toordinal() if anchor else None,
                anchor[1].toordinal() if anchor else None,
                key,
            ),
        )
        self.conn.executemany(
            "INSERT INTO meetings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
            [
                (
                    key,
                    i,
                    m.date.start,
                    m.date.end,
                    m.model_dump_json(),
                    *meeting_columns(m, anchor, ident),
                    ident,
                )
                for i, m in enumerate(record.meetings)
            ],
        )
        self.conn.executemany(
            "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (key, i, c.speaker, c.kind, c.model_dump_json(), c.via, record.published, record.id, k)
                for i, (c, k) in enumerate(claim_keys(record.claims))
            ],
        )

    def commit(self) -> None:
        try:
            if self.conn.in_transaction:
                self.conn.execute("COMMIT")
        except sqlite3.Error as err:
            raise StoreError(f"cannot write to store {self.path}: {store_problem(err)}") from err
        self.pending = 0
        self.committed = time.monotonic()

    def articles(self) -> Iterator[Article]:
        with self.reading():
            for (record,) in self.conn.execute("SELECT record FROM articles ORDER BY id, source_key"):
                yield Article.model_validate_json(record)

    def article_names(self, ids: Iterable[str]) -> dict[str, tuple[object, object, object]]:
        """Title, outlet and URL of the stored articles with these ids, read from their records in SQL."""
        wanted = sorted(set(ids))
        out: dict[str, tuple[object, object, object]] = {}
        fields = ", ".join(f"json_extract(record, '$.{name}')" for name in ("title", "outlet", "url"))
        with self.reading():
            for at in range(0, len(wanted), 500):
                chunk = wanted[at : at + 500]
                query = f"SELECT id, {fields} FROM articles WHERE id IN ({', '.join('?' * len(chunk))})"
                for key, *names in self.conn.execute(query, chunk):
                    out.setdefault(key, (names[0], names[1], names[2]))
        return out

    @contextmanager
    def reading(self) -> Iterator[None]:
        """A store that fails while it is read (flipped bytes, a truncated file) is one clear error."""
        try:
            yield
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot read store {self.path}: {store_problem(err)}") from err

    def meetings(self) -> Iterator[Meeting]:
        query = "SELECT record FROM meetings ORDER BY date_start IS NULL, date_start, source_key, position"
        for (record,) in self.conn.execute(query):
            yield Meeting.model_validate_json(record)

    def claims(self, **narrowed: Any) -> Iterator[tuple[Claim, str | None]]:
        """Claims with their article's publication date, in article order, narrowed in SQL (claim_rows)."""
        for claim, published, _ in self.claim_rows(**narrowed):
            yield claim, published

    def claim_rows(self, **narrowed: Any) -> Iterator[tuple[Claim, str | None, str]]:
        """Claims with their article's publication date and wording key (store_claims.claim_rows)."""
        with self.reading():
            yield from claim_rows(self.conn, **narrowed)

    def timeline(self, **filters: Any) -> Iterator[Meeting]:
        """The merged timeline from its table, brought up to date first if articles changed since (by a
        writer; a store that cannot be written is merged in memory instead, all of it: filter afterwards)."""
        with self.reading():
            if is_stale(self.conn) and not self.readonly:
                self.refresh_timeline()
            elif is_stale(self.conn):
                try:
                    with Store(self.path) as writer:
                        writer.refresh_timeline()
                except StoreError:
                    yield from merge_records(stored_input(self.conn))
                    return
            yield from stored_timeline(self.conn, **filters)

    def refresh_timeline(self) -> int:
        """Merge again only the components that changed; returns how many were redone."""
        try:
            self.commit()
            self.conn.execute("BEGIN IMMEDIATE")
            redone = refresh(self.conn)
            self.conn.execute("COMMIT")
        except sqlite3.Error as err:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(f"cannot write to store {self.path}: {store_problem(err)}") from err
        return redone

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM articles").fetchone()[0])


def fingerprint_files(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
