"""When a unit's meeting was: the DATE in its clause, else one right after it, a list entry's labelled date
line, the anniversary it coincided with, or the dateline's date; never a stretch ('since 2013') or the
day a spokesman spoke.
"""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from xiputin_cli.components.doc_arrays import doc_arrays
from xiputin_cli.components.meeting_anniversaries import anniversary_date
from xiputin_cli.components.meeting_parts import Context, Unit, child, clause_verb
from xiputin_cli.components.meeting_places import lowered
from xiputin_cli.records import DateValue

DURATION = re.compile(r"^(?:\w+[ -])?(?:days|weeks|months|years|decades)$", re.IGNORECASE)


def unit_date(unit: Unit, sent: Span, ctx: Context, status: str | None) -> DateValue | None:
    """The DATE in the clause; else one right after it ('talks with Putin Wednesday'); else, for a held
    meeting in the sentence holding the dateline, the dateline's date. Never the day a spokesman spoke."""
    dateline = ctx.doc._.dateline
    found = [
        e
        for e in ctx.dates
        if ctx.root(e) in unit.scope
        and usable_date(e, ctx)
        and not in_span(e, dateline)
        and not in_stretch_clause(e.root, unit, ctx)
        and not apart(e.start_char, unit.trigger.idx, ctx.text)
    ]
    after = max(unit.scope, default=-2) + 1
    found = found or [e for e in ctx.dates if e.start == after and usable_date(e, ctx)]
    if not found and status == "held" and dateline and sent.start_char <= dateline[1] <= sent.end_char:
        found = [e for e in ctx.dates if in_span(e, dateline) and (value_of(e).start or "")[:1].isdigit()]
        found = [
            e
            for e in found
            if not apart(e.start_char, unit.trigger.idx, ctx.text) or heads(dateline, unit, ctx)
        ]
    found = found or governing_dates(unit, ctx) or labelled_dates(sent, ctx)
    own = {t.i for t in unit.trigger.subtree} if unit.trigger.i != unit.head.i else set()
    found.sort(key=lambda e: (value_of(e).start is None, bool(own) and ctx.root(e) not in own, e.start))
    if found and value_of(found[0]).start:
        return value_of(found[0])
    words = lowered(ctx)  # anniversary_date reads only 'anniversary'
    near = (ctx.doc[i] for i in sorted(unit.scope) if words[i] == "anniversary")
    return anniversary_date(near) or (value_of(found[0]) if found else None)


def apart(a: int, b: int, text: str) -> bool:
    """A blank line between two offsets: a date line or a caption over a paragraph the parser joined to it
    is not that paragraph's date (a transcript's 'DATE, PLACE' heading dates its record in meeting_news)."""
    return BLANK_LINE.search(text, min(a, b), max(a, b)) is not None


BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def heads(dateline: tuple[int, int], unit: Unit, ctx: Context) -> bool:
    """A 'DATE, PLACE' line over a paragraph heads the record of the meeting told under it, unless that
    meeting names a place the line does not."""
    line = ctx.text[dateline[0] : dateline[1]]
    places = [
        e.text
        for e in ctx.ents
        if e.label_ in ("GPE", "LOC", "FAC") and e.root.i in unit.scope and where(e.root)
    ]
    return not places or any(place in line for place in places)


def where(root: Token) -> bool:
    """'in Riga', 'at the Kremlin': a place something happens, not 'the President of Chile'."""
    return root.dep_ == "pobj" and root.head.lower_ in ("in", "at")


def governing_dates(unit: Unit, ctx: Context) -> list[Span]:
    """'On Tuesday Xi flew to Moscow to hold talks with Putin': the journey's own date dates the meeting it
    was made for (the date must hang on the journey's verb itself, not on another of its phrases)."""
    head = unit.head
    if unit.bare_noun and unit.trigger.dep_ in ("nsubj", "nsubjpass"):  # 'negotiations are due on Tuesday'
        verb = clause_verb(unit.trigger)[0]
        frames = [verb, *(c for c in verb.children if c.dep_ == "acomp")] if verb is not None else []
        return [e for e in ctx.dates if any(hangs_on(e, f, ctx) for f in frames) and usable_date(e, ctx)]
    if (
        unit.bare_noun and unit.trigger.dep_ == "attr"
    ):  # 'When Xi lands in Moscow on Monday, it will be his trip'
        whens = [
            c for c in unit.trigger.head.children if c.dep_ == "advcl" and child(c, ["advmod"], ["when"])
        ]
        return [e for e in ctx.dates for w in whens if hangs_on(e, w, ctx) and usable_date(e, ctx)]
    if head.dep_ not in ("advcl", "xcomp") or child(head, ["aux"], ["to"]) is None:
        return []
    verb = head.head
    return [e for e in ctx.dates if hangs_on(e, verb, ctx) and usable_date(e, ctx)]


def hangs_on(date: Span, verb: Token, ctx: Context) -> bool:
    """'flew on Tuesday', 'on Tuesday flew', 'flew Tuesday' (read off the arrays: no Token per date)."""
    arrays, root = doc_arrays(ctx.doc), ctx.root(date)
    above = arrays.heads[root]
    return above == verb.i or (arrays.deps[above] == "prep" and arrays.heads[above] == verb.i)


def labelled_dates(sent: Span, ctx: Context) -> list[Span]:
    """'Occasion: ... / Time: March 27, 2013 / Place: ...': a list entry's labelled date line dates what its
    block reports."""
    found = []
    for e in ctx.ents:  # the loader may take a short 'Time: ...' line for a pasted headline
        if e.label_ == "DATE" and sent.start <= e.start < sent.end:
            line_start = ctx.text.rfind("\n", 0, e.start_char) + 1
            label = ctx.text[line_start : e.start_char].strip().rstrip(":").lower()
            found += [e] if label in ctx.cues["date_labels"] else []
    return found


def in_stretch_clause(root: Token, unit: Unit, ctx: Context) -> bool:
    """A date inside a 'since' or 'until' phrase below the meeting ('his second visit since taking office in
    2013') dates the stretch, not the meeting."""
    for t in root.ancestors:
        if t.i in (unit.head.i, unit.trigger.i):
            return False
        if t.lower_ in ctx.cues["stretch_preps"] and t.dep_ in ("prep", "mark"):
            return True
    return False


def in_span(ent: Span, span: tuple[int, int] | None) -> bool:
    return span is not None and span[0] <= ent.start_char < span[1]


def value_of(ent: Span) -> DateValue:
    """The dates component's value when it ran (a DateValue, or a dict after pickling), else the words."""
    value = ent._.date_value
    if isinstance(value, DateValue):
        return value
    if isinstance(value, dict):
        return DateValue.model_validate(value)
    return DateValue(text=ent.text)


def usable_date(ent: Span, ctx: Context) -> bool:
    """A point in time, not a stretch to count in ('within six weeks', 'since March 2020', 'three days')."""
    root = ent.root
    if root.dep_ == "pobj" and root.head.lower_ in ctx.cues["date_skip_preps"]:
        return False
    if value_of(ent).start:
        return True
    words = {t.lower_ for t in ent}
    pointed = words & ctx.cues["point_date_words"] or any(re.fullmatch(r"\d{4}", w) for w in words)
    return bool(pointed) and not DURATION.match(ent.text.strip())
