"""Mentions a clause reports beside its own: the earlier meeting after 'since', one meeting per place in
'met in Beijing in May and in Astana in July', and habits ('we talk regularly') that are no meeting."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from xiputin_cli.components.meeting_parts import Context, Unit, child
from xiputin_cli.components.meeting_people import unit_people
from xiputin_cli.components.meeting_when import usable_date, value_of
from xiputin_cli.places import is_known

if TYPE_CHECKING:
    from xiputin_cli.components.meeting_mentions import Mention


def place_by_place(mention: Mention, unit: Unit, ctx: Context) -> list[Mention]:
    """'we met in Beijing in May and in Astana in July': one meeting per place, each dated by the date
    after it (as many places as dates, alternating), else the one mention."""
    verb = unit.head
    preps = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "at")]
    preps += [c for p in preps for c in p.children if c.dep_ == "conj" and c.lower_ in ("in", "at")]
    objects = sorted((p for c in preps if (p := child(c, ["pobj"])) is not None), key=lambda t: t.i)
    places = [t for t in objects if t.ent_type_ in ("GPE", "LOC") and is_known(t.text)]
    if len(places) < 2:  # before the dates: each date's root is a walk over its tokens
        return [mention]
    dates = [e for e in ctx.dates if e.root in objects and usable_date(e, ctx)]
    if len(places) != len(dates) or not unit.head.tag_.startswith("VB"):
        return [mention]
    order = sorted([*((t.i, 0) for t in places), *((e.root.i, 1) for e in dates)])
    if [kind for _, kind in order] != [0, 1] * len(places):
        return [mention]
    return [
        replace(mention, location=place.text, country=None, date=value_of(when), mode="in_person")
        for place, when in zip(places, dates, strict=True)
    ]


def is_habit(unit: Unit, ctx: Context) -> bool:
    """'we talk regularly by telephone', 'they often meet': a habit, no one meeting."""
    habits = ctx.cues["status.habit_words"]
    near = {*unit.head.children, *unit.trigger.children}
    return any(c.dep_ == "advmod" and c.lower_ in habits for c in near)


def since_meeting(mention: Mention, unit: Unit, units: list[Unit], ctx: Context) -> Mention:
    """'their first meeting since the summit in Brasilia in 2019': the event after 'since' is an earlier
    meeting of the same people, held."""
    prep = unit.trigger.head
    if unit.trigger.dep_ != "pobj" or prep.lower_ != "since" or mention.explicit:
        return mention
    outer = [u for u in units if u is not unit and prep.i in u.scope and u.kind != "event"]
    people = unit_people(outer[0], ctx) if outer else []
    if len(people) < 2:
        return mention
    return replace(mention, participants=people, status="held", background=True)
