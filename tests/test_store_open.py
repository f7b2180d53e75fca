"""Opening the store: queries read it read-only and create nothing; what cannot be used is one clear line."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.records import synthetic_articles
from tests.test_store_timeline import put
from xiputin_cli.cli import app
from xiputin_cli.store import SCHEMA_VERSION, Store

runner = CliRunner()


def filled(path: Path, count: int = 40) -> Path:
    with Store(path) as store:
        put(store, synthetic_articles(count, seed=21))
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_clear_line(output: str) -> bool:
    return "Traceback" not in output and len(output.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [["meetings"], ["claims"], ["timeline"]])
def test_a_query_on_a_missing_store_says_so_and_creates_nothing(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "none" / "missing.db"
    result = runner.invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 2
    assert "empty or missing" in result.stderr and "xiputin extract" in result.stderr
    assert not db.exists() and not db.parent.exists()


def test_a_query_changes_no_byte_of_the_store(tmp_path: Path) -> None:
    db = filled(tmp_path / "s.db")
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = digest(db)
    for command in (["meetings", "--all"], ["claims", "--speaker", "Xi"], ["meetings", "--since", "2010"]):
        result = runner.invoke(app, [*command, "--db", str(db), "-f", "json"])
        assert result.exit_code == 0, result.stderr
    assert digest(db) == before


def test_store_from_a_newer_xiputin_says_so(tmp_path: Path) -> None:
    db = filled(tmp_path / "s.db")
    with sqlite3.connect(db) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    result = runner.invoke(app, ["claims", "--db", str(db)])
    assert result.exit_code == 2 and "newer xiputin" in result.stderr and one_clear_line(result.stderr)


def test_store_pointing_at_a_folder_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XIPUTIN_DB", str(tmp_path))
    for command in (["meetings"], ["extract", "-"]):
        result = runner.invoke(app, command, input="Xi Jinping met Vladimir Putin in Moscow.")
        assert result.exit_code == 2 and "is a folder" in result.stderr and one_clear_line(result.stderr)


def test_a_bad_timeout_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = filled(tmp_path / "s.db")
    monkeypatch.setenv("XIPUTIN_DB_TIMEOUT", "abc")
    result = runner.invoke(app, ["claims", "--db", str(db)])
    assert result.exit_code == 2 and "XIPUTIN_DB_TIMEOUT" in result.stderr and one_clear_line(result.stderr)


def test_a_store_with_flipped_bytes_is_one_clear_line(tmp_path: Path) -> None:
    db = filled(tmp_path / "s.db", count=300)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    for offset in range(4096, len(data), 512):  # every page after the first: the schema still reads
        data[offset : offset + 64] = bytes(b ^ 0xFF for b in data[offset : offset + 64])
    db.write_bytes(bytes(data))
    for command in (["claims"], ["meetings", "--all"]):
        result = runner.invoke(app, [*command, "--db", str(db), "-f", "json"])
        assert result.exit_code == 2, result.output
        assert "cannot" in result.stderr and one_clear_line(result.stderr)


def test_extracting_into_a_store_with_damaged_pages_is_one_clear_line(tmp_path: Path) -> None:
    """The error found while reading must not be buried by a second one from committing at the end."""
    db = filled(tmp_path / "s.db", count=300)
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    for offset in range(4096, len(data), 512):
        data[offset : offset + 64] = bytes(b ^ 0xFF for b in data[offset : offset + 64])
    db.write_bytes(bytes(data))
    article = tmp_path / "new.txt"
    article.write_text("Xi Jinping met Vladimir Putin in Kazan on Tuesday.", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "--db", str(db), "-f", "json", "-j", "1"])
    assert result.exit_code == 2, result.output
    assert "damaged" in result.stderr and one_clear_line(result.stderr)


def test_a_store_of_schema_1_is_upgraded_from_its_records(tmp_path: Path) -> None:
    """The tables of the first schema, as the previous xiputin wrote them."""
    articles = synthetic_articles(30, seed=22)
    db = tmp_path / "v1.db"
    with sqlite3.connect(db) as conn:
        conn.executescript(
            "CREATE TABLE articles (source_key TEXT PRIMARY KEY, content_hash TEXT NOT NULL, "
            "pipeline TEXT NOT NULL, id TEXT NOT NULL, published TEXT, record TEXT NOT NULL, "
            "updated TEXT NOT NULL);"
            "CREATE TABLE meetings (source_key TEXT, position INTEGER, date_start TEXT, date_end TEXT, "
            "record TEXT);"
            "CREATE TABLE claims (source_key TEXT, position INTEGER, speaker TEXT, kind TEXT, record TEXT);"
            "PRAGMA user_version = 1;"
        )
        conn.executemany(
            "INSERT INTO articles VALUES (?, 'hash', 'p', ?, ?, ?, 'now')",
            [(f"/x/{a.id}.txt", a.id, a.published, a.model_dump_json()) for a in articles],
        )
    from xiputin_cli.timeline import merge_meetings

    with Store(db) as store:
        found = list(store.timeline(since=None, until=None, all_pairs=True))
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        claims = list(store.claims())
    assert len(found) == len(merge_meetings(articles))
    assert len(claims) == sum(len(a.claims) for a in articles)


def test_no_store_works_on_every_command_that_extracts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XIPUTIN_DB", str(tmp_path / "never.db"))
    article = tmp_path / "a.txt"
    article.write_text(
        " date 2025-05-09 \nXi Jinping held talks with Vladimir Putin in Moscow.\n", encoding="utf-8"
    )
    for command in (["meetings"], ["claims"], ["timeline"], ["show"], ["extract"]):
        result = runner.invoke(app, [*command, str(article), "--no-store"])
        assert result.exit_code == 0, (command, result.output)
    assert not (tmp_path / "never.db").exists()
