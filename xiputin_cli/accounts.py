"""What the articles behind one merged meeting said of it: each article's status and date in order of
publication (its history), and the fields they give different values for (its disagreements), so that an
announcement and the report of the meeting, or two outlets' readouts, can be read side by side.
Plain functions over records (no spaCy).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from xiputin_cli.records import Alternative, Disagreement, Meeting, Report
from xiputin_cli.spans import precision


def status_history(records: list[Meeting], published: Mapping[str, str]) -> list[Report]:
    """Per article, the status and date it gave, by publication date (undated articles last, then by id);
    a record already merged brings its own history."""
    reports = {
        report.source: report
        for record in records
        for report in record.history
        or [
            Report(source=s, published=published.get(s), status=record.status, date=record.date)
            for s in record.sources
        ]
    }
    return sorted(reports.values(), key=lambda r: (r.published is None, r.published or "", r.source))


def date_text(record: Meeting, chosen: Meeting) -> str | None:
    """A date compared only with dates as precise as the chosen one ('2025-02-21/2025-02-28')."""
    when = record.date
    if not when.start or precision(when) != precision(chosen.date):
        return None
    return when.start if (when.end or when.start) == when.start else f"{when.start}/{when.end}"


FIELDS: dict[str, Callable[[Meeting, Meeting], str | None]] = {
    "date": date_text,
    "location": lambda record, _: record.location,
    "mode": lambda record, _: None if record.mode == "unknown" else record.mode,
    "occasion": lambda record, _: record.occasion,
    "visitor": lambda record, _: record.visitor,
}


def disagreements(records: list[Meeting], chosen: Meeting) -> list[Disagreement]:
    """Fields the records give different values for: every value with its sources, the merged meeting's
    own value first (then in the merge's order). A record already merged brings its own."""
    found: dict[str, dict[str, list[str]]] = {}
    for record in records:
        for told in record.disagreements:
            for alternative in told.values:
                found.setdefault(told.field, {}).setdefault(alternative.value, []).extend(alternative.sources)
    for name, value_of in FIELDS.items():
        for record in records:
            if name in {d.field for d in record.disagreements}:
                continue
            value = value_of(record, chosen)
            if value is not None:
                found.setdefault(name, {}).setdefault(value, []).extend(record.sources)
    result = []
    for name, values in found.items():
        if len({v.casefold() for v in values}) < 2:
            continue
        mine = value_of_chosen(name, chosen)
        ordered = sorted(values.items(), key=lambda pair: pair[0] != mine)
        result.append(
            Disagreement(
                field=name,
                values=[Alternative(value=v, sources=list(dict.fromkeys(s))) for v, s in ordered],
            )
        )
    return result


def value_of_chosen(name: str, chosen: Meeting) -> str | None:
    return FIELDS[name](chosen, chosen)
