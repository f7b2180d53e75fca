"""Rich tables for people at a terminal; machine formats live in output.py."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.console import Console, Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from xiputin_cli.records import Article, Claim
from xiputin_cli.safe_text import shown, visible
from xiputin_cli.tables import clip, count_line, id_column, new_table

if TYPE_CHECKING:
    from xiputin_cli.evaluate import EvalReport

CLAIM_CHARS = 160  # a claim longer than this is cut (with an ellipsis): the JSON has it whole


def articles_table(articles: Iterable[Article]) -> Table:
    """One row an article, narrow enough for an 80-column terminal; the people column takes what is left
    (everything else is in the JSON)."""
    rows = list(articles)
    table = new_table("Articles")
    id_column(table, "id", (a.id for a in rows))
    table.add_column("published", no_wrap=True, min_width=10)
    for column in ("meetings", "claims"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("people", ratio=1, min_width=10)  # three names at most: wrapped, not cut
    warned = any(a.warnings for a in rows)
    if warned:
        table.add_column("warn", justify="right", no_wrap=True)
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
    return count_line(table, len(rows), "article")


def claims_table(claims: Iterable[Claim]) -> Table:
    """Who said what: the speaker (and the outlet it came through), the claim cut to a few lines, the
    article's id whole."""
    rows = list(claims)
    table = new_table("Claims", lines=True)
    table.add_column("speaker", ratio=1, min_width=10, max_width=16)
    table.add_column("kind", no_wrap=True)
    table.add_column("claim", ratio=4, min_width=20)
    id_column(table, "article", (c.evidence.article for c in rows))
    for claim in rows:
        speaker = shown(claim.speaker, "bold")
        if claim.via:
            speaker.append("\n").append_text(shown(f"via {claim.via}", "dim"))
        claim_text = clip(shown(claim.text, layout=True), CLAIM_CHARS)
        table.add_row(speaker, claim.kind, claim_text, shown(claim.evidence.article))
    return count_line(table, len(rows), "claim")


def print_table(table: Table, console: Console | None = None) -> None:
    (console or Console()).print(table)


def eval_table(report: EvalReport, *, verbose: bool = False) -> Group:
    scores = new_table(f"Evaluation over {report.articles} gold articles")
    for column in ("", "precision", "recall", "F1", "matched", "predicted", "gold"):
        scores.add_column(column, justify="right" if column else "left")
    for name, score in (("meetings", report.meetings), ("claims", report.claims)):
        scores.add_row(
            name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
            str(score.matched), str(score.predicted), str(score.gold),
        )  # fmt: skip
    fields = new_table("Accuracy on matched records")
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
