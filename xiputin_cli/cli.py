"""The xiputin command: parse options, call one library function, print. No spaCy import at start-up."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console

from xiputin_cli.output import OutputFormat

app = typer.Typer(
    help="Entities, Xi–Putin meetings and claims from news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
stderr = Console(stderr=True)
R = TypeVar("R", bound=BaseModel)

PathsArg = Annotated[list[str], typer.Argument(help="Files, folders (.txt, .jsonl) or - for stdin.")]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="table (terminal default), json (pipe default), jsonl, csv."),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy pipeline (default: en_core_web_sm).")]
JobsOpt = Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Processes (default: all cores).")]


def fail(message: str, code: int = 2) -> typer.Exit:
    stderr.print(f"[bold red]error:[/bold red] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def choose_format(fmt: OutputFormat | None, output: Path | None) -> OutputFormat:
    if fmt is not None:
        return fmt
    return OutputFormat.table if output is None and sys.stdout.isatty() else OutputFormat.json


def emit(
    records: Iterable[R], fmt: OutputFormat, output: Path | None, table: Callable[[list[R]], Any]
) -> None:
    """Data to stdout or --output (written whole, then moved into place); tables only at a terminal."""
    from xiputin_cli.output import format_records
    from xiputin_cli.render import print_table

    if fmt is OutputFormat.table:
        print_table(
            table(list(records)), Console(file=output.open("w", encoding="utf-8")) if output else None
        )
        return
    if output is None:
        for chunk in format_records(records, fmt):
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    partial = output.with_name(output.name + ".partial")
    with partial.open("w", encoding="utf-8") as handle:
        for chunk in format_records(records, fmt):
            handle.write(chunk)
    partial.replace(output)


def report_failures(items: Iterable[Any], failures: list[str]) -> Iterator[Any]:
    """Pass records through; print each load failure to stderr as it happens and remember it."""
    from xiputin_cli.load import LoadFailure

    for item in items:
        if isinstance(item, LoadFailure):
            failures.append(str(item))
            stderr.print(f"[bold red]error:[/bold red] {item}", highlight=False, soft_wrap=True)
        else:
            for warning in getattr(item, "warnings", ()):
                stderr.print(f"[yellow]warning:[/yellow] {item.source}: {warning}", highlight=False)
            yield item


def with_progress(items: Iterable[R], label: str) -> Iterator[R]:
    """A progress line on stderr when it is a terminal; silent in pipes and CI."""
    if not stderr.is_terminal:
        yield from items
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description} {task.completed}"), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        task = progress.add_task(label)
        for item in items:
            yield item
            progress.advance(task)


def run_extract(paths: list[str], model: str | None, jobs: int | None, failures: list[str]) -> Iterator[Any]:
    from xiputin_cli.extract import extract_articles
    from xiputin_cli.pipeline import ModelNotFound

    try:
        records = extract_articles(paths, model=model, n_process=jobs or os.cpu_count() or 1)
        yield from with_progress(report_failures(records, failures), "articles")
    except ModelNotFound as err:
        raise fail(str(err)) from err


@app.command("extract")
def extract_cli(
    paths: PathsArg,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Extract entities, meetings and claims from articles.

    Example: [bold]xiputin extract seeds/ --format json | jq '.[].meetings'[/bold]
    """
    from xiputin_cli.render import articles_table

    failures: list[str] = []
    emit(run_extract(paths, model, jobs, failures), choose_format(fmt, output), output, articles_table)
    if failures:
        raise fail(f"{len(failures)} input(s) could not be read; the others were processed", code=1)


@app.command("schema")
def schema_cli(
    record: Annotated[str, typer.Argument(help="article, meeting or claim.")] = "article",
) -> None:
    """Print the JSON Schema of a record type.

    Example: [bold]xiputin schema meeting[/bold]
    """
    import json

    from xiputin_cli.records import SCHEMAS

    if record not in SCHEMAS:
        raise fail(f"unknown record {record!r}: choose one of {', '.join(SCHEMAS)}")
    sys.stdout.write(json.dumps(SCHEMAS[record].model_json_schema(), indent=2) + "\n")


def main() -> None:
    app()
