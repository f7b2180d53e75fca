"""Batches of rows, or of files as raw bytes, → article records or error rows: the way in for job arrays,
Ray, Dask and Spark. The pipeline loads once per BatchExtractor; nothing in a batch raises, so one bad
article never costs the others. Every check (binary, empty, too long, not English, encoding) is the file
loader's: rows go through load.read_record as JSON Lines lines do, files through load.read_bytes (the
reader of their kind).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xiputin_cli.extract import DEFAULT_BATCH_SIZE, process_articles
from xiputin_cli.ids import relative_id
from xiputin_cli.load import (
    LoadFailure,
    SourceText,
    analysed,
    content_digest,
    holds_many,
    read_bytes,
    read_record,
)
from xiputin_cli.records import Article, ArticleError
from xiputin_cli.safe_text import safe_name

if TYPE_CHECKING:
    from spacy.language import Language

Result = Article | ArticleError
Loaded = SourceText | ArticleError


class BatchExtractor:
    """`BatchExtractor().rows([{"id": "a1", "text": "..."}])`: one result per article, in input order.

    Rows carry `id` and `text`, optionally `published`, `title`, `url` and `source`; a row without an id
    is named by a hash of its content (`row-…`), stable across runs and machines."""

    def __init__(
        self, model: str | None = None, *, nlp: Language | None = None, batch_size: int = DEFAULT_BATCH_SIZE
    ) -> None:
        if nlp is None:
            from xiputin_cli.pipeline import load_pipeline

            nlp = load_pipeline(model)
        self.nlp, self.batch_size = nlp, batch_size

    def rows(self, rows: Iterable[Mapping[str, Any]]) -> list[Result]:
        return self.run([load_row(row) for row in rows])

    def files(self, files: Iterable[tuple[str, bytes]], *, root: str | None = None) -> list[Result]:
        """(path, bytes) pairs as the file loader reads them: a .jsonl file gives one result per line, any
        other file one article, its id the path under `root` without the suffix (else its stem)."""
        return self.run([item for path, data in files for item in load_file(path, data, root)])

    def run(self, loaded: list[Loaded]) -> list[Result]:
        articles = [item for item in loaded if isinstance(item, SourceText)]
        done = iter(self.extract(articles))
        return [item if isinstance(item, ArticleError) else next(done) for item in loaded]

    def extract(self, articles: list[SourceText]) -> list[Result]:
        """The batch at once; when something in it raises, each article alone, so that only the article
        that raises becomes an error row."""
        try:
            return list(self.process(articles))
        except Exception:
            if len(articles) == 1:
                raise
        return [self.extract_one(article) for article in articles]

    def extract_one(self, article: SourceText) -> Result:
        try:
            return next(iter(self.process([article])))
        except Exception as err:
            message = f"extraction failed: {type(err).__name__}: {err}"
            return ArticleError(id=article.id, source=article.source, message=message[:500])

    def process(self, articles: list[SourceText]) -> Iterable[Article]:
        fresh = (analysed(article) for article in articles)
        return process_articles(self.nlp, fresh, batch_size=self.batch_size)


def load_row(row: Mapping[str, Any]) -> Loaded:
    """A row checked as a JSON Lines record is; its error row keeps the id it was given. Without a
    `source`, the id is the source too."""
    obj = dict(row)
    source = safe_name(str(obj.pop("source", None) or ""))
    fallback = "row-" + content_digest(
        *(str(obj.get(k) or "") for k in ("text", "published", "title", "url"))
    )
    item = read_record(obj, source=source, line=None, default_id=fallback[:16])
    if isinstance(item, SourceText):
        return item if source else item.model_copy(update={"source": item.id})
    given = obj.get("id")
    ident = safe_name(str(given)) if given not in (None, "") else fallback[:16]
    return error_row(item, ident, source or ident)


def load_file(path: str, data: bytes, root: str | None) -> list[Loaded]:
    """Read by the loader's reader for the file's kind (load.read_bytes): a file of many articles gives
    one result per record, named as the loader names them."""
    source = safe_name(path)
    if holds_many(Path(path)):
        return [item if isinstance(item, SourceText) else error_row(item, failure_id(item)) for item in
                read_bytes(path, data, id=Path(source).stem)]  # fmt: skip
    ident = relative_id(Path(safe_name(root)), Path(source)) if root else Path(source).stem
    return [item if isinstance(item, SourceText) else error_row(item, ident) for item in
            read_bytes(path, data, id=ident)]  # fmt: skip


def failure_id(failure: LoadFailure) -> str:
    return f"{Path(failure.source).name}:{failure.line}" if failure.line else Path(failure.source).stem


def error_row(failure: LoadFailure, ident: str, source: str | None = None) -> ArticleError:
    where = source or (f"{failure.source}:{failure.line}" if failure.line else failure.source)
    return ArticleError(id=ident, source=where, message=failure.message, skipped=failure.skipped)
