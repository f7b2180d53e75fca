"""The xiputin command: parse options, call one library function, print. No spaCy import at start-up."""

from __future__ import annotations

import sys
from importlib.metadata import version
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from xiputin_cli.cli_cluster import (
    AddressOpt,
    Engine,
    EngineOpt,
    ParquetOpt,
    ShardOpt,
    extract_elsewhere,
    import_cli,
    merge_cli,
)
from xiputin_cli.cli_eval import eval_cli, schema_cli
from xiputin_cli.cli_io import Run, choose_format, emit, fail, report_failures, write_text
from xiputin_cli.cli_options import (
    AllOpt,
    ArticleOpt,
    DateColumnOpt,
    DbOpt,
    FormatOpt,
    GrepOpt,
    IdColumnOpt,
    InputPaths,
    JobsOpt,
    KindOpt,
    LimitOpt,
    ModelOpt,
    ModeOpt,
    NoStoreOpt,
    OptionalPaths,
    OutletOpt,
    OutputOpt,
    PlainGroup,
    QuietOpt,
    SinceOpt,
    SpeakerOpt,
    StatusOpt,
    TextColumnOpt,
    TitleColumnOpt,
    UntilOpt,
    UrlColumnOpt,
    UrlsOpt,
    ViaOpt,
    WithOpt,
    check_range,
)
from xiputin_cli.cli_store import store_app
from xiputin_cli.output import OutputFormat
from xiputin_cli.records import Article, Claim, Meeting

app = typer.Typer(
    cls=PlainGroup,
    no_args_is_help=True,
    rich_markup_mode="rich",
)
app.add_typer(store_app, name="store")
app.command("merge")(merge_cli)
app.command("eval")(eval_cli)
app.command("schema")(schema_cli)
store_app.command("import")(import_cli)


def show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"xiputin {version('xiputin')}\n")
        raise typer.Exit()


@app.callback()
def main_options(
    _version: Annotated[
        bool,
        typer.Option("--version", callback=show_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Entities, Xi–Putin meetings and claims from news articles.

    Shell completion: [bold]xiputin --install-completion[/bold] (bash, zsh, fish, PowerShell).
    """


@app.command("extract")
def extract_cli(
    paths: InputPaths = None,
    urls: UrlsOpt = None,
    text_column: TextColumnOpt = None,
    id_column: IdColumnOpt = None,
    date_column: DateColumnOpt = None,
    title_column: TitleColumnOpt = None,
    url_column: UrlColumnOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
    db: DbOpt = None,
    no_store: NoStoreOpt = False,
    quiet: QuietOpt = False,
    shard: ShardOpt = None,
    engine: EngineOpt = None,
    address: AddressOpt = None,
    parquet: ParquetOpt = False,
) -> None:
    """Extract entities, meetings and claims from articles (unchanged ones come from the store).

    JSON and JSON Lines: one record per article, with its entities, meetings and claims.

    CSV: one row per entity, with its article's id, source, title, outlet, url and publication date.

    Meetings and claims as rows: [bold]xiputin meetings -f csv[/bold], [bold]xiputin claims -f csv[/bold].

    Example: [bold]xiputin extract seeds/ --format json | jq '.[].meetings'[/bold]
    """
    from xiputin_cli.load import Columns, url_list
    from xiputin_cli.render import articles_table

    inputs = list(paths or [])
    if urls is not None:
        try:
            inputs += url_list(urls.read_text(encoding="utf-8", errors="replace"))
        except OSError as err:
            raise fail(f"cannot read --urls {urls}: {(err.strerror or str(err)).lower()}") from err
    if not inputs:
        raise fail("nothing to read: give PATH... or --urls FILE")
    if shard is not None or engine is Engine.ray or parquet or address:
        where = (shard, engine, address, parquet)
        return extract_elsewhere(inputs, *where, fmt, output, model, jobs, db, no_store, quiet)
    columns = Columns(text=text_column, id=id_column, date=date_column, title=title_column, url=url_column)
    run = Run(db, no_store, model, jobs, quiet=quiet, columns=columns)
    with run.guarded(inputs) as corpus:
        emit(corpus.extract(inputs), choose_format(fmt, output), output, articles_table, kind=Article)
    run.finish()


@app.command("claims")
def claims_cli(
    paths: OptionalPaths = None,
    speaker: SpeakerOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    kind: KindOpt = None,
    grep: GrepOpt = None,
    via: ViaOpt = None,
    outlet: OutletOpt = None,
    article: ArticleOpt = None,
    per_article: Annotated[
        bool, typer.Option("--per-article", help="One row per article reporting a claim, not one per claim.")
    ] = False,
    limit: LimitOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    db: DbOpt = None,
    no_store: NoStoreOpt = False,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """List who said what, each claim with its evidence sentence and its article.

    CSV: one row per claim, with the article's id, title, outlet, url and publication date.

    --since/--until use the article's publication date.

    Example: [bold]xiputin claims --speaker Xi --format csv > xi.csv[/bold]
    """
    from xiputin_cli.render import claims_table

    check_range(since, until)
    filters = {
        "speaker": speaker,
        "kind": kind,
        "grep": grep,
        "via": via,
        "outlet": outlet,
        "article": article,
    }
    run = Run(db, no_store, model, jobs, quiet=quiet)
    with run.guarded(paths) as corpus:
        found = corpus.claims(paths, since=since, until=until, per_article=per_article, **filters)
        emit(found, choose_format(fmt, output), output, claims_table, limit=limit, kind=Claim)
    run.finish()


EvidenceOpt = Annotated[
    bool,
    typer.Option(
        "--evidence",
        help="CSV: one row per evidence sentence (with its meeting and article), not per meeting.",
    ),
]


@app.command("meetings")
def meetings_cli(
    paths: OptionalPaths = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    mode: ModeOpt = None,
    with_name: WithOpt = None,
    status: StatusOpt = None,
    all_pairs: AllOpt = False,
    limit: LimitOpt = None,
    evidence: EvidenceOpt = False,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    db: DbOpt = None,
    no_store: NoStoreOpt = False,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """The de-duplicated timeline of meetings, each with its evidence and sources.

    CSV: one row per meeting; every evidence sentence in all_evidence (a line each).

    CSV columns titles, outlets, urls and published: one value per article of sources.

    With --evidence: one row per evidence sentence, with its meeting and its article.

    Example: [bold]xiputin meetings seeds/ --since 2021 --mode video --format json[/bold]
    """
    from xiputin_cli.output import evidence_rows
    from xiputin_cli.views import timeline_view

    check_range(since, until)
    chosen = choose_format(fmt, output)
    if evidence and chosen is not OutputFormat.csv:
        raise fail("--evidence makes CSV rows: add --format csv (JSON has every evidence sentence already)")
    filters: dict[str, Any] = {"mode": mode, "with_name": with_name, "status": status, "all_pairs": all_pairs}
    run = Run(db, no_store, model, jobs, quiet=quiet)
    with run.guarded(paths) as corpus:
        found = corpus.meetings(paths, since=since, until=until, **filters)
    rows = evidence_rows if evidence else None
    emit(found, chosen, output, timeline_view, limit=limit, rows=rows, kind=Meeting)
    run.finish()


@app.command("timeline")
def timeline_cli(
    paths: OptionalPaths = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    mode: ModeOpt = None,
    with_name: WithOpt = None,
    status: StatusOpt = None,
    all_pairs: AllOpt = False,
    html: Annotated[
        Path | None, typer.Option("--html", metavar="FILE", help="Write a self-contained HTML page.")
    ] = None,
    svg: Annotated[
        Path | None, typer.Option("--svg", metavar="FILE", help="Write a self-contained SVG chart.")
    ] = None,
    db: DbOpt = None,
    no_store: NoStoreOpt = False,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Meetings on a time axis: by year in the terminal, or as an HTML page or SVG chart.

    The filters are those of `meetings`.

    Example: [bold]xiputin timeline seeds/ --html timeline.html[/bold]
    """
    from xiputin_cli.views import timeline_view

    if html and svg:
        raise fail("choose one of --html and --svg")
    check_range(since, until)
    filters: dict[str, Any] = {"mode": mode, "with_name": with_name, "status": status, "all_pairs": all_pairs}
    run = Run(db, no_store, model, jobs, quiet=quiet)
    with run.guarded(paths) as corpus:
        found = corpus.meetings(paths, since=since, until=until, **filters)
        refs = corpus.article_refs(found) if html or svg else {}
    if html or svg:
        from xiputin_cli.chart import render_timeline_svg
        from xiputin_cli.html import render_timeline_html

        page = (
            render_timeline_html(found, articles=refs) if html else render_timeline_svg(found, articles=refs)
        )
        write_text(html or svg, page)  # type: ignore[arg-type]
    else:
        Console().print(timeline_view(found))
    run.finish()


@app.command("show")
def show_cli(
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="An article file (.txt or .jsonl).")],
    article_id: Annotated[
        str | None, typer.Option("--id", metavar="ID", help="Which article of a JSON Lines file.")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", metavar="FILE", help="Write a self-contained HTML page.")
    ] = None,
    db: DbOpt = None,
    no_store: NoStoreOpt = False,
    model: ModelOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """An article with its entities coloured, and its meetings and claims highlighted.

    Example: [bold]xiputin show seeds/004_3b4c38bc7d014705.txt --html 004.html[/bold]
    """
    from xiputin_cli.load import load_articles

    found = [
        a for a in load_articles([article]) if article_id is None or getattr(a, "id", None) == article_id
    ]
    loaded = list(report_failures(found, [], quiet=quiet))[: 1 if html else None]  # reports failures
    if not loaded:
        raise fail(f"{article}: no article to show" + (f" with id {article_id!r}" if article_id else ""), 1)
    run = Run(db, no_store, model, 1, quiet=quiet)
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

    from xiputin_cli.interrupts import terminate

    signal.signal(signal.SIGTERM, terminate)
    app()
