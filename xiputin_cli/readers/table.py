"""Tables of articles, a row each: CSV, TSV, JSON (an array of objects or one object) and Parquet. Which
column holds what is the user's to say (`--text-column` and friends, see Columns); a row becomes a record
as a JSON Lines line does and goes through the same checks (readers.jsonl.read_record). Rows are numbered
from 1 after the header: a row without an id is `FILE:ROW`.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from xiputin_cli.input_checks import UnreadableInput, decode_bytes
from xiputin_cli.limits import MAX_LINE_BYTES
from xiputin_cli.readers.base import Columns, ReadContext, Reader, read_whole
from xiputin_cli.readers.jsonl import read_record
from xiputin_cli.source_text import Loaded, LoadFailure

MAX_TABLE_BYTES = 1 << 30  # a table is read whole (CSV quoting and JSON arrays span lines): 1 GB at most
csv.field_size_limit(MAX_LINE_BYTES)  # an article's text may be a megabyte; the csv default is 128 KB


def read_csv_file(handle: IO[bytes], context: ReadContext) -> Iterator[Loaded]:
    yield from read_delimited(handle, context, ",")


def read_tsv_file(handle: IO[bytes], context: ReadContext) -> Iterator[Loaded]:
    yield from read_delimited(handle, context, "\t")


def read_delimited(handle: IO[bytes], context: ReadContext, delimiter: str) -> Iterator[Loaded]:
    content = decoded(handle, context.source)
    if isinstance(content, LoadFailure):
        yield content
        return
    text, warnings = content
    rows = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        missing = missing_text(rows.fieldnames or [], context)
        if missing:
            yield missing
            return
        yield from read_rows(rows, context, warnings)
    except csv.Error as err:
        yield LoadFailure(source=context.source, line=rows.line_num, message=f"unreadable table: {err}")


def read_json_file(handle: IO[bytes], context: ReadContext) -> Iterator[Loaded]:
    content = decoded(handle, context.source)
    if isinstance(content, LoadFailure):
        yield content
        return
    try:
        data = json.loads(content[0])
    except (json.JSONDecodeError, RecursionError) as err:
        reason = err.msg if isinstance(err, json.JSONDecodeError) else "nested too deeply"
        yield LoadFailure(source=context.source, message=f"invalid JSON: {reason}")
        return
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        yield LoadFailure(source=context.source, message="JSON holds neither an article object nor an array")
        return
    yield from read_rows(data, context, content[1])


def read_parquet_file(handle: IO[bytes], context: ReadContext) -> Iterator[Loaded]:
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        yield LoadFailure(
            source=context.source, message="Parquet needs pyarrow: pip install 'xiputin[parquet]'"
        )
        return
    try:
        table = parquet.ParquetFile(handle)
        missing = missing_text(table.schema_arrow.names, context)
        if missing:
            yield missing
            return
        batches = table.iter_batches(batch_size=256)
        rows: Iterable[Any] = (row for batch in batches for row in batch.to_pylist())
        yield from read_rows(rows, context, [])
    except Exception as err:  # pyarrow raises its own kinds (ArrowInvalid, OSError) for a broken file
        yield LoadFailure(source=context.source, message=f"unreadable Parquet file: {str(err)[:200]}")


def decoded(handle: IO[bytes], source: str) -> tuple[str, list[str]] | LoadFailure:
    data = read_whole(handle, source, MAX_TABLE_BYTES)
    if isinstance(data, LoadFailure):
        return data
    try:
        return decode_bytes(data)
    except UnreadableInput as err:
        return LoadFailure(source=source, message=str(err))


def missing_text(header: Iterable[str], context: ReadContext) -> LoadFailure | None:
    """One line for a whole table whose header has no text column (not one a row)."""
    names = context.columns.candidates()["text"]
    if pick(dict.fromkeys(header), names) is not None:
        return None
    return LoadFailure(source=context.source, message=f"no text column ({', '.join(names)})")


def read_rows(rows: Iterable[Any], context: ReadContext, warnings: list[str]) -> Iterator[Loaded]:
    name = Path(context.source).name
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            yield LoadFailure(source=context.source, line=number, message="not an object with named fields")
            continue
        record = as_record(row, context.columns)
        if isinstance(record, str):
            yield LoadFailure(source=context.source, line=number, message=record)
            continue
        yield read_record(record, source=context.source, line=number, default_id=f"{name}:{number}",
                          warnings=warnings)  # fmt: skip


def as_record(row: Mapping[str, Any], columns: Columns) -> dict[str, Any] | str:
    """A row as a JSON Lines record: the chosen columns under xiputin's names, the others as they are; a
    string says why the row has no article."""
    fields = {str(key): plain(value) for key, value in row.items() if key is not None}
    chosen = {field: pick(fields, names) for field, names in columns.candidates().items()}
    if chosen["text"] is None:
        return f"no text column ({', '.join(columns.candidates()['text'])})"
    record = {key: value for key, value in fields.items() if key not in chosen.values()}
    record.update({field: fields[column] for field, column in chosen.items() if column is not None})
    for field in chosen:  # a number or date in a named column is its text (a numeric id is an id)
        value = record.get(field)
        if field != "text" and value is not None and not isinstance(value, str):
            record[field] = json.dumps(value) if isinstance(value, int | float) else str(value)
    return {key: None if value == "" and key != "text" else value for key, value in record.items()}


def pick(fields: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of the names that is a column (any case)."""
    lower = {key.lower(): key for key in fields}
    return next((lower[name.lower()] for name in names if name.lower() in lower), None)


def plain(value: Any) -> Any:
    """A cell as JSON holds it: dates and timestamps as ISO text."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


CSV = Reader("CSV", (".csv",), many=True, read=read_csv_file)
TSV = Reader("TSV", (".tsv", ".tab"), many=True, read=read_tsv_file)
JSON = Reader("JSON", (".json",), many=True, read=read_json_file)
PARQUET = Reader("Parquet", (".parquet", ".pq"), many=True, read=read_parquet_file)
