"""The one door: a kind of input is a reader (suffix → articles); ids and store keys come from the loader."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest

from xiputin_cli import readers
from xiputin_cli.evaluate import article_key
from xiputin_cli.load import holds_many, is_article_file, load_articles, read_stream
from xiputin_cli.readers.base import ReadContext, Reader
from xiputin_cli.records import Article
from xiputin_cli.source_text import Loaded, SourceText, make_source_text
from xiputin_cli.store import source_key


def read_lines(handle: IO[bytes], context: ReadContext) -> Iterator[Loaded]:
    """A made-up kind: every non-blank line is an article."""
    for number, line in enumerate(handle.read().decode("utf-8").splitlines(), start=1):
        if line.strip():
            yield make_source_text(line, id=f"{context.id}#{number}", source=f"{context.source}:{number}",
                                   analyse=False, line=number)  # fmt: skip


@pytest.fixture
def lines_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    kind = Reader("lines", (".lines",), many=True, read=read_lines)
    monkeypatch.setattr(readers, "READERS", (*readers.READERS, kind))


def articles(paths: list[Path]) -> list[SourceText]:
    return [a for a in load_articles(paths) if isinstance(a, SourceText)]


def test_a_new_kind_is_a_reader_and_nothing_else(tmp_path: Path, lines_kind: None) -> None:
    (tmp_path / "feed.lines").write_text("Putin met Xi.\n\nXi met Putin.\n", encoding="utf-8")
    (tmp_path / "one.txt").write_text("An article of its own.", encoding="utf-8")
    found = articles([tmp_path])
    assert [a.id for a in found] == ["feed#1", "feed#3", "one"]  # a file of many keeps its records' ids
    feed = (tmp_path / "feed.lines").resolve()
    assert [source_key(a) for a in found] == [f"{feed}:1", f"{feed}:3", str((tmp_path / "one.txt").resolve())]
    assert is_article_file(tmp_path / "x.lines") and holds_many(tmp_path / "feed.lines")
    record = Article(id=found[1].id, source=found[1].source)
    assert "feed.lines" in article_key(record)  # gold names the file: found without knowing the kind


def test_unknown_kinds_are_not_picked_up_from_folders(tmp_path: Path) -> None:
    (tmp_path / "feed.lines").write_text("Putin met Xi.\n", encoding="utf-8")
    assert not is_article_file(tmp_path / "feed.lines") and not holds_many(tmp_path / "one.txt")
    assert articles([tmp_path]) == []


def test_store_keys_of_the_existing_kinds_are_unchanged(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Xi met Putin.", encoding="utf-8")
    (tmp_path / "f.jsonl").write_text("\n" + json.dumps({"text": "Putin met Xi."}) + "\n", encoding="utf-8")
    keys = [source_key(a) for a in articles([tmp_path])]
    assert keys == [str((tmp_path / "a.txt").resolve()), f"{(tmp_path / 'f.jsonl').resolve()}:2"]
    pasted = next(read_stream(io.BytesIO(b"Xi met Putin."), source="<stdin>"))
    assert isinstance(pasted, SourceText) and pasted.key is None  # nameless: the store keys it by content
    assert source_key(pasted).startswith("<stdin>:") and len(source_key(pasted)) == len("<stdin>:") + 16


def test_json_lines_metadata_and_extra_fields_reach_the_record(tmp_path: Path, nlp: object) -> None:
    from xiputin_cli.extract import extract_articles

    line = {"id": "t1", "text": "Xi Jinping met Vladimir Putin in Moscow.", "url": "https://news.example/1",
            "outlet": "News Example", "author": "A. Writer", "lang": "en", "tags": ["visit", 2]}  # fmt: skip
    (tmp_path / "feed.jsonl").write_text(json.dumps(line) + "\n", encoding="utf-8")
    (record,) = list(extract_articles([tmp_path / "feed.jsonl"], nlp=nlp))
    assert isinstance(record, Article)
    assert (record.url, record.outlet, record.author) == (
        "https://news.example/1",
        "News Example",
        "A. Writer",
    )
    assert record.extra == {"lang": "en", "tags": ["visit", 2]}  # every field xiputin does not read, as given


def test_metadata_fields_must_be_strings(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_text(json.dumps({"text": "Xi met Putin.", "outlet": 7}) + "\n", "utf-8")
    (failure,) = list(load_articles([tmp_path / "feed.jsonl"]))
    assert not isinstance(failure, SourceText) and failure.message == "field 'outlet' must be a string"


def test_cache_keys_without_the_new_metadata_are_what_they_were(tmp_path: Path) -> None:
    from xiputin_cli.source_text import content_digest

    plain = {"id": "k", "text": "Xi met Putin.", "title": "T", "url": "https://u.example"}
    digests = []
    for record in (plain, {**plain, "outlet": "O"}):
        (tmp_path / "a.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
        digests += [a.digest for a in articles([tmp_path / "a.jsonl"])]
    assert digests[0] == content_digest("k", "Xi met Putin.", None, "T", "https://u.example")  # stores stay
    assert digests[1] != digests[0]  # a new outlet is a new record


def test_schema_lists_the_metadata_fields() -> None:
    from typer.testing import CliRunner

    from xiputin_cli.cli import app

    result = CliRunner().invoke(app, ["schema", "article"])
    assert result.exit_code == 0
    assert {"url", "outlet", "author", "extra"} <= set(json.loads(result.stdout)["properties"])


def test_markdown_is_read_as_text(tmp_path: Path) -> None:
    (tmp_path / "notes.md").write_text("# Talks\n\nXi Jinping met Vladimir Putin.", encoding="utf-8")
    (article,) = articles([tmp_path])
    assert article.id == "notes" and article.text.startswith("# Talks")
