"""Lists of a pair's earlier meetings: 'Here are the milestones of their seven meetings:' or 'Below, the main
moments of the two leaders' meetings.', then one entry per meeting headed by short lines: a date
('June 8, 2017', 'Time: March 22, 2013'), a place ('Astana, Kazakhstan', 'Place: Moscow, Russia') and an
occasion ('17th SCO summit', 'Occasion: G20 summit'), then what was said there.

Each entry is one held meeting of the pair named by the list's opening sentence, dated by its date line
when that line gives a full date with its year; the entry's first sentence is the evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Token

from xiputin_cli.components.meeting_mentions import Mention, evidence_span
from xiputin_cli.components.meeting_parts import Context, people
from xiputin_cli.components.meeting_places import lowered
from xiputin_cli.dates import resolve_date
from xiputin_cli.records import DateValue

LABELLED = re.compile(r"^(?P<label>[A-Za-z]+):\s*(?P<value>.+)$")
HEADER_MAX = 60
"""Longest line read as an entry's header (date, place, occasion) rather than its text."""


@dataclass
class Entry:
    date: DateValue
    start: int  # character offset of the entry's first header line
    place: str | None = None
    occasion: str | None = None
    body: int | None = None  # character offset of the entry's first line of text


def list_mentions(ctx: Context) -> Iterator[Mention]:
    """One mention per entry of every list of the pair's meetings in the article."""
    nouns = ctx.cues["lists.nouns"]
    for t in (ctx.doc[i] for i, word in enumerate(lowered(ctx)) if word in nouns):  # a Token for these only
        if t.tag_ != "NNS" or ctx.skip(t):
            continue
        end = ctx.text.find("\n", t.idx)
        line = ctx.text[ctx.text.rfind("\n", 0, t.idx) + 1 : end if end >= 0 else None].rstrip()
        pair = list_pair(t, ctx)
        if end >= 0 and line.endswith((":", ".")) and len(pair) == 2:
            for entry in entries(ctx.text, end, ctx):
                yield entry_mention(entry, pair, ctx)


def list_pair(noun: Token, ctx: Context) -> list[str]:
    """The two people whose meetings a line announces a list of: 'their 10 meetings', 'top leaders'
    meetings'."""
    owners = [c for c in noun.children if c.dep_ in ("poss", "nmod", "compound")]
    found = people([w for c in owners for w in c.subtree], ctx)
    return found if len(found) == 2 else []


def entries(text: str, start: int, ctx: Context) -> Iterator[Entry]:
    """Entries after the opening sentence, each opened by a dated header line."""
    entry: Entry | None = None
    offset, occasion = start, None
    for line in text[start:].split("\n"):
        here, offset = offset, offset + len(line) + 1
        stripped = line.strip()
        if not stripped:
            continue
        day = header_date(stripped, ctx)
        if day is not None:
            if entry is not None:
                yield entry
            entry, occasion = Entry(day, here, occasion=occasion), None
        elif (entry is None or entry.body is not None) and (found := labelled_occasion(stripped, ctx)):
            occasion = found  # 'Occasion: G20 summit' heads the entry whose date line follows
        elif entry is not None and len(stripped) <= HEADER_MAX and entry.body is None:
            read_header(entry, stripped, ctx)
        elif entry is not None and entry.body is None:
            entry.body = here + (len(line) - len(line.lstrip()))
    if entry is not None:
        yield entry


def header_date(line: str, ctx: Context) -> DateValue | None:
    """'June 8, 2017' or 'Time: March 22, 2013': a full date with its year, alone on its line."""
    labelled = LABELLED.match(line)
    if labelled and labelled["label"].lower() in ctx.cues["date_labels"]:
        line = labelled["value"]
    elif labelled:
        return None
    value = resolve_date(line, None)
    return value if value.precision == "day" else None


def labelled_occasion(line: str, ctx: Context) -> str | None:
    labelled = LABELLED.match(line)
    return (
        labelled["value"].strip()
        if labelled and labelled["label"].lower() in ctx.cues["lists.occasion_labels"]
        else None
    )


def read_header(entry: Entry, line: str, ctx: Context) -> None:
    """'Place: Moscow, Russia' / 'Astana, Kazakhstan' (the place), then 'Occasion: ...' / 'SCO summit'."""
    labelled = LABELLED.match(line)
    label, value = (labelled["label"].lower(), labelled["value"]) if labelled else ("", line)
    if label in ctx.cues["lists.place_labels"] or (not label and entry.place is None and "," in value):
        entry.place = value.split(",")[0].strip()
    elif label in ctx.cues["lists.occasion_labels"] or (not label and entry.occasion is None):
        entry.occasion = value.strip()


def entry_mention(entry: Entry, pair: list[str], ctx: Context) -> Mention:
    where = entry.body if entry.body is not None else entry.start
    token = ctx.doc.char_span(where, where + 1, alignment_mode="expand")
    first = token[0] if token is not None and len(token) else ctx.doc[-1]
    return Mention(
        token=first.i,
        sent=first.sent.start,
        evidence=evidence_span(first.sent, ctx),
        kind="meeting",
        participants=list(pair),
        date=entry.date,
        mode="in_person",
        location=entry.place,
        status="held",
        occasions=[entry.occasion] if entry.occasion else [],
        background=True,
    )
