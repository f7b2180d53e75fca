"""xiputin: entities, Xi–Putin meetings and claims from news, as a library and a command.

The names below are imported on first use (PEP 562), so a store query or `--help` pays neither for
spaCy nor for the loaders and extractors it never calls.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xiputin_cli.extract import extract_articles, extract_text
    from xiputin_cli.load import LoadFailure, SourceText, load_articles
    from xiputin_cli.records import Article, Claim, DateValue, Entity, Meeting

HOMES = {
    "extract_articles": "xiputin_cli.extract",
    "extract_text": "xiputin_cli.extract",
    "LoadFailure": "xiputin_cli.load",
    "SourceText": "xiputin_cli.load",
    "load_articles": "xiputin_cli.load",
    "Article": "xiputin_cli.records",
    "Claim": "xiputin_cli.records",
    "DateValue": "xiputin_cli.records",
    "Entity": "xiputin_cli.records",
    "Meeting": "xiputin_cli.records",
}

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


def __getattr__(name: str) -> Any:
    home = HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'xiputin_cli' has no attribute {name!r}")
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


def load_pipeline(model: str | None = None):  # type: ignore[no-untyped-def]
    """The spaCy pipeline xiputin runs (imported lazily: spaCy is slow to import)."""
    from xiputin_cli.pipeline import load_pipeline as load

    return load(model)
