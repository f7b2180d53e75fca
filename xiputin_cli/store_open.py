"""Opening a store: where it is, how long to wait for a lock, and refusing what is not a xiputin store
(another program's database, a newer xiputin's store, a folder, a damaged file) with one clear message.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

SCHEMA_VERSION = 7
SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    source_key TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    pipeline TEXT NOT NULL,
    id TEXT NOT NULL,
    published TEXT,
    record TEXT NOT NULL,
    updated TEXT NOT NULL,
    dup_key TEXT,
    anchor_lo INTEGER,
    anchor_hi INTEGER
);
CREATE INDEX IF NOT EXISTS articles_by_hash ON articles (content_hash, pipeline);
CREATE INDEX IF NOT EXISTS articles_by_dup_key ON articles (dup_key, id, source_key);
CREATE INDEX IF NOT EXISTS articles_for_merge ON articles (source_key, id, dup_key, anchor_lo, anchor_hi);
CREATE INDEX IF NOT EXISTS articles_by_published ON articles (published);
CREATE TABLE IF NOT EXISTS meetings (
    source_key TEXT NOT NULL REFERENCES articles (source_key) ON DELETE CASCADE ON UPDATE CASCADE,
    position INTEGER NOT NULL,
    date_start TEXT,
    date_end TEXT,
    record TEXT NOT NULL,
    grp TEXT NOT NULL,
    reach_lo INTEGER,
    reach_hi INTEGER,
    reach_len INTEGER,
    mode TEXT NOT NULL,
    location TEXT,
    status TEXT NOT NULL,
    date_precision TEXT,
    date_text TEXT,
    ev_article TEXT,
    ev_start INTEGER,
    ev_end INTEGER,
    cluster INTEGER,
    article_id TEXT,
    PRIMARY KEY (source_key, position)
);
CREATE INDEX IF NOT EXISTS meetings_by_date ON meetings (date_start, date_end);
CREATE INDEX IF NOT EXISTS meetings_for_merge ON meetings (
    grp, reach_lo, reach_hi, source_key, position, cluster, article_id, date_start, date_end, date_precision,
    date_text, mode, location, status, ev_article, ev_start, ev_end
);
CREATE TABLE IF NOT EXISTS claims (
    source_key TEXT NOT NULL REFERENCES articles (source_key) ON DELETE CASCADE ON UPDATE CASCADE,
    position INTEGER NOT NULL,
    speaker TEXT NOT NULL,
    kind TEXT NOT NULL,
    record TEXT NOT NULL,
    via TEXT,
    published TEXT,
    article_id TEXT NOT NULL,
    match_key TEXT,
    PRIMARY KEY (source_key, position)
);
CREATE INDEX IF NOT EXISTS claims_by_speaker ON claims (speaker);
CREATE INDEX IF NOT EXISTS claims_by_via ON claims (via);
CREATE INDEX IF NOT EXISTS claims_by_published ON claims (published);
"""


class StoreError(RuntimeError):
    """The store cannot be used (not a database, locked, unwritable): one clear message for the user."""


def default_store_path() -> Path:
    """$XIPUTIN_DB, else $XIPUTIN_HOME/xiputin.db, else the XDG data directory."""
    if os.environ.get("XIPUTIN_DB"):
        return Path(os.environ["XIPUTIN_DB"])
    if os.environ.get("XIPUTIN_HOME"):
        return Path(os.environ["XIPUTIN_HOME"]) / "xiputin.db"
    data_home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data_home) / "xiputin" / "xiputin.db"


def db_timeout(given: float | None) -> float:
    """Seconds to wait for another xiputin's lock: given, else $XIPUTIN_DB_TIMEOUT, else 30."""
    if given is not None:
        return given
    text = os.environ.get("XIPUTIN_DB_TIMEOUT", "30")
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):
        raise StoreError(f"XIPUTIN_DB_TIMEOUT={text!r}: expected a number of seconds, e.g. 30")
    return value


def connect(path: Path, timeout: float, *, readonly: bool) -> sqlite3.Connection:
    """A connection to a xiputin store (read-only: nothing is created or changed), or a StoreError."""
    if path.is_dir():
        raise StoreError(f"cannot use store {path}: it is a folder; give a file (--db FILE or $XIPUTIN_DB)")
    if readonly and not path.exists():
        raise StoreError(
            f"no store at {path}: it is empty or missing; fill it with `xiputin extract PATH...`, "
            "or give this command the articles to read"
        )
    try:
        if readonly:
            conn = read_only(path, timeout)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    except (sqlite3.DatabaseError, OSError) as err:
        raise StoreError(f"cannot use store {path}: {store_problem(err)}") from err
    try:
        refuse_foreign_database(conn, path)
        conn.execute("PRAGMA foreign_keys = ON")
    except (sqlite3.DatabaseError, StoreError) as err:
        conn.close()
        if isinstance(err, StoreError):
            raise
        raise StoreError(f"cannot use store {path}: {store_problem(err)}") from err
    return conn


def read_only(path: Path, timeout: float) -> sqlite3.Connection:
    """Read-only; on a read-only file system (where even WAL's shared-memory file cannot be made) the file
    is opened as immutable, which is what it is there."""
    uri = path.absolute().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout, isolation_level=None)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as err:
        if "unable to open" not in str(err) and "readonly" not in str(err):
            raise
        conn.close()
        conn = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout, isolation_level=None)
    return conn


def refuse_foreign_database(conn: sqlite3.Connection, path: Path) -> None:
    """Another program's SQLite file is never changed: only an empty file or a xiputin store is used."""
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if "articles" in tables and version > SCHEMA_VERSION:
        raise StoreError(
            f"cannot use store {path}: it was written by a newer xiputin (store schema {version}; "
            f"this one reads {SCHEMA_VERSION}): upgrade xiputin, or choose another store with --db"
        )
    if tables and ("articles" not in tables or version not in range(SCHEMA_VERSION + 1)):
        raise StoreError(
            f"cannot use store {path}: it is another program's SQLite database (tables: "
            f"{', '.join(sorted(tables)[:5])}); choose another with --db"
        )


def statements(script: str) -> Iterator[str]:
    """A schema script one statement at a time (executescript would commit the transaction around it)."""
    current = ""
    for line in script.splitlines(keepends=True):
        current += line
        if sqlite3.complete_statement(current):
            yield current
            current = ""


def store_problem(err: BaseException) -> str:
    message = str(err)
    if "file is not a database" in message:
        return "the file is not a xiputin store (not an SQLite database); choose another with --db"
    if "malformed" in message or "disk image" in message:
        return f"the store file is damaged ({message}); move it away, then `xiputin extract` rebuilds it"
    if "locked" in message:
        return "the store is locked by another running xiputin; try again when it has finished"
    return message
