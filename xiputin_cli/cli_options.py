"""The options many xiputin commands share, and how every help page shows them: one usage style (PATH...,
[PATH]..., --since DATE, --format [table|json|jsonl|csv]), no type placeholder on flags. No spaCy here."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperArgument, TyperGroup, TyperOption

from xiputin_cli.output import OutputFormat

if TYPE_CHECKING:  # Typer carries its own click
    from typer._click import Command, Context, Parameter

# --- one usage style ------------------------------------------------------------------------------------

PLACEHOLDERS = {"str": "TEXT", "int": "INTEGER", "int range": "INTEGER", "float": "NUMBER", "path": "FILE"}


def plain_metavars(params: list[Parameter], ctx: Context) -> list[Parameter]:
    """Typer shows `<bool>` beside flags and `<str>`, `<list[str]>` beside values; xiputin's help uses the
    style of click, gh and sqlite-utils instead: flags bare, values in capitals, choices in brackets."""
    for param in params:
        if isinstance(param, TyperOption) and param.metavar is None:
            shown = param.display_type(ctx).strip("<>")
            choice = f"[{shown}]" if "|" in shown else PLACEHOLDERS.get(shown, shown.upper())
            param.metavar = "" if param.is_flag else choice
        elif isinstance(param, TyperArgument):
            if param.metavar is None:
                param.metavar = (param.name or "value").upper()  # click adds [ ] and ... itself
            param.display_type_rich = no_type  # type: ignore[method-assign]  # the metavar says it
            param._usage_display_name = usage_name(param)  # type: ignore[method-assign]
    return params


def no_type(ctx: Context) -> None:
    return None


def usage_name(param: TyperArgument) -> Callable[[], str]:
    """PATH... when required, [PATH]... when not (Typer writes {PATH}...)."""
    name = param.metavar or (param.name or "value").upper()
    shown = name if param.required else f"[{name}]"
    return lambda: shown + ("..." if param.nargs != 1 else "")


class PlainGroup(TyperGroup):
    """The app's group (and its sub-groups'): its own options and every command's in the one usage style,
    whoever registers the command."""

    def get_params(self, ctx: Context) -> list[Parameter]:
        return plain_metavars(super().get_params(ctx), ctx)

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None and not isinstance(command, PlainGroup):
            plain_command(command)
        return command


def plain_command(command: Command) -> None:
    if getattr(command, "plain_help", False):
        return
    original = command.get_params

    def get_params(ctx: Context) -> list[Parameter]:
        return plain_metavars(original(ctx), ctx)

    command.get_params = get_params  # type: ignore[method-assign]
    command.plain_help = True  # type: ignore[attr-defined]


# --- shared options -------------------------------------------------------------------------------------

PathsArg = Annotated[
    list[str], typer.Argument(metavar="PATH", help="Files, folders, URLs or - for stdin (README: Inputs).")
]
InputPaths = Annotated[
    list[str] | None,
    typer.Argument(metavar="PATH", help="Files, folders, URLs or - for stdin (README: Inputs)."),
]
UrlsOpt = Annotated[
    Path | None, typer.Option("--urls", metavar="FILE", help="Also read the URLs in FILE, one a line.")
]


def column_option(name: str, usual: str) -> Any:
    return typer.Option(
        f"--{name}-column", metavar="NAME", help=f"Tables: the {name} column (default: {usual})."
    )


TextColumnOpt = Annotated[str | None, column_option("text", "text, body or content")]
IdColumnOpt = Annotated[str | None, column_option("id", "id; else FILE:ROW")]
DateColumnOpt = Annotated[str | None, column_option("date", "published or date")]
TitleColumnOpt = Annotated[str | None, column_option("title", "title")]
UrlColumnOpt = Annotated[str | None, column_option("url", "url")]
OptionalPaths = Annotated[list[str] | None, typer.Argument(metavar="PATH", help="Articles; none: the store.")]
FormatOpt = Annotated[
    OutputFormat | None,
    typer.Option(
        "--format",
        "-f",
        help="table (terminal default), json (pipe default), jsonl, csv; with -o FILE and no -f, the file's "
        "suffix (.csv, .jsonl, .json) chooses.",
    ),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", metavar="FILE", help="Write to this file, not stdout.")
]
ModelOpt = Annotated[
    str | None, typer.Option("--model", metavar="NAME", help="spaCy pipeline (default: en_core_web_sm).")
]
DbOpt = Annotated[
    Path | None,
    typer.Option(
        "--db", metavar="FILE", help="Store file (default: $XIPUTIN_DB or ~/.local/share/xiputin/xiputin.db)."
    ),
]
NoStoreOpt = Annotated[bool, typer.Option("--no-store", help="Neither read nor write the store.")]
QuietOpt = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress line and no warnings; errors are still shown.")
]
LimitOpt = Annotated[
    int | None, typer.Option("--limit", "-n", metavar="N", min=0, help="Show the first N rows only.")
]
JobsOpt = Annotated[
    int | None,
    typer.Option(
        "--jobs", "-j", metavar="N", min=1, help="Processes (default: all cores from 1 MB of input)."
    ),
]


def date_bound(value: str | None, *, end: bool) -> date | None:
    from xiputin_cli.query import parse_date_bound

    if value is None:
        return None
    try:
        return parse_date_bound(value, end=end)
    except ValueError as err:
        raise typer.BadParameter(str(err)) from err


def since_bound(value: str | None) -> date | None:
    return date_bound(value, end=False)


def until_bound(value: str | None) -> date | None:
    return date_bound(value, end=True)


SinceOpt = Annotated[
    date | None,
    typer.Option("--since", parser=since_bound, metavar="DATE", help="From YYYY, YYYY-MM or YYYY-MM-DD on."),
]
UntilOpt = Annotated[
    date | None,
    typer.Option("--until", parser=until_bound, metavar="DATE", help="Up to YYYY, YYYY-MM or YYYY-MM-DD."),
]


class ModeChoice(StrEnum):
    in_person = "in_person"
    video = "video"
    phone = "phone"
    unknown = "unknown"


class StatusChoice(StrEnum):
    held = "held"
    planned = "planned"


class KindChoice(StrEnum):
    direct = "direct"
    indirect = "indirect"
    mixed = "mixed"


ModeOpt = Annotated[ModeChoice | None, typer.Option(help="in_person, video, phone or unknown.")]
WithOpt = Annotated[str | None, typer.Option("--with", metavar="NAME", help="A participant, e.g. Biden.")]
StatusOpt = Annotated[StatusChoice | None, typer.Option(help="held or planned.")]
AllOpt = Annotated[bool, typer.Option("--all", help="Every meeting, not only Xi–Putin ones.")]

# The claim filters, shared by `claims` and `merge --claims`.
SpeakerOpt = Annotated[
    str | None, typer.Option(metavar="NAME", help="Speaker name words, e.g. Xi or 'Dmitry Peskov'.")
]
KindOpt = Annotated[KindChoice | None, typer.Option(help="direct, indirect or mixed.")]
GrepOpt = Annotated[str | None, typer.Option(metavar="TEXT", help="Only claims whose text contains this.")]
ViaOpt = Annotated[str | None, typer.Option(metavar="NAME", help="Relayed through this medium, e.g. Xinhua.")]
OutletOpt = Annotated[
    str | None, typer.Option(metavar="NAME", help="Reported by this outlet (the article's), e.g. Reuters.")
]
ArticleOpt = Annotated[str | None, typer.Option(metavar="ID", help="From this article (its id).")]


def check_range(since: date | None, until: date | None) -> None:
    from xiputin_cli.cli_io import fail

    if since and until and since > until:
        raise fail(f"--since {since} is after --until {until}: no date can be in that range")
