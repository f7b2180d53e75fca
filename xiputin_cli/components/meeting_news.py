"""Dates a meeting takes from the article rather than from its own words: the month of the news a lead
reports without a date word, the day of a transcript's 'DATE, PLACE' line, and pair-less talks a leader of
the pair speaks of. Each is a guess the text must tie to the meeting: when it does not, the date stays null
(a wrong date is worse than none)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import islice
from typing import Protocol

from xiputin_cli.components.claim_cues import reporting_words
from xiputin_cli.components.meeting_mentions import Mention
from xiputin_cli.components.meeting_parts import DEFINITE, Context
from xiputin_cli.components.meeting_when import value_of
from xiputin_cli.dates import resolve_date
from xiputin_cli.places import same_place
from xiputin_cli.records import DateValue
from xiputin_cli.spans import MONTH_WORDS, precision

EARLY_DAYS = 7
"""A story in the first days of a month may report a meeting at the end of the month before: no month."""

LEAD_BLOCKS = 2
"""The news is told in the body's first paragraphs (a headline or caption, then the lead)."""


class NewsDraft(Protocol):
    mentions: list[Mention]
    background: bool
    location: str | None

    @property
    def status(self) -> str | None: ...


def news_month(
    draft: NewsDraft, published: date | None, ctx: Context, day_line: DayLine | None
) -> DateValue | None:
    """A held meeting the lead reports as the article's news without a date word ('Kovacs has held a call
    with Silva'): the month of the article's date. Not a meeting recalled ('their last meeting', 'when Silva
    visited Porto', 'analysts recalled'), not one told after the lead, not early in a month. A transcript's
    'DATE, PLACE' line heading the record of this meeting gives its day instead."""
    if published is None or draft.background or draft.status == "planned":
        return None
    explicit = [m for m in draft.mentions if m.explicit]
    if any(m.date is not None and m.date.text for m in draft.mentions) or all(m.recalled for m in explicit):
        return None
    if any(recalling(m, ctx) for m in explicit):
        return None
    if day_line is not None and day_line.heads(draft, published):
        return day_line.value
    held = [m for m in explicit if m.status == "held"]
    if published.day <= EARLY_DAYS or not any(m.evidence[0] < lead_end(ctx) for m in held):
        return None
    first, last = published.replace(day=1), month_end(published)
    return DateValue(start=first.isoformat(), end=last.isoformat(), precision="month", text="")


def recalling(mention: Mention, ctx: Context) -> bool:
    """'..., analysts recalled in a review': a sentence looking back tells no news."""
    sent = ctx.doc[mention.token].sent
    return any(t.lower_ in ctx.cues["status.recall_verbs"] and t.tag_.startswith("VB") for t in sent)


def lead_end(ctx: Context) -> int:
    """Where the body's first paragraphs end."""
    body = ctx.doc._.header_end or 0
    blocks = list(islice(PARAGRAPH.finditer(ctx.text, body), LEAD_BLOCKS))
    return blocks[-1].end() if blocks else body


PARAGRAPH = re.compile(r"\S(?:.|\n(?!\s*\n))*")


def month_end(day: date) -> date:
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return following - timedelta(days=1)


DATE_LINE = re.compile(r"^(?P<date>[^,\n]+(?:, \d{4})?), (?P<place>[A-Z][\w .'-]{1,40})$")
"""A line that is a date and a place, as transcripts head a record: 'April 2, 2021, Riga'. A date
alone on its line is a page's stamp: it says when the page was made, not when anyone met."""


class DayLine:
    """A 'DATE, PLACE' line at the top of the text, or a date line under a record's title."""

    def __init__(self, value: DateValue, place: str | None) -> None:
        self.value, self.place = value, place

    def heads(self, draft: NewsDraft, published: date) -> bool:
        """The record it heads is this meeting's: the article's day, and the meeting's place if it has one."""
        same_day = self.value.start == published.isoformat()
        if self.place is None or draft.location is None:
            return same_day
        return same_day and same_place(draft.location, self.place)


def record_day(ctx: Context) -> DayLine | None:
    """The day and place of a transcript's 'DATE, PLACE' line near the top of the text."""
    top = (ctx.doc._.header_end or 0) + 400
    dateline = ctx.doc._.dateline
    if (
        dateline
        and dateline[0] < top
        and (match := DATE_LINE.match(ctx.text[dateline[0] : dateline[1]].strip()))
    ):
        value = resolve_date(match["date"], None)
        if value.precision == "day":
            return DayLine(value, match["place"])
    for ent in (e for e in ctx.ents if e.label_ == "DATE" and e.start_char < top):
        start = ctx.text.rfind("\n", 0, ent.start_char) + 1
        end = ctx.text.find("\n", ent.end_char)
        line = ctx.text[start : end if end >= 0 else len(ctx.text)].strip()
        value = value_of(ent)
        if value is None or value.precision != "day":
            continue
        if (match := DATE_LINE.match(line)) and match["date"] == ent.text:
            return DayLine(value, match["place"])
        if line == ent.text and under_record_title(start, ctx):
            return DayLine(value, None)
    return None


def under_record_title(start: int, ctx: Context) -> bool:
    """A date alone on its line right under a record's title ('Talks with President Pedro Silva',
    'Beginning of the meeting with ...'): a transcript's heading, not a page stamp. A headline with a verb
    ('Kovacs holds talks with Silva') is a story's, and a stamp under it says when the page was made."""
    above = ctx.text[:start].rstrip()
    begin = above.rfind("\n") + 1
    span = ctx.doc.char_span(begin, len(above), alignment_mode="expand")
    if span is None or not above[begin:].strip():
        return False
    nouns = ctx.cues.maps["event_nouns.forms"]
    words = list(span)
    for i, token in enumerate(words[:-1]):
        if token.lower_ in nouns and words[i + 1].lower_ == "with":
            return not any(t.tag_ in FINITE_TAGS for t in words[:i])
    return False


FINITE_TAGS = ("VBZ", "VBD", "VBP", "MD")


def orphan_of_pair(mention: Mention, ctx: Context) -> bool:
    """Pair-less talks ('useful talks took place in March') are the pair's only when one of the two says
    so, in a quote of theirs ('"... took place in March," Silva said'): another speaker's or the narration's
    talks may be anyone's. Only talks, meetings and calls, held, dated to a month or a day."""
    if len(ctx.pair) != 2 or mention.participants or mention.status != "held" or not mention.unqualified:
        return False
    words = set(re.findall(r"[a-z]+", mention.date.text.lower())) if mention.date else set()
    dated = mention.date is not None and (precision(mention.date) >= 2 or bool(words & MONTH_WORDS))
    if not dated or mention.kind not in ORPHAN_KINDS:
        return False
    return quoted_by(ctx.doc[mention.token].idx, ctx.pair, ctx.text) or follows_pair(mention, ctx)


def follows_pair(mention: Mention, ctx: Context) -> bool:
    """'The two leaders spoke by video link. The conversation took place on ...': a definite meeting noun
    right after a sentence of the same paragraph naming both leaders points back to them."""
    trigger = ctx.doc[mention.token]
    if not any(c.dep_ == "det" and c.lower_ in DEFINITE for c in trigger.children):
        return False
    sent = trigger.sent
    if sent.start == 0 or "\n\n" in ctx.text[ctx.doc[sent.start - 1].idx : sent.start_char]:
        return False
    before = ctx.doc[sent.start - 1].sent
    return set(ctx.pair) <= {ctx.persons[t.i] for t in before if t.i in ctx.persons}


ORPHAN_KINDS = ("talks", "meeting", "conversation", "call")
SPEAKER = r"(?P<who>(?:[A-Z][\w.-]*\s?){1,3})\s+(?P<verb>[a-z]+)\b"
QUOTE_END = re.compile(r"[”\"],?\s+" + SPEAKER)
SPEAKER_FIRST = re.compile(SPEAKER + r"[^“\"]{0,40}[“\"]")


def said_by(match: re.Match[str] | None, surnames: set[str]) -> bool:
    """'..." Silva said': a reporting verb (models/reporting_verbs.json) after a leader's name."""
    if match is None or match["verb"] not in reporting_words():
        return False
    return bool(surnames & set(match["who"].split()))


def quoted_by(at: int, pair: Sequence[str], text: str) -> bool:
    """The offset lies inside a quote, in its paragraph, that a leader of the pair is named as saying."""
    start = max(text.rfind("\n\n", 0, at), 0)
    end = text.find("\n\n", at)
    end = len(text) if end < 0 else end
    before, after = text[start:at], text[at:end]
    opened = before.count("“") > before.count("”") or (before.count('"') % 2 == 1)
    surnames = {part for name in pair for part in name.split()}  # 'Xi' as well as 'Putin'
    ends = [i for i in (after.find("”"), after.find('"')) if i >= 0]
    closing = QUOTE_END.match(after, min(ends)) if ends else None
    opening = list(SPEAKER_FIRST.finditer(before))
    return opened and (said_by(closing, surnames) or said_by(opening[-1] if opening else None, surnames))
