"""Plain-text articles (.txt, .md): one file, one article. HTML saved under a text name is read as the page
it is (readers/html.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from xiputin_cli.cleanup import looks_like_html
from xiputin_cli.input_checks import UnreadableInput, decode_bytes, text_problem
from xiputin_cli.readers.base import ReadContext, Reader, read_whole
from xiputin_cli.readers.html import read_html
from xiputin_cli.source_text import Loaded, LoadFailure, make_source_text


def read_text_file(handle: IO[bytes], context: ReadContext) -> Iterator[Loaded]:
    data = read_whole(handle, context.source)
    if isinstance(data, LoadFailure):
        yield data
        return
    yield from read_text(data, id=context.id, source=context.source)


def read_text(data: bytes, *, id: str, source: str, url: str | None = None) -> Iterator[Loaded]:
    try:
        text, warnings = decode_bytes(data)
    except UnreadableInput as err:
        yield LoadFailure(source=source, message=str(err))
        return
    if looks_like_html(text):
        note = "HTML under a text name: read as a web page (its main text); offsets refer to that text"
        yield read_html(text, id=id, source=source, url=url, warnings=[*warnings, note])
        return
    problem = text_problem(text)
    if problem:
        yield LoadFailure(source=source, message=problem[0], skipped=problem[1])
        return
    yield make_source_text(text, id=id, source=source, url=url, warnings=warnings, analyse=False)


TEXT = Reader("text", (".txt", ".md"), many=False, read=read_text_file)
