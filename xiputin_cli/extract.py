"""Doc → records; extract_articles() streams Article records for paths or texts."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from xiputin_cli.load import LoadFailure, SourceText, load_articles
from xiputin_cli.records import Article, Claim, DateValue, Entity, Meeting

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

DEFAULT_BATCH_SIZE = 16  # small batches keep both processes busy (DEPENDENCIES.md: ~2x over 1000)


def prepare_doc(nlp: Language, article: SourceText) -> Doc:
    """Tokenise and attach what the loader knows, so components can read it (and it survives pickling)."""
    doc = nlp.make_doc(article.text)
    doc._.article_id = article.id
    doc._.reference_date = article.published
    doc._.header_end = article.header_end
    doc._.dateline = article.dateline_span
    doc._.boilerplate = list(article.boilerplate)
    return doc


def entity_record(ent: Span) -> Entity:
    value = None
    if ent.label_ == "DATE":
        found = ent._.date_value
        value = DateValue.model_validate(found) if found is not None else DateValue(text=ent.text)
    return Entity(
        text=ent.text,
        label=ent.label_,
        start=ent.start_char,
        end=ent.end_char,
        canonical=ent._.canonical or ent.text,
        value=value,
    )


def doc_to_article(doc: Doc, article: SourceText) -> Article:
    return Article(
        id=article.id,
        source=article.source,
        title=article.title,
        published=article.published,
        published_from=article.published_from,
        dateline=article.dateline,
        entities=[entity_record(ent) for ent in doc.ents],
        meetings=[Meeting.model_validate(m) for m in doc._.meetings or ()],
        claims=[Claim.model_validate(c) for c in doc._.claims or ()],
        warnings=list(article.warnings),
    )


def process_articles(
    nlp: Language,
    articles: Iterable[SourceText],
    *,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[Article]:
    """Run the pipeline over a stream of loaded articles, in order, without holding the corpus in memory."""
    pairs = ((prepare_doc(nlp, article), article) for article in articles)
    for doc, article in nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size):
        yield doc_to_article(doc, article)


def extract_articles(
    inputs: Iterable[str | Path],
    *,
    model: str | None = None,
    nlp: Language | None = None,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> Iterator[Article | LoadFailure]:
    """Article records for every file, directory, JSON Lines file or '-' given; failures are yielded too."""
    from xiputin_cli.pipeline import load_pipeline

    failures: list[LoadFailure] = []

    def good_articles() -> Iterator[SourceText]:
        for item in load_articles(inputs):
            if isinstance(item, LoadFailure):
                failures.append(item)
            else:
                yield item

    pipeline = nlp or load_pipeline(model)
    for record in process_articles(pipeline, good_articles(), n_process=n_process, batch_size=batch_size):
        yield from failures
        failures.clear()
        yield record
    yield from failures


def extract_text(text: str, *, nlp: Language, id: str = "text", published: str | None = None) -> Article:
    """One article from a string: the simplest way in for a Python user."""
    from xiputin_cli.load import make_source_text

    source = make_source_text(text, id=id, source="<text>", published=published)
    return next(process_articles(nlp, [source]))
