"""What a reader is: the suffixes it takes, whether a file of its kind holds one article or many, and a
function from an open file to loaded articles. Readers know nothing of ids or store keys: the loader gives
those (a one-article file is named by its path, a record of a many-article file by its `line` too)."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO

from xiputin_cli.limits import MAX_TEXT_BYTES, read_bounded, too_long_bytes
from xiputin_cli.source_text import Loaded, LoadFailure


@dataclass(frozen=True)
class Columns:
    """Which column of a table holds what (`--text-column` and friends); None: the usual names."""

    text: str | None = None
    id: str | None = None
    date: str | None = None
    title: str | None = None
    url: str | None = None

    def candidates(self) -> dict[str, tuple[str, ...]]:
        """Record field → the column names that may hold it, in order of preference."""
        return {
            "text": (self.text,) if self.text else ("text", "body", "content"),
            "id": (self.id,) if self.id else ("id",),
            "published": (self.date,) if self.date else ("published", "date"),
            "title": (self.title,) if self.title else ("title",),
            "url": (self.url,) if self.url else ("url",),
        }


@dataclass(frozen=True)
class ReadContext:
    """What a reader is told about its input: the default id (a file's stem), the name to report, and for
    tables, which columns hold what."""

    id: str
    source: str
    columns: Columns = Columns()


ReadFunction = Callable[[IO[bytes], ReadContext], Iterator[Loaded]]


@dataclass(frozen=True)
class Reader:
    name: str
    suffixes: tuple[str, ...]
    many: bool  # a file holds many articles (records by line or row) rather than one
    read: ReadFunction


def known_size(handle: IO[bytes]) -> int | None:
    """The bytes a regular file or an in-memory buffer holds; None for a pipe or a device (unknown)."""
    if isinstance(handle, io.BytesIO):
        return handle.getbuffer().nbytes
    info = os.fstat(handle.fileno())
    return info.st_size if stat.S_ISREG(info.st_mode) else None


def is_regular(handle: IO[bytes]) -> bool:
    return known_size(handle) is not None


def read_whole(handle: IO[bytes], source: str, limit: int = MAX_TEXT_BYTES) -> bytes | LoadFailure:
    """A file's bytes, or a failure when it holds more than `limit`: a regular file is judged by its size
    without reading it, a device or pipe is read no further than the limit."""
    size = known_size(handle)
    data = read_bounded(handle, limit) if size is None or size <= limit else None
    if data is None:
        return LoadFailure(source=source, message=too_long_bytes(size))
    return data
