"""A merged meeting's accounts in its HTML card: where the articles disagree (each value with its articles)
and what each article said of it (planned on a date, held) in the order they were published. Every piece of
data is escaped like the rest of the page (chart.esc)."""

from __future__ import annotations

from xiputin_cli.chart import esc
from xiputin_cli.presentation import date_label, roles_text
from xiputin_cli.records import Meeting


def events_line(meeting: Meeting) -> str:
    """Who visited whom and the coded events ('042 Xi Jinping → Vladimir Putin, CONSULT visit'); empty for
    a record without events."""
    if not meeting.events:
        return ""
    codes = "; ".join(
        f"{esc(e.cameo)} {esc(e.actor)} → {esc(e.target)}, {esc(e.plover)}"
        + (f" {esc(e.plover_mode)}" if e.plover_mode else "")
        for e in meeting.events
    )
    roles = roles_text(meeting)
    return f'<div class="events">{esc(roles) + ". " if roles else ""}Events: {codes}</div>'


def accounts_section(meeting: Meeting) -> str:
    """The disagreements, then the history; empty for a meeting one article reports."""
    return disagreement_lines(meeting) + history_lines(meeting)


def disagreement_lines(meeting: Meeting) -> str:
    if not meeting.disagreements:
        return ""
    lines = "".join(
        f"<li><b>{esc(told.field)}</b>: "
        + "; ".join(f"{esc(v.value)} ({esc(', '.join(v.sources))})" for v in told.values)
        + "</li>"
        for told in meeting.disagreements
    )
    return f'<div class="muted">The articles disagree:</div><ul class="disagreements">{lines}</ul>'


def history_lines(meeting: Meeting) -> str:
    if len(meeting.history) < 2:
        return ""
    lines = "".join(
        f'<li><span class="muted">{esc(r.published or "undated")}</span> {esc(r.source)}: '
        f"<b>{esc(r.status)}</b> {esc(date_label(r.date) if r.date.start else r.date.text or 'no date')}</li>"
        for r in meeting.history
    )
    return f'<div class="muted">As the articles told it:</div><ol class="history">{lines}</ol>'
