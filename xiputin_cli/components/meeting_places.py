"""Where a meeting took place, as its clause says (unit_places); meeting_trips.py then settles it for the
whole meeting with what the article says elsewhere about the same trip.

A place is the city: a venue stands for its city ('at the Kremlin' → Moscow). The dateline's place counts
only where the text ties the meeting to it ('here'). Place names are resolved by xiputin_cli/places.py
(models/).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from xiputin_cli.components.doc_arrays import doc_arrays
from xiputin_cli.components.meeting_parts import Context, Unit, anchor_verb, child, clause_verb
from xiputin_cli.header import is_person, read_head
from xiputin_cli.places import Place, capital_of, cue, resolve, venue_in

NAME_TAGS = ("NNP", "NNPS")
PLACE_LABELS = ("GPE", "LOC", "FAC")
CALL_MODES = ("phone", "video")
WIDE = ("country", "region")  # no city: the meeting's `country` slot
NAMES_LINE = re.compile(r"[A-Z][\w.'’ -]{1,40}(?:, ?[A-Za-z][\w.'’ -]{1,40}){0,2}")


# --- one clause ---------------------------------------------------------------------------------------


def unit_places(unit: Unit, ctx: Context, occasion_ids: set[int]) -> tuple[str | None, str | None]:
    """(city or place, country) of a meeting clause: 'held talks in Porto', 'at the Elysee
    Palace', 'at a forum in the Chilean city of Valparaiso', 'a trip to Porto', 'arrived in Porto to hold
    talks', 'a state visit to Portugal'; 'here' is the dateline's place; never the dateline itself."""
    found = list(clause_places(unit, ctx, occasion_ids))
    words = lowered(ctx)
    if not found and any(words[i] in cue("here_words") for i in unit.scope):
        here = dateline_place(ctx)
        found = [here] if here is not None else []
    found = found or list(event_cities(unit, ctx))
    city = next((p.city for p in found if p.kind not in WIDE), None)
    country = next((p.name for p in found if p.kind in WIDE), None)
    return city, country


def clause_places(unit: Unit, ctx: Context, occasion_ids: set[int]) -> Iterator[Place]:
    """Places attached to the meeting's own words first ('talks in Porto', 'Silva, in Spain for ...',
    'visited China'); then those of its purpose or journey, of a participle, a participant's whereabouts
    ('Silva, who is in Braga for ...') or its event ('the fair in Braga')."""
    doc, facts = ctx.doc, doc_facts(ctx)
    words = facts.words
    anchor = anchor_verb(unit, ctx)
    core = {unit.head.i, unit.trigger.i, anchor.i if anchor else -1} | occasion_ids | facts.people
    extra = {c for i in core for c in facts.modifiers.get(i, ())} | facts.whereabouts
    travel, event_words = cue("travel_words"), ctx.cues["occasion.event_words"]
    journeys = {i for i in unit.scope if words[i] in travel and is_journey(doc[i], core | extra)}
    events = {i for i in unit.scope if words[i] in event_words}
    events |= {
        c.i for i in events for c in doc[i].children if c.dep_ in ("amod", "acl") and c.i in unit.scope
    }
    later: list[Place] = []
    heads = core | extra | journeys | events
    deps, tags, up = facts.deps, facts.tags, facts.heads  # arrays: no Token built for the other words
    for i in sorted(unit.scope - other_times(unit, ctx)):
        if deps[i] == "dobj" and up[i] in journeys and tags[up[i]].startswith("VB"):
            yield from places_at(doc[i], ctx)  # 'visited China', 'will visit Moscow'
        prep = up[i] if deps[i] == "pobj" else None
        if prep is None or up[prep] not in heads:
            continue
        if words[prep] in cue("surface_preps") and up[prep] in core:  # 'on Russky Island', a venue only
            yield from (p for p in places_at(doc[i], ctx) if p.kind == "venue")
        elif words[prep] in (cue("travel_preps") if up[prep] in journeys else cue("preps")):
            if up[prep] in core | journeys:
                yield from places_at(doc[i], ctx)
            else:
                later += places_at(doc[i], ctx)
    yield from purpose_places(unit, ctx)
    yield from later


@dataclass
class DocFacts:
    """What every clause's place rules read about the article, read once (a Token is built per access)."""

    doc: Doc
    words: list[str]  # each token's lower-cased text
    people: set[int]  # person tokens and their heads ('Anna Kovacs in Valparaiso')
    whereabouts: set[int]  # 'Silva, who is in Braga ...'
    modifiers: dict[int, list[int]]  # token → its participles and adjectives ('talks, held in Moscow')
    deps: list[str]  # each token's dependency label
    tags: list[str]  # each token's tag
    heads: list[int]  # each token's head's index


def doc_facts(ctx: Context) -> DocFacts:
    """The article's facts, computed on its first clause and kept for the rest."""
    if LAST and LAST[0].doc is ctx.doc:
        return LAST[0]
    doc, arrays = ctx.doc, doc_arrays(ctx.doc)
    words, deps, tags, heads = arrays.words, arrays.deps, arrays.tags, arrays.heads
    people = set(ctx.persons) | {heads[i] for i in ctx.persons}
    modifiers: dict[int, list[int]] = {}
    for i, dep in enumerate(deps):
        if dep in ("acl", "advcl", "amod") and tags[i] in ("JJ", "VBN") and heads[i] != i:  # is_modifier
            modifiers.setdefault(heads[i], []).append(i)
    staying = cue("be_words") | cue("travel_words")  # is_whereabouts, over the arrays: a person's child
    whereabouts = {
        j
        for j, h in enumerate(heads)
        if h != j and h in people and deps[j] in ("relcl", "acl") and words[j] in staying
    }
    LAST[:] = [DocFacts(doc, words, people, whereabouts, modifiers, deps, tags, heads)]
    return LAST[0]


LAST: list[DocFacts] = []  # the last article's facts, kept until the next article comes


def lowered(ctx: Context) -> list[str]:
    """Each token's lower-cased text."""
    return doc_facts(ctx).words


def other_times(unit: Unit, ctx: Context) -> set[int]:
    """Journeys at another time, and so to another place: 'before Kovacs sets off for Spain, where ...',
    'after his trip to Rome' (but 'after arriving in Lisbon', 'ahead of the fair in Braga' are where it
    was)."""
    skip: set[int] = set()
    words, times = lowered(ctx), cue("time_preps")
    for i in unit.scope:
        token = ctx.doc[i]
        if token.dep_ == "advcl":
            if child(token, ["mark", "advmod"], times) is None:
                continue
        elif not (token.dep_ == "prep" and words[i] in times and token.head.i != unit.trigger.i):
            continue
        inside = {words[t.i] for t in token.subtree}
        if inside & cue("travel_words") and not inside & cue("arrival_words"):
            skip |= {t.i for t in token.subtree}
    return skip


def is_journey(token: Token, allowed: set[int]) -> bool:
    """A travel word of this meeting's clause ('visit', 'on a trip', 'as they visit Kazakhstan'), not another
    trip it refers to ('the deals struck on her March trip', 'after he visits Rome')."""
    if token.lower_ not in cue("travel_words"):
        return False
    if token.i in allowed:
        return True
    if token.dep_ == "pobj":
        return token.head.lower_ not in cue("time_preps") and token.head.head.i in allowed
    timed = any(c.dep_ in ("mark", "advmod") and c.lower_ in cue("time_preps") for c in token.children)
    return token.dep_ in ("advcl", "xcomp", "conj") and token.head.i in allowed and not timed


def event_cities(unit: Unit, ctx: Context) -> Iterator[Place]:
    """'before the Lisbon Expo opened', 'his Porto visit': a city naming the event or the trip the
    meeting was part of."""
    for i in sorted(unit.scope - other_times(unit, ctx)):
        token = ctx.doc[i]
        words = ctx.cues["occasion.event_words"] | cue("travel_words")
        if token.lower_ in words or token.ent_type_ == "EVENT":
            for word in token.lefts:
                place = resolve(word.text) if word.dep_ in ("compound", "nmod") else None
                if place is not None and place.kind == "city":
                    yield place


def is_whereabouts(token: Token) -> bool:
    """'Silva, who is in Braga for the fair, ...', 'Kovacs, visiting Porto, ...': where a participant is."""
    return token.dep_ in ("relcl", "acl") and token.lower_ in cue("be_words") | cue("travel_words")


def is_modifier(token: Token) -> bool:
    """'talks, held in Porto', 'the fair, due in Braga': a participle or adjective placing its head."""
    return token.dep_ in ("acl", "advcl", "amod") and token.tag_ in ("JJ", "VBN")


def purpose_places(unit: Unit, ctx: Context) -> Iterator[Place]:
    """'arrived in Porto to hold talks', 'flew to Braga for talks', 'landed in Faro and met Silva': the
    journey whose purpose (or sequel) the meeting is; 'met in March when Silva visited Porto': the journey the
    meeting was part of; 'flew to Braga, where she met Silva': the place the meeting's clause describes."""
    head, travel = unit.head, cue("travel_words")
    purpose = head.dep_ in ("xcomp", "advcl") and child(head, ["aux"], ["to"]) is not None
    journeys = [head.head] if (purpose or head.dep_ == "conj") and head.head.lower_ in travel else []
    journeys += [c for c in head.children if c.tag_.startswith("VB") and is_journey(c, {head.i})]
    verb, prep = clause_verb(unit.trigger) if unit.bare_noun else (None, None)
    if verb is not None and prep in ("for", "to") and verb.lower_ in travel:
        journeys.append(verb)
    if head.dep_ == "relcl" and child(head, ["advmod"], ["where"]) is not None:
        yield from places_at(head.head, ctx)
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
    if in_dateline(token.idx, ctx) or on_place_line(token.idx, ctx):
        return
    name = name_at(token, ctx, placed=placed)
    if name is not None:
        yield name
        return
    venue = venue_in(ctx.text[token.left_edge.idx : token.right_edge.idx + len(token.right_edge)])
    named = venue or capital_named(token)
    if named is not None:
        yield named
    elif token.lower_ in cue("place_nouns"):  # the name under it before a modifier ('the Wine Route city of')
        inner = sorted(token.children, key=lambda c: c.dep_ == "compound")
        for word in (c for c in inner if c.dep_ in ("prep", "appos", "compound")):
            yield from places_at(child(word, ["pobj"]) or word, ctx, placed=True)
    else:  # 'at the G20 in Osaka', 'at a dinner in Beijing', 'at a residence outside Moscow'
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in cue("preps") | cue("vicinity_preps"):
                yield from (p for obj in prep.children if obj.dep_ == "pobj" for p in places_at(obj, ctx))


def capital_named(token: Token) -> Place | None:
    """'the Chinese capital', 'China's capital' (not 'the capital of Kazakhstan': a name follows)."""
    if token.lower_ != "capital" or any(c.dep_ in ("prep", "appos") for c in token.children):
        return None
    nationality = next((c for c in token.lefts if c.dep_ in ("amod", "compound", "nmod", "poss")), None)
    return capital_of(nationality.text) if nationality is not None else None


def name_at(token: Token, ctx: Context, *, placed: bool = False) -> Place | None:
    """An entity of a place label covering the token, or a run of proper nouns the lists know ('Faro') or
    that a place noun introduces ('the island of Madeira')."""
    ent = ctx.ent_at.get(token.i)
    if ent is not None and ent.label_ in PLACE_LABELS:
        place = owned_region(ent.root, ent.end_char, ctx) or resolve(ent.text)
        acronym = place.kind == "place" and place.name.isupper()  # 'BRICS', 'SCO' read as places
        if (ent.label_ != "FAC" or place.kind == "venue") and not acronym:
            return place
    if ent is None and token.lower_ in cue("compass_words"):
        return owned_region(token, token.idx + len(token), ctx)
    if token.tag_ not in NAME_TAGS or (ent is not None and (ent.label_ == "NORP" or is_person(ent.text))):
        return None
    words = [t for t in token.lefts if t.dep_ == "compound" and t.tag_ in NAME_TAGS and t.i >= token.i - 3]
    place = resolve(" ".join(t.text for t in [*words, token]))
    return place if place.kind != "place" or placed else None


def owned_region(token: Token, end: int, ctx: Context) -> Place | None:
    """'Portugal's north', 'Spain's interior', 'the north of Portugal' where the parser parts the owner
    from the region (ending at `end`): the region of that country (its city may still be found for the
    trip)."""
    owner = next((c for c in token.children if c.dep_ == "poss" and c.i < token.i), None)
    of = child(token, ["prep"], ["of"])
    obj = child(of, ["pobj"]) if of is not None and owner is None else None
    if owner is not None:
        place = resolve(ctx.text[owner.left_edge.idx : end])
    elif obj is not None:
        place = resolve(ctx.text[token.left_edge.idx : obj.idx + len(obj)])
    else:
        return None
    return place if place.kind == "region" and place.country else None


def at_another_time(token: Token) -> bool:
    """'before Silva sets off for the fair in Madrid': a mention on a journey before or after the meeting it
    joined (but 'before the fair in Braga' is where the meeting was)."""
    above = list(token.ancestors)[:5]
    journey = any(t.lower_ in cue("travel_words") - cue("arrival_words") for t in above)
    timed = any(
        (t.dep_ == "prep" and t.lower_ in cue("time_preps"))
        or (t.dep_ == "advcl" and child(t, ["mark"], cue("time_preps")) is not None)
        for t in above
    )
    return journey and timed


def dateline_place(ctx: Context, *, own_line: bool = False) -> Place | None:
    """The dateline's place as a city ('NOVO-OGARYOVO' → Moscow); with `own_line`, only a transcript's own
    'DATE, PLACE' line (where the event was), not a wire's dateline (where the story was filed)."""
    if not ctx.doc._.dateline:
        return None
    head = read_head(ctx.text, ctx.doc._.header_end or 0, ctx.doc._.reference_date)
    if head.dateline is None or not head.dateline.place or (own_line and not head.own_line):
        return None
    place = resolve(head.dateline.place)
    return place if place.kind not in WIDE else None


def on_place_line(char: int, ctx: Context) -> bool:
    """On a line that only names a place ('Porto, Portugal' under a title): a byline's location or a list
    entry's heading, read as such (meeting_trips.py, meeting_lists.py), never a clause's place."""
    text = ctx.text
    line = text[text.rfind("\n", 0, char) + 1 : (text.find("\n", char) + 1 or len(text) + 1) - 1].strip()
    if NAMES_LINE.fullmatch(line) is None:
        return False
    return all(resolve(part).kind != "place" for part in line.split(","))


def in_dateline(char: int, ctx: Context) -> bool:
    """Inside the dateline: where the story was filed, never a meeting's place by itself."""
    span = ctx.dateline
    if not span:
        return False
    return span[0] <= char < span[1]
