"""The store explains itself: where it is, what it holds, and one line (naming `xiputin extract`) when a
query finds it missing or empty, without creating a file. No spaCy for any of it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xiputin_cli.cli import app

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
runner = CliRunner()


def test_store_path_follows_db_then_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    given = tmp_path / "given.db"
    result = runner.invoke(app, ["store", "path", "--db", str(given)])
    assert result.exit_code == 0 and result.stdout == f"{given}\n"
    monkeypatch.setenv("XIPUTIN_DB", str(tmp_path / "env.db"))
    assert runner.invoke(app, ["store", "path"]).stdout == f"{tmp_path / 'env.db'}\n"
    monkeypatch.delenv("XIPUTIN_DB")
    monkeypatch.setenv("XIPUTIN_HOME", str(tmp_path / "home"))
    assert runner.invoke(app, ["store", "path"]).stdout == f"{tmp_path / 'home' / 'xiputin.db'}\n"
    assert not given.exists() and not (tmp_path / "home").exists()  # nothing created


@pytest.mark.parametrize("command", [["meetings"], ["claims"], ["timeline"], ["store", "stats"]])
def test_a_query_on_a_missing_store_says_so_in_one_line(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "none" / "x.db"
    result = runner.invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert f"no store at {db}" in line and "xiputin extract" in line
    assert not db.parent.exists()


@pytest.mark.parametrize("command", [["meetings"], ["store", "stats"]])
def test_a_query_on_an_empty_store_file_says_so(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "empty.db"
    sqlite3.connect(db).close()  # an empty SQLite file, as a crashed first run could leave
    before = db.read_bytes()
    result = runner.invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "empty" in line and "xiputin extract" in line
    assert db.read_bytes() == before


def test_store_stats_counts_what_extract_stored(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    extracted = runner.invoke(app, ["extract", str(SEEDS), "--db", str(db), "-f", "json"])
    records = json.loads(extracted.stdout)
    merged = json.loads(runner.invoke(app, ["meetings", "--db", str(db), "-f", "json"]).stdout)
    result = runner.invoke(app, ["store", "stats", "--db", str(db), "-f", "json"])
    assert result.exit_code == 0, result.output
    stats = json.loads(result.stdout)
    assert stats["path"] == str(db) and stats["size_bytes"] == db.stat().st_size
    assert stats["articles"] == len(records)
    assert stats["claims"] == sum(len(r["claims"]) for r in records)
    assert stats["meetings_reported"] == sum(len(r["meetings"]) for r in records)
    assert stats["meetings_merged"] == len(merged) < stats["meetings_reported"]
    published = sorted(r["published"] for r in records if r["published"])
    assert (stats["published_first"], stats["published_last"]) == (published[0], published[-1])
    table = runner.invoke(app, ["store", "stats", "--db", str(db), "-f", "table"])
    assert table.exit_code == 0 and "articles" in table.stdout and "meetings merged" in table.stdout


def test_store_stats_refuses_row_formats(tmp_path: Path) -> None:
    result = runner.invoke(app, ["store", "stats", "--db", str(tmp_path / "x.db"), "-f", "csv"])
    assert result.exit_code == 2 and "table or json" in result.stderr


def test_store_commands_do_not_import_spacy(tmp_path: Path) -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from xiputin_cli.cli import app; "
        f"r = CliRunner().invoke(app, ['store', 'stats', '--db', {str(tmp_path / 'x.db')!r}]); "
        "CliRunner().invoke(app, ['store', 'path']); print(r.exit_code, 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["2", "False"]


def test_a_store_without_articles_says_so_and_stats_count_zero(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    (tmp_path / "nothing").mkdir()
    assert runner.invoke(app, ["extract", str(tmp_path / "nothing"), "--db", str(db), "-f", "json"]).stdout
    assert db.exists()
    for command in (["meetings"], ["claims"], ["eval", str(EXAMPLES / "gold")]):
        result = runner.invoke(app, [*command, "--db", str(db)])
        assert result.exit_code == 2, command
        [line] = result.stderr.splitlines()
        assert "holds no articles yet" in line and "xiputin extract" in line
    stats = json.loads(runner.invoke(app, ["store", "stats", "--db", str(db), "-f", "json"]).stdout)
    assert (stats["articles"], stats["meetings_merged"], stats["published_first"]) == (0, 0, None)
