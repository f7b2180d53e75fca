"""xiputin: entities, Xi–Putin meetings and claims from news, as a library and a command."""

from xiputin_cli.extract import extract_articles, extract_text
from xiputin_cli.load import LoadFailure, SourceText, load_articles
from xiputin_cli.records import Article, Claim, DateValue, Entity, Meeting

__all__ = [
    "Article",
    "Claim",
    "DateValue",
    "Entity",
    "LoadFailure",
    "Meeting",
    "SourceText",
    "extract_articles",
    "extract_text",
    "load_articles",
    "load_pipeline",
]


def load_pipeline(model: str | None = None):  # type: ignore[no-untyped-def]
    """The spaCy pipeline xiputin runs (imported lazily: spaCy is slow to import)."""
    from xiputin_cli.pipeline import load_pipeline as load

    return load(model)
