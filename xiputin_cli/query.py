"""Filters over stored or freshly extracted records: date bounds, speakers, kinds, text."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache

from xiputin_cli.records import Claim
from xiputin_cli.spans import parse_date_bound

__all__ = ["filter_claims", "in_range", "name_matches", "parse_date_bound"]


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
) -> Iterator[Claim]:
    """Claims (with their article's publication date) that pass every filter given."""
    needle = grep.lower() if grep else None
    for claim, published in claims:
        if speaker and not name_matches(speaker, claim.speaker):
            continue
        if kind and claim.kind != kind:
            continue
        if needle and needle not in claim.text.lower() and needle not in claim.evidence.text.lower():
            continue
        if in_range(published, since, until):
            yield claim
