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
