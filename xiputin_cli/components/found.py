"""A claim as the claims component finds it, before it becomes a record (records.Claim)."""

from __future__ import annotations

from dataclasses import dataclass

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
