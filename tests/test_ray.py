"""Ray Data as the engine (the ray extra; skipped without it): records byte-identical to extract_articles,
bad inputs as error rows while the rest succeed, and the CLI's output read back by `merge`."""

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

ray = pytest.importorskip("ray")
pa = pytest.importorskip("pyarrow")

from xiputin_cli import ray as xray  # noqa: E402
from xiputin_cli.arrow_schema import result_from_row  # noqa: E402
from xiputin_cli.cli import app  # noqa: E402
from xiputin_cli.extract import DEFAULT_BATCH_SIZE, extract_articles  # noqa: E402
from xiputin_cli.limits import MAX_CHARS  # noqa: E402
from xiputin_cli.records import Article, ArticleError  # noqa: E402

pytestmark = pytest.mark.ray
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
GOOD = "Chinese President Xi Jinping held talks with Russian President Vladimir Putin in Moscow on {day}."
RUSSIAN = "Президент России Владимир Путин провёл переговоры с председателем КНР Си Цзиньпином. " * 3


@pytest.fixture(scope="module", autouse=True)
def cluster() -> Iterator[None]:
    """A local cluster of 2 CPUs, as CI's machine has (the measured hang was with 1 CPU per actor)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield
    ray.shutdown()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("articles")
    for seed in SEEDS.glob("*.txt"):
        (root / seed.name).write_bytes(seed.read_bytes())
    (root / "wire").mkdir()
    for day in ("Monday", "Friday"):
        (root / "wire" / f"{day}.txt").write_text(GOOD.format(day=day), encoding="utf-8")
    (root / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (root / "empty.txt").write_bytes(b"")
    (root / "huge.txt").write_bytes(b"word " * (MAX_CHARS // 4))
    (root / "foreign.txt").write_text(RUSSIAN, encoding="utf-8")
    return root


def test_records_are_byte_identical_and_bad_files_are_error_rows(folder: Path) -> None:
    files = ray.data.read_binary_files(str(folder), include_paths=True, num_cpus=0.1)
    results = [result_from_row(row) for row in xray.extract_files(files, root=str(folder)).take_all()]
    articles = sorted((r for r in results if isinstance(r, Article)), key=lambda r: r.id)
    want = sorted((r for r in extract_articles([folder]) if isinstance(r, Article)), key=lambda r: r.id)
    assert [a.model_dump_json() for a in articles] == [a.model_dump_json() for a in want]
    assert len(articles) == 7 and "wire/Monday" in {a.id for a in articles}
    errors = {r.id: r for r in results if isinstance(r, ArticleError)}
    assert sorted(errors) == ["empty", "foreign", "huge", "picture"]
    assert "binary" in errors["picture"].message and errors["huge"].message.startswith("article too long")
    assert errors["empty"].message.startswith("empty article") and errors["foreign"].skipped


def test_rows_with_their_own_column_names(folder: Path) -> None:
    rows = [
        {"doc": "a", "body": GOOD.format(day="Tuesday"), "published": datetime.date(2024, 5, 14)},
        {"doc": "b", "body": "", "published": None},
    ]
    dataset = ray.data.from_items(rows)
    got = [result_from_row(r) for r in xray.extract(dataset, text_column="body", id_column="doc").take_all()]
    by_id = {r.id: r for r in got}
    assert isinstance(by_id["a"], Article) and by_id["a"].published == "2024-05-14"
    assert by_id["a"].meetings[0].date.start == "2024-05-14"
    assert isinstance(by_id["b"], ArticleError) and by_id["b"].message == 'no "text" string in this record'


@pytest.mark.parametrize("parquet", [False, True])
def test_cli_output_merges_and_imports_like_meetings_over_the_folder(
    folder: Path, tmp_path: Path, parquet: bool
) -> None:
    runner = CliRunner()
    out = tmp_path / "out"
    command = ["extract", "--engine", "ray", str(folder), "--output", str(out), *(["--parquet"] * parquet)]
    result = runner.invoke(app, command)
    assert result.exit_code == 1  # three inputs could not be read (the foreign one is skipped)
    assert f"{folder / 'picture.txt'}: binary file" in result.stderr
    assert "foreign.txt: not English" in result.stderr and "3 input(s) could not be read" in result.stderr
    assert any(p.suffix == (".parquet" if parquet else ".json") for p in out.iterdir())
    merged = runner.invoke(app, ["merge", str(out), "--format", "json"])
    direct = runner.invoke(app, ["meetings", str(folder), "--format", "json", "--no-store", "-j", "1"])
    assert json.loads(merged.stdout) == json.loads(direct.stdout) and json.loads(merged.stdout)
    assert "picture.txt: binary file" in merged.stderr and merged.exit_code == 1
    db = str(tmp_path / "store.db")  # the engine keeps no store: its output is imported into one
    imported = runner.invoke(app, ["store", "import", str(out), "--db", db])
    assert "imported 7 article record(s)" in imported.stderr and imported.exit_code == 1  # the error rows
    stored = runner.invoke(app, ["meetings", "--db", db, "--format", "json"])
    assert stored.exit_code == 0 and json.loads(stored.stdout) == json.loads(direct.stdout)


def test_arrow_schema_command() -> None:
    result = CliRunner().invoke(app, ["schema", "article", "--arrow"])
    assert result.exit_code == 0 and "entities: list<item: struct<text: string" in result.stdout


@pytest.mark.parametrize("kind", ["folder", ".jsonl", ".csv"])
def test_an_input_streams_in_blocks_of_a_batch(tmp_path: Path, kind: str) -> None:
    """Ray's readers would put these 160 articles in 4 blocks, each taken whole by one actor; a block a
    batch keeps both actors busy and returns results as they are done."""
    import pyarrow.csv

    rows = [
        {"id": f"day{day:03d}", "text": GOOD.format(day=f"May {day % 28 + 1}") + f" It was meeting {day}."}
        for day in range(160)
    ]
    path = tmp_path / f"news{kind}"
    if kind == "folder":
        path.mkdir()
        for row in rows:
            (path / f"{row['id']}.txt").write_text(row["text"], encoding="utf-8")
    elif kind == ".jsonl":
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    else:
        pyarrow.csv.write_csv(pa.Table.from_pylist(rows), path)
    done = xray.extract_paths(str(path)).materialize()
    assert done.num_blocks() >= 160 // DEFAULT_BATCH_SIZE
    got = done.select_columns(["id", "error"]).take_all()
    assert sorted(row["id"] for row in got) == [row["id"] for row in rows]
    assert not any(row["error"] for row in got)


def test_no_deprecated_ray_arguments() -> None:
    """Ray 2.51+ logs a deprecation for map_batches(concurrency=...); the actor pool is given as compute."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("ray.data")
    logger.addHandler(handler)
    try:
        xray.extract(ray.data.from_items([{"id": "a", "text": GOOD.format(day="Monday")}]), actors=1)
        ray.data.range(2).map_batches(Identity, concurrency=1)  # the check can see Ray's warning
    finally:
        logger.removeHandler(handler)
    deprecated = [m for m in messages if "deprecated" in m]
    assert len(deprecated) == 1 and "concurrency" in deprecated[0]


class Identity:
    def __call__(self, batch: dict[str, object]) -> dict[str, object]:
        return batch
