"""Files, folders, JSON Lines and stdin → article texts with their metadata.

The text is kept exactly as decoded: every offset xiputin reports points into it. What the loader learns about
the text (header, dateline, boilerplate) is recorded as spans, never by editing the text.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from pydantic import BaseModel, ConfigDict, Field

from xiputin_cli.boilerplate import find_boilerplate
from xiputin_cli.cleanup import html_to_text, language_problem, looks_like_html
from xiputin_cli.header import find_title, parse_header, read_head
from xiputin_cli.jsonl_fields import record_id, whole_characters
from xiputin_cli.limits import (
    CHUNK,
    MAX_BAD_RUN,
    MAX_CHARS,
    MAX_TEXT_BYTES,
    read_bounded,
    shape_problem,
    stream_lines,
    too_long_bytes,
    too_long_chars,
)
from xiputin_cli.records import Dateline, PublishedFrom
from xiputin_cli.safe_text import safe_name, visible

ARTICLE_SUFFIXES = (".txt", ".jsonl")
STDIN = "-"


class SourceText(BaseModel):
    """One article as read, before any NLP."""

    model_config = ConfigDict(extra="forbid")

    id: str
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    published: str | None = None
    published_from: PublishedFrom | None = None
    header_end: int = 0
    dateline: Dateline | None = None
    dateline_span: tuple[int, int] | None = None
    boilerplate: list[tuple[int, int, str]] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    digest: str = ""  # hash of the text and the metadata given with it: the store's cache key
    analysed: bool = True  # header, dateline, title and boilerplate read (deferred for cached articles)


class LoadFailure(BaseModel):
    """An input that could not be read (an error) or was deliberately left out (skipped); the rest goes on."""

    model_config = ConfigDict(extra="forbid")

    source: str
    line: int | None = None
    message: str
    skipped: bool = False

    def __str__(self) -> str:
        """One line, safe for a terminal: a file name or message cannot carry control characters."""
        where = f"{self.source}:{self.line}" if self.line else self.source
        return visible(f"{where}: {self.message}", layout=False)


class UnreadableInput(ValueError):
    """Raised by decode_bytes for content that is not text."""


BINARY_SIGNATURES = {
    b"%PDF-": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "gzip-compressed data",
    b"PK\x03\x04": "a ZIP archive (or a Word/Excel file)",
    b"\xd0\xcf\x11\xe0": "an old Office document",
    b"BZh": "bzip2-compressed data",
    b"\xfd7zXZ": "xz-compressed data",
    b"SQLite format 3": "an SQLite database",
}


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode article bytes: BOMs honoured, UTF-8 preferred, bad bytes replaced with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError:
            raise UnreadableInput("starts with a UTF-16 mark but is not valid UTF-16") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise UnreadableInput(f"binary file ({kind}), not text")
    if b"\x00" in data[:4096]:
        raise UnreadableInput("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as err:
        text = data.decode("utf-8", errors="replace")
        return text, [f"invalid UTF-8 at byte {err.start}; undecodable bytes replaced with U+FFFD"]


def make_source_text(
    text: str,
    *,
    id: str,
    source: str,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    warnings: Iterable[str] = (),
    analyse: bool = True,
) -> SourceText:
    """Read header, dateline, title and boilerplate off a text; metadata given by the caller wins.

    With analyse=False only the cache key is computed: an article the store already has needs no more.
    """
    given, published = published, normalise_published(published)
    if given and not published:
        warnings = [*warnings, f"unreadable published date {given!r} ignored"]
    digest = content_digest(id, text, published, title, url)
    if not analyse:
        return SourceText(
            id=id, source=source, text=text, title=title, url=url, published=published,
            published_from="metadata" if published else None, warnings=list(warnings), digest=digest,
            analysed=False,
        )  # fmt: skip
    header = parse_header(text)
    head = read_head(text, header.body_start, header.published or published)
    dateline, dateline_span = head.dateline, head.dateline_span
    published_from: PublishedFrom | None = "metadata" if published else None
    if not published and header.published:
        published, published_from = header.published, "header"
    if not published and head.published:
        published, published_from = head.published, head.published_from
    return SourceText(
        id=id,
        source=source,
        text=text,
        title=title or find_title(text, header.body_start),
        url=url,
        published=published,
        published_from=published_from,
        header_end=header.body_start,
        dateline=dateline,
        dateline_span=dateline_span,
        boilerplate=find_boilerplate(text),
        warnings=list(warnings),
        digest=digest,
    )


def content_digest(*parts: str | None) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update((part or "").encode("utf-8", "surrogatepass"))
        digest.update(b"\x00")
    return digest.hexdigest()


def analysed(article: SourceText) -> SourceText:
    """The article with its header, dateline, title and boilerplate read, if that was deferred."""
    if article.analysed:
        return article
    meta = article.published if article.published_from == "metadata" else None
    return make_source_text(
        article.text, id=article.id, source=article.source, title=article.title, url=article.url,
        published=meta, warnings=article.warnings,
    )  # fmt: skip


def iter_input_files(path: Path) -> Iterator[Path]:
    """A directory's article files, recursively, in sorted order; a file is itself."""
    if path.is_dir():
        found = (p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
        # broken links are kept so that they are reported, not silently passed over
        yield from sorted((p for p in found if p.is_file() or p.is_symlink()), key=lambda p: p.as_posix())
    else:
        yield path


def load_articles(paths: Iterable[str | Path], *, analyse: bool = True) -> Iterator[SourceText | LoadFailure]:
    """Stream every article under the given paths; failures are yielded, never raised.

    analyse=False defers reading header, dateline and boilerplate (see `analysed`) until they are needed.
    """
    for item in load_raw(paths):
        yield analysed(item) if analyse and isinstance(item, SourceText) else item


def load_raw(paths: Iterable[str | Path]) -> Iterator[SourceText | LoadFailure]:
    from xiputin_cli.ids import IdRegistry  # ids name one article each (C: see ids.py)

    ids = IdRegistry()
    for given in paths:
        if str(given) == STDIN:
            yield from ids.stdin(read_stream(sys.stdin.buffer, source="<stdin>"))
            continue
        path = Path(given)
        if not path.exists() and not path.is_symlink():
            yield LoadFailure(source=safe_name(str(given)), message="no such file or directory")
            continue
        for file in iter_input_files(path):
            # D: ids from names made safe like the sources (a per-character mapping: roots stay prefixes)
            yield from ids.files(read_file(file), Path(safe_name(str(path))), Path(safe_name(str(file))))


def read_file(path: Path) -> Iterator[SourceText | LoadFailure]:
    """One file's articles. Its name is made safe (valid Unicode, no control characters) for the records, the
    store and the terminal; a device or pipe is read no further than the size limit."""
    source = safe_name(str(path))
    if path.is_symlink() and not path.exists():
        yield LoadFailure(source=source, message="broken symbolic link (its target does not exist)")
        return
    if path.is_dir():
        yield LoadFailure(source=source, message="is a directory, not an article file")
        return
    try:
        with path.open("rb") as handle:
            yield from read_opened(handle, jsonl=path.suffix.lower() == ".jsonl", id=safe_name(path.stem),
                                   source=source)  # fmt: skip
    except OSError as err:
        yield LoadFailure(source=source, message=f"cannot read: {(err.strerror or str(err)).lower()}")


def read_opened(
    handle: IO[bytes], *, jsonl: bool, id: str, source: str
) -> Iterator[SourceText | LoadFailure]:
    info = os.fstat(handle.fileno())
    regular = stat.S_ISREG(info.st_mode)
    if jsonl:  # a regular file is read whole (its lines may share an encoding); anything else streams
        yield from read_jsonl(handle.read(), source=source) if regular else read_jsonl_stream(handle, source)
        return
    data = read_bounded(handle) if not regular or info.st_size <= MAX_TEXT_BYTES else None
    if data is None:
        yield LoadFailure(source=source, message=too_long_bytes(info.st_size if regular else None))
        return
    yield from read_text(data, id=id, source=source)


def read_stream(stream: IO[bytes], *, source: str) -> Iterator[SourceText | LoadFailure]:
    """stdin: JSON Lines when it starts with '{', else one plain-text article; never more is read than the
    limits allow (`xiputin extract - < /dev/zero` is refused, not a MemoryError)."""
    head = stream.read(CHUNK)
    if head.lstrip().startswith(b"{"):
        yield from read_jsonl_stream(stream, source, head)
        return
    data = read_bounded(stream, head=head)
    if data is None:
        yield LoadFailure(source=source, message=too_long_bytes(None))
        return
    yield from read_text(data, id="stdin", source=source)


def read_text(data: bytes, *, id: str, source: str) -> Iterator[SourceText | LoadFailure]:
    try:
        text, warnings = decode_bytes(data)
    except UnreadableInput as err:
        yield LoadFailure(source=source, message=str(err))
        return
    title = None
    if looks_like_html(text):
        text, title = html_to_text(text)
        warnings = [*warnings, "HTML: read its visible text; offsets refer to that text"]
    problem = text_problem(text)
    if problem:
        yield LoadFailure(source=source, message=problem[0], skipped=problem[1])
        return
    yield make_source_text(text, id=id, source=source, title=title, warnings=warnings, analyse=False)


def text_problem(text: str) -> tuple[str, bool] | None:
    """(message, skipped) when a decoded text cannot or should not go through the pipeline."""
    if not text.strip():
        return "empty article (no text)", False
    if len(text) > MAX_CHARS:
        return too_long_chars(len(text)), False
    shape = shape_problem(text)
    if shape:
        return shape, False
    language = language_problem(text)
    return (f"{language}; skipped", True) if language else None


def read_jsonl(data: bytes, *, source: str) -> Iterator[SourceText | LoadFailure]:
    """One article per line: {"id", "text", "published", "title", "url"}; a bad line fails alone."""
    try:
        content, warnings = decode_bytes(data)
    except UnreadableInput as err:
        yield LoadFailure(source=source, message=str(err))
        return
    # "\n" only: U+2028, U+2029 and U+0085 are legal inside a JSON string, and splitlines() cut records there
    yield from parse_jsonl_lines(content.split("\n"), source=source, warnings=warnings)


def read_jsonl_stream(
    stream: IO[bytes], source: str, head: bytes = b""
) -> Iterator[SourceText | LoadFailure]:
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


def jsonl_stream_line(raw: bytes | None, *, source: str, number: int) -> SourceText | LoadFailure | None:
    if raw is None:
        return LoadFailure(source=source, line=number, message=too_long_bytes(None))
    try:
        line, warnings = decode_bytes(raw)
    except UnreadableInput as err:
        return LoadFailure(source=source, line=number, message=str(err))
    return parse_jsonl_line(line, source=source, number=number, warnings=warnings) if line.strip() else None


def parse_jsonl_lines(
    lines: Iterable[str], *, source: str, warnings: list[str]
) -> Iterator[SourceText | LoadFailure]:
    for number, line in enumerate(lines, start=1):
        if line.strip():
            yield parse_jsonl_line(line, source=source, number=number, warnings=warnings)


def parse_jsonl_line(line: str, *, source: str, number: int, warnings: list[str]) -> SourceText | LoadFailure:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return LoadFailure(source=source, line=number, message=f"invalid JSON: {err.msg}")
    except RecursionError:  # a hostile line nested 100,000 deep fails alone; the file's other lines are read
        return LoadFailure(source=source, line=number, message="invalid JSON: nested too deeply")
    return read_record(obj, source=source, line=number, default_id=f"{Path(source).name}:{number}",
                       warnings=warnings)  # fmt: skip


def read_record(
    obj: object, *, source: str, line: int | None, default_id: str, warnings: Iterable[str] = ()
) -> SourceText | LoadFailure:
    """One article given as a mapping (a JSON Lines line, a row of a batch): {"id", "text", "published",
    "title", "url"}, checked as every input is (text_problem). Its source is `source:line` with a line."""
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        return LoadFailure(source=source, line=line, message='no "text" string in this record')
    obj, mended = whole_characters(obj)
    problem = text_problem(obj["text"])
    if problem:
        return LoadFailure(source=source, line=line, message=problem[0], skipped=problem[1])
    meta = {key: obj.get(key) for key in ("title", "url", "published")}
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
        warnings=notes,
        analyse=False,
    )


def normalise_published(value: str | None) -> str | None:
    """Metadata dates arrive as ISO dates or timestamps; keep YYYY-MM-DD when it is a real date."""
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None
