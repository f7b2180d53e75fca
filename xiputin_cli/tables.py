"""The one table style of the terminal: every command's table is built here, so they look alike at any width.

At 80 columns ids stay whole on one line (the column is as wide as the longest id, up to ID_WIDTH), other
long fields are cut with an ellipsis (the JSON has them whole), and a count line ("12 meetings") closes
every table.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.table import Table
from rich.text import Text

ID_WIDTH = 36  # the longest id kept whole; a longer one (a URL) is cut with an ellipsis


def new_table(title: str, *, lines: bool = False) -> Table:
    """A titled table in the shared style: a rule under the header, no outer frame (more room for data)."""
    return Table(
        title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD, pad_edge=False,
        show_lines=lines, header_style="bold", caption_justify="left", caption_style="dim",
    )  # fmt: skip


def id_column(table: Table, header: str, ids: Iterable[str]) -> None:
    """A column of ids: as wide as the longest, never wrapped, so an id is copied whole from the screen."""
    width = min(max((len(i) for i in ids), default=len(header)), ID_WIDTH)
    table.add_column(header, min_width=max(width, len(header)), no_wrap=True, overflow="ellipsis")


def clipped_column(table: Table, header: str, **options: object) -> None:
    """A column whose long values are cut short with an ellipsis, one line a value."""
    table.add_column(header, no_wrap=True, overflow="ellipsis", **options)  # type: ignore[arg-type]


def clip(text: Text, limit: int) -> Text:
    """At most `limit` characters, the last an ellipsis when something was cut (for wrapped cells)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    return cut.append("…")


def count_line(table: Table, count: int, noun: str) -> Table:
    """'12 meetings' under the table."""
    table.caption = f"{count} {noun}{'' if count == 1 else 's'}"
    return table
