"""Where a meeting took place, settled for the whole meeting (settle_places): the first clause naming it,
then what the article says about the same trip: the one city it names in the country in a sentence about
that trip, a transcript's 'DATE, PLACE' line over its lead, where one of the people arrived that day, the
place line heading a list entry or in a fact box, the news event's place, a meeting of the same people that
day. Never for a call, never a wire's dateline (where the story was filed), and only for the article's news
where the trip is inferred (a meeting recalled from years before keeps what its own clause says).
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
    in_dateline,
    lowered,
    places_at,
)
from xiputin_cli.components.place_lines import structured_place_lines
from xiputin_cli.header import is_person
from xiputin_cli.places import Place, cue, resolve
from xiputin_cli.records import DateValue

NEWS_DAYS = timedelta(days=7)
CALENDAR_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d{4}\b|\b(?:spring|summer|autumn|fall|winter)\b",
    re.IGNORECASE,
)
METONYMS = ("nsubj", "nsubjpass", "poss")  # a city that acts or owns stands for its government
PAIR_WORD = "they"  # 'they will hold talks in the capital': the sentence speaks of the pair


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

    cities: list[tuple[Place, int]] = field(default_factory=list)  # (city, its sentence's number)
    sents: list[int] = field(default_factory=list)  # where each sentence starts
    trips: dict[int, set[str]] = field(default_factory=dict)  # a trip's sentence → who it names
    dateline: Place | None = None  # a transcript's own 'DATE, PLACE' line
    arrivals: list[tuple[str, Place]] = field(default_factory=list)  # (who, where)
    lines: list[int] = field(default_factory=list)  # where each non-empty line starts
    place_lines: dict[int, tuple[Place, bool]] = field(default_factory=dict)  # line → (place, in a box)
    event_cities: set[str] = field(default_factory=set)  # 'the summit on the resort island of Bali'

    def line_of(self, char: int) -> int:
        return bisect_right(self.lines, char) - 1

    def sent_of(self, char: int) -> int:
        return bisect_right(self.sents, char) - 1

    def listed_place(self, char: int) -> Place | None:
        """The place line heading the list entry a mention is in ('October 2, 2016 / Porto, Portugal / Rail
        forum ...'): the nearest one at most three lines above it; a fact box's, above or below, the one
        above on a tie."""
        here = self.line_of(char)
        near = [
            (abs(here - n), n > here, p)
            for n, (p, boxed) in self.place_lines.items()
            if 0 <= here - n <= 3 or (boxed and abs(here - n) <= 3)
        ]
        return min(near, key=lambda x: (x[0], x[1]))[2] if near else None

    def trip_sents(self, draft: DraftLike) -> set[int]:
        """The sentences about this meeting's trip: a travel, arrival or meeting word in a sentence of
        its mentions or next to one, or naming one of its people (or 'they')."""
        own = {
            n
            for m in draft.mentions
            for n in range(self.sent_of(m.evidence[0]), self.sent_of(m.evidence[1] - 1) + 1)
        }
        people = set(draft.participants) | {PAIR_WORD}
        return {n for n, named in self.trips.items() if {n - 1, n, n + 1} & own or named & people}


def settle_places(drafts: Sequence[DraftLike], ctx: Context, published: date | None) -> None:
    """Each meeting's place from all its mentions and the article (see meeting_city); calls have none; a
    meeting of the day's news left without one is where the same people met that day ('later the three of
    them, Kovacs, Silva and Weber, sat down together')."""
    day = news_day(drafts, published)
    seen = article_places(ctx, day)
    for draft in drafts:
        people = set(draft.participants)
        taken = {
            d.location for d in drafts if d is not draft and d.location and set(d.participants) == people
        }
        draft.location = None if draft.mode in CALL_MODES else meeting_city(draft, seen, ctx, day, taken)
        draft.country = None  # meeting_city gives the country where no city is known
    respective_places(drafts, ctx)
    for draft in drafts:
        if draft.location is None and draft.mode not in CALL_MODES and is_news(draft, day):
            draft.location = next((d.location for d in drafts if same_occasion(d, draft, ctx.text)), None)


def respective_places(drafts: Sequence[DraftLike], ctx: Context) -> None:
    """'were held in 2015 and 2017, at fairs in Porto and Braga(, respectively)': meetings of one clause,
    each with a date of its own, take its cities in order when there are as many; with the counts apart, a
    city of the list is no one meeting's (which one is not said)."""
    by_token: dict[int, list[DraftLike]] = {}
    for draft in drafts:
        for token in {m.token for m in draft.mentions}:
            by_token.setdefault(token, []).append(draft)
    for token, group in by_token.items():
        sent = ctx.doc[token].sent
        starts = {d.date.start for d in group if d.date and d.date.start}
        cities = listed_cities(sent, ctx) if len(starts) == len(group) > 1 else []
        values = (date_of(e) for e in ctx.dates if sent.start <= e.start < sent.end)
        dated = [v for v in values if v is not None and v.start in starts]  # not 'this year' around them
        if len(set(cities)) < 2:
            continue  # one place for all, or not a series of dated meetings
        if len(cities) != len(group) or len(dated) != len(group):
            for draft in group:
                draft.location = None if draft.location in cities else draft.location
            continue
        for value, city in zip(dated, cities, strict=True):
            owners = [d for d in group if d.date and d.date.start == value.start]
            if len(owners) == 1 and owners[0].mode not in CALL_MODES:
                owners[0].location = city


def listed_cities(sent: Span, ctx: Context) -> list[str]:
    """The cities a sentence names as places, in order, with the known cities coordinated with them that
    the recogniser missed ('in Porto and Braga')."""
    inside = [e for e in ctx.ents if sent.start <= e.start < sent.end and is_locative(e)]
    named = {t.i for e in inside for t in e}
    joined = [t for e in inside for t in e.root.conjuncts if t.i not in named and t.tag_ == "NNP"]
    found = sorted([(e.start, e.text) for e in inside] + [(t.i, t.text) for t in joined])
    return [p.city for p in (resolve(text) for _, text in found) if p.kind in ("city", "venue") and p.city]


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
                trip = seen.trip_sents(draft) if near(draft, day) else None
                found = country_city(item.country or "", hints, seen, taken, trip)
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


def country_city(
    country: str, hints: list[Place], seen: ArticlePlaces, taken: set[str], trip: set[int] | None
) -> str | None:
    """The city of a country the meeting was in: a hint's (the transcript's line, an arrival), else, for a
    meeting of the article's news (`trip` is None for one long before), the one city of that country named
    in the sentences about its trip (`trip`), when no other meeting of the same people holds it. A city
    named anywhere else in the article (a wire's dateline, another story) is no evidence of the place."""
    code = resolve(country).country
    inside = [p.city for p in hints if p.country == code]
    named = {
        p.city for p, n in seen.cities if p.country == code and trip and n in trip and p.city not in taken
    }
    return inside[0] if inside else (named.pop() if len(named) == 1 else None)


def same_occasion(other: DraftLike, draft: DraftLike, text: str) -> bool:
    """Another meeting of two or more of the same people, on a day within the other's dates; or, for a
    held meeting with no date of its own, a held one told in the same paragraph ('Kovacs also hosted a
    three-way meeting with Silva and Weber')."""
    shared = len(set(other.participants) & set(draft.participants)) >= 2
    day = within(draft.date, other.date) or within(other.date, draft.date)
    undated = (draft.date is None or not draft.date.start) and held(draft) and held(other)
    told = day or (undated and same_paragraph(other, draft, text))
    return other is not draft and bool(other.location) and shared and told and other.mode not in CALL_MODES


def held(draft: DraftLike) -> bool:
    return getattr(draft, "status", None) == "held"


def same_paragraph(one: DraftLike, other: DraftLike, text: str) -> bool:
    """A mention of each with no line break between them."""
    return any(
        "\n" not in text[min(a.evidence[1], b.evidence[1]) : max(a.evidence[0], b.evidence[0])]
        for a in one.mentions
        for b in other.mentions
    )


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
    span = ctx.dateline
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
    sents = list(ctx.doc.sents)
    seen.sents = [s.start_char for s in sents]
    for ent in ctx.ents:
        if ctx.root(ent) not in ctx.outside and not in_dateline(ent.start_char, ctx) and is_locative(ent):
            place = resolve(ent.text)
            if place.kind in ("city", "venue") and place.country:
                seen.cities.append((place, seen.sent_of(ent.start_char)))
    seen.trips = trip_words(sents, ctx, day)
    seen.arrivals = list(arrivals(ctx))
    seen.event_cities = {p.city for p in event_places(ctx, day) if p.city}
    lines = list(re.finditer(r"[^\n]*\S[^\n]*", ctx.text))
    seen.lines = [line.start() for line in lines]
    seen.place_lines = structured_place_lines([line.group().strip() for line in lines], ctx)
    return seen


def is_locative(ent: Span) -> bool:
    """A place named as a place: not one that acts or owns ('as Lisbon weighed the budget', 'Madrid's
    reply': its government); a known city the recogniser calls a person or an organisation only after a
    preposition ('flew home from Porto')."""
    dep, label = ent.root.dep_, ent.label_  # Span.root walks the span's tokens on every access
    if dep in METONYMS:
        return False
    return label in PLACE_LABELS or (label in ("PERSON", "ORG") and dep == "pobj" and not is_person(ent.text))


def trip_words(sents: list[Span], ctx: Context, day: date | None) -> dict[int, set[str]]:
    """Each sentence with a travel, arrival, event or meeting word ('flew home from Porto after the
    summit'), and the people it names ('they' for the pair); not one it dates apart from the news days
    ('she had visited Lisbon last year')."""
    words = lowered(ctx)
    cues = cue("travel_words") | cue("trip_words") | ctx.cues["occasion.event_words"]
    found: dict[int, set[str]] = {}
    for n, sent in enumerate(sents):
        here = words[sent.start : sent.end]
        dated = [date_of(e) for e in ctx.dates if sent.start <= e.start < sent.end]
        if cues.intersection(here) and all(near_day(value, day) for value in dated):
            names = {ctx.persons[i] for i in range(sent.start, sent.end) if i in ctx.persons}
            found[n] = names | ({PAIR_WORD} if PAIR_WORD in here else set())
    return found


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
    """'Silva landed in Porto on Tuesday morning': who arrived where (a city, not a country)."""
    words, arrival = lowered(ctx), cue("arrival_words")
    for token in (ctx.doc[i] for i, word in enumerate(words) if word in arrival):  # a Token only for these
        if not token.tag_.startswith("VB") or ctx.skip(token):
            continue
        subjects = [c for c in token.children if c.dep_ == "nsubj"]
        people = {ctx.persons[t.i] for s in subjects for t in s.subtree if t.i in ctx.persons}
        here = dateline_place(ctx) if child(token, ["advmod"], cue("here_words")) is not None else None
        if here is not None and len(people) == 1:
            yield next(iter(people)), here  # 'Silva arrived here on Tuesday': the dateline's place
        for prep in token.children if len(people) == 1 else ():
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                for obj in prep.children:
                    who = next(iter(people))
                    yield from ((who, p) for p in places_at(obj, ctx) if p.kind not in WIDE)


def within(inner: DateValue | None, outer: DateValue | None) -> bool:
    """Both resolved, and the inner dates lie inside the outer ones (ISO strings compare as dates)."""
    if not (inner and outer and inner.start and outer.start):
        return False
    return outer.start <= inner.start and (inner.end or inner.start) <= (outer.end or outer.start)
