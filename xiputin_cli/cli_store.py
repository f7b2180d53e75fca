"""`xiputin store ...`: where the store is and what it holds (like `llm logs path`). No spaCy import."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from xiputin_cli.cli_io import fail
from xiputin_cli.cli_options import DbOpt, PlainGroup
from xiputin_cli.output import OutputFormat
from xiputin_cli.safe_text import visible

store_app = typer.Typer(
    cls=PlainGroup,
    help="The store that `xiputin extract` fills and the queries read.",
    no_args_is_help=True,
    rich_markup_mode="rich",
)


@store_app.command("path")
def path_cli(db: DbOpt = None) -> None:
    """Print the store's file name (it need not exist yet; nothing is created).

    Example: [bold]ls -l "$(xiputin store path)"[/bold]
    """
    from xiputin_cli.store_open import default_store_path

    sys.stdout.write(f"{db or default_store_path()}\n")


StatsFormat = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="table (terminal default) or json (pipe default)."),
]


@store_app.command("stats")
def stats_cli(db: DbOpt = None, fmt: StatsFormat = None) -> None:
    """How many articles, meetings and claims the store holds, and the dates it covers.

    Example: [bold]xiputin store stats --format json | jq .articles[/bold]
    """
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from xiputin_cli.store import StoreError
    from xiputin_cli.store_stats import store_stats

    if fmt not in (None, OutputFormat.table, OutputFormat.json):
        raise fail(f"--format {fmt}: store stats is a table or json")
    try:
        stats = store_stats(db)
    except StoreError as err:
        raise fail(str(err)) from err
    if fmt is OutputFormat.json or (fmt is None and not sys.stdout.isatty()):
        sys.stdout.write(stats.model_dump_json(indent=2) + "\n")
        return
    table = Table(show_header=False, box=None)
    for name, value in stats.model_dump().items():
        shown = "—" if value is None else f"{value:,}" if isinstance(value, int) else str(value)
        table.add_row(Text(name.replace("_", " ")), Text(visible(shown)))
    Console().print(table)
