"""Is a PERSON span a person? The small model tags capitalised words it does not know as people ("lunar
and deep space", "a Shark tank", "Xudapu nuclear power plant", "Place: Durban, South Africa"). The words
are data (models/not_people.json); the checks are general: case, a facility noun after the name, a place
word or a country beside it. A title before a name, or the article's own full name ending in it, keeps it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from xiputin_cli.assets import read_json
from xiputin_cli.places import gazetteer

PERSON_TITLES = {"President", "Premier", "Minister", "Spokesman", "Spokesperson", "Mr", "Mr.", "Ms", "Ms."}
PLACE_LABELS = ("GPE", "LOC")
MODIFIER_TAGS = ("JJ", "NN", "NNS")  # 'nuclear', 'power' in 'Xudapu nuclear power plant'


@dataclass(frozen=True)
class NotPeople:
    common_words: frozenset[str]
    facility_heads: frozenset[str]
    name_particles: frozenset[str]
    place_words: frozenset[str]


@cache
def not_people() -> NotPeople:
    data = read_json("not_people.json")
    return NotPeople(*(frozenset(w.lower() for w in data[key]) for key in NotPeople.__dataclass_fields__))


def person_words(ents: Iterable[Span]) -> set[str]:
    """Words the article uses as a person's name: the first and last word of each full name it gives."""
    return {w for e in ents if e.label_ == "PERSON" and len(e) >= 2 for w in (e[0].text, e[-1].text)}


def check_person(ent: Span, names: set[str]) -> Span | None:
    """The span as it stands, relabelled (FAC, NORP, GPE), or None when it names nothing to keep."""
    if ent.label_ != "PERSON" or ent.ent_id_:
        return ent
    rules = not_people()
    first = ent[0].text
    if first[:1].islower() and first.lower() not in rules.name_particles:
        return None  # 'lunar', 'vladimir putin xi jinping news': a person's name is capitalised
    if names_a_facility(ent, rules):
        return Span(ent.doc, ent.start, ent.end, label="FAC")
    if len(ent) > 1 or first in names or titled(ent):
        return ent
    word = first.lower()
    places = gazetteer()
    if word in places.demonyms:
        return Span(ent.doc, ent.start, ent.end, label="NORP")
    if word in rules.common_words:
        return None
    if (word in places.cities or word in places.countries) and in_place_context(ent, rules):
        return Span(ent.doc, ent.start, ent.end, label="GPE")
    return ent


def titled(ent: Span) -> bool:
    return ent.start > 0 and ent.doc[ent.start - 1].text in PERSON_TITLES


def names_a_facility(ent: Span, rules: NotPeople) -> bool:
    """'Xudapu nuclear power plant': the name is a modifier of a facility noun that follows it."""
    doc = ent.doc
    for token in doc[ent.end : min(ent.end + 4, len(doc))]:
        if token.lower_ in rules.facility_heads:
            return True
        if token.tag_ not in MODIFIER_TAGS:
            return False
    return False


def in_place_context(ent: Span, rules: NotPeople) -> bool:
    """A place word before it ('in Kiev'), a country after a comma ('Durban, South Africa'), or a place
    beside it in a coordination ('the West and Kiev')."""
    doc, token = ent.doc, ent[0]
    if ent.start > 0 and doc[ent.start - 1].lower_ in rules.place_words:
        return True
    if ent.end + 1 < len(doc) and doc[ent.end].text == "," and is_place(doc, ent.end + 1):
        return True
    beside = [token.head] if token.dep_ == "conj" else []
    beside += [child for child in token.children if child.dep_ == "conj"]
    return any(t.ent_type_ in PLACE_LABELS for t in beside)


def is_place(doc: Doc, i: int) -> bool:
    if doc[i].ent_type_ in PLACE_LABELS:
        return True
    countries = gazetteer().countries
    return any(doc[i : i + n].text.lower() in countries for n in (1, 2, 3) if i + n <= len(doc))
