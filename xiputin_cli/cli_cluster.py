"""The commands past one machine: `extract --shard` and `--engine ray` (called from extract), `merge` over
record files, `store import`. cli.py registers them; each parses, calls one library function, prints.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel
from rich.markup import escape

from xiputin_cli.cli_io import (
    Run,
    choose_format,
    emit,
    fail,
    interruptible,
    report_failures,
    stderr,
    with_progress,
)
from xiputin_cli.cli_options import (
    AllOpt,
    ArticleOpt,
    DbOpt,
    FormatOpt,
    GrepOpt,
    KindOpt,
    LimitOpt,
    ModeOpt,
    OutletOpt,
    OutputOpt,
    QuietOpt,
    SinceOpt,
    SpeakerOpt,
    StatusOpt,
    UntilOpt,
    ViaOpt,
    WithOpt,
    check_range,
)
from xiputin_cli.output import OutputFormat


class Engine(StrEnum):
    spacy = "spacy"
    ray = "ray"


ShardOpt = Annotated[
    str | None,
    typer.Option(
        "--shard",
        metavar="i/N",
        help="Only shard i of N (0-based, by a hash of the article id); auto: the Slurm or Kubernetes task "
        "index. With --output DIR: DIR/part-0000i.jsonl.gz.",
    ),
]
EngineOpt = Annotated[
    Engine | None,
    typer.Option("--engine", help="spacy (this machine) or ray (a Ray cluster; needs the ray extra)."),
]
AddressOpt = Annotated[
    str | None,
    typer.Option(
        "--address", metavar="ADDR", help="--engine ray: the cluster to join (default: a local one)."
    ),
]
ParquetOpt = Annotated[bool, typer.Option("--parquet", help="--engine ray: write Parquet, not JSON Lines.")]
RecordPaths = Annotated[
    list[str],
    typer.Argument(metavar="PATH...", help="Record files (.jsonl, .jsonl.gz, .json, .parquet) or folders."),
]


def extract_elsewhere(
    paths: list[str],
    shard: str | None,
    engine: Engine | None,
    address: str | None,
    parquet: bool,
    fmt: OutputFormat | None,
    output: Path | None,
    model: str | None,
    jobs: int | None,
    db: Path | None,
    no_store: bool,
    quiet: bool,
) -> None:
    """extract with --shard or --engine ray (extract_cli calls this then)."""
    if engine is Engine.ray:
        if shard is not None:
            raise fail("--engine ray spreads the work itself: leave out --shard")
        return extract_ray(paths, address=address, parquet=parquet, output=output, model=model)
    if parquet or address:
        raise fail("--parquet and --address go with --engine ray")
    from xiputin_cli.render import articles_table
    from xiputin_cli.shards import parse_shard, write_part

    try:
        chosen = parse_shard(shard or "")
    except ValueError as err:
        raise fail(str(err)) from err
    if output is not None and (output.is_file() or fmt not in (None, OutputFormat.jsonl)):
        raise fail(f"--shard --output {output}: names a folder, for DIR/{chosen.part_name} (JSON Lines)")
    run = Run(db, no_store, model, jobs, quiet=quiet)
    with run.guarded(paths) as corpus:
        records = corpus.extract(paths, shard=chosen)
        if output is None:
            emit(records, choose_format(fmt, None), None, articles_table)
        else:
            try:
                written = write_part(records, output, chosen)
            except OSError as err:
                raise fail(f"cannot write {output}: {err.strerror or err}") from err
            stderr.print(f"wrote {escape(str(written))}", highlight=False)
    run.finish()
    return None


def extract_ray(
    paths: list[str], *, address: str | None, parquet: bool, output: Path | None, model: str | None
) -> None:
    if output is None or len(paths) != 1:
        raise fail("--engine ray reads one PATH and writes to --output DIR (local, s3:// or gs://)")
    if output.is_dir() and any(output.iterdir()):  # Ray adds files beside the old: merge would read both
        raise fail(f"--output {output}: not empty; give a new or empty folder")
    try:
        import ray

        from xiputin_cli import ray as engine
    except ImportError:
        raise fail('--engine ray needs Ray: pip install "xiputin[ray]"') from None
    ray.init(address=address, ignore_reinit_error=True, log_to_driver=False, include_dashboard=False)
    with interruptible():
        results = engine.extract_paths(uri(Path(paths[0])), model=model)
        errors = engine.write_results(results, uri(output), parquet=parquet)
    for error in errors:
        level = "[yellow]warning:[/yellow]" if error.skipped else "[bold red]error:[/bold red]"
        stderr.print(f"{level} {escape(f'{error.source}: {error.message}')}", highlight=False, soft_wrap=True)
    stderr.print(f"wrote {escape(uri(output))}", highlight=False)
    failed = sum(not error.skipped for error in errors)
    if failed:
        raise fail(f"{failed} input(s) could not be read; the others were processed", code=1)


def uri(path: Path | str) -> str:
    """s3://bucket/x given where a Path was parsed comes back as s3:/bucket/x: mend the scheme."""
    return re.sub(r"^([a-z][a-z0-9+.-]*):/(?!/)", r"\1://", str(path))


def print_arrow_schema(record: type[BaseModel]) -> None:
    """schema --arrow: the columns Parquet output and Ray datasets have."""
    try:
        from xiputin_cli.arrow_schema import model_schema

        schema = model_schema(record)
    except ImportError:
        raise fail('--arrow needs pyarrow: pip install "xiputin[ray]"') from None
    sys.stdout.write(f"{schema}\n")


class RecordRun(Run):
    """A command's record files: failures reported as they come, exit 1 when some could not be read."""

    def __init__(self, *, quiet: bool = False) -> None:
        from xiputin_cli.recorded import RecordCorpus

        self.failures: list[str] = []
        self.quiet = quiet
        self.corpus = RecordCorpus(records=self.records)


def merge_cli(
    paths: RecordPaths,
    claims: Annotated[bool, typer.Option("--claims", help="The claims, not the timeline.")] = False,
    since: SinceOpt = None,
    until: UntilOpt = None,
    mode: ModeOpt = None,
    with_name: WithOpt = None,
    status: StatusOpt = None,
    all_pairs: AllOpt = False,
    speaker: SpeakerOpt = None,
    kind: KindOpt = None,
    grep: GrepOpt = None,
    via: ViaOpt = None,
    outlet: OutletOpt = None,
    article: ArticleOpt = None,
    limit: LimitOpt = None,
    fmt: FormatOpt = None,
    output: OutputOpt = None,
    quiet: QuietOpt = False,
) -> None:
    """The merged timeline (or --claims) of record files: a job array's part files, Ray's output, or
    `extract --format jsonl`, with the filters and formats of `meetings` and `claims`.

    Example: [bold]xiputin merge out/ --since 2024 --format json[/bold]
    """
    from xiputin_cli.render import claims_table
    from xiputin_cli.views import timeline_view

    check_range(since, until)
    meeting_filters: dict[str, Any] = {
        "mode": mode,
        "with_name": with_name,
        "status": status,
        "all_pairs": all_pairs,
    }
    claim_filters: dict[str, Any] = {
        "speaker": speaker, "kind": kind, "grep": grep, "via": via, "outlet": outlet, "article": article
    }  # fmt: skip
    misplaced = [name for name, value in (meeting_filters if claims else claim_filters).items() if value]
    if misplaced:
        option = "--" + {"with_name": "with", "all_pairs": "all"}.get(misplaced[0], misplaced[0])
        which = "meetings: leave out --claims" if claims else "claims: add --claims"
        raise fail(f"{option} filters {which}")
    chosen = choose_format(fmt, output)
    run = RecordRun(quiet=quiet)
    with run.guarded(paths) as corpus:
        if claims:
            found: Any = corpus.claims(paths, since=since, until=until, **claim_filters)
            emit(found, chosen, output, claims_table, limit=limit)
        else:
            found = corpus.meetings(paths, since=since, until=until, **meeting_filters)
    if not claims:
        emit(found, chosen, output, timeline_view, limit=limit)
    run.finish()


def import_cli(paths: RecordPaths, db: DbOpt = None, quiet: QuietOpt = False) -> None:
    """Load record files (a job array's part files, Ray's output) into the store: every query reads them.

    Example: [bold]xiputin store import out/ && xiputin meetings --since 2024[/bold]
    """
    from xiputin_cli.recorded import import_records
    from xiputin_cli.store import StoreError

    failures: list[str] = []

    def records(items: Iterator[Any]) -> Iterator[Any]:
        return with_progress(report_failures(items, failures, quiet=quiet), "records", quiet=quiet)

    try:
        with interruptible():
            count = import_records(paths, db=db, records=records)
    except StoreError as err:
        raise fail(str(err)) from err
    if not quiet:
        stderr.print(f"imported {count:,} article record(s)", highlight=False)
    if failures:
        raise fail(f"{len(failures)} input(s) could not be read; the others were imported", code=1)
