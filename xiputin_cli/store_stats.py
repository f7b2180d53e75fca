"""What a store holds, for `xiputin store stats`: counts and dates read from its tables, never a change."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict


class StoreStats(BaseModel):
    """The store at a glance; the merged count is what `xiputin meetings` lists (Xi–Putin meetings)."""

    model_config = ConfigDict(extra="forbid")

    path: str
    size_bytes: int
    schema_version: int
    articles: int
    meetings_reported: int
    meetings_merged: int
    claims: int
    published_first: str | None
    published_last: str | None
    updated_last: str | None


def store_stats(db: Path | None = None) -> StoreStats:
    """Opens the store read-only (StoreError with the one-line message when it is missing or empty)."""
    from xiputin_cli.corpus import Corpus
    from xiputin_cli.store_open import SCHEMA_VERSION

    with Corpus(db) as corpus:
        store = corpus.open_store(readonly=True)
        assert store is not None  # a Corpus with a store
        conn = store.conn
        with store.reading():
            counts = {
                table: int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
                for table in ("articles", "meetings", "claims")
            }
            first, last, updated = conn.execute(
                "SELECT min(published), max(published), max(updated) FROM articles"
            ).fetchone()
        merged = len(corpus.meetings()) if counts["articles"] else 0
        return StoreStats(
            path=str(store.path),
            size_bytes=store.path.stat().st_size,
            schema_version=SCHEMA_VERSION,
            articles=counts["articles"],
            meetings_reported=counts["meetings"],
            meetings_merged=merged,
            claims=counts["claims"],
            published_first=first,
            published_last=last,
            updated_last=updated,
        )
