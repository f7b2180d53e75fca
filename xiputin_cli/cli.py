"""The xiputin command: parse options, call one library function, print. No spaCy import at start-up."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from xiputin_cli.cli_io import (
    choose_format,
    emit,
    fail,
    interruptible,
    report_failures,
    stderr,
    with_progress,
    write_text,
)
from xiputin_cli.output import OutputFormat

if TYPE_CHECKING:
    from xiputin_cli.corpus import Corpus

app = typer.Typer(
    help="Entities, Xi–Putin meetings and claims from news articles.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

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


class Run:
    """One command's corpus: failures reported on stderr as they come, store and model errors as clean
    usage errors, Ctrl-C as exit 130; `finish` exits 1 when some input could not be read."""

    def __init__(self, db: Path | None, no_store: bool, model: str | None, jobs: int | None) -> None:
        from xiputin_cli.corpus import Corpus

        self.failures: list[str] = []
        self.corpus: Corpus = Corpus(db, no_store=no_store, model=model, jobs=jobs, records=self.records)

    def records(self, items: Iterator[Any]) -> Iterator[Any]:
        return with_progress(report_failures(items, self.failures), "articles")

    @contextmanager
    def guarded(self, paths: list[str] | None) -> Iterator[Corpus]:
        """With paths: model and store checked before any output; without: the store opened read-only."""
        from xiputin_cli.modelinfo import ModelNotFound
        from xiputin_cli.store import StoreError

        try:
            self.corpus.prepare() if paths else self.corpus.open_store(readonly=True)
            with interruptible(self.corpus):
                yield self.corpus
        except (ModelNotFound, StoreError) as err:
            raise fail(str(err)) from err
        finally:
            self.corpus.close()

    def finish(self) -> None:
        for duplicate, kept in sorted(self.corpus.duplicates.items()):
            note = f"{duplicate}: the same article as {kept}; counted once"
            stderr.print(f"[yellow]warning:[/yellow] {escape(note)}", highlight=False, soft_wrap=True)
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

    run = Run(db, no_store, model, jobs)
    with run.guarded(paths) as corpus:
        emit(corpus.extract(paths), choose_format(fmt, output), output, articles_table)
    run.finish()


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
    no_store: NoStoreOpt = False,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """List who said what. --since/--until use the article's publication date.

    Example: [bold]xiputin claims --speaker Xi --format csv > xi.csv[/bold]
    """
    from xiputin_cli.render import claims_table

    check_range(since, until)
    run = Run(db, no_store, model, jobs)
    with run.guarded(paths) as corpus:
        found = corpus.claims(paths, speaker=speaker, since=since, until=until, kind=kind, grep=grep)
        emit(found, choose_format(fmt, output), output, claims_table)
    run.finish()


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
    no_store: NoStoreOpt = False,
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
    run = Run(db, no_store, model, jobs)
    with run.guarded(paths) as corpus:
        articles = list(corpus.articles(paths))
    try:
        result = evaluate(gold_dir, articles)
    except GoldError as err:
        raise fail(str(err)) from err
    if fmt is EvalFormat.json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        Console().print(eval_table(result, verbose=verbose))
    run.finish()


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
    no_store: NoStoreOpt = False,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """The de-duplicated timeline of meetings, each with its evidence and sources.

    Example: [bold]xiputin meetings seeds/ --since 2021 --mode video --format json[/bold]
    """
    from xiputin_cli.views import timeline_view

    check_range(since, until)
    run = Run(db, no_store, model, jobs)
    with run.guarded(paths) as corpus:
        found = corpus.meetings(
            paths,
            since=since,
            until=until,
            mode=mode,
            with_name=with_name,
            status=status,
            all_pairs=all_pairs,
        )
    emit(found, choose_format(fmt, output), output, timeline_view)
    run.finish()


@app.command("timeline")
def timeline_cli(
    paths: OptionalPaths = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    all_pairs: AllOpt = False,
    html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML page.")] = None,
    svg: Annotated[Path | None, typer.Option("--svg", help="Write a self-contained SVG chart.")] = None,
    db: DbOpt = None,
    no_store: NoStoreOpt = False,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
) -> None:
    """Meetings on a time axis: by year in the terminal, or as an HTML page or SVG chart.

    Example: [bold]xiputin timeline seeds/ --html timeline.html[/bold]
    """
    from xiputin_cli.views import timeline_view

    if html and svg:
        raise fail("choose one of --html and --svg")
    check_range(since, until)
    run = Run(db, no_store, model, jobs)
    with run.guarded(paths) as corpus:
        found = corpus.meetings(paths, since=since, until=until, all_pairs=all_pairs)
    if html or svg:
        from xiputin_cli.chart import render_timeline_svg
        from xiputin_cli.html import render_timeline_html

        page = render_timeline_html(found) if html else render_timeline_svg(found)
        write_text(html or svg, page)  # type: ignore[arg-type]
    else:
        Console().print(timeline_view(found))
    run.finish()


@app.command("show")
def show_cli(
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="An article file (.txt or .jsonl).")],
    article_id: Annotated[
        str | None, typer.Option("--id", help="Which article of a JSON Lines file.")
    ] = None,
    html: Annotated[Path | None, typer.Option("--html", help="Write a self-contained HTML page.")] = None,
    db: DbOpt = None,
    no_store: NoStoreOpt = False,
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
    run = Run(db, no_store, model, 1)
    with run.guarded([article]) as corpus:
        # records come back in input order, one per loaded article: pair them by position, not by id
        pairs = [(r, a.text) for r, a in zip(corpus.extract_loaded(loaded), loaded, strict=True)]
    run.finish()
    if html:
        from xiputin_cli.html import render_article_html

        write_text(html, render_article_html(*pairs[0]))
        return
    from xiputin_cli.views import article_view

    for record, text in pairs:
        assert isinstance(record, Article)
        Console().print(article_view(record, text))


def main() -> None:
    """The console script: SIGTERM is handled like Ctrl-C (see cli_io.interruptible)."""
    import signal

    from xiputin_cli.extract import terminate

    signal.signal(signal.SIGTERM, terminate)
    app()
