"""`xiputin eval` and `xiputin schema`: scores against gold and the schemas of records (see cli.py)."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from xiputin_cli.cli_cluster import print_arrow_schema
from xiputin_cli.cli_io import Run, fail
from xiputin_cli.cli_options import DbOpt, JobsOpt, ModelOpt, NoStoreOpt, QuietOpt


class EvalFormat(StrEnum):
    table = "table"
    json = "json"


def eval_cli(
    gold_dir: Annotated[
        Path, typer.Argument(metavar="GOLD", help="Folder of gold JSON files, one per article.")
    ],
    paths: Annotated[
        list[str] | None, typer.Argument(metavar="PATH", help="Articles to score; none: the store.")
    ] = None,
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="table or json.")] = EvalFormat.table,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="List every error.")] = False,
    db: DbOpt = None,
    no_store: NoStoreOpt = False,
    model: ModelOpt = None,
    jobs: JobsOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """Precision, recall and F1 of meetings and claims against gold annotations.

    Example: [bold]xiputin eval examples/gold examples/articles[/bold]
    """
    from xiputin_cli.evaluate import GoldError, evaluate
    from xiputin_cli.render import eval_table

    if not gold_dir.is_dir() or not any(gold_dir.glob("*.json")):
        raise fail(f"{gold_dir}: not a folder of gold .json files")
    run = Run(db, no_store, model, jobs, quiet=quiet)
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


def schema_cli(
    record: Annotated[
        str, typer.Argument(metavar="RECORD", help="article, meeting, claim or error.")
    ] = "article",
    arrow: Annotated[
        bool, typer.Option("--arrow", help="The Arrow schema (Parquet, Ray); needs pyarrow.")
    ] = False,
) -> None:
    """Print the JSON Schema of a record type.

    Example: [bold]xiputin schema meeting[/bold]
    """
    import json

    from xiputin_cli.records import SCHEMAS

    if record not in SCHEMAS:
        raise fail(f"unknown record {record!r}: choose one of {', '.join(SCHEMAS)}")
    if arrow:
        return print_arrow_schema(SCHEMAS[record])
    sys.stdout.write(json.dumps(SCHEMAS[record].model_json_schema(), indent=2) + "\n")
