"""Files, folders, JSON Lines and stdin → article texts with their metadata.

The text is kept exactly as decoded: every offset xiputin reports points into it. What the loader learns about
the text (header, dateline, boilerplate) is recorded as spans, never by editing the text.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from pydantic import BaseModel, ConfigDict, Field

from xiputin_cli.boilerplate import find_boilerplate
from xiputin_cli.header import find_title, parse_dateline, parse_header
from xiputin_cli.records import Dateline, PublishedFrom

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


class LoadFailure(BaseModel):
    """An input that could not be read; the rest of the corpus goes on."""

    model_config = ConfigDict(extra="forbid")

    source: str
    line: int | None = None
    message: str

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.message}"


class UnreadableInput(ValueError):
    """Raised by decode_bytes for content that is not text."""


def decode_bytes(data: bytes) -> tuple[str, list[str]]:
    """Decode article bytes: BOMs honoured, UTF-8 preferred, bad bytes replaced with a warning."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), []
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
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
) -> SourceText:
    """Read header, dateline, title and boilerplate off a text; metadata given by the caller wins."""
    header = parse_header(text)
    dateline, dateline_span = parse_dateline(text, header.body_start, header.published or published)
    published_from: PublishedFrom | None = "metadata" if published else None
    if not published and header.published:
        published, published_from = header.published, "header"
    if not published and dateline and dateline.date and not dateline.date.startswith("--"):
        published, published_from = dateline.date, "dateline"
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
    )


def iter_input_files(path: Path) -> Iterator[Path]:
    """A directory's article files, recursively, in sorted order; a file is itself."""
    if path.is_dir():
        found = (p for p in path.rglob("*") if p.suffix.lower() in ARTICLE_SUFFIXES)
        yield from sorted((p for p in found if p.is_file()), key=lambda p: p.as_posix())
    else:
        yield path


def load_articles(paths: Iterable[str | Path]) -> Iterator[SourceText | LoadFailure]:
    """Stream every article under the given paths; failures are yielded, never raised."""
    for given in paths:
        if str(given) == STDIN:
            yield from read_stream(sys.stdin.buffer, source="<stdin>")
            continue
        path = Path(given)
        if not path.exists() and not path.is_symlink():
            yield LoadFailure(source=str(given), message="no such file or directory")
            continue
        for file in iter_input_files(path):
            yield from read_file(file)


def read_file(path: Path) -> Iterator[SourceText | LoadFailure]:
    try:
        data = path.read_bytes()
    except OSError as err:
        yield LoadFailure(source=str(path), message=f"cannot read: {err.strerror or err}")
        return
    if path.suffix.lower() == ".jsonl":
        yield from read_jsonl(data, source=str(path))
    else:
        yield from read_text(data, id=path.stem, source=str(path))


def read_stream(stream: IO[bytes], *, source: str) -> Iterator[SourceText | LoadFailure]:
    """stdin: JSON Lines when it starts with '{', else one plain-text article."""
    data = stream.read()
    if data.lstrip().startswith(b"{"):
        yield from read_jsonl(data, source=source)
    else:
        yield from read_text(data, id="stdin", source=source)


def read_text(data: bytes, *, id: str, source: str) -> Iterator[SourceText | LoadFailure]:
    try:
        text, warnings = decode_bytes(data)
    except UnreadableInput as err:
        yield LoadFailure(source=source, message=str(err))
        return
    if not text.strip():
        yield LoadFailure(source=source, message="empty article (no text)")
        return
    yield make_source_text(text, id=id, source=source, warnings=warnings)


def read_jsonl(data: bytes, *, source: str) -> Iterator[SourceText | LoadFailure]:
    """One article per line: {"id", "text", "published", "title", "url"}; a bad line fails alone."""
    try:
        content, warnings = decode_bytes(data)
    except UnreadableInput as err:
        yield LoadFailure(source=source, message=str(err))
        return
    for number, line in enumerate(content.splitlines(), start=1):
        if line.strip():
            yield parse_jsonl_line(line, source=source, number=number, warnings=warnings)


def parse_jsonl_line(line: str, *, source: str, number: int, warnings: list[str]) -> SourceText | LoadFailure:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as err:
        return LoadFailure(source=source, line=number, message=f"invalid JSON: {err.msg}")
    if not isinstance(obj, dict) or not isinstance(obj.get("text"), str) or not obj["text"].strip():
        return LoadFailure(source=source, line=number, message='no "text" string in this record')
    meta = {key: obj.get(key) for key in ("title", "url", "published")}
    bad = [key for key, value in meta.items() if value is not None and not isinstance(value, str)]
    if bad:
        return LoadFailure(source=source, line=number, message=f"field {bad[0]!r} must be a string")
    published = normalise_published(meta["published"])
    notes = list(warnings)
    if meta["published"] and not published:
        notes.append(f"unreadable published date {meta['published']!r} ignored")
    return make_source_text(
        obj["text"],
        id=str(obj.get("id") or f"{Path(source).stem}-{number}"),
        source=f"{source}:{number}",
        title=meta["title"],
        url=meta["url"],
        published=published,
        warnings=notes,
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
