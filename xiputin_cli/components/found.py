"""A claim as the claims component finds it, before it becomes a record (records.Claim)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import accumulate

from xiputin_cli.components.quotes import Range
from xiputin_cli.components.speakers import Speaker
from xiputin_cli.records import ClaimKind


@dataclass
class Found:
    """A claim before it becomes a record: char ranges of its words and of its whole attribution."""

    speaker: Speaker
    parts: list[Range]
    kind: ClaimKind
    cue: str | None
    via: str | None
    reach: Range
    side: str = "quote"

    @classmethod
    def quoted(
        cls, speaker: Speaker, words: Range, reach: Range | None = None, via: str | None = None
    ) -> Found:
        """Words quoted without a cue of their own (a continued quote, a tweet)."""
        return cls(speaker, [words], "direct", None, via, reach or words)


class Overlaps:
    """Whether a range overlaps any of some ranges (a < end and start < b): by bisection over the ranges
    sorted by start and the furthest end reached up to each, not by a scan of them all."""

    def __init__(self, ranges: Iterable[Range]) -> None:
        ordered = sorted(ranges)
        self.starts = [a for a, _ in ordered]
        self.reach = list(accumulate((b for _, b in ordered), max))

    def hit(self, start: int, end: int) -> bool:
        k = bisect_left(self.starts, end)  # the ranges that start before `end`
        return k > 0 and self.reach[k - 1] > start


class LastEnding:
    """The claim whose attribution ends last at or before a point; of those ending there, the first listed."""

    def __init__(self, found: list[Found]) -> None:
        self.found = found
        self.keys = sorted((f.reach[1], n) for n, f in enumerate(found))

    def before(self, at: int) -> Found | None:
        k = bisect_right(self.keys, (at, len(self.found))) - 1
        if k < 0:
            return None
        return self.found[self.keys[bisect_left(self.keys, (self.keys[k][0], -1))][1]]
