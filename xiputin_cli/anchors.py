"""Anchor events: dated events that news counts anniversaries from, and what the text says relative to them.

Two readings come from the anchor table (models/anchors.jsonl). A phrase that names a counted anniversary is a
day on its own ("three days ahead of the 100th anniversary of the founding of the CCP" → 2021-06-28). A
present- or future-tense statement that something happens shortly before one ("just days before the CCP
celebrates its centenary") dates the article itself to a window before that day, which the resolver may use
when the article carries no date. No spaCy here: the caller finds the statements' tense.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from xiputin_cli.dates import NUMBER_WORDS, date_value
from xiputin_cli.records import DateValue

Window = tuple[date, date]

_ORDINAL_UNITS = {
    w: i
    for i, w in enumerate("zeroth first second third fourth fifth sixth seventh eighth ninth tenth".split())
}
_TENS = {"twent": 20, "thirt": 30, "fort": 40, "fift": 50, "sixt": 60, "sevent": 70, "eight": 80, "ninet": 90}


@dataclass(frozen=True)
class Anchor:
    """A dated historical event that news counts anniversaries from ("the CCP centenary")."""

    id: str
    date: date
    names: tuple[str, ...]
    description: str = ""
    source: str = ""


def load_anchors(path: Path) -> list[Anchor]:
    """Read the anchor table (JSON Lines; keys id, date, names, description, source)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        Anchor(
            row["id"],
            date.fromisoformat(row["date"]),
            _names(row["names"]),
            row.get("description", ""),
            row.get("source", ""),
        )
        for row in rows
    ]


def _names(names: list[str]) -> tuple[str, ...]:
    """Normalised, longest first, so "ccp founding" wins over "ccp"."""
    return tuple(sorted((_anchor_norm(n) for n in names), key=len, reverse=True))


def _anchor_norm(text: str) -> str:
    """One spelling for names and text alike: lower case, no hyphens, quotes, brackets or possessive 's."""
    s = text.lower().replace("\u2019", "'").replace("neighbour", "neighbor")
    s = s.replace("centennial", "centenary")
    s = re.sub(r"[-\u2013\u2014]", " ", s)
    s = re.sub(r"'s\b", "", s)
    return " ".join(re.sub(r"[\"()]", " ", s).split())


_ORD = r"(?P<ord>\d+(?:st|nd|rd|th)|[a-z]+(?: [a-z]+)?)"
_BEFORE = (
    r"(?:on )?(?:(?P<n{0}>\d+|[a-z]+|the) days? (?P<dir{0}>ahead of|before|prior to|after|following) "
    r"|(?P<eve{0}>the eve of ))?(?:the )?"
)
_RE_ANCHORED = re.compile(
    "^" + _BEFORE.format("") + _ORD + r" anniversary of (?:the )?(?P<what>.+)$"
    "|^" + _BEFORE.format(2) + r"(?:centenary of (?:the )?(?P<what2>.+)$|(?P<what3>.+?) centenary\b)"
)
_ANCHOR_FOLLOW = re.compile(
    r"^(?:$|[,;.]|(?:on|in|and|or|which|that|this|next|last|with|as|at|by|for|to"
    r"|was|is|are|were|will|when|while)\b)"
)
_EVENT_PREFIX = re.compile(r"^(?:(?:the )?(?:founding|establishment|signing) of (?:the )?)?(?P<year>\d{4} )?")


def _ordinal(word: str) -> int | None:
    """'100th' → 100, 'twentieth' → 20, 'seventy fifth' → 75."""
    if m := re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word):
        return int(m[1])
    if word == "hundredth":
        return 100
    tens, _, unit = word.rpartition(" ")
    value = _ORDINAL_UNITS.get(unit) or next((v for k, v in _TENS.items() if unit == k + "ieth"), None)
    tens_value = _TENS.get(tens.removesuffix("y"), None) if tens else 0
    return None if value is None or tens_value is None else value + tens_value


def _match_anchor(what: str, anchors: Sequence[Anchor]) -> Anchor | None:
    """The anchor whose name the event phrase starts with, ending where the noun phrase ends."""
    m = _EVENT_PREFIX.match(what)
    rest = what[m.end() :] if m else what
    for anchor in anchors:
        for name in anchor.names:
            if rest.startswith(name) and _ANCHOR_FOLLOW.match(rest[len(name) :].lstrip()):
                year = m["year"] if m else None
                return anchor if not year or int(year) == anchor.date.year else None
    return None


def anchored_day(text: str, anchors: Sequence[Anchor]) -> date | None:
    """The day a phrase names by counting from an anchor event, or None (see `resolve_anchored`)."""
    found = _anchored(text, anchors)
    return None if found is None else found[1]


def _anchored(text: str, anchors: Sequence[Anchor]) -> tuple[date, date] | None:
    """(anniversary, the phrase's day) for '[N days ahead of | the eve of] the Nth anniversary of X'."""
    m = _RE_ANCHORED.match(_anchor_norm(text))
    if not m:
        return None
    count = _ordinal(m["ord"]) if m["what"] else 100
    anchor = _match_anchor(m["what"] or m["what2"] or m["what3"], anchors)
    offset = _offset(m)
    if anchor is None or count is None or offset is None:
        return None
    try:
        anniversary = anchor.date.replace(year=anchor.date.year + count)
        return anniversary, anniversary + offset
    except (ValueError, OverflowError):  # Feb 29 anchors in common years, years past 9999
        return None


def resolve_anchored(text: str, anchors: Sequence[Anchor]) -> DateValue | None:
    """'three days ahead of the 100th anniversary of the CCP founding' → 2021-06-28, from the text alone.

    Only counted anniversaries resolve: a bare "Victory Day" is a yearly holiday, not the 1945 event.
    """
    day = anchored_day(text, anchors)
    return None if day is None else date_value(text, (day, day), "day")


def _offset(m: re.Match[str]) -> timedelta | None:
    """Days between the anniversary and the phrase's day: 'the eve of' -1, 'three days ahead of' -3."""
    if m["eve"] or m["eve2"]:
        return timedelta(days=-1)
    n, direction = m["n"] or m["n2"], m["dir"] or m["dir2"]
    if n is None:
        return timedelta(0)
    days = 1 if n == "the" else int(n) if n.isdigit() else NUMBER_WORDS.get(n)
    if days is None or days > 366:
        return None
    return timedelta(days=-days if direction in ("ahead of", "before", "prior to") else days)


# Statements that date the article: "... just days before the Chinese Communist Party celebrates its
# centenary".

CUE_WINDOWS: dict[str, tuple[int, int]] = {
    "days": (-7, -1),  # "(just) days before / ahead of / prior to", "three days ahead of"
    "eve": (-7, -1),  # "on the eve of": the day before, loosely the days before
    "ahead": (-30, -1),  # "ahead of", "in the run-up to": weeks at most
    "coincide": (-30, 0),  # "scheduled to coincide with": the anniversary's season, announced before it
}
"""Days from the anniversary to the first and last day the article can have been written, per cue."""
NEAR_CUES = frozenset({"days", "eve"})
"""Cues that say how near the anniversary is. Only these date an article; "ahead of" and "coincide with"
can be years ahead ("eliminate poverty ahead of the CCP centenary" in 2019, "ahead of the 100th anniversary of
the PRC" for 2049), so they only narrow, or contradict, a window a near cue gives."""
MAX_COUNTED_DAYS = 7
_VAGUE_COUNTS = {"just", "only", "mere", "a few", "few", "several", "a couple of", "the"}
_DAY_COUNT = "|".join([*sorted(_VAGUE_COUNTS, key=len, reverse=True), r"\d+", *NUMBER_WORDS])
_RE_CUE = re.compile(
    rf"\b(?:(?:(?P<n>{_DAY_COUNT}) )?days? (?P<days>before|ahead of|prior to)"
    r"|(?P<eve>on the eve of)"
    r"|(?P<ahead>ahead of|in the run-up to|in the lead-up to)"
    r"|(?P<coincide>coincid(?:e|es|ing) with))\s+",
    re.IGNORECASE,
)
_RE_FAR_AHEAD = re.compile(r"\b(?:weeks?|months?|years?|decades?|long|well|far)\s+$", re.IGNORECASE)
"""Words before "ahead of" that stretch it past CUE_WINDOWS["ahead"]: "months ahead of", "well ahead of"."""
_RE_CLAUSE_END = re.compile(r"[,;:.!?\n]")
_RE_ACRONYM = re.compile(r"\s*\([A-Z]{2,6}\)")
_RE_CELEBRATES = re.compile(
    r"^(?:the )?(?P<what>.+?) (?:celebrates?|marks?|commemorates?|observes?) its "
    r"(?P<count>(?:the )?centenary|[a-z0-9]+(?: [a-z]+)? anniversary)\b"
)


@dataclass(frozen=True)
class Statement:
    """One phrase that places the article shortly before an anniversary; `key` is the char offset of the
    cue's head word (before, ahead, eve, coincide), whose verb the caller checks for tense."""

    text: str
    start: int
    end: int
    key: int
    anniversary: date
    window: Window
    kind: str = "days"


def find_statements(text: str, anchors: Sequence[Anchor]) -> Iterator[Statement]:
    """Every cue followed, in its clause, by a counted anniversary of an anchor event; tense unchecked."""
    for m in _RE_CUE.finditer(text):
        kind = next(k for k in ("days", "eve", "ahead", "coincide") if m[k])
        if kind == "days" and not _few_days(m["n"]):
            continue
        if kind == "ahead" and _RE_FAR_AHEAD.search(text, max(0, m.start() - 20), m.start()):
            continue
        cut = _RE_CLAUSE_END.search(text, m.end())
        end = cut.start() if cut else len(text)
        day = anniversary_day(text[m.end() : end], anchors)
        if day is None:
            continue
        first, last = CUE_WINDOWS[kind]
        try:
            window = (day + timedelta(days=first), day + timedelta(days=last))
        except OverflowError:  # anniversaries at the ends of the calendar
            continue
        yield Statement(text[m.start() : end], m.start(), end, m.start(kind), day, window, kind)


def _few_days(count: str | None) -> bool:
    """'days', 'just days', 'three days', 'the day' count; 'ten days' or 'many days' are too far to say."""
    if count is None or count.lower() in _VAGUE_COUNTS:
        return True
    n = int(count) if count.isdigit() else NUMBER_WORDS.get(count.lower())
    return n is not None and 0 < n <= MAX_COUNTED_DAYS


def anniversary_day(event: str, anchors: Sequence[Anchor]) -> date | None:
    """'the 20th anniversary of the Treaty of ...', 'the CCP centenary', 'the Chinese Communist Party (CCP)
    celebrates its centenary' → the anniversary's day; anything else, or a day counted from it, → None."""
    s = _anchor_norm(_RE_ACRONYM.sub("", event))
    if m := _RE_CELEBRATES.match(s):
        s = f"the {m['count'].removeprefix('the ')} of {m['what']}"
    found = _anchored(s, anchors)
    return found[0] if found and found[0] == found[1] else None


def merge_windows(statements: Sequence[Statement]) -> tuple[date, date, str] | None:
    """The window every statement allows, with the statements as its reason; None without a near cue
    (NEAR_CUES), when they count to anniversaries in different years, or when their windows do not overlap."""
    if not any(s.kind in NEAR_CUES for s in statements) or len({s.anniversary.year for s in statements}) > 1:
        return None
    first = max(s.window[0] for s in statements)
    last = min(s.window[1] for s in statements)
    if first > last:
        return None
    reason = "; ".join(f"{s.text.strip()} ({s.anniversary.isoformat()})" for s in statements)
    return first, last, reason
