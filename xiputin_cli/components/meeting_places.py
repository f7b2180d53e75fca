"""Where a meeting took place: read off its clause (unit_places), then settled for the whole meeting
(settle_places) with what the article says elsewhere about the same trip.

A place is the city: a venue stands for its city ('at the Kremlin' → Moscow), a country gives way to the
one city of that country the article names for the trip ('in Portugal' ... 'flew home from Lisbon'). The
dateline's place counts only where the text ties the meeting to it: 'here', the dateline's own sentence or
a transcript's lead. Calls have no place. Place names are resolved by xiputin_cli/places.py (models/).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from spacy.tokens import Span, Token

from xiputin_cli.components.meeting_parts import Context, Unit, anchor_verb, child
from xiputin_cli.header import is_person, read_head
from xiputin_cli.places import Place, capital_of, cue, resolve, venue_in
from xiputin_cli.records import DateValue

NAME_TAGS = ("NNP", "NNPS")
PLACE_LABELS = ("GPE", "LOC", "FAC")
CALL_MODES = ("phone", "video")
NEWS_DAYS = timedelta(days=7)
CALENDAR_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b\d{4}\b|\b(?:spring|summer|autumn|fall|winter)\b",
    re.IGNORECASE,
)
PLACE_LINE = re.compile(
    r"(?:(?:Place|Venue|Location|Where)\s*:\s*)?"
    r"(?P<parts>[A-Z][\w.'’ -]{1,40}(?:, ?[A-Za-z][\w.'’ -]{1,40}){1,2})"
)


# --- one clause ---------------------------------------------------------------------------------------


def unit_places(unit: Unit, ctx: Context, occasion_ids: set[int]) -> tuple[str | None, str | None]:
    """(city or place, country) of a meeting clause: 'held talks in Moscow', 'at the Great Hall of the
    People', 'on the sidelines of the summit in the Uzbek city of Samarkand', 'a trip to Beijing', 'arrived
    in Beijing to hold talks', 'a state visit to Russia'; 'here' is the dateline's place; never the dateline
    itself."""
    found = list(clause_places(unit, ctx, occasion_ids))
    if not found and any(ctx.doc[i].lower_ in cue("here_words") for i in unit.scope):
        here = dateline_place(ctx)
        found = [here] if here is not None else []
    found = found or list(event_cities(unit, ctx))
    city = next((p.city for p in found if p.kind != "country"), None)
    country = next((p.name for p in found if p.kind == "country"), None)
    return city, country


def clause_places(unit: Unit, ctx: Context, occasion_ids: set[int]) -> Iterator[Place]:
    anchor = anchor_verb(unit, ctx)
    people_ids = set(ctx.persons) | {ctx.doc[i].head.i for i in ctx.persons}  # 'Xi Jinping in San Francisco'
    allowed = {unit.head.i, unit.trigger.i, anchor.i if anchor else -1} | occasion_ids | people_ids
    allowed |= {c.i for i in allowed if i >= 0 for c in ctx.doc[i].children if is_modifier(c)}
    journeys = {i for i in unit.scope if is_journey(ctx.doc[i], allowed)}  # 'on a trip to Beijing'
    events = {i for i in unit.scope if ctx.doc[i].lower_ in ctx.cues["occasion.event_words"]}
    events |= {i for i in unit.scope if ctx.doc[i].head.i in events and ctx.doc[i].dep_ in ("amod", "acl")}
    later: list[Place] = []
    for i in sorted(unit.scope - other_times(unit, ctx)):
        token = ctx.doc[i]
        if token.dep_ == "dobj" and token.head.i in journeys and token.head.tag_.startswith("VB"):
            yield from places_at(token, ctx)  # 'visited China', 'will visit Moscow'
        prep = token.head if token.dep_ == "pobj" else None
        if prep is None or prep.head.i not in allowed | journeys | events:
            continue
        if prep.lower_ in (cue("travel_preps") if prep.head.i in journeys else cue("preps")):
            if prep.head.i in allowed | journeys:
                yield from places_at(token, ctx)
            else:  # 'to take part in the forum in Beijing': after the clause's own places
                later += places_at(token, ctx)
    yield from purpose_places(unit, ctx)
    yield from later


def other_times(unit: Unit, ctx: Context) -> set[int]:
    """Journeys at another time, and so to another place: 'before Xi heads for Germany, where ...', 'after
    his trip to Rome' (but 'after arriving in Lisbon', 'ahead of the summit in Astana' are where it was)."""
    skip: set[int] = set()
    for i in unit.scope:
        token = ctx.doc[i]
        mark = child(token, ["mark", "advmod"], cue("time_preps")) if token.dep_ == "advcl" else None
        timed = token.dep_ == "prep" and token.lower_ in cue("time_preps") and token.head.i != unit.trigger.i
        words = {t.lower_ for t in token.subtree}
        if (mark is not None or timed) and words & cue("travel_words") and not words & cue("arrival_words"):
            skip |= {t.i for t in token.subtree}
    return skip


def is_journey(token: Token, allowed: set[int]) -> bool:
    """A travel word of this meeting's clause ('visit', 'on a trip', 'as they visit Kazakhstan'), not another
    trip it refers to ('agreements reached during the July visit', 'after he visits Rome')."""
    if token.lower_ not in cue("travel_words"):
        return False
    if token.i in allowed:
        return True
    if token.dep_ == "pobj":
        return token.head.lower_ not in cue("time_preps") and token.head.head.i in allowed
    timed = any(c.dep_ in ("mark", "advmod") and c.lower_ in cue("time_preps") for c in token.children)
    return token.dep_ in ("advcl", "xcomp", "conj") and token.head.i in allowed and not timed


def event_cities(unit: Unit, ctx: Context) -> Iterator[Place]:
    """'ahead of the start of the Beijing Winter Olympics': a city naming the event the meeting was at."""
    for i in sorted(unit.scope):
        token = ctx.doc[i]
        if token.lower_ in ctx.cues["occasion.event_words"] or token.ent_type_ == "EVENT":
            for word in token.lefts:
                place = resolve(word.text) if word.dep_ in ("compound", "nmod") else None
                if place is not None and place.kind == "city":
                    yield place


def is_modifier(token: Token) -> bool:
    """'talks, held in Moscow', 'the summit, due in Xiamen': a participle or adjective placing its head."""
    return token.dep_ in ("acl", "advcl", "amod") and token.tag_ in ("JJ", "VBN")


def purpose_places(unit: Unit, ctx: Context) -> Iterator[Place]:
    """'arrived in Beijing to hold talks', 'flew to Rome to meet Weber', 'arrived in Astana and met Xi': the
    journey whose purpose (or sequel) the meeting is; 'met in May when Xi visited Beijing': the journey the
    meeting was part of."""
    head = unit.head
    purpose = head.dep_ in ("xcomp", "advcl") and child(head, ["aux"], ["to"]) is not None
    journeys = (
        [head.head] if (purpose or head.dep_ == "conj") and head.head.lower_ in cue("travel_words") else []
    )
    journeys += [c for c in head.children if c.tag_.startswith("VB") and is_journey(c, {head.i})]
    for journey in journeys:
        for part in journey.children:
            if part.dep_ == "dobj" and journey.lower_ not in cue("arrival_words"):
                yield from places_at(part, ctx)
            if part.dep_ == "prep" and part.lower_ in cue("travel_preps"):
                for obj in part.children:
                    if obj.dep_ == "pobj":
                        yield from places_at(obj, ctx)


def places_at(token: Token, ctx: Context, *, placed: bool = False) -> Iterator[Place]:
    """The place a preposition's object names: a name (an entity, or proper nouns the lists know), a venue
    in the phrase, or the name under 'the city of', 'the resort island of' (any proper name: `placed`)."""
    if in_dateline(token.idx, ctx):
        return
    name = name_at(token, ctx, placed=placed)
    if name is not None:
        yield name
        return
    venue = venue_in(ctx.text[token.left_edge.idx : token.right_edge.idx + len(token.right_edge)])
    named = venue or capital_named(token)
    if named is not None:
        yield named
    elif token.lower_ in cue("place_nouns"):
        for inner in token.children:
            if inner.dep_ in ("prep", "appos", "compound"):
                yield from places_at(child(inner, ["pobj"]) or inner, ctx, placed=True)


def capital_named(token: Token) -> Place | None:
    """'the Chinese capital', 'the Russian capital' (not 'the capital of Kazakhstan': a name follows)."""
    if token.lower_ != "capital" or any(c.dep_ in ("prep", "appos") for c in token.children):
        return None
    nationality = next((c for c in token.lefts if c.dep_ in ("amod", "compound", "nmod")), None)
    return capital_of(nationality.text) if nationality is not None else None


def name_at(token: Token, ctx: Context, *, placed: bool = False) -> Place | None:
    """An entity of a place label covering the token, or a run of proper nouns the lists know ('Ufa') or
    that a place noun introduces ('the island of Madeira')."""
    ent = next((e for e in ctx.ents if e.start <= token.i < e.end), None)
    if ent is not None and ent.label_ in PLACE_LABELS:
        place = resolve(ent.text)
        if ent.label_ != "FAC" or place.kind == "venue":
            return place
    if token.tag_ not in NAME_TAGS or (ent is not None and (ent.label_ == "NORP" or is_person(ent.text))):
        return None
    words = [t for t in token.lefts if t.dep_ == "compound" and t.tag_ in NAME_TAGS and t.i >= token.i - 3]
    place = resolve(" ".join(t.text for t in [*words, token]))
    return place if place.kind != "place" or placed else None


# --- the whole article --------------------------------------------------------------------------------


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
    published = news_day(drafts, published)
    seen = article_places(ctx, published)
    for draft in drafts:
        people = set(draft.participants)
        taken = {
            d.location for d in drafts if d is not draft and d.location and set(d.participants) == people
        }
        draft.location = (
            None if draft.mode in CALL_MODES else meeting_city(draft, seen, ctx, published, taken)
        )
    for draft in drafts:
        if draft.location is None and draft.mode not in CALL_MODES and is_news(draft, published):
            draft.location = next((d.location for d in drafts if same_occasion(d, draft)), None)


def meeting_city(
    draft: DraftLike, seen: ArticlePlaces, ctx: Context, published: date | None, taken: set[str]
) -> str | None:
    """The first clause naming the meeting: its city; else its country, or the city of it the article
    names for the trip. Then a transcript's 'DATE, PLACE' line over its lead, the city one of them arrived
    in that day; then the other clauses naming it, and last the mentions that only refer to it ('the talks
    in Moscow')."""
    tied = seen.dateline is not None and draft.mode == "in_person" and tied_to_dateline(draft, ctx)
    news = is_news(draft, published)
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
                found = country_city(
                    item.country or "", hints, seen, taken if near(draft, published) else None
                )
                return item.location or found or item.country
    return None


def elsewhere(mention: MentionLike, draft: DraftLike, ctx: Context) -> bool:
    """A mention that only joined the meeting but is on a journey before or after it, or dated apart from
    it ('they had first met at a summit in Porto in 2009')."""
    apart = draft.date is not None and not (
        within(mention.date, draft.date) or within(draft.date, mention.date)
    )
    return at_another_time(ctx.doc[mention.token]) or (first_day(mention.date) is not None and apart)


def at_another_time(token: Token) -> bool:
    """'before Xi heads for the summit in Hamburg': a mention on a journey before or after the meeting it
    joined (but 'before the summit in Astana' is where the meeting was)."""
    above = list(token.ancestors)[:5]
    journey = any(t.lower_ in cue("travel_words") - cue("arrival_words") for t in above)
    timed = any(
        (t.dep_ == "prep" and t.lower_ in cue("time_preps"))
        or (t.dep_ == "advcl" and child(t, ["mark"], cue("time_preps")) is not None)
        for t in above
    )
    return journey and timed


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
    for token in ctx.doc:
        if token.lower_ not in ctx.cues["occasion.event_words"] or ctx.skip(token) or at_another_time(token):
            continue
        sent = token.sent
        if any(not near_day(date_of(e), day) for e in ctx.dates if sent.start <= e.start < sent.end):
            continue
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at", "on"):
                for obj in prep.children:
                    yield from (p for p in places_at(obj, ctx) if p.kind != "country")


def arrivals(ctx: Context) -> Iterator[tuple[str, Place]]:
    """'Putin arrived in Shanghai early Tuesday': who arrived where (a city, not a country)."""
    for token in ctx.doc:
        if token.lower_ not in cue("arrival_words") or not token.tag_.startswith("VB") or ctx.skip(token):
            continue
        subject = child(token, ["nsubj"])
        people = {ctx.persons[t.i] for t in subject.subtree if t.i in ctx.persons} if subject else set()
        for prep in token.children if len(people) == 1 else ():
            if prep.dep_ == "prep" and prep.lower_ in ("in", "at"):
                for obj in prep.children:
                    yield from ((people.copy().pop(), p) for p in places_at(obj, ctx) if p.kind != "country")


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


def dateline_place(ctx: Context, *, own_line: bool = False) -> Place | None:
    """The dateline's place as a city ('NOVO-OGARYOVO' → Moscow); with `own_line`, only a transcript's own
    'DATE, PLACE' line (where the event was), not a wire's dateline (where the story was filed)."""
    if not ctx.doc._.dateline:
        return None
    head = read_head(ctx.text, ctx.doc._.header_end or 0, ctx.doc._.reference_date)
    if head.dateline is None or not head.dateline.place or (own_line and not head.own_line):
        return None
    place = resolve(head.dateline.place)
    return place if place.kind != "country" else None


def in_dateline(char: int, ctx: Context) -> bool:
    span = ctx.doc._.dateline
    return bool(span) and span[0] <= char < span[1]


def within(inner: DateValue | None, outer: DateValue | None) -> bool:
    """Both resolved, and the inner dates lie inside the outer ones (ISO strings compare as dates)."""
    if not (inner and outer and inner.start and outer.start):
        return False
    return outer.start <= inner.start and (inner.end or inner.start) <= (outer.end or outer.start)
