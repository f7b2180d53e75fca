"""Over-long articles run through the pipeline in parts, and come back as one record.

Several of xiputin's rules cost more than linear time in an article's length (a claim looks back over the
text, a date over earlier dates), which is nothing for news (a few thousand characters) but minutes for a
hostile or merged megabyte. Cutting what is longer than PART_CHARS at paragraph breaks bounds the work per
character; the parts' records are joined with their offsets moved back, so evidence is still
text[start:end] of the article as read.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator

from xiputin_cli.load import SourceText
from xiputin_cli.records import Article, Claim, Entity, Evidence, Meeting

PART_CHARS = 20_000  # ~3,300 words: longer than nearly every news story, so news is almost never cut
CUT_AT = (re.compile(r"\n\s*\n"), re.compile(r"\n"), re.compile(r"[.!?…][\"”’)\]]*\s+"), re.compile(r"\s+"))

Parted = tuple[SourceText, list[int]]  # an article and where its parts start


def cut_points(text: str, size: int = PART_CHARS) -> list[int]:
    """Where parts start: 0, then the end of the last paragraph break (else line break, sentence end, space)
    before each `size` characters; a hard cut only where there is none of these at all."""
    starts = [0]
    while len(text) - starts[-1] > size:
        start, limit = starts[-1], starts[-1] + size
        ends = (
            max((m.end() for m in cut.finditer(text, start + size // 2, limit)), default=0) for cut in CUT_AT
        )
        starts.append(next((end for end in ends if end > start), limit))
    return starts


def split_parts(articles: Iterable[SourceText], parted: deque[Parted]) -> Iterator[SourceText]:
    """Each article, or its parts when it is over-long; `parted` learns, in order, how each was split."""
    for article in articles:
        starts = cut_points(article.text) if len(article.text) > PART_CHARS else [0]
        parted.append((article, starts))
        if len(starts) == 1:
            yield article
            continue
        for n, (start, end) in enumerate(zip(starts, [*starts[1:], len(article.text)], strict=True)):
            yield part_of(article, start, end, first=n == 0)


def part_of(article: SourceText, start: int, end: int, *, first: bool) -> SourceText:
    """The article's characters [start, end) with what the loader found there, in the part's offsets."""
    boilerplate = [
        (max(s, start) - start, min(e, end) - start, kind)
        for s, e, kind in article.boilerplate
        if s < end and start < e
    ]
    return article.model_copy(
        update={
            "text": article.text[start:end],
            "header_end": article.header_end if first else 0,
            "dateline_span": article.dateline_span if first else None,
            "boilerplate": boilerplate,
        }
    )


def join_parts(records: Iterator[Article], parted: deque[Parted]) -> Iterator[Article]:
    """One record per article again: the parts' entities, meetings and claims in order, offsets moved back."""
    for record in records:
        article, starts = parted.popleft()
        if len(starts) == 1:
            yield record
            continue
        parts = [record, *(next(records) for _ in starts[1:])]
        yield joined(article, parts, starts)


def joined(article: SourceText, parts: list[Article], starts: list[int]) -> Article:
    first = parts[0]
    note = f"read in {len(parts)} parts of at most {PART_CHARS:,} characters, cut at paragraph breaks"
    return first.model_copy(
        update={
            "words": len(article.text.split()),
            "entities": [
                moved_entity(e, at) for part, at in zip(parts, starts, strict=True) for e in part.entities
            ],
            "meetings": [
                moved_meeting(m, at) for part, at in zip(parts, starts, strict=True) for m in part.meetings
            ],
            "claims": [
                moved_claim(c, at) for part, at in zip(parts, starts, strict=True) for c in part.claims
            ],
            "warnings": [*first.warnings, note],
        }
    )


def moved(evidence: Evidence, at: int) -> Evidence:
    return evidence.model_copy(update={"start": evidence.start + at, "end": evidence.end + at})


def moved_entity(entity: Entity, at: int) -> Entity:
    return entity.model_copy(update={"start": entity.start + at, "end": entity.end + at})


def moved_meeting(meeting: Meeting, at: int) -> Meeting:
    return meeting.model_copy(update={"evidence": [moved(e, at) for e in meeting.evidence]})


def moved_claim(claim: Claim, at: int) -> Claim:
    return claim.model_copy(update={"evidence": moved(claim.evidence, at)})
