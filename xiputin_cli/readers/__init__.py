"""One reader per input kind, chosen by suffix. Adding a kind is a module here and a line in READERS."""

from __future__ import annotations

from pathlib import Path

from xiputin_cli.readers.base import Columns, ReadContext, Reader
from xiputin_cli.readers.html import HTML
from xiputin_cli.readers.jsonl import JSONL
from xiputin_cli.readers.table import CSV, JSON, PARQUET, TSV
from xiputin_cli.readers.text import TEXT

READERS: tuple[Reader, ...] = (TEXT, JSONL, HTML, CSV, TSV, JSON, PARQUET)

__all__ = ["READERS", "Columns", "ReadContext", "Reader", "reader_for"]


def reader_for(path: Path) -> Reader | None:
    """The reader of a file's kind, by its suffix; None for a file xiputin does not read."""
    suffix = path.suffix.lower()
    return next((reader for reader in READERS if suffix in reader.suffixes), None)
