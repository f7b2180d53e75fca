"""Terminal pictures: one article with coloured entities and its evidence marked, and the meeting timeline.

These return rich renderables and print nothing, so the CLI decides where they go and tests can record them.
They share numbering (M1, C1, meeting 1...) and date wording with the HTML pages and the chart.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text

from xiputin_cli.presentation import (
    MODE_LABEL,
    alternatives_text,
    article_ref,
    body_start,
    date_label,
    disputed,
    evidence_blocks,
    meeting_articles,
    meeting_when,
    order_meetings,
    roles_text,
    where_text,
    year_label,
)
from xiputin_cli.records import Article, Meeting
from xiputin_cli.safe_text import shown, visible
from xiputin_cli.tables import clip, count_line, id_column, new_table

ENTITY_STYLES = {
    "PERSON": "bold medium_purple1", "NORP": "bold orchid", "ORG": "bold dark_cyan",
    "GPE": "bold dark_orange", "LOC": "bold orange_red1", "FAC": "bold cadet_blue", "EVENT": "bold gold3",
    "DATE": "bold sea_green3", "TIME": "bold sea_green3", "PRODUCT": "bold chartreuse3",
    "LAW": "bold indian_red", "WORK_OF_ART": "bold plum2",
}  # fmt: skip
OTHER_ENTITY_STYLE = "bold grey58"  # numbers, money, percentages: marked, but quietly
EVIDENCE_STYLE = Style(underline=True)
TAG_STYLE = "bold black on yellow"
MODE_STYLES = {"in_person": "green3", "video": "dodger_blue2", "phone": "medium_orchid", "unknown": "grey62"}
WHERE_CHARS = 90  # a longer place and occasion is cut (with an ellipsis): the JSON has it whole
MODE_SYMBOLS = {"in_person": ("●", "○"), "video": ("■", "□"), "phone": ("▲", "△"), "unknown": ("◆", "◇")}
DISPUTED_MARK = "*"  # after a field the articles of a merged meeting disagree about
DISPUTED_STYLE = "bold yellow"


def entity_style(label: str) -> str:
    return ENTITY_STYLES.get(label, OTHER_ENTITY_STYLE)


def mode_symbol(meeting: Meeting) -> Text:
    """The chart's marker in text: shape by mode, filled when held, hollow when planned."""
    filled, hollow = MODE_SYMBOLS[meeting.mode]
    return Text(filled if meeting.status == "held" else hollow, style=MODE_STYLES[meeting.mode])


def _entity_legend(article: Article) -> Text:
    counts = Counter(e.label for e in article.entities)
    legend = Text().append("Entities ", style="bold")
    for label, count in counts.most_common():
        legend.append(label, style=entity_style(label)).append(f" {count}  ", style="dim")
    legend.append("evidence", style=EVIDENCE_STYLE).append(" ")
    legend.append("[M1]", style=TAG_STYLE).append(" meeting  ", style="dim").append("[C1]", style=TAG_STYLE)
    return legend.append(" claim", style="dim")


def article_text(article: Article, text: str) -> Text:
    """The text with entities coloured, evidence underlined and tagged with the records it supports."""
    styled = Text(visible(text))  # one character for one: the offsets still point at the same places
    for ent in article.entities:
        if 0 <= ent.start < ent.end <= len(text):
            styled.stylize(entity_style(ent.label), ent.start, ent.end)
    blocks, _ = evidence_blocks(article, text)
    for block in blocks:
        styled.stylize(EVIDENCE_STYLE, block.start, block.end)
    out, pos = Text(), body_start(text)  # the ' date …' header line is metadata, shown above the text
    for block in blocks:
        out.append_text(styled[pos : block.start])
        out.append(f"[{' '.join(block.refs)}]", style=TAG_STYLE).append(" ")
        pos = block.start
    return out.append_text(styled[pos:])


def _records(article: Article) -> list[Text]:
    """One line per meeting and claim, numbered as the tags in the text."""
    lines = []
    for n, m in enumerate(order_meetings(article.meetings), 1):
        line = Text.assemble(
            (f"M{n} ", "bold"), mode_symbol(m), f" {date_label(m.date)}  {MODE_LABEL[m.mode]}"
        )
        line.append(visible(f"  {where_text(m)}  {m.status}" + (f"  — {m.occasion}" if m.occasion else "")))
        roles = roles_text(m)
        line.append(visible(f"  ({roles})") if roles else "", style="dim")
        lines.append(line)
    for n, c in enumerate(article.claims, 1):
        how = ", ".join(p for p in (c.kind, f"via {c.via}" if c.via else "") if p)
        parts = (shown(c.speaker, "bold"), shown(f" ({how}): "), shown(c.text, layout=True))
        lines.append(Text.assemble((f"C{n} ", "bold"), *parts))
    return lines or [Text("No meetings or claims found in this article.", style="dim italic")]


def article_view(article: Article, text: str) -> RenderableType:
    """Title and metadata, a legend, the marked-up text, then the meetings and claims it supports."""
    ref = article_ref(article)
    meta = " · ".join(p for p in (ref.outlet, article.id, f"published {article.published or 'unknown'}") if p)
    meta += f" · {ref.url}" if ref.url else ""
    if article.dateline and article.dateline.place:
        meta += f" · dateline {article.dateline.place}"
    return Group(
        shown(article.title or article.id, "bold underline"),
        shown(meta, "dim"),
        _entity_legend(article),
        Text(),
        article_text(article, text),
        Text(),
        Text("Meetings and claims", style="bold"),
        *_records(article),
    )


def _timeline_legend(marked: bool = False) -> Text:
    legend = Text()
    for mode in MODE_SYMBOLS:
        legend.append(MODE_SYMBOLS[mode][0], style=MODE_STYLES[mode]).append(f" {MODE_LABEL[mode]}  ")
    legend.append("filled held, hollow planned", style="dim")  # one line at 80 columns
    return legend.append("\n* the articles disagree (below)", style="dim") if marked else legend


def marked(cell: Text, field: str, fields: set[str]) -> Text:
    """A cell with a star when the meeting's articles disagree about its field."""
    return cell.append(DISPUTED_MARK, style=DISPUTED_STYLE) if field in fields else cell


def where_cell(meeting: Meeting, fields: set[str]) -> Text:
    """Place and occasion (each starred when disputed), clipped; who visited whom on a line of its own."""
    parts = [
        marked(shown(value, layout=True), field, fields)
        for field, value in (("location", meeting.location), ("occasion", meeting.occasion))
        if value
    ]
    cell = clip(Text(" · ").join(parts), WHERE_CHARS)
    roles = roles_text(meeting)
    if roles is None:
        return cell
    return cell.append("\n" if parts else "").append_text(marked(shown(roles, "dim"), "visitor", fields))


def disagreement_notes(ordered: list[Meeting]) -> list[Text]:
    """'* 3 mode: video (a, b) vs phone (c)': a line for each field a numbered meeting's articles dispute."""
    return [
        Text.assemble(
            (f"{DISPUTED_MARK} {n} ", DISPUTED_STYLE), shown(f"{told.field}: {alternatives_text(told)}")
        )
        for n, m in enumerate(ordered, 1)
        for told in m.disagreements
    ]


def timeline_view(meetings: list[Meeting]) -> RenderableType:
    """Meetings by year (undated last) with date, mode, place and status, fields the articles disagree about
    starred and their values listed under the table; the legend explains the marks."""
    ordered = order_meetings(meetings)
    if not ordered:
        return Text("No meetings to show.", style="dim italic")
    # Compact enough for 80 columns: status under the mode, place and occasion in one cell, ids whole
    table = new_table("Xi–Putin meetings")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("date", min_width=10, max_width=12)
    table.add_column("mode", no_wrap=True)
    table.add_column("place · occasion", ratio=1, min_width=12)
    id_column(table, "articles", (a for m in ordered for a in meeting_articles(m)))
    group = None
    for n, m in enumerate(ordered, 1):
        year = year_label(m)
        if year != group:
            if group is not None:
                table.add_section()
            table.add_row("", Text(year, style="bold reverse"))
            group = year
        fields = disputed(m)
        mode = Text.assemble(mode_symbol(m), " ", MODE_LABEL[m.mode].removeprefix("mode "))
        marked(mode, "mode", fields)
        if m.status != "held":
            mode.append(f"\n{m.status}", style="yellow")
        when = meeting_when(m.date)
        date = marked(shown(date_label(m.date)) if when else shown(m.date.text or "?", "dim"), "date", fields)
        articles = Text("\n").join(shown(a) for a in meeting_articles(m))
        table.add_row(str(n), date, mode, where_cell(m, fields), articles)
    notes = disagreement_notes(ordered)
    return Group(count_line(table, len(ordered), "meeting"), _timeline_legend(bool(notes)), *notes)
