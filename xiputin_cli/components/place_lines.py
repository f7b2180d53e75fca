"""Place lines that give each meeting of a structure its own place: a fact box's 'Place: Braga, Portugal'
beside its 'Time:' line, or the 'City, Country' line heading each entry of a list under its date line."""

from __future__ import annotations

import re

from xiputin_cli.components.meeting_parts import Context
from xiputin_cli.header import written_date
from xiputin_cli.places import Place, resolve

PLACE_LINE = re.compile(r"[A-Z][\w.'’ -]{1,40}(?:, ?[A-Za-z][\w.'’ -]{1,40}){1,2}")
LABELLED = re.compile(r"(?P<label>[A-Za-z]+)\s*:\s*(?P<value>.+)")


def structured_place_lines(lines: list[str], ctx: Context) -> dict[int, tuple[Place, bool]]:
    """Place lines in a structure that gives each meeting its own: 'Place: Braga, Portugal' in a fact box
    (beside a 'Time: ...' or 'Occasion: ...' line), or 'Porto, Portugal' right under an entry's date line
    when two or more entries are so headed. A lone 'City, Country' line under a title is a byline's
    location (where the story was written), no meeting's place."""
    labels = [LABELLED.fullmatch(line) for line in lines]
    kinds = [m["label"].lower() if m else "" for m in labels]
    box_labels = ctx.cues["date_labels"] | ctx.cues["lists.occasion_labels"] | ctx.cues["lists.place_labels"]
    boxed: dict[int, tuple[Place, bool]] = {}
    headed: dict[int, tuple[Place, bool]] = {}
    for n, line in enumerate(lines):
        label = labels[n]
        if label is not None and kinds[n] in ctx.cues["lists.place_labels"]:
            beside = {kinds[k] for k in (n - 2, n - 1, n + 1, n + 2) if 0 <= k < len(lines) and k != n}
            place = place_line(label["value"])
            if place is not None and beside & box_labels:
                boxed[n] = (place, True)
        elif n > 0 and label is None and is_date_line(lines[n - 1], ctx):
            place = place_line(line)
            if place is not None:
                headed[n] = (place, False)
    return boxed | (headed if len(headed) >= 2 else {})


def is_date_line(line: str, ctx: Context) -> bool:
    """'April 9, 2017' or 'Time: March 3, 2019': a list entry's date line."""
    label = LABELLED.fullmatch(line)
    if label is not None and label["label"].lower() in ctx.cues["date_labels"]:
        line = label["value"].strip()
    return written_date(line) is not None


def place_line(line: str) -> Place | None:
    """A line that only says where: 'Braga, Portugal', 'Porto, Norte region, Portugal'."""
    match = PLACE_LINE.fullmatch(line.strip())
    if match is None:
        return None
    city, *_, country = [resolve(part) for part in match.group().split(",")]
    return (
        city
        if city.kind == "city" and country.kind == "country" and city.country == country.country
        else None
    )
