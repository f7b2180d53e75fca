"""Where a meeting took place, settled for the whole meeting (settle_places): the first clause naming it,
then what the article says about the same trip: the one city it names in the country, a transcript's
'DATE, PLACE' line over its lead, where one of the people arrived that day, a list entry's place line, the
news event's place, a meeting of the same people that day. Never for a call, and only for the article's
news where the trip is inferred (a meeting recalled from years before keeps what its own clause says).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from spacy.tokens import Span

from xiputin_cli.components.meeting_parts import Context, child
from xiputin_cli.components.meeting_places import (
    CALL_MODES,
    PLACE_LABELS,
    WIDE,
    at_another_time,
    dateline_place,
    lowered,
    places_at,
)
from xiputin_cli.places import Place, cue, resolve
from xiputin_cli.records import DateValue

NEWS_DAYS = timedelta(days=7)
CALENDAR_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d{4}\b|\b(?:spring|summer|autumn|fall|winter)\b",
    re.IGNORECASE,
)
PLACE_LINE = re.compile(
    r"(?:(?:Place|Venue|Location|Where)\s*:\s*)?"
    r"(?P<parts>[A-Z][\w.'’ -]{1,40}(?:, ?[A-Za-z][\w.'’ -]{1,40}){1,2})"
)


class MentionLike(Protocol):
    evidence: tuple[int, int]
    token: int
    date: DateValue | None
    location: str | None
    country: str | None

    @property
    def explicit(self) -> bool: ...


class DraftLike(Protocol):
    """What settle_places reads and sets on a meeting being assembled (meetings.Draft)."""

    participants: list[str]
    mode: str | None
    location: str | None
    country: str | None
    date: DateValue | None

    @property
    def mentions(self) -> Sequence[MentionLike]: ...


@dataclass
class ArticlePlaces:
    """The places an article names (as cities, with their countries), and what it says about the trip."""

    cities: list[Place] = field(default_factory=list)
    dateline: Place | None = None  # a transcript's own 'DATE, PLACE' line
    arrivals: list[tuple[str, Place]] = field(default_factory=list)  # (who, where)
    lines: list[int] = field(default_factory=list)  # where each non-empty line starts
    place_lines: dict[int, Place] = field(default_factory=dict)  # line number → 'Place: Moscow, Russia'
    event_cities: set[str] = field(default_factory=set)  # 'the summit on the resort island of Bali'

    def line_of(self, char: int) -> int:
        return bisect_right(self.lines, char) - 1

    def listed_place(self, char: int) -> Place | None:
        """The place line of a list entry ('May 14, 2017 / Beijing, China / Forum ...') nearest a mention,
        within three lines, the one before it on a tie."""
        here = self.line_of(char)
        near = [(abs(n - here), n > here, p) for n, p in self.place_lines.items() if abs(n - here) <= 3]
        return min(near, key=lambda x: (x[0], x[1]))[2] if near else None


def settle_places(drafts: Sequence[DraftLike], ctx: Context, published: date | None) -> None:
    """Each meeting's place from all its mentions and the article (see meeting_city); calls have none; a
    meeting of the day's news left without one is where the same people met that day ('Xi also hosted a
    trilateral meeting with Putin and ...')."""
    day = news_day(drafts, published)
    seen = article_places(ctx, day)
    for draft in drafts:
        people = set(draft.participants)
        taken = {
            d.location for d in drafts if d is not draft and d.location and set(d.participants) == people
        }
        draft.location = None if draft.mode in CALL_MODES else meeting_city(draft, seen, ctx, day, taken)
        draft.country = None  # meeting_city gives the country where no city is known
    for draft in drafts:
        if draft.location is None and draft.mode not in CALL_MODES and is_news(draft, day):
            draft.location = next((d.location for d in drafts if same_occasion(d, draft)), None)


def meeting_city(
    draft: DraftLike, seen: ArticlePlaces, ctx: Context, day: date | None, taken: set[str]
) -> str | None:
    """The first clause naming the meeting: its city; else its country, or the city of it the article
    names for the trip. Then hints: a list entry's place line beside it, a transcript's 'DATE, PLACE' line
    over its lead, the city one of them arrived in that day; then the other clauses naming it, the mentions
    that only refer to it ('the talks in Moscow'), and last the one place of the news events."""
    tied = seen.dateline is not None and draft.mode == "in_person" and tied_to_dateline(draft, ctx)
    news = is_news(draft, day)
    arrived = [p for who, p in seen.arrivals if who in draft.participants] if news else []
    ordered = sorted(draft.mentions, key=lambda m: (not m.explicit, m.token))
    listed = [p for p in (seen.listed_place(m.evidence[0]) for m in ordered[:1]) if p is not None]
    hints = [*listed, *([seen.dateline] if seen.dateline and tied else []), *arrived[:1]]
    explicit = [m for m in ordered if m.explicit]
    weak = [m for m in ordered if not m.explicit and not elsewhere(m, draft, ctx)]
    events = [resolve(c) for c in seen.event_cities][:1] if len(seen.event_cities) == 1 and news else []
    groups: list[list[Place] | list[MentionLike]] = [explicit[:1], hints, explicit[1:], weak, events]
    for group in groups:
        for item in group:
            if isinstance(item, Place):
                return item.city if draft.mode in ("in_person", None) else None
            if item.location or item.country:
                inside = cities_in(item.country, draft)  # 'visit Russia ... talks in the Russian capital'
                found = country_city(item.country or "", hints, seen, taken if near(draft, day) else None)
                return item.location or next(iter(inside), None) or found or item.country
    return None


def cities_in(country: str | None, draft: DraftLike) -> list[str]:
    """The cities the meeting's other mentions name in that country."""
    code = resolve(country).country if country else None
    return [m.location for m in draft.mentions if code and m.location and resolve(m.location).country == code]


def elsewhere(mention: MentionLike, draft: DraftLike, ctx: Context) -> bool:
    """A mention that only joined the meeting but is on a journey before or after it, or dated apart from
    it ('they had first met at a summit in Porto in 2009')."""
    apart = draft.date is not None and not (
        within(mention.date, draft.date) or within(draft.date, mention.date)
    )
    return at_another_time(ctx.doc[mention.token]) or (first_day(mention.date) is not None and apart)


def country_city(country: str, hints: list[Place], seen: ArticlePlaces, taken: set[str] | None) -> str | None:
    """The city of a country the meeting was in: a hint's (the transcript's line, an arrival), else, for a
    meeting of the article's news (`taken` is None for one long before), the one city of that country the
    article names, when no other meeting of the same people holds it."""
    code = resolve(country).country
    inside = [p.city for p in hints if p.country == code]
    named = {p.city for p in seen.cities if p.country == code and taken is not None and p.city not in taken}
    return inside[0] if inside else (named.pop() if len(named) == 1 else None)


def same_occasion(other: DraftLike, draft: DraftLike) -> bool:
    """Another meeting of two or more of the same people, on a day within the other's dates."""
    shared = len(set(other.participants) & set(draft.participants)) >= 2
    day = within(draft.date, other.date) or within(other.date, draft.date)
    return other is not draft and bool(other.location) and shared and day and other.mode not in CALL_MODES


def news_day(drafts: Sequence[DraftLike], published: date | None) -> date | None:
    """The day the article's news happened: its publication date, else the first meeting's day."""
    return published or next((d for d in (first_day(x.date) for x in drafts) if d is not None), None)


def first_day(value: DateValue | None, *, last: bool = False) -> date | None:
    """The first (or last) day of a resolved date; None for an unresolved or year-only one."""
    text = None if value is None else (value.end if last else None) or value.start
    try:
        return date.fromisoformat(text[:10]) if text and len(text) >= 10 else None
    except ValueError:
        return None


def near(draft: DraftLike, day: date | None) -> bool:
    """Dated within days of the news day ('two days earlier', 'in June' of a June article), or not dated
    at all or only by weekday; a month nothing resolves ('in June' of an undated article) may be any year."""
    if first_day(draft.date) is None:
        return not (draft.date and CALENDAR_WORDS.search(draft.date.text or ""))
    return near_day(draft.date, day)


def date_of(ent: Span) -> DateValue | None:
    """A DATE entity's resolved value (a DateValue, or a dict after crossing processes)."""
    value = ent._.date_value
    if isinstance(value, dict):
        return DateValue.model_validate(value)
    return value if isinstance(value, DateValue) else None


def near_day(value: DateValue | None, day: date | None) -> bool:
    """A resolved date within days of the news day; an unresolved one says nothing against it."""
    start, end = first_day(value), first_day(value, last=True)
    if start is None or end is None:
        return True
    return day is not None and start - NEWS_DAYS <= day <= end + NEWS_DAYS


def is_news(draft: DraftLike, day: date | None) -> bool:
    """The meeting the article reports as its news, not one it recalls ('they last met in May')."""
    return not getattr(draft, "background", False) and near(draft, day)


def tied_to_dateline(draft: DraftLike, ctx: Context) -> bool:
    """A mention in the sentence holding the page's 'DATE, PLACE' line, or in the lead right under it."""
    span = ctx.doc._.dateline
    if not span:
        return False
    for mention in draft.mentions:
        start, end = mention.evidence
        if start <= span[1] <= end or (start >= span[1] and not ctx.text[span[1] : start].strip()):
            return True
    return False


def article_places(ctx: Context, day: date | None) -> ArticlePlaces:
    """Read once per article: its cities, its transcript line, arrivals, news events and place lines."""
    seen = ArticlePlaces(dateline=dateline_place(ctx, own_line=True))
    for ent in ctx.ents:
        if ent.label_ in PLACE_LABELS and not ctx.skip(ent.root):
            place = resolve(ent.text)
            if place.kind in ("city", "venue") and place.country:
                seen.cities.append(place)
    filed = dateline_place(ctx)
    if filed is not None and filed.country:
        seen.cities.append(filed)
    seen.arrivals = list(arrivals(ctx))
    seen.event_cities = {p.city for p in event_places(ctx, day) if p.city}
    for number, line in enumerate(re.finditer(r"[^\n]*\S[^\n]*", ctx.text)):
        seen.lines.append(line.start())
        listed = place_line(line.group())
        if listed is not None:
            seen.place_lines[number] = listed
    return seen


def event_places(ctx: Context, day: date | None) -> Iterator[Place]:
    """Where the article's events of the news days are ('a summit on the island of Bali', 'the forum in
    Beijing'), not those its sentence dates apart ('first met at a summit in Porto in 2009')."""
    words, event_words = lowered(ctx), ctx.cues["occasion.event_words"]
    for i in (i for i, word in enumerate(words) if word in event_words):
        token = ctx.doc[i]
        if ctx.skip(token) or at_another_time(token):
            continue
        sent = token.sent
        if any(not near_day(date_of(e), day) for e in ctx.dates if sent.start <= e.start < sent.end):
            continue
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "on"):
                for obj in prep.children:
                    yield from (p for p in places_at(obj, ctx) if p.kind not in WIDE)


def arrivals(ctx: Context) -> Iterator[tuple[str, Place]]:
    """'Putin arrived in Shanghai early Tuesday': who arrived where (a city, not a country)."""
    for token in ctx.doc:
        if token.lower_ not in cue("arrival_words") or not token.tag_.startswith("VB") or ctx.skip(token):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        people = {ctx.persons[t.i] for s in subjects for t in s.subtree if t.i in ctx.persons}
        here = dateline_place(ctx) if child(token, ["advmod"], cue("here_words")) is not None else None
        if here is not None and len(people) == 1:
            yield next(iter(people)), here  # 'Putin arrived here on Tuesday': the dateline's place
        for prep in token.children if len(people) == 1 else ():
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                for obj in prep.children:
                    who = next(iter(people))
                    yield from ((who, p) for p in places_at(obj, ctx) if p.kind not in WIDE)


def place_line(line: str) -> Place | None:
    """A line that only says where: 'Place: Moscow, Russia', 'Hangzhou, Zhejiang province, China'."""
    match = PLACE_LINE.fullmatch(line.strip())
    if match is None:
        return None
    city, *_, country = [resolve(part) for part in match.group("parts").split(",")]
    return (
        city
        if city.kind == "city" and country.kind == "country" and city.country == country.country
        else None
    )


def within(inner: DateValue | None, outer: DateValue | None) -> bool:
    """Both resolved, and the inner dates lie inside the outer ones (ISO strings compare as dates)."""
    if not (inner and outer and inner.start and outer.start):
        return False
    return outer.start <= inner.start and (inner.end or inner.start) <= (outer.end or outer.start)
