"""The loaded article: one type for every input kind (files, JSON Lines, stdin), before any NLP.

The text is kept exactly as decoded: every offset xiputin reports points into it. What the loader learns about
the text (header, dateline, boilerplate) is recorded as spans, never by editing the text.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field, JsonValue

from xiputin_cli.boilerplate import find_boilerplate
from xiputin_cli.header import find_title, parse_header, read_head
from xiputin_cli.records import Dateline, PublishedFrom
from xiputin_cli.safe_text import visible


class SourceText(BaseModel):
    """One article as read, before any NLP."""

    model_config = ConfigDict(extra="forbid")

    id: str
    source: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    extra: dict[str, JsonValue] = Field(default_factory=dict)  # the record's fields xiputin does not read
    published: str | None = None
    published_from: PublishedFrom | None = None
    header_end: int = 0
    dateline: Dateline | None = None
    dateline_span: tuple[int, int] | None = None
    boilerplate: list[tuple[int, int, str]] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    digest: str = ""  # hash of the text and the metadata given with it: the store's cache key
    analysed: bool = True  # header, dateline, title and boilerplate read (deferred for cached articles)
    # Where the store keeps it (set by the reader: a resolved path, path:LINE, a URL); None: keyed by content
    key: str | None = None
    line: int | None = None  # the record's line or row in a file that holds many articles


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


Loaded = SourceText | LoadFailure


def make_source_text(
    text: str,
    *,
    id: str,
    source: str,
    title: str | None = None,
    url: str | None = None,
    published: str | None = None,
    meta: Metadata | None = None,
    warnings: Iterable[str] = (),
    analyse: bool = True,
    line: int | None = None,
) -> SourceText:
    """Read header, dateline, title and boilerplate off a text; metadata given by the caller wins.

    With analyse=False only the cache key is computed: an article the store already has needs no more.
    """
    given, published = published, normalise_published(published)
    if given and not published:
        warnings = [*warnings, f"unreadable published date {given!r} ignored"]
    more = (meta or Metadata()).model_dump()
    digest = article_digest(id, text, published, title, url, **more)
    if not analyse:
        return SourceText(
            id=id, source=source, text=text, title=title, url=url, published=published,
            published_from="metadata" if published else None, warnings=list(warnings), digest=digest,
            analysed=False, line=line, **more,
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
        line=line,
        **more,
    )


class Metadata(BaseModel):
    """What an input says about its article besides id, text, title, url and date."""

    model_config = ConfigDict(extra="forbid")

    outlet: str | None = None
    author: str | None = None
    extra: dict[str, JsonValue] = Field(default_factory=dict)


def metadata_of(article: SourceText) -> Metadata:
    return Metadata(outlet=article.outlet, author=article.author, extra=article.extra)


def article_digest(
    id: str,
    text: str,
    published: str | None,
    title: str | None,
    url: str | None,
    outlet: str | None = None,
    author: str | None = None,
    extra: dict[str, JsonValue] | None = None,
) -> str:
    """The cache key: the text and everything given with it. Without outlet, author or extra fields it is
    what it always was, so that stores made before they were kept stay valid."""
    more = (outlet, author, json.dumps(extra or {}, sort_keys=True)) if outlet or author or extra else ()
    return content_digest(id, text, published, title, url, *more)


def digest_of(article: SourceText, id: str | None = None) -> str:
    """The cache key of an article (under another id, when given)."""
    meta = metadata_of(article)
    return article_digest(id or article.id, article.text, article.published, article.title, article.url,
                          meta.outlet, meta.author, meta.extra)  # fmt: skip


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
    fresh = make_source_text(
        article.text, id=article.id, source=article.source, title=article.title, url=article.url,
        published=meta, meta=metadata_of(article), warnings=article.warnings, line=article.line,
    )  # fmt: skip
    return fresh.model_copy(update={"key": article.key})


def normalise_published(value: str | None) -> str | None:
    """Metadata dates arrive as ISO dates or timestamps; keep YYYY-MM-DD when it is a real date."""
    from datetime import date

    if not value:
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None
