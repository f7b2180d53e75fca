"""HTML pages (.html, .htm, and pages saved under a text name): the article's main text through trafilatura,
menus, footers and related links left out; the publication date through htmldate from the page's own
markup only (never a guess from the copyright line or today's date); title, author, site name and URL from
the page's metadata. Offsets refer to the extracted text, paragraphs separated by a blank line.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from xiputin_cli.input_checks import UnreadableInput, decode_bytes, text_problem
from xiputin_cli.readers.base import ReadContext, Reader, read_whole
from xiputin_cli.source_text import Loaded, LoadFailure, Metadata, make_source_text

for library in ("trafilatura", "htmldate", "courlan"):  # their log lines are no business of the terminal
    logging.getLogger(library).addHandler(logging.NullHandler())
    logging.getLogger(library).propagate = False


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    author: str | None
    outlet: str | None
    url: str | None
    published: str | None


def read_html_file(handle: IO[bytes], context: ReadContext) -> Iterator[Loaded]:
    data = read_whole(handle, context.source)
    if isinstance(data, LoadFailure):
        yield data
        return
    try:
        html, warnings = decode_bytes(data)
    except UnreadableInput as err:
        yield LoadFailure(source=context.source, message=str(err))
        return
    yield read_html(html, id=context.id, source=context.source, warnings=warnings)


def read_html(
    html: str, *, id: str, source: str, url: str | None = None, warnings: list[str] | None = None
) -> Loaded:
    """One page → its article, or why not. `url` is where it was fetched from (the page's own canonical
    URL wins)."""
    try:
        page = page_text(html, url)
    except Exception as err:  # lxml and trafilatura have many ways to give up on a broken page
        return LoadFailure(source=source, message=f"unreadable HTML ({type(err).__name__})")
    if page is None:
        return LoadFailure(source=source, message="HTML page without article text")
    problem = text_problem(page.text)
    if problem:
        return LoadFailure(source=source, message=problem[0], skipped=problem[1])
    notes = list(warnings or [])
    return make_source_text(
        page.text, id=id, source=source, title=page.title, url=page.url or url, published=page.published,
        meta=Metadata(outlet=page.outlet, author=page.author), warnings=notes, analyse=False,
    )  # fmt: skip


def page_text(html: str, url: str | None = None) -> Page | None:
    from trafilatura import bare_extraction

    document: Any = bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )  # fmt: skip
    if document is None or not (document.text or "").strip():
        return None
    paragraphs = (" ".join(line.split()) for line in document.text.split("\n"))
    return Page(
        text="\n\n".join(p for p in paragraphs if p),
        title=one_line(document.title),
        author=one_line(document.author),
        outlet=one_line(document.sitename),
        url=one_line(document.url),
        published=document.date or None,
    )


def one_line(value: str | None) -> str | None:
    return " ".join(value.split()) or None if value else None


HTML = Reader("HTML", (".html", ".htm"), many=False, read=read_html_file)
