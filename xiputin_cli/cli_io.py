"""What the xiputin command writes: data to stdout or --output, messages and progress to stderr.

Kept apart from cli.py so that the command definitions stay short; nothing here extracts or queries.
"""

from __future__ import annotations

import io
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
from pydantic import BaseModel
from rich.console import Console
from rich.markup import escape

from xiputin_cli.output import OutputFormat, Rows
from xiputin_cli.safe_text import visible

if TYPE_CHECKING:
    from xiputin_cli.corpus import Corpus

stderr = Console(stderr=True, soft_wrap=True)
R = TypeVar("R", bound=BaseModel)


def fail(message: str, code: int = 2) -> typer.Exit:
    # D: messages name files and paths given by anyone: no control characters reach the terminal
    stderr.print(f"[bold red]error:[/bold red] {escape(visible(message))}", highlight=False, soft_wrap=True)
    return typer.Exit(code)


def warn(message: str) -> None:
    stderr.print(f"[yellow]warning:[/yellow] {escape(visible(message))}", highlight=False, soft_wrap=True)


SUFFIX_FORMATS = {".csv": OutputFormat.csv, ".jsonl": OutputFormat.jsonl, ".json": OutputFormat.json}


def choose_format(fmt: OutputFormat | None, output: Path | None) -> OutputFormat:
    """-f when given; else -o FILE's suffix (.csv, .jsonl, .json; JSON for any other); else a table at a
    terminal and JSON in a pipe."""
    if fmt is not None:
        return fmt
    if output is not None:
        return SUFFIX_FORMATS.get(output.suffix.lower(), OutputFormat.json)
    return OutputFormat.table if sys.stdout.isatty() else OutputFormat.json


def emit(
    records: Iterable[R],
    fmt: OutputFormat,
    output: Path | None,
    table: Callable[[list[R]], Any],
    *,
    limit: int | None = None,
    rows: Rows | None = None,
    kind: type[BaseModel] | None = None,
) -> None:
    """Data to stdout or --output (written whole, then moved into place); tables only at a terminal. `limit`
    keeps the first rows (and stops reading there); `rows` makes the CSV rows of a record and `kind` heads
    a CSV with no rows (output.py)."""
    from xiputin_cli.output import format_records
    from xiputin_cli.render import print_table

    if output is not None:
        check_writable(output)
    if limit is not None:
        records = islice(records, limit)
    if fmt is OutputFormat.table:
        if output is None:
            print_table(table(list(records)))
            return
        buffer = Console(file=io.StringIO(), width=100)
        print_table(table(list(records)), buffer)
        write_chunks(output, [buffer.file.getvalue()])  # type: ignore[attr-defined]
        return
    if output is None:
        for chunk in format_records(records, fmt, rows, kind):
            sys.stdout.write(chunk)
        sys.stdout.flush()
        return
    write_chunks(output, format_records(records, fmt, rows, kind))


def check_writable(path: Path) -> None:
    """Before any work: an output that cannot be written is a usage error, not a traceback at the end."""
    target = path.resolve() if path.is_symlink() else path
    if target.is_dir():
        raise fail(f"--output {path}: is a directory")
    if not target.parent.is_dir():
        raise fail(f"--output {path}: folder {target.parent} does not exist")


def write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """A regular file is written whole or not at all (it appears only once complete, a failed write leaves
    nothing); a symbolic link's target is written, never replaced by a file; a character device or FIFO
    (/dev/null, a named pipe) is written through, since renaming over it would replace it."""
    target = path.resolve() if path.is_symlink() else path
    try:
        if target.exists() and not target.is_file():
            with target.open("w", encoding="utf-8") as handle:
                for chunk in chunks:
                    handle.write(chunk)
            return
    except OSError as err:
        raise fail(f"cannot write {path}: {err.strerror or err}") from err
    partial = target.with_name(target.name + ".partial")
    try:
        with partial.open("w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
        partial.replace(target)
    except OSError as err:
        raise fail(f"cannot write {path}: {err.strerror or err}") from err
    finally:
        partial.unlink(missing_ok=True)


def report_failures(items: Iterable[Any], failures: list[str], *, quiet: bool = False) -> Iterator[Any]:
    """Pass records through; print each load failure to stderr as it happens and remember it; warnings
    (an input skipped, an article's own) unless quiet."""
    from xiputin_cli.load import LoadFailure

    for item in items:
        if isinstance(item, LoadFailure) and item.skipped:
            if not quiet:
                warn(str(item))
        elif isinstance(item, LoadFailure):
            failures.append(str(item))
            stderr.print(f"[bold red]error:[/bold red] {escape(str(item))}", highlight=False, soft_wrap=True)
        else:
            for warning in () if quiet else getattr(item, "warnings", ()):
                warn(f"{item.source}: {warning}")
            yield item


def with_progress(items: Iterable[R], label: str, *, quiet: bool = False) -> Iterator[R]:
    """A progress line on stderr when it is a terminal; silent in pipes, in CI and when quiet."""
    if quiet or not stderr.is_terminal:
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


@contextmanager
def interruptible(source: Any = None) -> Iterator[None]:
    """Ctrl-C ends a command with a message and exit code 130 (SIGTERM: 143), never a traceback; finished
    articles are committed to the store first."""
    from xiputin_cli.interrupts import Terminated

    try:
        yield
    except KeyboardInterrupt as stop:
        terminated = isinstance(stop, Terminated)  # SIGTERM: like Ctrl-C, exit 143 as for a killed program
        if source is not None:
            source.close()
        stderr.print(
            f"[bold red]{'terminated' if terminated else 'interrupted'}:[/bold red] finished articles are in "
            "the store; run the same command again to go on from there",
            highlight=False,
        )
        stop_workers_and_exit(143 if terminated else 130)
        raise typer.Exit(143 if terminated else 130) from None


def stop_workers_and_exit(code: int) -> None:
    """After worker processes ran, their queue threads would keep an interrupted process alive: leave at
    once (the store is committed and closed by then; only the output streams need flushing)."""
    from xiputin_cli.extract import Workers

    if not Workers.started:
        return
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def write_text(path: Path, content: str) -> None:
    check_writable(path)
    write_chunks(path, [content])


class Run:
    """One command's corpus: failures reported on stderr as they come, store and model errors as clean
    usage errors, Ctrl-C as exit 130; `finish` exits 1 when some input could not be read. Quiet: no progress
    line, no warnings."""

    def __init__(
        self,
        db: Path | None,
        no_store: bool,
        model: str | None,
        jobs: int | None,
        *,
        quiet: bool = False,
        columns: Any = None,
    ) -> None:
        from xiputin_cli.corpus import Corpus

        self.failures: list[str] = []
        self.quiet = quiet
        self.corpus: Corpus = Corpus(
            db, no_store=no_store, model=model, jobs=jobs, records=self.records, columns=columns
        )

    def records(self, items: Iterator[Any]) -> Iterator[Any]:
        reported = report_failures(items, self.failures, quiet=self.quiet)
        return with_progress(reported, "articles", quiet=self.quiet)

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
            if not self.quiet:
                warn(f"{duplicate}: the same article as {kept}; counted once")
        if self.failures:
            raise fail(f"{len(self.failures)} input(s) could not be read; the others were processed", code=1)
