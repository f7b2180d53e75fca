"""A meeting dated by the anniversary it coincided with: 'the call came as the country marked the second
anniversary of the flood' → the day of that anniversary, when models/anchors.jsonl dates the event.

Only a time clause ('as X marked ...', 'on the Nth anniversary of ...') dates the meeting: a meeting held 'to
mark' an anniversary may fall weeks before it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from spacy.tokens import Token

from xiputin_cli.anchors import Anchor, resolve_anchored
from xiputin_cli.components.dates import anchor_table
from xiputin_cli.records import DateValue

TIME_MARKS = frozenset({"as", "while", "when"})
MARK_VERBS = frozenset({"marked", "marks", "marking", "celebrated", "celebrates", "commemorated", "observed"})


@cache
def anchors() -> tuple[Anchor, ...]:
    return tuple(anchor_table())


def anniversary_date(tokens: Iterable[Token]) -> DateValue | None:
    """The day of a counted anniversary in a time clause among the tokens, else None."""
    for t in tokens:
        if t.lower_ != "anniversary" or not coincides(t):
            continue
        start = next((c for c in t.children if c.dep_ == "det"), t)
        end = max(s.i for s in t.subtree)
        phrase = t.doc[start.i : end + 1].text
        value = resolve_anchored(phrase, anchors())
        if value is not None:
            return value
    return None


def coincides(anniversary: Token) -> bool:
    """'as the nation marked the tenth anniversary of ...', 'on the 30th anniversary of ...'."""
    head = anniversary.head
    if anniversary.dep_ == "pobj" and head.lower_ == "on":
        return True
    marked = anniversary.dep_ == "dobj" and head.lower_ in MARK_VERBS
    return marked and any(c.dep_ in ("mark", "advmod") and c.lower_ in TIME_MARKS for c in head.children)
