"""The batch API: one result per article in input order, errors in the article's place, never an exception;
records equal to the file loader's for the same input."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from xiputin_cli.arrow_schema import result_from_row
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


def readme_block(marker: str) -> str:
    """The README's Python block that contains `marker`, as a user would copy it."""
    text = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    (block,) = [b for b in blocks if marker in b]
    return block


def test_the_dask_recipe_in_the_readme_runs_and_merge_reads_its_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recipe run as written (with the ray extra's dask absent it skips): its rows are the records of
    the same lines extracted directly, and `merge` over its output gives the timeline `meetings` gives."""
    pytest.importorskip("dask.bag")
    import dask

    from xiputin_cli.cli import app

    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    for part in range(2):
        lines = [
            {"id": f"n{part}-{i}", "text": GOOD.replace("Tuesday", day), "published": f"2024-05-1{i}"}
            for i, day in enumerate(days)
        ]
        lines.append({"id": f"n{part}-empty", "text": ""})
        text = "".join(json.dumps(line) + "\n" for line in lines)
        (tmp_path / f"news-{part}.jsonl").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    scope: dict[str, Any] = {}
    with dask.config.set(scheduler="synchronous"):  # one process: the test machine's cores are shared
        exec(readme_block("dask.bag"), scope)
        rows = scope["results"].compute()
    got = {r.id: r for r in map(result_from_row, rows)}
    assert sorted(got) == sorted(f"n{p}-{i}" for p in range(2) for i in [*range(5), "empty"])
    paths = sorted(tmp_path.glob("news-*.jsonl"))
    for want in extract_articles(paths):
        if isinstance(want, Article):
            assert got[want.id].model_dump(exclude={"source"}) == want.model_dump(exclude={"source"})
        else:  # the empty line: an error row with the loader's message
            ident = f"n{Path(want.source).stem[-1]}-empty"
            assert isinstance(got[ident], ArticleError) and got[ident].message == want.message
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["0.jsonl", "1.jsonl"]
    merged = CliRunner().invoke(app, ["merge", "out", "--format", "json"])
    direct = CliRunner().invoke(app, ["meetings", *map(str, paths), "--format", "json", "--no-store"])
    assert json.loads(merged.stdout) == json.loads(direct.stdout) and json.loads(merged.stdout)
    assert merged.exit_code == direct.exit_code == 1  # the empty lines, reported by both
