"""Plain-text articles: one file, one article (HTML saved under a text name is read as the page it is)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from xiputin_cli.cleanup import html_to_text, looks_like_html
from xiputin_cli.input_checks import UnreadableInput, decode_bytes, text_problem
from xiputin_cli.readers.base import ReadContext, Reader, read_whole
from xiputin_cli.source_text import Loaded, LoadFailure, make_source_text


def read_text_file(handle: IO[bytes], context: ReadContext) -> Iterator[Loaded]:
    data = read_whole(handle, context.source)
    if isinstance(data, LoadFailure):
        yield data
        return
    yield from read_text(data, id=context.id, source=context.source)


def read_text(data: bytes, *, id: str, source: str) -> Iterator[Loaded]:
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


TEXT = Reader("text", (".txt",), many=False, read=read_text_file)
