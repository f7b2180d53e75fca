"""Who did what at a meeting: the host a meeting's place implies, and the meeting's coded events (CAMEO,
with the PLOVER category beside each code, from models/meeting_cameo.json).

Plain functions over records (no spaCy): the `xiputin_meeting_roles` component codes an article's meetings
with the visitor and host its text names, the timeline codes a merged meeting the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from pydantic import BaseModel, ConfigDict

from xiputin_cli.assets import read_json
from xiputin_cli.gazetteer import lookup
from xiputin_cli.places import gazetteer, resolve
from xiputin_cli.records import Event, Meeting

REMOTE_MODES = ("phone", "video")


class CodeRule(BaseModel):
    model_config = ConfigDict(extra="forbid")

    when: str
    code: str
    label: str


class CodeInfo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str
    plover: str
    plover_mode: str | None = None


class EventRules(BaseModel):
    """models/meeting_cameo.json: a typo in it fails when it is read, not when an article needs it."""

    model_config = ConfigDict(extra="forbid")

    about: str
    rules: list[CodeRule]
    codes: dict[str, CodeInfo]
    signing: list[str]


@cache
def event_rules() -> EventRules:
    return EventRules.model_validate(read_json("meeting_cameo.json"))


@cache
def leader_country(name: str) -> str | None:
    """The ISO code of a known person's country (names.jsonl), None for anyone else."""
    entry = lookup(name)
    return gazetteer().countries.get(entry.country.lower()) if entry and entry.country else None


def place_country(location: str | None) -> str | None:
    """The ISO code of the country a meeting's place lies in ('Moscow', 'the Kremlin', 'China')."""
    return resolve(location).country if location else None


def third_location(meeting: Meeting) -> bool:
    """Met in person in a country none of them leads (Astana, Samarkand): two or more of them known
    leaders, none of that country (a local host the lists do not know does not make it home for them)."""
    where = place_country(meeting.location)
    countries = [c for c in map(leader_country, meeting.participants) if c]
    return (
        meeting.mode not in REMOTE_MODES
        and where is not None
        and len(countries) >= 2
        and where not in countries
    )


def settle_roles(meeting: Meeting, visitor: str | None, host: str | None) -> tuple[str | None, str | None]:
    """The visitor and host the text names, kept when the place does not contradict them (a visitor does
    not visit their own country); else the one participant whose country the meeting is in hosts. With two
    participants, naming one names the other; a visitor without a host is not said."""
    if meeting.mode in REMOTE_MODES or third_location(meeting):
        return None, None
    where = place_country(meeting.location)
    if where is not None and (
        (visitor is not None and leader_country(visitor) == where)
        or (host is not None and leader_country(host) not in (None, where))
    ):
        visitor = host = None
    if visitor is None and host is None and where is not None:
        at_home = [p for p in meeting.participants if leader_country(p) == where]
        host = at_home[0] if len(at_home) == 1 else None
    others = [p for p in meeting.participants if p not in (visitor, host)]
    if len(others) == 1 and (visitor is None) != (host is None):
        visitor, host = (visitor or others[0]), (host or others[0])
    return (visitor, host) if host is not None and visitor != host else (None, None)


def code_events(meeting: Meeting) -> list[Event]:
    """Each participant's action toward each other one: a planned meeting is an intent to meet (036), a
    call 041, a visit 042 by the visitor and 043 by the host, a meeting in a third country 044, any
    other contact 040; a held meeting whose outcomes sign an agreement adds 057."""
    people = list(dict.fromkeys(meeting.participants))
    pairs = [(a, b) for a in people for b in people if a != b]
    if meeting.status == "planned":
        events = [event("036", a, b) for a, b in pairs]
    elif meeting.mode in REMOTE_MODES:
        events = [event("041", a, b) for a, b in pairs]
    elif meeting.host is not None:
        guests = [meeting.visitor] if meeting.visitor else [p for p in people if p != meeting.host]
        events = [e for g in guests for e in (event("042", g, meeting.host), event("043", meeting.host, g))]
    elif third_location(meeting):
        events = [event("044", a, b) for a, b in pairs]
    else:
        events = [event("040", a, b) for a, b in pairs]
    if meeting.status == "held" and signed(meeting.outcomes):
        events += [event("057", a, b) for a, b in pairs]
    return events


def event(code: str, actor: str, target: str) -> Event:
    info = event_rules().codes[code]
    return Event(cameo=code, plover=info.plover, plover_mode=info.plover_mode, actor=actor, target=target)


def signed(outcomes: Iterable[str]) -> bool:
    """An outcome that begins by signing ('signed a joint statement'), not one that names a past signing
    ('extended the treaty, signed in 2001')."""
    starts = tuple(f"{s} " for s in event_rules().signing)
    return any(f"{o.lower()} ".startswith(starts) for o in outcomes)


def coded(meeting: Meeting, visitor: str | None = None, host: str | None = None) -> Meeting:
    """The meeting with its visitor, host and events; its `cameo` stays the code its rules gave when that
    code is one of its events, else becomes the first event's (a video call: 041)."""
    visitor, host = settle_roles(meeting, visitor, host)
    with_roles = meeting.model_copy(update={"visitor": visitor, "host": host})
    events = code_events(with_roles)
    codes = [e.cameo for e in events]
    cameo = meeting.cameo if meeting.cameo in codes or not codes else codes[0]
    return with_roles.model_copy(update={"events": events, "cameo": cameo})


def coded_merge(records: list[Meeting], merged: Meeting) -> Meeting:
    """A merged meeting coded from its own fields, with the visitor and host of its chosen record, else of
    the first of its records (of its status) that named them (the value its disagreements list first)."""
    named = [merged, *(r for r in records if r.status == merged.status)]
    told = next((r for r in named if r.visitor or r.host), None)
    return coded(merged, told.visitor, told.host) if told else coded(merged)
