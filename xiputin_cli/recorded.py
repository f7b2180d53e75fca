"""Record files, as `extract` writes them (JSON Lines, gzip or not, a JSON array too) and as a job array or
Ray leaves them in a folder, → article records again: for `merge` (the timeline and claims of cluster
output, through the Corpus code paths) and `store import`. No spaCy here.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable, Iterator
from itertools import chain
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, ValidationError

from xiputin_cli.arrow_schema import result_from_row
from xiputin_cli.corpus import Corpus, Records, articles_only
from xiputin_cli.load import LoadFailure
from xiputin_cli.records import Article, ArticleError, Claim
from xiputin_cli.safe_text import safe_name
from xiputin_cli.shards import Shard

RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".json.gz", ".parquet")
IMPORTED = "imported"  # the store's pipeline column for records extracted elsewhere


def record_files(path: Path) -> Iterator[Path]:
    """A folder's record files, recursively, sorted; hidden ones (a shard's temporary file) left out."""
    if not path.is_dir():
        yield path
        return
    found = (p for p in path.rglob("*") if p.name.endswith(RECORD_SUFFIXES) and p.is_file())
    visible = (p for p in found if not any(part.startswith(".") for part in p.relative_to(path).parts))
    yield from sorted(visible, key=lambda p: p.as_posix())


def read_records(paths: Iterable[str | Path]) -> Iterator[Article | LoadFailure]:
    """Every article record under the paths; a line that is none (or an error row) is a failure in place."""
    for given in paths:
        path = Path(given)
        if not path.exists():
            yield LoadFailure(source=safe_name(str(given)), message="no such file or directory")
            continue
        for file in record_files(path):
            yield from read_record_file(file)


def read_record_file(path: Path) -> Iterator[Article | LoadFailure]:
    source = safe_name(str(path))
    if path.suffix.lower() == ".parquet":
        yield from read_parquet_records(path, source)
        return
    try:
        with open_maybe_gzip(path) as handle:
            first = handle.read(1)
            if first == "[":
                items: Iterable[tuple[int, Any]] = enumerate(json.loads(first + handle.read()), start=1)
                yield from (parse_record(item, source, number) for number, item in items)
                return
            rest = iter(handle)
            for number, line in enumerate(chain([first + next(rest, "")], rest), start=1):
                if line.strip():
                    yield parse_record(line, source, number)
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as err:
        yield LoadFailure(source=source, message=f"not a record file: {err}")


def read_parquet_records(path: Path, source: str) -> Iterator[Article | LoadFailure]:
    """Parquet as `extract --engine ray --parquet` writes it (needs pyarrow: the ray extra)."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield LoadFailure(source=source, message='reading Parquet needs pyarrow: pip install "xiputin[ray]"')
        return
    try:
        rows = (row for batch in pq.ParquetFile(path).iter_batches() for row in batch.to_pylist())
        yield from (parse_record(row, source, number) for number, row in enumerate(rows, start=1))
    except (OSError, ValueError) as err:  # pyarrow's ArrowInvalid is a ValueError
        yield LoadFailure(source=source, message=f"not a Parquet file: {err}")


def open_maybe_gzip(path: Path) -> IO[str]:
    with path.open("rb") as probe:
        zipped = probe.read(2) == b"\x1f\x8b"
    if zipped:
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open("r", encoding="utf-8")


def parse_record(item: str | Any, source: str, number: int) -> Article | LoadFailure:
    """One article record; an error row (the batch API's ArticleError, or a result row of Ray's output with
    its `error` column set) becomes the failure it records."""
    try:
        obj = json.loads(item) if isinstance(item, str) else item
    except json.JSONDecodeError as err:
        return LoadFailure(source=source, line=number, message=f"invalid JSON: {err.msg}")
    try:
        if isinstance(obj, dict) and ("error" in obj or "message" in obj):
            result = result_from_row(obj) if "error" in obj else ArticleError.model_validate(obj)
        else:
            result = Article.model_validate(obj)
    except ValidationError as err:
        problem = err.errors()[0]
        where = ".".join(str(part) for part in problem["loc"]) or "record"
        return LoadFailure(
            source=source, line=number, message=f"not an article record: {where}: {problem['msg']}"
        )
    if isinstance(result, ArticleError):
        return LoadFailure(source=result.source, message=result.message, skipped=result.skipped)
    return result


class RecordCorpus(Corpus):
    """The corpus of record files: every Corpus query (meetings, claims, articles) over records extracted
    elsewhere. Nothing is extracted, no model loaded, no store opened."""

    def __init__(self, records: Records = articles_only) -> None:
        super().__init__(no_store=True, records=records)

    def prepare(self) -> None:
        """Nothing to check before output: there is no model or store."""

    def extract(self, paths: list[str], *, shard: Shard | None = None) -> Iterator[Article]:
        found = read_records(paths)
        yield from self.records(found if shard is None else pick_records(found, shard))

    def claims(self, paths: list[str] | None = None, **filters: Any) -> Iterator[Claim]:
        """In article-id order (as the store gives them), whatever order the shards were written in."""
        yield from sorted(super().claims(paths, **filters), key=lambda claim: claim.evidence.article)


def pick_records(items: Iterable[Article | LoadFailure], shard: Shard) -> Iterator[Article | LoadFailure]:
    """One shard's records, by the hash of their id as at extraction: re-shards record files."""
    for item in items:
        key = item.id if isinstance(item, Article) else f"{item.source}:{item.line}"
        if shard.holds(key):
            yield item


def import_key(record: Article) -> str:
    """Where an imported record is stored: its source as the extracting machine saw it (a re-import of the
    same output replaces it); never a local path, so a local extract never prunes or moves it."""
    return f"<imported>:{record.source}"


def record_hash(record: BaseModel) -> str:
    return hashlib.sha256(record.model_dump_json().encode("utf-8", "surrogatepass")).hexdigest()


def import_records(
    paths: Iterable[str | Path], *, db: Path | None = None, records: Records = articles_only
) -> int:
    """Load record files into the store (replacing an earlier import of the same sources); returns how many
    articles. Its timeline is merged again as the store closes, so every query reads them. Raises
    StoreError."""
    from xiputin_cli.store import Store

    count = 0
    with Store(db) as store:
        for article in records(read_records(paths)):
            store.save_as(import_key(article), record_hash(article), IMPORTED, article, batch=256)
            count += 1
    return count
