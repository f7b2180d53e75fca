"""Files, folders, URLs and stdin → article texts with their metadata: the one door every input goes through.

Each kind of file has its reader (xiputin_cli/readers/, chosen by suffix); this module walks the paths,
hands each file to its reader, and names what comes back: ids (ids.py) and store keys (a one-article file's
resolved path; a record's, with its line).
"""

from __future__ import annotations

import io
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO

from xiputin_cli.input_checks import BINARY_SIGNATURES, UnreadableInput, decode_bytes, text_problem
from xiputin_cli.limits import CHUNK, read_bounded, too_long_bytes
from xiputin_cli.readers import Columns, ReadContext, Reader, reader_for
from xiputin_cli.readers.jsonl import read_jsonl, read_jsonl_stream, read_record
from xiputin_cli.readers.text import TEXT, read_text
from xiputin_cli.readers.url import is_url, read_url, url_list
from xiputin_cli.safe_text import safe_name
from xiputin_cli.source_text import (
    Loaded,
    LoadFailure,
    SourceText,
    analysed,
    content_digest,
    make_source_text,
    normalise_published,
)

__all__ = [
    "BINARY_SIGNATURES",
    "STDIN",
    "Columns",
    "LoadFailure",
    "SourceText",
    "UnreadableInput",
    "analysed",
    "content_digest",
    "decode_bytes",
    "holds_many",
    "is_article_file",
    "is_url",
    "iter_input_files",
    "load_articles",
    "make_source_text",
    "normalise_published",
    "read_bytes",
    "read_file",
    "read_jsonl",
    "read_record",
    "read_stream",
    "read_text",
    "text_problem",
    "url_list",
]

STDIN = "-"


def is_article_file(path: Path) -> bool:
    """A file of a kind some reader reads."""
    return reader_for(path) is not None


def holds_many(path: Path) -> bool:
    """A folder, or a file of a kind that holds many articles: what the store prunes after a full run."""
    reader = reader_for(path)
    return path.is_dir() or (reader is not None and reader.many)


def iter_input_files(path: Path) -> Iterator[Path]:
    """A directory's article files, recursively, in sorted order; a file is itself."""
    yield from input_files(path)[0]


def input_files(path: Path) -> tuple[list[Path], list[Path]]:
    """(the files to read, the files of no kind xiputin reads) under a folder; a file is read itself.
    Broken links are kept so that they are reported, not silently passed over; hidden files are neither."""
    if not path.is_dir():
        return [path], []
    found = sorted((p for p in path.rglob("*") if p.is_file() or p.is_symlink()), key=lambda p: p.as_posix())
    read = [p for p in found if is_article_file(p)]
    return read, [p for p in found if not is_article_file(p) and not p.name.startswith(".")]


def skipped_note(folder: Path, skipped: list[Path]) -> LoadFailure:
    """'skipped 3 files: 2 .pdf, 1 .docx': what a folder held that no reader reads."""
    kinds = Counter(p.suffix.lower() or "without suffix" for p in skipped)
    listed = ", ".join(f"{count} {kind}" for kind, count in kinds.most_common())
    files = "file" if len(skipped) == 1 else "files"
    return LoadFailure(source=safe_name(str(folder)), message=f"skipped {len(skipped)} {files}: {listed}",
                       skipped=True)  # fmt: skip


Wanted = Callable[[str], bool]


def load_articles(
    paths: Iterable[str | Path],
    *,
    analyse: bool = True,
    columns: Columns | None = None,
    wanted: Wanted | None = None,
) -> Iterator[Loaded]:
    """Stream every article under the given paths (files, folders, URLs, '-'); failures are yielded, never
    raised. `columns` says which columns of a table hold what.

    analyse=False defers reading header, dateline and boilerplate (see `analysed`) until they are needed.
    `wanted` (a shard's choice) keeps only some articles by their id: a one-article file by the id its path
    gives, before it is opened, so the others' files are never read (its failures go with it); a record of
    a file of many, a URL's or stdin's after reading; any other failure by its source and line.
    """
    for item in load_raw(paths, columns or Columns(), wanted):
        yield analysed(item) if analyse and isinstance(item, SourceText) else item


def load_raw(paths: Iterable[str | Path], columns: Columns, wanted: Wanted | None = None) -> Iterator[Loaded]:
    for chosen, item in load_marked(paths, columns, wanted):
        if chosen or wanted is None or wanted(choice_key(item)):
            yield item


def choice_key(item: Loaded) -> str:
    """What `wanted` is asked about an item read before choosing: an article's id, a failure's source."""
    if isinstance(item, SourceText):
        return item.id
    return f"{item.source}:{item.line}" if item.line else item.source


def load_marked(
    paths: Iterable[str | Path], columns: Columns, wanted: Wanted | None
) -> Iterator[tuple[bool, Loaded]]:
    """Every item, marked True when `wanted` chose it already (a one-article file's, by its path)."""
    from xiputin_cli.ids import IdRegistry, relative_id  # ids name one article each (C: see ids.py)

    ids = IdRegistry()
    for given in paths:
        if str(given) == STDIN:
            yield from ((False, item) for item in ids.stdin(read_stream(sys.stdin.buffer, source="<stdin>")))
            continue
        if isinstance(given, str) and is_url(given):
            yield from ((False, ids.unique(keyed(item, safe_name(given)))) for item in read_url(given))
            continue
        path = Path(given)
        if not path.exists() and not path.is_symlink():
            yield False, LoadFailure(source=safe_name(str(given)), message="no such file or directory")
            continue
        files, skipped = input_files(path)
        for file in files:
            # D: ids from names made safe like the sources (a per-character mapping: roots stay prefixes)
            root, name, many = Path(safe_name(str(path))), Path(safe_name(str(file))), holds_many(file)
            chosen = wanted is not None and not many
            if wanted is not None and not many and not wanted(relative_id(root, name)):
                continue  # another shard's file: never opened
            yield from ((chosen, item) for item in ids.files(read_file(file, columns), root, name, many=many))
        if skipped:
            yield False, skipped_note(path, skipped)


def read_file(path: Path, columns: Columns | None = None) -> Iterator[Loaded]:
    """One file's articles, with their store keys. Its name is made safe (valid Unicode, no control
    characters) for the records, the store and the terminal."""
    source = safe_name(str(path))
    if path.is_symlink() and not path.exists():
        yield LoadFailure(source=source, message="broken symbolic link (its target does not exist)")
        return
    if path.is_dir():
        yield LoadFailure(source=source, message="is a directory, not an article file")
        return
    reader = reader_for(path) or TEXT  # a file given by name is read whatever its suffix
    key = str(Path(source).resolve())
    context = ReadContext(id=safe_name(path.stem), source=source, columns=columns or Columns())
    for item in read_with(reader, path, context):
        yield keyed(item, key)


def read_with(reader: Reader, path: Path, context: ReadContext) -> Iterator[Loaded]:
    try:
        with path.open("rb") as handle:
            yield from reader.read(handle, context)
    except OSError as err:
        yield LoadFailure(source=context.source, message=f"cannot read: {(err.strerror or str(err)).lower()}")


def keyed(item: Loaded, key: str) -> Loaded:
    """An article under its store key: the file's, and the record's line in a file of many."""
    if isinstance(item, LoadFailure):
        return item
    return item.model_copy(update={"key": f"{key}:{item.line}" if item.line else key})


def read_bytes(name: str, data: bytes, *, id: str) -> Iterator[Loaded]:
    """A file's bytes already in memory (a batch's), read by its kind's reader as the file would be."""
    reader = reader_for(Path(name)) or TEXT
    yield from reader.read(io.BytesIO(data), ReadContext(id=id, source=safe_name(name)))


def read_stream(stream: IO[bytes], *, source: str) -> Iterator[Loaded]:
    """stdin: JSON Lines when it starts with '{', else one plain-text article; never more is read than the
    limits allow (`xiputin extract - < /dev/zero` is refused, not a MemoryError). Nameless: no store key,
    the store keys it by content."""
    head = stream.read(CHUNK)
    if head.lstrip().startswith(b"{"):
        yield from read_jsonl_stream(stream, source, head)
        return
    data = read_bounded(stream, head=head)
    if data is None:
        yield LoadFailure(source=source, message=too_long_bytes(None))
        return
    yield from read_text(data, id="stdin", source=source)
