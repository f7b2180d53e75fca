"""Where a meeting took place: read off its clause (unit_places), then settled for the whole meeting
(settle_places) with what the article says elsewhere about the same trip.

A place is the city: a venue stands for its city ('at the Kremlin' → Moscow), a country gives way to the
one city of that country the article names for the trip ('in Portugal' ... 'flew home from Lisbon'). The
dateline's place counts only where the text ties the meeting to it: 'here', the dateline's own sentence or
a transcript's lead. Calls have no place. Place names are resolved by xiputin_cli/places.py (models/).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Protocol

from spacy.tokens import Token

from xiputin_cli.components.meeting_parts import Context, Unit, anchor_verb, child
from xiputin_cli.header import read_head
from xiputin_cli.places import Place, cue, resolve, venue_in
from xiputin_cli.records import DateValue

NAME_TAGS = ("NNP", "NNPS")
PLACE_LABELS = ("GPE", "LOC", "FAC")
CALL_MODES = ("phone", "video")
NEWS_DAYS = timedelta(days=7)


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
    city = next((p.city for p in found if p.kind != "country"), None)
    country = next((p.name for p in found if p.kind == "country"), None)
    return city, country


def clause_places(unit: Unit, ctx: Context, occasion_ids: set[int]) -> Iterator[Place]:
    anchor = anchor_verb(unit, ctx)
    people_ids = set(ctx.persons) | {ctx.doc[i].head.i for i in ctx.persons}  # 'Xi Jinping in San Francisco'
    allowed = {unit.head.i, unit.trigger.i, anchor.i if anchor else -1} | occasion_ids | people_ids
    travel = cue("travel_words")
    journeys = {i for i in unit.scope if ctx.doc[i].lower_ in travel}  # 'on a trip to Beijing'
    for i in sorted(unit.scope):
        token = ctx.doc[i]
        if token.dep_ == "dobj" and token.head.i in journeys and token.head.tag_.startswith("VB"):
            yield from places_at(token, ctx)  # 'visited China', 'will visit Moscow'
        prep = token.head if token.dep_ == "pobj" else None
        if prep is None or prep.head.i not in allowed | journeys:
            continue
        if prep.lower_ in (cue("travel_preps") if prep.head.i in journeys else cue("preps")):
            yield from places_at(token, ctx)
    yield from purpose_places(unit, ctx)


def purpose_places(unit: Unit, ctx: Context) -> Iterator[Place]:
    """'arrived in Beijing to hold talks', 'flew to Rome to meet Weber', 'arrived in Astana and met Xi': the
    journey whose purpose (or sequel) the meeting is."""
    head = unit.head
    purpose = head.dep_ in ("xcomp", "advcl") and child(head, ["aux"], ["to"]) is not None
    if not (purpose or head.dep_ == "conj") or head.head.lower_ not in cue("travel_words"):
        return
    for prep in head.head.children:
        if prep.dep_ == "prep" and prep.lower_ in cue("travel_preps"):
            for obj in prep.children:
                if obj.dep_ == "pobj":
                    yield from places_at(obj, ctx)


def places_at(token: Token, ctx: Context) -> Iterator[Place]:
    """The place a preposition's object names: a name (an entity, or proper nouns the lists know), a venue
    in the phrase, or the name under 'the city of', 'the capital'."""
    if in_dateline(token.idx, ctx):
        return
    name = name_at(token, ctx)
    if name is not None:
        yield name
        return
    venue = venue_in(ctx.text[token.left_edge.idx : token.right_edge.idx + len(token.right_edge)])
    if venue is not None:
        yield venue
    elif token.lower_ in cue("place_nouns"):
        for inner in token.children:
            if inner.dep_ in ("prep", "appos", "compound"):
                yield from places_at(child(inner, ["pobj"]) or inner, ctx)


def name_at(token: Token, ctx: Context) -> Place | None:
    """An entity of a place label covering the token, or a run of proper nouns the lists know ('Ufa')."""
    ent = next((e for e in ctx.ents if e.start <= token.i < e.end), None)
    if ent is not None and ent.label_ in PLACE_LABELS:
        place = resolve(ent.text)
        return place if ent.label_ != "FAC" or place.kind == "venue" else None
    if token.tag_ not in NAME_TAGS:
        return None
    words = [t for t in token.lefts if t.dep_ == "compound" and t.tag_ in NAME_TAGS and t.i >= token.i - 3]
    place = resolve(" ".join(t.text for t in [*words, token]))
    return place if place.kind != "place" else None


# --- the whole article --------------------------------------------------------------------------------


class DraftLike(Protocol):
    """What settle_places reads and sets on a meeting being assembled (meetings.Draft)."""

    participants: list[str]
    mode: str | None
    location: str | None
    country: str | None
    date: DateValue | None

    @property
    def mentions(self) -> Iterable[MentionLike]: ...


class MentionLike(Protocol):
    evidence: tuple[int, int]


@dataclass
class ArticlePlaces:
    """The places an article names (as cities, with their countries), and what it says about the trip."""

    cities: list[Place] = field(default_factory=list)
    dateline: Place | None = None
    arrivals: list[tuple[str, Place]] = field(default_factory=list)  # (who, where)


def settle_places(drafts: Sequence[DraftLike], ctx: Context, published: date | None) -> None:
    """Each meeting's place, from all its mentions and the article: calls have none; a country becomes
    the city the article names in it for that trip, when no other meeting holds that city."""
    seen = article_places(ctx)
    for draft in drafts:
        if draft.mode in CALL_MODES:
            draft.location = draft.country = None
        elif draft.location is None:
            taken = {d.location for d in drafts if d is not draft and d.location}
            draft.location = trip_city(draft, seen, ctx, published, taken)


def trip_city(
    draft: DraftLike, seen: ArticlePlaces, ctx: Context, published: date | None, taken: set[str]
) -> str | None:
    """The city of a meeting the clause placed only in a country, or not at all."""
    news = is_news(draft, published)
    tied = seen.dateline is not None and draft.mode == "in_person" and tied_to_dateline(draft, ctx)
    ties = [seen.dateline] if seen.dateline and tied else []
    arrival = [p for who, p in seen.arrivals if who in draft.participants][:1] if news else []
    if draft.country:
        code = resolve(draft.country).country
        inside = [p for p in [*ties, *arrival] if p.country == code]
        named = {p.city for p in seen.cities if p.country == code and p.city not in taken}
        return inside[0].city if inside else (named.pop() if len(named) == 1 else None)
    return next((p.city for p in [*ties, *arrival] if draft.mode in ("in_person", None)), None)


def is_news(draft: DraftLike, published: date | None) -> bool:
    """The meeting the article reports as the day's news: undated, or dated within days of the article."""
    if getattr(draft, "background", False):
        return False  # 'they last met in May'
    if draft.date is None or not draft.date.start:
        return True
    try:
        day = date.fromisoformat(draft.date.start[:10]) if len(draft.date.start) >= 10 else None
    except ValueError:
        return False
    return day is not None and published is not None and abs(day - published) <= NEWS_DAYS


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


def article_places(ctx: Context) -> ArticlePlaces:
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
    return seen


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
