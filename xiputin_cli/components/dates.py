"""spaCy component `xiputin_dates`: a DateValue on every DATE entity, grounded in the article's date.

The resolver in `xiputin_cli.dates` needs two things only a parsed sentence gives: the tense of the verb the
date hangs on ("will hold talks on Friday" is the coming Friday, "agreed Monday" the last one), and the words
after the entity when they pin it to a dated event ("three days ahead of the 100th anniversary of the founding
of the Chinese Communist Party", where spaCy's entity is only "three days").

An article without a date may still say when it was written: a present- or future-tense statement that
something happens "just days before" a counted anniversary (`xiputin_cli.anchors`) puts it in a window of days
before that anniversary. The window goes on `doc._.reference_window` as [start, end, reason]; the article's
published date stays unknown, and only phrases that every day of the window reads alike resolve from it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from xiputin_cli.anchors import (
    Anchor,
    Statement,
    Window,
    find_statements,
    load_anchors,
    merge_windows,
    resolve_anchored,
)
from xiputin_cli.assets import models_dir
from xiputin_cli.components.extensions import doc_text, in_boilerplate, register_extensions
from xiputin_cli.date_windows import resolve_in_window
from xiputin_cli.dates import Tense, normalize, resolve_date, yearless
from xiputin_cli.records import DateValue

__all__ = [
    "Anchor",
    "DateResolver",
    "anchor_phrase",
    "anchor_table",
    "is_date",
    "load_anchors",
    "make_dates",
    "reference_date",
    "reference_window",
    "resolve_anchored",
    "tense_of",
    "verb_tense",
]

ANCHORS_FILE = "anchors.jsonl"
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
HEDGE_AUX = {"would", "could", "might", "may", "should", "can", "must", "'d"}
SCHEDULED = {"scheduled", "expected", "slated", "planned"}
"""Participles that put their date ahead: "talks scheduled for Friday", "is expected on Monday"."""
PERFECT_AUX = {"has", "have", "'ve"}
TIME_MARKS = {"when", "once", "after", "before", "until", "as"}
"""A present-tense clause of time under a future one reads ahead ('when Xi lands on Monday, he will ...')."""
MAX_HOPS = 8
_ANNIVERSARY_WORDS = frozenset(get_string_id(w) for w in ("anniversary", "centenary", "centennial"))
"""Lower-case forms one of which a statement that dates the article must contain: a cheap test first."""
_ANCHOR_CUE = re.compile(r"\b(?:days?|eve|anniversary|centenary|centennial)\b", re.IGNORECASE)
_CLAUSE_END = re.compile(r"[,;:]")


@registry.misc("xiputin.anchors.v1")  # type: ignore[untyped-decorator]
def anchor_table(path: str | None = None) -> list[Anchor]:
    """The anchor events table: models/anchors.jsonl (installed or checkout) unless `path` names another."""
    return load_anchors(Path(path) if path else models_dir() / ANCHORS_FILE)


@Language.factory(
    "xiputin_dates",
    assigns=["span._.date_value", "doc._.reference_window"],
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
        found = reference_window(doc, self.anchors) if reference is None and self.anchors else None
        doc._.reference_window = [found[0].isoformat(), found[1].isoformat(), found[2]] if found else None
        window = (found[0], found[1]) if found else None
        year: tuple[int, str] | None = None  # the last year the text spelled out: (its offset, digits)
        parsed, text = doc.has_annotation("DEP"), doc_text(doc)
        for ent in doc.ents:
            if not is_date(ent):
                continue
            borrowed = borrowed_year(ent, year, parsed, text)
            value = resolve_date(borrowed, reference, tense_of(ent)) if borrowed is not None else None
            if value is None or value.start is None:
                ent._.date_value = self.resolve(ent, reference, window)
            else:
                ent._.date_value = value.model_copy(update={"text": ent.text})
            digits = _YEAR_DIGITS.findall(ent.text)
            year = (ent.start_char, digits[-1]) if digits else year
        return doc

    def resolve(self, ent: Span, reference: date | None, window: Window | None = None) -> DateValue:
        """The anchored reading when the clause pins the entity to an event, else the entity on its own
        against the reference date, else (no reference date) against the window the text dates itself to."""
        anchored = resolve_anchored(anchor_phrase(ent), self.anchors) if self.anchors else None
        if anchored:
            return anchored
        tense = tense_of(ent)
        value = resolve_date(ent.text, reference, tense)
        if value.start is None and reference is None and window is not None:
            return resolve_in_window(ent.text, window, tense)
        return value


_CALENDAR_WORDS = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|today|yesterday|tomorrow|january|february|march"
    r"|april|june|july|august|september|october|november|december)\b",
    re.IGNORECASE,
)


_THAT_YEAR = re.compile(r"\b(?:that|the same) (?:same )?year\b", re.IGNORECASE)
_YEAR_DIGITS = re.compile(r"\b(1[89]\d\d|2[01]\d\d)\b")
THAT_YEAR_REACH = 600
"""Characters (a paragraph or two) within which 'that year' is the year the text last spelled out."""


def borrowed_year(ent: Span, year: tuple[int, str] | None, parsed: bool, text: str) -> str | None:
    """The entity's words with the year the text last spelled out: a yearless day in that year's sentence
    ('In June 2019 Xi ... held talks on June 5'), 'that year' within a paragraph or two."""
    if year is None:
        return None
    said = _THAT_YEAR.search(ent.text)
    same_line = "\n" not in text[year[0] : ent.start_char]  # the doc's text
    if parsed and same_line and not said and year[0] >= ent.sent.start_char and yearless(normalize(ent.text)):
        return f"{ent.text} {year[1]}"
    if said and ent.start_char - year[0] <= THAT_YEAR_REACH:
        return ent.text[: said.start()] + year[1] + ent.text[said.end() :]
    return None


def is_date(ent: Span) -> bool:
    """A DATE entity, or a TIME one that names its day: the recogniser labels 'Friday afternoon' and
    'noon on October 18' a time, but they date a meeting as well as 'Friday' does ('morning' alone not)."""
    return ent.label_ == "DATE" or (ent.label_ == "TIME" and _CALENDAR_WORDS.search(ent.text) is not None)


def reference_date(doc: Doc) -> date | None:
    """The loader's `doc._.reference_date` as a date; anything unreadable counts as no reference."""
    value = doc._.reference_date
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def reference_window(doc: Doc, anchors: Sequence[Anchor]) -> tuple[date, date, str] | None:
    """The days the article must have been written in, from what it says is about to happen: statements in
    the article's own text (not boilerplate) whose verb is present or future tense, all agreeing."""
    if not doc.has_annotation("DEP") or _ANNIVERSARY_WORDS.isdisjoint(doc.count_by(LOWER)):
        return None
    return merge_windows([s for s in find_statements(doc_text(doc), anchors) if _dates_the_article(doc, s)])


def _dates_the_article(doc: Doc, statement: Statement) -> bool:
    """True for "... is of particular importance just days before the CCP celebrates its centenary"; false
    for "held talks days before ..." and "could visit before ..." (past, hedged). A cue that opens a clause
    ("before the CCP celebrates") needs both that clause's verb and the verb it hangs on to be present or
    future."""
    if in_boilerplate(doc, statement.start, statement.end):
        return False
    span = doc.char_span(statement.key, statement.key + 1, alignment_mode="expand")
    if span is None:
        return False
    cue = span[0]
    tenses = [_tense_from(cue)]
    if cue.dep_ == "mark" and cue.head.head.i != cue.head.i:
        tenses.append(_tense_from(cue.head.head))
    return all(tense in ("present", "future") for tense in tenses)


def anchor_phrase(ent: Span) -> str:
    """The entity plus the rest of its clause, when the entity may count from an event ("three days ahead
    of ...", "the 100th anniversary of ..."); else the entity alone. The clause ends at , ; or :."""
    if not _ANCHOR_CUE.search(ent.text):
        return ent.text
    doc = ent.doc
    sent_end = ent.sent.end_char if doc.has_annotation("SENT_START") else len(doc_text(doc))
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
        if (tok.tag_.startswith("VB") or tok.tag_ == "MD") and tok.i not in skip:
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
    if any(c.dep_ == "acomp" and c.lower_ == "due" for c in verb.children) and verb.tag_ != "VBD":
        return True, "future"  # 'talks are due on Friday'
    if verb.tag_ == "VBN" and verb.lower_ in SCHEDULED:
        return True, None if past_aux else "future"
    if past_aux or verb.tag_ == "VBD" or (verb.tag_ == "VBN" and (not aux or words & PERFECT_AUX)):
        return True, "past"
    if verb.tag_ in ("VBZ", "VBP") and verb.dep_ == "advcl" and verb.head.i != verb.i:
        if any(c.dep_ in ("advmod", "mark") and c.lower_ in TIME_MARKS for c in verb.children):
            if _tense_from(verb.head) == "future":  # 'When Xi lands on Monday, it will be ...'
                return True, "future"
    if verb.tag_ in ("VBZ", "VBP", "VBN"):
        return True, "present"
    return False, None  # VB, VBG: tense comes from further up
