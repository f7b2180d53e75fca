"""The xiputin command: parse options, call one library function, print. No spaCy import at start-up."""

from __future__ import annotations

import io
import os
import sys
import time
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
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Processes (default: all cores from 1 MB of input).")
]


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

    if output is not None:
        check_writable(output)
    if fmt is OutputFormat.table:
        if output is None:
            print_table(table(list(records)))
            return
        buffer = Console(file=io.StringIO(), width=100)
        print_table(table(list(records)), buffer)
        write_chunks(output, [buffer.file.getvalue()])  # type: ignore[attr-defined]
        return
    if output is None:
        for chunk in format_records(records, fmt):
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    write_chunks(output, format_records(records, fmt))


def check_writable(path: Path) -> None:
    """Before any work: an output that cannot be written is a usage error, not a traceback at the end."""
    if path.is_dir():
        raise fail(f"--output {path}: is a directory")
    if not path.parent.is_dir():
        raise fail(f"--output {path}: folder {path.parent} does not exist")


def write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """Write whole or not at all: the file appears only once complete; a failed write leaves nothing."""
    partial = path.with_name(path.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
        partial.replace(path)
    except OSError as err:
        raise fail(f"cannot write {path}: {err.strerror or err}") from err
    finally:
        partial.unlink(missing_ok=True)


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

    columns = (
        SpinnerColumn(),
        TextColumn("{task.completed} {task.description} · {task.fields[rate]} words/s"),
        TimeElapsedColumn(),
    )
    words, start = 0, time.monotonic()
    # rich would otherwise redirect stdout into its display: `extract > out.json` at a terminal lost the data
    with Progress(
        *columns, console=stderr, transient=True, redirect_stdout=False, redirect_stderr=False
    ) as progress:
        task = progress.add_task(label, rate="…")
        for item in items:
            yield item
            words += getattr(item, "words", 0)
            rate = words / max(time.monotonic() - start, 1e-6)
            progress.update(task, advance=1, rate=f"{rate:,.0f}")


PARALLEL_FROM_BYTES = 1_000_000  # below this much input, starting worker processes costs more than it saves


def default_jobs(paths: list[str]) -> int:
    """All cores for a real corpus; one process for a handful of articles or stdin of unknown size."""
    cores = os.cpu_count() or 1
    if cores == 1 or any(p == "-" for p in paths):
        return 1
    total = 0
    for given in paths:
        path = Path(given)
        files = path.rglob("*") if path.is_dir() else [path]
        total += sum(f.stat().st_size for f in files if f.suffix in (".txt", ".jsonl") and f.is_file())
        if total >= PARALLEL_FROM_BYTES:
            return cores
    return 1


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
    """After worker processes ran, their queue threads would keep an interrupted process alive: leave at
    once (the store is committed and closed by then; only the output streams need flushing)."""
    from xiputin_cli.extract import Workers

    if not Workers.started:
        return
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

    def prepare(self) -> None:
        """Open the store and find the model before any output starts: their errors come first and clean."""
        from xiputin_cli.modelinfo import ModelNotFound, check_model

        try:
            check_model(self.model)
        except ModelNotFound as err:
            raise fail(str(err)) from err
        if self.store is None:
            self.store = self.open_store()

    def extract(self, paths: list[str]) -> Iterator[Any]:
        """Article records for the paths, via the store; load failures reported on stderr as they happen."""
        from xiputin_cli.extract import extract_articles

        self.prepare()
        jobs = self.jobs or default_jobs(paths)
        yield from self.guarded(extract_articles(paths, model=self.model, n_process=jobs, store=self.store))

    def extract_loaded(self, loaded: list[Any]) -> Iterator[Any]:
        """Like extract(), for articles already loaded (show needs their text)."""
        from xiputin_cli.extract import extract_sources

        self.prepare()
        yield from self.guarded(extract_sources(loaded, model=self.model, n_process=1, store=self.store))

    def guarded(self, records: Iterator[Any]) -> Iterator[Any]:
        from xiputin_cli.modelinfo import ModelNotFound
        from xiputin_cli.store import StoreError

        try:
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

    def articles(self, paths: list[str] | None) -> Iterator[Any]:
        """Records for the paths (extracting what the store lacks), or every stored record."""
        if paths:
            yield from self.extract(paths)
            return
        store = self.open_store()
        try:
            yield from store.articles()
        finally:
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
    source.prepare()
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

    check_range(since, until)
    source = Source(db, False, model, jobs)
    if paths:
        source.prepare()
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
    from xiputin_cli.evaluate import GoldError, evaluate
    from xiputin_cli.render import eval_table

    if not gold_dir.is_dir() or not any(gold_dir.glob("*.json")):
        raise fail(f"{gold_dir}: not a folder of gold .json files")
    source = Source(db, False, model, jobs)
    with interruptible(source):
        articles = list(source.articles(paths))
    try:
        result = evaluate(gold_dir, articles)
    except GoldError as err:
        raise fail(str(err)) from err
    if fmt is EvalFormat.json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        Console().print(eval_table(result, verbose=verbose))
    source.finish()


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


class ModeChoice(StrEnum):
    in_person = "in_person"
    video = "video"
    phone = "phone"
    unknown = "unknown"


class StatusChoice(StrEnum):
    held = "held"
    planned = "planned"


OptionalPaths = Annotated[
    list[str] | None, typer.Argument(metavar="[PATH]...", help="Articles; none: the store.")
]
AllOpt = Annotated[bool, typer.Option("--all", help="Every meeting, not only Xi–Putin ones.")]


def check_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise fail(f"--since {since} is after --until {until}: no date can be in that range")


def timeline_meetings(source: Source, paths: list[str] | None, **filters: Any) -> list[Any]:
    """Meetings of the articles merged into one timeline, then filtered."""
    from xiputin_cli.timeline import filter_meetings, merge_meetings

    check_range(filters.get("since"), filters.get("until"))
    with interruptible(source):
        merged = merge_meetings(source.articles(paths))
    return filter_meetings(merged, **filters)


@app.command("meetings")
def meetings_cli(
    paths: OptionalPaths = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    mode: Annotated[ModeChoice | None, typer.Option(help="in_person, video, phone or unknown.")] = None,
    with_name: Annotated[str | None, typer.Option("--with", help="A participant, e.g. Biden.")] = None,
    status: Annotated[StatusChoice | None, typer.Option(help="held or planned.")] = None,
    all_pairs: AllOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    db: DbOpt = None,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """The de-duplicated timeline of meetings, each with its evidence and sources.

    Example: [bold]xiputin meetings seeds/ --since 2021 --mode video --format json[/bold]
    """
    from xiputin_cli.views import timeline_view

    source = Source(db, False, model, jobs)
    found = timeline_meetings(
        source,
        paths,
        since=since,
        until=until,
        mode=mode,
        with_name=with_name,
        status=status,
        all_pairs=all_pairs,
    )
    emit(found, choose_format(fmt, output), output, timeline_view)
    source.finish()


@app.command("timeline")
def timeline_cli(
    paths: OptionalPaths = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    all_pairs: AllOpt = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML page.")] = None,
    svg: Annotated[Path | None, typer.Option("--svg", help="Write a self-contained SVG chart.")] = None,
    db: DbOpt = None,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Meetings on a time axis: by year in the terminal, or as an HTML page or SVG chart.

    Example: [bold]xiputin timeline seeds/ --html timeline.html[/bold]
    """
    from xiputin_cli.views import timeline_view

    if html and svg:
        raise fail("choose one of --html and --svg")
    source = Source(db, False, model, jobs)
    found = timeline_meetings(source, paths, since=since, until=until, all_pairs=all_pairs)
    if html or svg:
        from xiputin_cli.chart import render_timeline_svg
        from xiputin_cli.html import render_timeline_html

        page = render_timeline_html(found) if html else render_timeline_svg(found)
        write_text(html or svg, page)  # type: ignore[arg-type]
    else:
        Console().print(timeline_view(found))
    source.finish()


@app.command("show")
def show_cli(
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="An article file (.txt or .jsonl).")],
    article_id: Annotated[
        str | None, typer.Option("--id", help="Which article of a JSON Lines file.")
    ] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML page.")] = None,
    db: DbOpt = None,
    model: ModelOpt = None,
) -> None:
    """An article with its entities coloured, and its meetings and claims highlighted.

    Example: [bold]xiputin show seeds/004_3b4c38bc7d014705.txt --html 004.html[/bold]
    """
    from xiputin_cli.load import load_articles
    from xiputin_cli.records import Article

    found = [
        a for a in load_articles([article]) if article_id is None or getattr(a, "id", None) == article_id
    ]
    loaded = list(report_failures(found, []))[: 1 if html else None]  # reports what could not be read
    if not loaded:
        raise fail(f"{article}: no article to show" + (f" with id {article_id!r}" if article_id else ""), 1)
    source = Source(db, False, model, 1)
    source.prepare()
    # records come back in input order, one per loaded article: pair them by position, not by id
    pairs = [(r, a.text) for r, a in zip(source.extract_loaded(loaded), loaded, strict=True)]
    source.finish()
    if html:
        from xiputin_cli.html import render_article_html

        write_text(html, render_article_html(*pairs[0]))
        return
    from xiputin_cli.views import article_view

    for record, text in pairs:
        assert isinstance(record, Article)
        Console().print(article_view(record, text))


def write_text(path: Path, content: str) -> None:
    check_writable(path)
    write_chunks(path, [content])


def main() -> None:
    app()
