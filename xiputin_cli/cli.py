"""The xiputin command: parse options, call one library function, print. No spaCy import at start-up."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape

from xiputin_cli.output import OutputFormat

app = typer.Typer(
    help="Entities, Xi–Putin meetings and claims from news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
stderr = Console(stderr=True, soft_wrap=True)
R = TypeVar("R", bound=BaseModel)

PathsArg = Annotated[
    list[str], typer.Argument(metavar="PATH...", help="Files, folders (.txt, .jsonl) or - for stdin.")
]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option("--format", "-f", help="table (terminal default), json (pipe default), jsonl, csv."),
]
OutputOpt = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file, not stdout.")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="spaCy pipeline (default: en_core_web_sm).")]
DbOpt = Annotated[
    Path | None, typer.Option("--db", help="Store file (default: $XIPUTIN_DB or ~/.local/share/xiputin).")
]
NoStoreOpt = Annotated[bool, typer.Option("--no-store", help="Neither read nor write the store.")]


def since_bound(value: str | None) -> date | None:
    return date_bound(value, end=False)


def until_bound(value: str | None) -> date | None:
    return date_bound(value, end=True)


def date_bound(value: str | None, *, end: bool) -> date | None:
    from xiputin_cli.query import parse_date_bound

    if value is None:
        return None
    try:
        return parse_date_bound(value, end=end)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from err


SinceOpt = Annotated[
    date | None,
    typer.Option("--since", parser=since_bound, metavar="DATE", help="From YYYY, YYYY-MM or YYYY-MM-DD on."),
]
UntilOpt = Annotated[
    date | None,
    typer.Option("--until", parser=until_bound, metavar="DATE", help="Up to YYYY, YYYY-MM or YYYY-MM-DD."),
]
JobsOpt = Annotated[int | None, typer.Option("--jobs", "-j", min=1, help="Processes (default: all cores).")]


def fail(message: str, code: int = 2) -> typer.Exit:
    stderr.print(f"[bold red]error:[/bold red] {escape(message)}", highlight=False, soft_wrap=True)
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
        if isinstance(item, LoadFailure) and item.skipped:
            stderr.print(f"[yellow]warning:[/yellow] {escape(str(item))}", highlight=False, soft_wrap=True)
        elif isinstance(item, LoadFailure):
            failures.append(str(item))
            stderr.print(f"[bold red]error:[/bold red] {escape(str(item))}", highlight=False, soft_wrap=True)
        else:
            for warning in getattr(item, "warnings", ()):
                stderr.print(
                    f"[yellow]warning:[/yellow] {escape(f'{item.source}: {warning}')}", highlight=False
                )
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


@contextmanager
def interruptible(source: Source | None = None) -> Iterator[None]:
    """Ctrl-C ends a command with a message and exit code 130, never a traceback; finished articles are
    committed to the store first."""
    try:
        yield
    except KeyboardInterrupt:
        if source is not None:
            source.close()
        stderr.print(
            "[bold red]interrupted:[/bold red] finished articles are in the store; "
            "run the same command again to go on from there",
            highlight=False,
        )
        stop_workers_and_exit()
        raise typer.Exit(130) from None


def stop_workers_and_exit() -> None:
    """spaCy's worker processes and their queue threads would keep an interrupted process alive: stop
    them and leave at once (the store is already committed and closed by then)."""
    import multiprocessing

    workers = multiprocessing.active_children()
    if not workers:
        return
    for worker in workers:
        worker.terminate()
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):
            stream.flush()
    os._exit(130)


class Source:
    """Where a command's articles come from: PATHs (extracted, or cached in the store) or the store alone."""

    def __init__(self, db: Path | None, no_store: bool, model: str | None, jobs: int | None) -> None:
        self.db, self.no_store, self.model, self.jobs = db, no_store, model, jobs
        self.failures: list[str] = []
        self.store: Any = None

    def open_store(self) -> Any:
        from xiputin_cli.store import Store, StoreError

        if self.no_store:
            return None
        try:
            return Store(self.db)
        except StoreError as err:
            raise fail(str(err)) from err

    def extract(self, paths: list[str]) -> Iterator[Any]:
        """Article records for the paths, via the store; load failures reported on stderr as they happen."""
        from xiputin_cli.extract import extract_articles
        from xiputin_cli.modelinfo import ModelNotFound
        from xiputin_cli.store import StoreError

        self.store = self.open_store()
        try:
            jobs = self.jobs or os.cpu_count() or 1
            records = extract_articles(paths, model=self.model, n_process=jobs, store=self.store)
            yield from with_progress(report_failures(records, self.failures), "articles")
        except (ModelNotFound, StoreError) as err:
            raise fail(str(err)) from err
        finally:
            self.close()

    def close(self) -> None:
        """Commit what is finished and close the store; safe to call twice."""
        store, self.store = self.store, None
        if store is not None:
            store.close()

    def finish(self) -> None:
        if self.failures:
            raise fail(f"{len(self.failures)} input(s) could not be read; the others were processed", code=1)


@app.command("extract")
def extract_cli(
    paths: PathsArg,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
    db: DbOpt = None,
    no_store: NoStoreOpt = False,
) -> None:
    """Extract entities, meetings and claims from articles (unchanged ones come from the store).

    Example: [bold]xiputin extract seeds/ --format json | jq '.[].meetings'[/bold]
    """
    from xiputin_cli.render import articles_table

    source = Source(db, no_store, model, jobs)
    with interruptible(source):
        emit(source.extract(paths), choose_format(fmt, output), output, articles_table)
    source.finish()


class KindChoice(StrEnum):
    direct = "direct"
    indirect = "indirect"
    mixed = "mixed"


@app.command("claims")
def claims_cli(
    paths: Annotated[list[str] | None, typer.Argument(help="Articles to read; none: the store.")] = None,
    speaker: Annotated[
        str | None, typer.Option(help="Speaker name words, e.g. Xi or 'Dmitry Peskov'.")
    ] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    kind: Annotated[KindChoice | None, typer.Option(help="direct, indirect or mixed.")] = None,
    grep: Annotated[str | None, typer.Option(help="Only claims whose text contains this.")] = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    db: DbOpt = None,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """List who said what. --since/--until use the article's publication date.

    Example: [bold]xiputin claims --speaker Xi --format csv > xi.csv[/bold]
    """
    from xiputin_cli.query import filter_claims
    from xiputin_cli.render import claims_table

    source = Source(db, False, model, jobs)
    pairs = claim_pairs(source, paths)
    found = filter_claims(pairs, speaker=speaker, since=since, until=until, kind=kind, grep=grep)
    with interruptible(source):
        emit(found, choose_format(fmt, output), output, claims_table)
    source.finish()


def claim_pairs(source: Source, paths: list[str] | None) -> Iterator[Any]:
    if paths:
        for article in source.extract(paths):
            yield from ((claim, article.published) for claim in article.claims)
        return
    store = source.open_store()
    try:
        yield from store.claims()
    finally:
        store.close()


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("eval")
def eval_cli(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold JSON files, one per article.")],
    paths: Annotated[list[str] | None, typer.Argument(help="Articles to score; none: the store.")] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="table or json.")] = EvalFormat.table,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every error.")] = False,
    db: DbOpt = None,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Precision, recall and F1 of meetings and claims against gold annotations.

    Example: [bold]xiputin eval ../shared/gold/seeds seeds/[/bold]
    """
    from xiputin_cli.evaluate import evaluate
    from xiputin_cli.render import eval_table

    if not gold_dir.is_dir() or not any(gold_dir.glob("*.json")):
        raise fail(f"{gold_dir}: not a folder of gold .json files")
    source = Source(db, False, model, jobs)
    with interruptible(source):
        articles = list(source.extract(paths)) if paths else list(stored_articles(source))
    result = evaluate(gold_dir, articles)
    if fmt is EvalFormat.json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        Console().print(eval_table(result, verbose=verbose))
    source.finish()


def stored_articles(source: Source) -> Iterator[Any]:
    store = source.open_store()
    try:
        yield from store.articles()
    finally:
        store.close()


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
