"""The batch API: one result per article in input order, errors in the article's place, never an exception;
records equal to the file loader's for the same input."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from xiputin_cli.batch import BatchExtractor
from xiputin_cli.extract import extract_articles
from xiputin_cli.limits import MAX_CHARS
from xiputin_cli.records import Article, ArticleError

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GOOD = (
    "Chinese President Xi Jinping met Russian President Vladimir Putin in Moscow on Tuesday, officials said."
)
RUSSIAN = "Президент России Владимир Путин провёл переговоры с председателем КНР Си Цзиньпином. " * 3


@pytest.fixture(scope="module")
def batch(nlp: Any) -> BatchExtractor:
    return BatchExtractor(nlp=nlp)


def test_files_give_the_records_the_loader_gives(batch: BatchExtractor, nlp: Any) -> None:
    files = [(str(p), p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    got = batch.files(files, root=str(SEEDS))
    want = list(extract_articles([SEEDS], nlp=nlp))
    assert [r.model_dump_json() for r in got] == [r.model_dump_json() for r in want]


def test_rows_give_the_records_json_lines_give(batch: BatchExtractor, nlp: Any, tmp_path: Path) -> None:
    rows = [
        {"id": "a", "text": GOOD, "published": "2024-05-16", "title": "Talks"},
        {"id": "b", "text": GOOD.replace("Tuesday", "Friday"), "url": "https://example.org/b"},
    ]
    lines = tmp_path / "rows.jsonl"
    lines.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    want = [a.model_copy(update={"source": a.id}) for a in extract_articles([lines], nlp=nlp)]
    got = batch.rows(rows)
    assert [r.model_dump() for r in got] == [r.model_dump() for r in want]
    assert isinstance(got[0], Article) and got[0].meetings and got[0].published == "2024-05-16"


def test_bad_files_become_error_rows_in_place(batch: BatchExtractor) -> None:
    files = [
        ("in/good.txt", GOOD.encode()),
        ("in/picture.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256))),
        ("in/empty.txt", b"  \n"),
        ("in/huge.txt", b"word " * (MAX_CHARS // 4)),
        ("in/foreign.txt", RUSSIAN.encode()),
        ("in/last.txt", GOOD.encode()),
    ]
    got = batch.files(files, root="in")
    assert [r.id for r in got] == ["good", "picture", "empty", "huge", "foreign", "last"]
    assert [type(r) for r in got] == [Article, *[ArticleError] * 4, Article]
    errors = {r.id: r for r in got if isinstance(r, ArticleError)}
    assert "binary" in errors["picture"].message and "PNG" in errors["picture"].message
    assert errors["empty"].message.startswith("empty article")
    assert errors["huge"].message.startswith("article too long")
    assert errors["foreign"].skipped and "not English" in errors["foreign"].message
    assert not any(e.skipped for k, e in errors.items() if k != "foreign")
    assert errors["huge"].source == "in/huge.txt"


def test_bad_rows_keep_their_ids(batch: BatchExtractor) -> None:
    got = batch.rows(
        [
            {"id": "ok", "text": GOOD},
            {"id": "blank", "text": ""},
            {"id": "nothing"},
            {"id": "foreign", "text": RUSSIAN, "source": "feed/7"},
            {"id": "odd", "text": GOOD, "title": 3},
            {"text": GOOD},
        ]
    )
    assert [type(r).__name__ for r in got] == ["Article", *["ArticleError"] * 4, "Article"]
    assert [r.id for r in got[:5]] == ["ok", "blank", "nothing", "foreign", "odd"]
    assert got[3].source == "feed/7" and got[0].source == "ok"
    assert "'title' must be a string" in got[4].message  # type: ignore[union-attr]
    assert got[5].id.startswith("row-") and got[5].id == batch.rows([{"text": GOOD}])[0].id


def test_an_exception_in_spacy_fails_only_its_article(
    batch: BatchExtractor, nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    component = nlp.get_pipe("xiputin_claims")
    original = type(component).__call__

    def explode(self: Any, doc: Any) -> Any:
        if "EXPLODE" in doc.text:
            raise RuntimeError("component broke")
        return original(self, doc)

    monkeypatch.setattr(type(component), "__call__", explode)
    got = batch.rows(
        [{"id": "a", "text": GOOD}, {"id": "b", "text": GOOD + " EXPLODE"}, {"id": "c", "text": GOOD}]
    )
    assert [type(r) for r in got] == [Article, ArticleError, Article]
    assert got[1].message == "extraction failed: RuntimeError: component broke"  # type: ignore[union-attr]
    assert got[0].meetings and got[2].meetings


def test_an_empty_batch_is_an_empty_list(batch: BatchExtractor) -> None:
    assert batch.rows([]) == [] and batch.files([]) == []
