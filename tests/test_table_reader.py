"""Tables of articles: CSV, TSV, JSON and Parquet, a row each, with the columns the user names."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xiputin_cli.cli import app
from xiputin_cli.load import LoadFailure, SourceText, load_articles
from xiputin_cli.readers.base import Columns
from xiputin_cli.store import source_key

ROWS = [
    {"id": "a1", "body": "Xi Jinping met Vladimir Putin in Moscow.", "date": "2023-03-21", "title": "Visit",
     "url": "https://p.example/1", "outlet": "Paper", "section": "World"},
    {"id": "", "body": "Putin spoke with Xi by phone on Monday.", "date": "", "title": "Call",
     "url": "", "outlet": "", "section": "Asia"},
]  # fmt: skip


def write_table(path: Path, rows: list[dict[str, str]], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def loaded(paths: list[Path], columns: Columns | None = None) -> list[SourceText | LoadFailure]:
    return list(load_articles(paths, columns=columns))


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_a_table_gives_an_article_a_row_with_default_columns(tmp_path: Path, suffix: str) -> None:
    path = write_table(tmp_path / f"feed{suffix}", ROWS, "\t" if suffix == ".tsv" else ",")
    first, second = loaded([path])
    assert isinstance(first, SourceText) and isinstance(second, SourceText)
    assert (first.id, first.text, first.published, first.title) == (
        "a1",
        ROWS[0]["body"],
        "2023-03-21",
        "Visit",
    )
    assert (first.url, first.outlet, first.extra) == ("https://p.example/1", "Paper", {"section": "World"})
    assert second.id == f"feed{suffix}:2" and second.published is None and second.url is None  # FILE:ROW
    assert source_key(second) == f"{path.resolve()}:2"


def test_columns_named_by_the_user(tmp_path: Path) -> None:
    rows = [{"story": "Xi met Putin in Kazan.", "ref": "k-1", "when": "2024-10-22", "headline": "Kazan",
             "link": "https://k.example", "notes": "kept"}]  # fmt: skip
    path = write_table(tmp_path / "t.csv", rows)
    names = Columns(text="story", id="ref", date="when", title="headline", url="link")
    (article,) = loaded([path], names)
    assert isinstance(article, SourceText)
    assert (article.id, article.text, article.published) == ("k-1", "Xi met Putin in Kazan.", "2024-10-22")
    assert (article.title, article.url, article.extra) == (
        "Kazan",
        "https://k.example",
        {"notes": "kept"},
    )


def test_a_missing_text_column_is_one_line_for_the_file(tmp_path: Path) -> None:
    path = write_table(tmp_path / "t.csv", [{"headline": "No text here", "id": "x"}] * 3)
    (failure,) = loaded([path])
    assert isinstance(failure, LoadFailure) and failure.message == "no text column (text, body, content)"


def test_bad_rows_fail_alone(tmp_path: Path) -> None:
    rows = [{"text": "Xi met Putin.", "published": "2024-01-01"}, {"text": "", "published": ""},
            {"text": "Putin met Xi.", "published": "someday"}]  # fmt: skip
    items = loaded([write_table(tmp_path / "t.csv", rows)])
    assert [type(i) for i in items] == [SourceText, LoadFailure, SourceText]
    assert isinstance(items[1], LoadFailure) and items[1].line == 2 and "text" in items[1].message
    assert isinstance(items[2], SourceText) and any("someday" in w for w in items[2].warnings)


def test_json_array_or_one_object(tmp_path: Path) -> None:
    (tmp_path / "many.json").write_text(
        json.dumps([{"text": "Xi met Putin.", "id": 7}, "not a row"]), "utf-8"
    )
    (tmp_path / "one.json").write_text(json.dumps({"content": "Putin met Xi.", "lang": "en"}), "utf-8")
    (tmp_path / "bad.json").write_text("[{", encoding="utf-8")
    bad, first, second, one = loaded([tmp_path])
    assert isinstance(bad, LoadFailure) and bad.message.startswith("invalid JSON")
    assert isinstance(first, SourceText) and first.id == "7" and not first.warnings  # a numeric id column
    assert isinstance(second, LoadFailure) and second.line == 2
    assert isinstance(one, SourceText) and one.id == "one.json:1" and one.extra == {"lang": "en"}


def test_parquet(tmp_path: Path) -> None:
    pyarrow = pytest.importorskip("pyarrow", reason="Parquet is the optional extra xiputin[parquet]")
    import datetime

    import pyarrow.parquet as parquet

    table = pyarrow.table({"id": [1, 2], "text": ["Xi met Putin.", "Putin met Xi."],
                           "published": [datetime.date(2024, 5, 16), None], "views": [10, 20]})  # fmt: skip
    parquet.write_table(table, tmp_path / "feed.parquet")
    first, second = loaded([tmp_path / "feed.parquet"])
    assert isinstance(first, SourceText) and (first.id, first.published) == ("1", "2024-05-16")
    assert first.extra == {"views": 10} and isinstance(second, SourceText) and second.published is None
    (tmp_path / "broken.parquet").write_bytes(b"PAR1 not really")
    (failure,) = loaded([tmp_path / "broken.parquet"])
    assert isinstance(failure, LoadFailure) and failure.message.startswith("unreadable Parquet file")


def test_folders_count_what_they_skip(tmp_path: Path) -> None:
    write_table(tmp_path / "t.csv", ROWS)
    for name in ("a.pdf", "b.pdf", "c.docx"):
        (tmp_path / name).write_bytes(b"%PDF-")
    items = loaded([tmp_path])
    skipped = [i for i in items if isinstance(i, LoadFailure)]
    assert [str(s) for s in skipped] == [f"{tmp_path}: skipped 3 files: 2 .pdf, 1 .docx"]
    assert skipped[0].skipped and sum(isinstance(i, SourceText) for i in items) == 2


def test_extract_takes_the_column_options(tmp_path: Path) -> None:
    rows = [{"story": "Xi Jinping met Vladimir Putin in Kazan.", "ref": "k-1", "when": "2024-10-22"}]
    path = write_table(tmp_path / "t.csv", rows)
    command = ["extract", str(path), "--text-column", "story", "--id-column", "ref", "--date-column", "when"]
    result = CliRunner().invoke(app, [*command, "-f", "json", "--no-store"])
    assert result.exit_code == 0, result.output
    (record,) = json.loads(result.stdout)
    assert (record["id"], record["published"]) == ("k-1", "2024-10-22")
