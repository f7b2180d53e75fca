"""Rich tables for people at a terminal; machine formats live in output.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from xiputin_cli.evaluate import EvalReport
from xiputin_cli.records import Article, Claim
from xiputin_cli.safe_text import shown, visible


def articles_table(articles: Iterable[Article]) -> Table:
    """One row an article, narrow enough for an 80-column terminal; the people column takes what is left
    (everything else is in the JSON)."""
    rows = list(articles)
    table = Table(title="Articles")
    table.add_column("id", no_wrap=True)
    table.add_column("published", no_wrap=True)
    for column in ("meetings", "claims"):
        table.add_column(column, justify="right")
    table.add_column("people", ratio=1, min_width=16)
    warned = any(a.warnings for a in rows)
    if warned:
        table.add_column("warn", justify="right")
    for article in rows:
        people = Counter(e.canonical for e in article.entities if e.label == "PERSON")
        # every data value a Text: shown as typed, never read as markup or terminal codes
        cells: list[Text | str] = [
            shown(article.id),
            shown(article.published) if article.published else Text("-", style="dim"),
            str(len(article.meetings)),
            str(len(article.claims)),
            shown(", ".join(name for name, _ in people.most_common(3))),
        ]
        table.add_row(*cells, *([str(len(article.warnings)) if article.warnings else ""] if warned else []))
    return table


def claims_table(claims: Iterable[Claim]) -> Table:
    table = Table(title="Claims", show_lines=True)
    table.add_column("speaker", ratio=2, min_width=10)
    table.add_column("kind", no_wrap=True)
    table.add_column("via", ratio=1, max_width=12)
    table.add_column("claim", ratio=6, min_width=24)
    table.add_column("article", ratio=1, max_width=12, overflow="fold")
    for claim in claims:
        table.add_row(
            shown(claim.speaker), claim.kind, shown(claim.via), shown(claim.text, layout=True),
            shown(claim.evidence.article),
        )  # fmt: skip
    return table


def print_table(table: Table, console: Console | None = None) -> None:
    (console or Console()).print(table)


def eval_table(report: EvalReport, *, verbose: bool = False) -> Group:
    scores = Table(title=f"Evaluation over {report.articles} gold articles")
    for column in ("", "precision", "recall", "F1", "matched", "predicted", "gold"):
        scores.add_column(column, justify="right" if column else "left")
    for name, score in (("meetings", report.meetings), ("claims", report.claims)):
        scores.add_row(
            name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
            str(score.matched), str(score.predicted), str(score.gold),
        )  # fmt: skip
    fields = Table(title="Accuracy on matched records")
    fields.add_column("field")
    fields.add_column("accuracy", justify="right")
    for name in ("date", "mode", "status", "location", "speaker", "published"):
        value = getattr(report, f"{name}_accuracy")
        fields.add_row(name, "n/a" if value is None else f"{value:.3f}")
    parts: list[Table | str] = [scores, fields]
    if report.articles_missing:
        missing = escape(visible(", ".join(report.articles_missing)))
        parts.append(f"[yellow]no prediction for: {missing}[/yellow]")
    if verbose:
        parts += [f"[dim]{escape(visible(line))}[/dim]" for line in report.errors]
    return Group(*parts)
