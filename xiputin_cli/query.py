"""Filters over stored or freshly extracted records: date bounds, speakers, kinds, text; meetings by date,
mode, status and participants, in timeline order."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from functools import lru_cache

from xiputin_cli.records import Claim, Meeting
from xiputin_cli.spans import date_bounds, interval, overlaps, parse_date_bound, precision

XI, PUTIN = "Xi Jinping", "Vladimir Putin"

__all__ = [
    "claim_test",
    "filter_claims",
    "filter_meetings",
    "in_range",
    "name_matches",
    "parse_date_bound",
    "sort_meetings",
]


WORD = re.compile(r"\w+")


@lru_cache(maxsize=4096)
def words(text: str) -> frozenset[str]:
    """Cached: a corpus has few distinct speakers, and a query asks about each claim's."""
    return frozenset(WORD.findall(text.lower()))


def name_matches(query: str, name: str) -> bool:
    """Every word of the query is a word of the name: 'Xi' matches 'Xi Jinping', not 'Xinhua'."""
    wanted = words(query)
    return bool(wanted) and wanted <= words(name)


def in_range(published: str | None, since: date | None, until: date | None) -> bool:
    """A claim dates from its article; with a bound set, an undated article cannot be shown to be in range."""
    if since is None and until is None:
        return True
    if not published:
        return False
    day = date.fromisoformat(published[:10])
    return (since is None or day >= since) and (until is None or day <= until)


def filter_claims(
    claims: Iterable[tuple[Claim, str | None]],
    *,
    speaker: str | None = None,
    since: date | None = None,
    until: date | None = None,
    kind: str | None = None,
    grep: str | None = None,
    via: str | None = None,
    outlet: str | None = None,
    article: str | None = None,
) -> Iterator[Claim]:
    """Claims (with their article's publication date) that pass every filter given (claim_test)."""
    passes = claim_test(
        speaker=speaker,
        since=since,
        until=until,
        kind=kind,
        grep=grep,
        via=via,
        outlet=outlet,
        article=article,
    )
    return (claim for claim, published in claims if passes(claim, published))


def claim_test(
    *,
    speaker: str | None = None,
    since: date | None = None,
    until: date | None = None,
    kind: str | None = None,
    grep: str | None = None,
    via: str | None = None,
    outlet: str | None = None,
    article: str | None = None,
) -> Callable[[Claim, str | None], bool]:
    """Whether a claim (with its article's publication date) passes every filter given: `via` and `outlet`
    by whole words of the medium relayed through and of the reporting article's outlet, `article` by id."""
    needle = grep.lower() if grep else None

    def passes(claim: Claim, published: str | None) -> bool:
        if speaker and not name_matches(speaker, claim.speaker):
            return False
        if kind and claim.kind != kind:
            return False
        if article and claim.evidence.article != article:
            return False
        if via and not name_matches(via, claim.via or ""):
            return False
        if outlet and not name_matches(outlet, claim.evidence.outlet or ""):
            return False
        if needle and needle not in claim.text.lower() and needle not in claim.evidence.text.lower():
            return False
        return in_range(published, since, until)

    return passes


# --- meetings ---------------------------------------------------------------------------------------------


def sort_key(m: Meeting) -> tuple[object, ...]:
    """By date (undated last), then by participants; the merge orders what sorts alike canonically."""
    span = interval(m.date)
    return span is None, span[0] if span else date.max, -precision(m.date), tuple(m.participants)


def sort_meetings(meetings: Iterable[Meeting]) -> list[Meeting]:
    """By date, then participants; a stable sort, so the merge's order of equal keys stays."""
    return sorted(meetings, key=sort_key)


def is_xi_putin(meeting: Meeting) -> bool:
    return {XI, PUTIN} <= set(meeting.participants)


def filter_meetings(
    meetings: Iterable[Meeting],
    *,
    since: str | date | None = None,
    until: str | date | None = None,
    mode: str | None = None,
    with_name: str | None = None,
    status: str | None = None,
    all_pairs: bool = False,
) -> list[Meeting]:
    """Meetings passing every filter, by date. Bounds take YYYY, YYYY-MM or YYYY-MM-DD (or dates); a meeting
    known only to the month is in range when its days overlap; with a bound set, undated meetings are left
    out (nothing shows they are in range). Only Xi–Putin meetings unless `all_pairs`."""
    low = since if isinstance(since, date) else date_bounds(since)[0] if since else date.min
    high = until if isinstance(until, date) else date_bounds(until)[1] if until else date.max
    needle = with_name.casefold() if with_name else None
    kept = []
    for m in meetings:
        if (mode and m.mode != mode) or (status and m.status != status):
            continue
        if not all_pairs and not is_xi_putin(m):
            continue
        if needle and not any(needle in p.casefold() for p in m.participants):
            continue
        span = interval(m.date)
        if (since or until) and (span is None or not overlaps(span, (low, high))):
            continue
        kept.append(m)
    return sort_meetings(kept)
