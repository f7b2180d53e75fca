"""JSON Lines: one article per line, {"id", "text", "published", "title", "url", "outlet", "author", ...};
a bad line fails alone; fields xiputin does not read are kept in the record's `extra`."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from xiputin_cli.input_checks import UnreadableInput, decode_bytes, text_problem
from xiputin_cli.jsonl_fields import extra_fields, record_id, whole_characters
from xiputin_cli.limits import MAX_BAD_RUN, stream_lines, too_long_bytes
from xiputin_cli.readers.base import ReadContext, Reader, is_regular
from xiputin_cli.source_text import Loaded, LoadFailure, Metadata, make_source_text, normalise_published


def read_jsonl_file(handle: IO[bytes], context: ReadContext) -> Iterator[Loaded]:
    """A regular file is read whole (its lines may share an encoding); anything else streams."""
    if is_regular(handle):
        yield from read_jsonl(handle.read(), source=context.source)
    else:
        yield from read_jsonl_stream(handle, context.source)


def read_jsonl(data: bytes, *, source: str) -> Iterator[Loaded]:
    try:
        content, warnings = decode_bytes(data)
    except UnreadableInput as err:
        yield LoadFailure(source=source, message=str(err))
        return
    # "\n" only: U+2028, U+2029 and U+0085 are legal inside a JSON string, and splitlines() cut records there
    yield from parse_jsonl_lines(content.split("\n"), source=source, warnings=warnings)


def read_jsonl_stream(stream: IO[bytes], source: str, head: bytes = b"") -> Iterator[Loaded]:
    """JSON Lines from a pipe, a line at a time (stdin can be endless): each line decoded on its own; a long
    run of unreadable lines (random bytes that happened to start with '{') stops the reading."""
    bad = 0
    for number, raw in enumerate(stream_lines(stream, head), start=1):
        item = jsonl_stream_line(raw, source=source, number=number)
        if item is None:
            continue
        bad = bad + 1 if isinstance(item, LoadFailure) and not item.skipped else 0
        yield item
        if bad >= MAX_BAD_RUN:
            yield LoadFailure(
                source=source, message=f"{bad:,} lines in a row unreadable: not JSON Lines; stopped"
            )
            return


def jsonl_stream_line(raw: bytes | None, *, source: str, number: int) -> Loaded | None:
    if raw is None:
        return LoadFailure(source=source, line=number, message=too_long_bytes(None))
    try:
        line, warnings = decode_bytes(raw)
    except UnreadableInput as err:
        return LoadFailure(source=source, line=number, message=str(err))
    return parse_jsonl_line(line, source=source, number=number, warnings=warnings) if line.strip() else None


def parse_jsonl_lines(lines: Iterable[str], *, source: str, warnings: list[str]) -> Iterator[Loaded]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield parse_jsonl_line(line, source=source, number=number, warnings=warnings)


def parse_jsonl_line(line: str, *, source: str, number: int, warnings: list[str]) -> Loaded:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return LoadFailure(source=source, line=number, message=f"invalid JSON: {err.msg}")
    except RecursionError:  # a hostile line nested 100,000 deep fails alone; the file's other lines are read
        return LoadFailure(source=source, line=number, message="invalid JSON: nested too deeply")
    return read_record(obj, source=source, line=number, default_id=f"{Path(source).name}:{number}",
                       warnings=warnings)  # fmt: skip


STRING_FIELDS = ("title", "url", "published", "outlet", "author")
READ_FIELDS = frozenset({"id", "text", *STRING_FIELDS})


def read_record(
    obj: object, *, source: str, line: int | None, default_id: str, warnings: Iterable[str] = ()
) -> Loaded:
    """One article given as a mapping (a JSON Lines line, a row of a batch or a table): {"id", "text",
    "published", "title", "url", "outlet", "author"} and any other fields (kept as `extra`), checked as every
    input is (text_problem). Its source is `source:line` with a line."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        return LoadFailure(source=source, line=line, message='no "text" string in this record')
    obj, mended = whole_characters(obj)
    problem = text_problem(obj["text"])
    if problem:
        return LoadFailure(source=source, line=line, message=problem[0], skipped=problem[1])
    meta = {key: obj.get(key) for key in STRING_FIELDS}
    bad = [key for key, value in meta.items() if value is not None and not isinstance(value, str)]
    if bad:
        return LoadFailure(source=source, line=line, message=f"field {bad[0]!r} must be a string")
    published = normalise_published(meta["published"])
    notes = [*warnings, *(["escaped lone surrogates (\\udXXX) replaced with U+FFFD"] if mended else [])]
    if meta["published"] and not published:
        notes.append(f"unreadable published date {meta['published']!r} ignored")
    return make_source_text(
        obj["text"],
        id=record_id(obj, default_id, notes),  # D: non-string ids warn (record_id)
        source=f"{source}:{line}" if line else source,
        title=meta["title"],
        url=meta["url"],
        published=published,
        meta=Metadata(outlet=meta["outlet"], author=meta["author"], extra=extra_fields(obj, READ_FIELDS)),
        warnings=notes,
        analyse=False,
        line=line,
    )


JSONL = Reader("JSON Lines", (".jsonl",), many=True, read=read_jsonl_file)
