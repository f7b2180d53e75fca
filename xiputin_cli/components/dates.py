"""spaCy component `xiputin_dates`: a DateValue on every DATE entity, grounded in the article's date.

The resolver in `xiputin_cli.dates` needs two things only a parsed sentence gives: the tense of the verb the
date hangs on ("will hold talks on Friday" is the coming Friday, "agreed Monday" the last one), and the words
after the entity when they pin it to a dated event ("three days ahead of the 100th anniversary of the founding
of the Chinese Communist Party", where spaCy's entity is only "three days").
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from xiputin_cli.assets import models_dir
from xiputin_cli.components.extensions import register_extensions
from xiputin_cli.dates import NUMBER_WORDS, Tense, date_value, resolve_date
from xiputin_cli.records import DateValue

ANCHORS_FILE = "anchors.jsonl"
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HEDGE_AUX = {"would", "could", "might", "may", "should", "can", "must", "'d"}
SCHEDULED = {"scheduled", "expected", "slated", "planned"}
"""Participles that put their date ahead: "talks scheduled for Friday", "is expected on Monday"."""
PERFECT_AUX = {"has", "have", "'ve"}
MAX_HOPS = 8
_ANCHOR_CUE = re.compile(r"\b(?:days?|eve|anniversary|centenary|centennial)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:]")


@registry.misc("xiputin.anchors.v1")  # type: ignore[untyped-decorator]
def anchor_table(path: str | None = None) -> list[Anchor]:
    """The anchor events table: models/anchors.jsonl (installed or checkout) unless `path` names another."""
    return load_anchors(Path(path) if path else models_dir() / ANCHORS_FILE)


@Language.factory(
    "xiputin_dates",
    assigns=["span._.date_value"],
    requires=["doc.ents", "token.tag", "token.dep"],
    default_config={"anchors": {"@misc": "xiputin.anchors.v1", "path": None}},
)
def make_dates(nlp: Language, name: str, anchors: list[Anchor]) -> DateResolver:
    register_extensions()
    return DateResolver(anchors)


class DateResolver:
    """Sets `ent._.date_value` on each DATE entity; runs after the tagger, parser and ner."""

    def __init__(self, anchors: Sequence[Anchor]) -> None:
        self.anchors = tuple(anchors)

    def __call__(self, doc: Doc) -> Doc:
        reference = reference_date(doc)
        for ent in doc.ents:
            if ent.label_ == "DATE":
                ent._.date_value = self.resolve(ent, reference)
        return doc

    def resolve(self, ent: Span, reference: date | None) -> DateValue:
        """The anchored reading when the clause pins the entity to an event, else the entity on its own."""
        anchored = resolve_anchored(anchor_phrase(ent), self.anchors) if self.anchors else None
        return anchored or resolve_date(ent.text, reference, tense_of(ent))


def reference_date(doc: Doc) -> date | None:
    """The loader's `doc._.reference_date` as a date; anything unreadable counts as no reference."""
    value = doc._.reference_date
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def anchor_phrase(ent: Span) -> str:
    """The entity plus the rest of its clause, when the entity may count from an event ("three days ahead
    of ...", "the 100th anniversary of ..."); else the entity alone. The clause ends at , ; or :."""
    if not _ANCHOR_CUE.search(ent.text):
        return ent.text
    doc = ent.doc
    sent_end = ent.sent.end_char if doc.has_annotation("SENT_START") else len(doc.text)
    tail = doc.text[ent.end_char : sent_end]
    cut = _CLAUSE_END.search(tail)
    return (ent.text + (tail[: cut.start()] if cut else tail)).strip()


def tense_of(ent: Span) -> Tense | None:
    """Tense of the first verb above the entity that settles one; None when no verb does (headlines,
    modals such as "could", "was expected to")."""
    return _tense_from(ent.root, skip=range(ent.start, ent.end))


def _tense_from(tok: Token, skip: range = range(0)) -> Tense | None:
    """Walk up the head chain (at most MAX_HOPS) to the first verb whose form settles a tense."""
    for _ in range(MAX_HOPS):
        if tok.pos_ in ("VERB", "AUX") and tok.i not in skip:
            settled, tense = verb_tense(tok)
            if settled:
                return tense
        if tok.head.i == tok.i:
            return None
        tok = tok.head
    return None


def verb_tense(verb: Token) -> tuple[bool, Tense | None]:
    """(settled, tense) for one verb from its tag and auxiliaries; not settled means look at its head.

    "will/shall/'ll" → future; "had/has met", VBD → past; "is scheduled", "talks scheduled for" → future;
    VBZ/VBP → present; an infinitive is future under a present verb ("is due to speak", "plans to visit")
    and unknown under a past one ("agreed to meet on Friday" may be either side of the story's date).
    """
    aux = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words, past_aux = {a.lower_ for a in aux}, any(a.tag_ == "VBD" for a in aux)
    if words & FUTURE_AUX:
        return True, "future"
    if words & HEDGE_AUX:
        return True, None
    if "to" in words:
        head_tense = _tense_from(verb.head) if verb.head.i != verb.i else None
        return True, "future" if head_tense in ("present", "future") else None
    if verb.tag_ == "VBN" and verb.lower_ in SCHEDULED:
        return True, None if past_aux else "future"
    if past_aux or verb.tag_ == "VBD" or (verb.tag_ == "VBN" and (not aux or words & PERFECT_AUX)):
        return True, "past"
    if verb.tag_ in ("VBZ", "VBP", "VBN"):
        return True, "present"
    return False, None  # VB, VBG: tense comes from further up


# Anchor events: dated events that news counts anniversaries from.

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
    s = text.lower().replace("\u2019", "'").replace("neighbour", "neighbor")
    s = s.replace("centennial", "centenary")
    s = re.sub(r"[-\u2013\u2014]", " ", s)
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


def resolve_anchored(text: str, anchors: Sequence[Anchor]) -> DateValue | None:
    """'three days ahead of the 100th anniversary of the CCP founding' → 2021-06-28, from the text alone.

    Only counted anniversaries resolve: a bare "Victory Day" is a yearly holiday, not the 1945 event.
    """
    m = _RE_ANCHORED.match(_anchor_norm(text))
    if not m:
        return None
    count = _ordinal(m["ord"]) if m["what"] else 100
    anchor = _match_anchor(m["what"] or m["what2"] or m["what3"], anchors)
    offset = _offset(m)
    if anchor is None or count is None or offset is None:
        return None
    try:
        day = anchor.date.replace(year=anchor.date.year + count) + offset
    except (ValueError, OverflowError):  # Feb 29 anchors in common years, years past 9999
        return None
    return date_value(text, (day, day), "day")


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
