"""Ray Data as the engine past one machine (`pip install "xiputin[ray]"`): the same batch API in a callable
class, so the pipeline loads once per actor, over datasets Ray reads from local disk, s3:// or gs://.

    ds = ray.data.read_parquet("s3://bucket/news/")
    xiputin_cli.ray.extract(ds, text_column="body").write_parquet("s3://bucket/xiputin/")

Each result row is an article record in typed columns (arrow_schema.result_schema: an explicit schema, since
Ray's inferred ones fail on batches whose optional fields differ) with `error` and `skipped` for the rows
that are error rows. Measured pitfall: actors of one CPU each on all CPUs hang silently (reads and writes
never get a CPU), so an actor asks for 0.9 and reads for 0.1. An actor takes a block of the dataset whole,
so blocks of about a batch keep every actor busy and let results stream back (`override_num_blocks=` when
reading); a few big blocks leave all but a few actors idle.
"""

from __future__ import annotations

import datetime
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pyarrow as pa
import ray
import ray.data
from ray.data.expressions import col

from xiputin_cli.arrow_schema import result_from_row, result_row, result_schema
from xiputin_cli.batch import BatchExtractor, Result
from xiputin_cli.extract import DEFAULT_BATCH_SIZE
from xiputin_cli.records import ArticleError

if TYPE_CHECKING:
    from ray.data import Dataset

ACTOR_CPUS = 0.9
IO_CPUS = 0.1
FIELDS = ("id", "text", "published", "title", "url", "source")


class ExtractRows:
    """One actor: the pipeline loaded once, then batches of rows (columns named by `columns`)."""

    def __init__(self, columns: dict[str, str], model: str | None, batch_size: int) -> None:
        self.columns, self.extractor = columns, BatchExtractor(model, batch_size=batch_size)

    def __call__(self, batch: pa.Table) -> pa.Table:
        rows = [
            {field: plain(row.get(column)) for field, column in self.columns.items()}
            for row in batch.to_pylist()
        ]
        return results_table(self.extractor.rows(rows))


class ExtractFiles:
    """One actor over files read whole (`read_binary_files(..., include_paths=True)`: `path`, `bytes`)."""

    def __init__(self, root: str | None, model: str | None, batch_size: int) -> None:
        self.root, self.extractor = root, BatchExtractor(model, batch_size=batch_size)

    def __call__(self, batch: pa.Table) -> pa.Table:
        files = [(str(row["path"]), bytes(row["bytes"])) for row in batch.to_pylist()]
        return results_table(self.extractor.files(files, root=self.root))


def extract(
    dataset: Dataset,
    *,
    text_column: str = "text",
    id_column: str = "id",
    published_column: str = "published",
    title_column: str = "title",
    url_column: str = "url",
    source_column: str = "source",
    model: str | None = None,
    actors: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Dataset:
    """A dataset of articles (one row each) → a dataset of results in the same number of rows: article
    records, or error rows for what could not be read (binary, empty, too long, not English, a failure in
    spaCy). Missing columns are missing fields; a row without an id is named by a hash of its content."""
    names = (id_column, text_column, published_column, title_column, url_column, source_column)
    columns = dict(zip(FIELDS, names, strict=True))
    return map_extractor(dataset, ExtractRows, {"columns": columns}, model, actors, batch_size)


def extract_files(
    dataset: Dataset,
    *,
    root: str | None = None,
    model: str | None = None,
    actors: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Dataset:
    """Files read whole with their paths → results; a file's id is its path under `root` without the
    suffix, as `xiputin extract ROOT` names it (a .jsonl file gives a result per line)."""
    return map_extractor(dataset, ExtractFiles, {"root": root}, model, actors, batch_size)


def map_extractor(
    dataset: Dataset,
    actor: type,
    kwargs: dict[str, Any],
    model: str | None,
    actors: int | None,
    batch_size: int,
) -> Dataset:
    return dataset.map_batches(
        actor,
        fn_constructor_kwargs={**kwargs, "model": model, "batch_size": batch_size},
        batch_format="pyarrow",
        batch_size=batch_size,
        compute=ray.data.ActorPoolStrategy(size=actors or cluster_actors()),  # not `concurrency=` (2.51+)
        num_cpus=ACTOR_CPUS,
    )


def cluster_actors() -> int:
    """An actor a CPU of the cluster (a local one is started when none is)."""
    if not ray.is_initialized():
        ray.init(ignore_reinit_error=True, log_to_driver=False, include_dashboard=False)
    return max(1, int(cast(Any, ray).cluster_resources().get("CPU", 1)))  # untyped in Ray


def results_table(results: list[Result]) -> pa.Table:
    return pa.Table.from_pylist([result_row(r) for r in results], schema=result_schema())


def plain(value: Any) -> Any:
    """Dates and timestamps as Parquet and CSV readers give them → the ISO text the loader reads."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


TABLE_READERS = {".parquet": "read_parquet", ".csv": "read_csv", ".jsonl": "read_json", ".json": "read_json"}


def input_kind(path: str) -> str:
    """The suffix that says how to read a PATH: its own, or for a local folder its files' most common one;
    a remote folder is read as text files."""
    suffix = Path(path.rstrip("/")).suffix.lower()
    if suffix or "://" in path or not Path(path).is_dir():
        return suffix or ".txt"
    counts = Counter(p.suffix.lower() for p in Path(path).rglob("*") if p.is_file())
    known = [(n, s) for s, n in counts.items() if s in TABLE_READERS or s == ".txt"]
    return max(known)[1] if known else ".txt"


def batch_blocks(path: str, kind: str, batch_size: int) -> int | None:
    """Blocks of a batch of articles or a little more each (smaller ones Ray bundles in twos), for a local
    input whose articles can be counted before reading; None leaves it to Ray. An actor takes a block
    whole, and Ray's readers put hundreds of articles in one (400 files or lines: 4 blocks): then one actor
    works while the others wait, and no result comes back before its whole block is done. (Parquet is left
    to Ray: more blocks than its row groups hung a run.)"""
    if "://" in path or not Path(path).exists():
        return None
    files = [Path(path)] if Path(path).is_file() else sorted(Path(path).rglob(f"*{kind}"))
    files = [f for f in files if f.is_file() and not f.name.startswith(".")]
    if kind == ".txt":
        count = len(files)
    elif kind in (".jsonl", ".csv"):  # a line a row, near enough (a CSV's header, a quoted line break)
        count = sum(line_count(f) for f in files)
    else:
        return None
    return max(1, count // batch_size)


def line_count(file: Path) -> int:
    with file.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))


def extract_paths(
    path: str, *, text_column: str = "text", id_column: str = "id", model: str | None = None
) -> Dataset:
    """`xiputin extract --engine ray PATH`: a folder of .txt files (ids as `xiputin extract` gives them),
    JSON Lines, Parquet or CSV, local or remote, → results."""
    kind = input_kind(path)
    blocks = batch_blocks(path, kind, DEFAULT_BATCH_SIZE)
    actors = min(blocks, cluster_actors()) if blocks else None  # an actor with no block idles
    read: dict[str, Any] = {"num_cpus": IO_CPUS, "override_num_blocks": blocks}
    if kind not in TABLE_READERS:
        files = ray.data.read_binary_files(path, include_paths=True, file_extensions=["txt"], **read)
        root = str(Path(path).resolve()) if "://" not in path and Path(path).is_dir() else path
        return extract_files(files, root=root, model=model, actors=actors)
    reader = getattr(ray.data, TABLE_READERS[kind])
    options: dict[str, Any] = {"lines": True} if kind == ".jsonl" else {}
    table = reader(path, file_extensions=[kind.lstrip(".")], **read, **options)
    return extract(table, text_column=text_column, id_column=id_column, model=model, actors=actors)


def write_results(results: Dataset, dest: str, *, parquet: bool = False) -> list[ArticleError]:
    """Results written as JSON Lines (one record per line, readable by `xiputin merge`) or Parquet with
    the typed schema; returns the error rows, for the caller to report."""
    done = results.materialize()  # extracted once: written, then its error rows read
    io = {"ray_remote_args": {"num_cpus": IO_CPUS}}
    done.write_parquet(dest, **io) if parquet else done.write_json(dest, **io)
    errors = done.filter(expr=col("error").is_not_null(), num_cpus=IO_CPUS)  # an expression: Ray warns on fn
    rows = errors.select_columns(["id", "source", "error", "skipped"]).take_all()
    return [cast(ArticleError, result_from_row(dict(row))) for row in rows]
