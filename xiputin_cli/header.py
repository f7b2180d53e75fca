"""The lines before a story's body: a ' date YYYY-MM-DD ' header, a dateline, a title."""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from xiputin_cli.records import Dateline

MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1
    )
}
HEADER = re.compile(r"\A\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})(?:[T ][\d:.+Z-]+)?\s+", re.IGNORECASE)
SOURCE_PREFIX = re.compile(r"\((?:[^()\n]|\([^()\n]*\)){1,80}\)\s+")
PLACE = r"[A-Z][A-Za-z.'’-]*(?:[ -][A-Z][A-Za-z.'’-]*){0,3}"
MONTH_DAY = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?"
DATELINE = re.compile(
    rf"(?P<place>{PLACE})(?:, (?P<date>{MONTH_DAY}))?(?P<agency> \([A-Za-z][\w .&-]{{0,30}}\))?"
    r"\s*(?::|--|—|–| -)\s"
)


class Header(NamedTuple):
    published: str | None
    body_start: int


def parse_header(text: str) -> Header:
    match = HEADER.match(text)
    if not match:
        return Header(None, 0)
    try:
        return Header(date.fromisoformat(match.group(1)).isoformat(), match.end())
    except ValueError:
        return Header(None, 0)


def parse_dateline(
    text: str, start: int, published: str | None
) -> tuple[Dateline | None, tuple[int, int] | None]:
    """'Moscow, May 8:' or 'TOKYO, Oct 18 (KUNA) --' at the start of the body: where the story was filed."""
    prefix = SOURCE_PREFIX.match(text, start)
    match = DATELINE.match(text, prefix.end() if prefix else start)
    if not match:
        return None, None
    place, when = match.group("place"), match.group("date")
    if not (when or match.group("agency") or (place.isupper() and len(place) > 2)):
        return None, None
    return Dateline(place=place.title() if place.isupper() else place, date=dateline_date(when, published)), (
        match.start(),
        match.end(),
    )


def dateline_date(when: str | None, published: str | None) -> str | None:
    """ISO date; a month-day whose year the article does not give stays ISO '--MM-DD'."""
    if not when:
        return None
    parts = re.match(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2})(?:, (\d{4}))?", when)
    if not parts:
        return None
    month, day = MONTHS.get(parts.group(1).lower()), int(parts.group(2))
    year = int(parts.group(3)) if parts.group(3) else year_near(published, month)
    try:
        return date(year, month or 0, day).isoformat() if year else f"--{month:02d}-{day:02d}"
    except ValueError:
        return None


def year_near(published: str | None, month: int | None) -> int | None:
    """A dateline's month-day lies on or just before the publication date (December datelines in January)."""
    if not published or not month:
        return None
    pub = date.fromisoformat(published)
    return pub.year - 1 if month > pub.month + 1 else pub.year


def find_title(text: str, start: int) -> str | None:
    """A short first line without closing punctuation, set off by a blank line, reads as the title."""
    first, sep, rest = text[start:].lstrip().partition("\n")
    first = first.strip()
    if not sep or not rest.strip() or len(first) > 150 or len(first.split()) < 3:
        return None
    if first.endswith((".", "!", "?", ":", ",", '"', "”")) or not rest.startswith("\n"):
        return None
    return first
