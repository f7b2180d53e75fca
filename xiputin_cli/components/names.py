"""Entity clean-up and canonical names within an article.

spaCy's small model gets most spans right but leaks layout and headline casing into them ("Putin\\n\\nXi",
"Vladimir Putin Declares", "Xi's"); and news calls a person by surname after introducing them once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from xiputin_cli.components.extensions import register_extensions
from xiputin_cli.components.person_check import PERSON_TITLES, check_person, person_words
from xiputin_cli.gazetteer import known_names

HEADLINE_VERBS = {"Declares", "Says", "Slams", "Warns", "Hails", "Meets", "Urges", "Vows", "Calls", "Signs"}


@registry.misc("xiputin.name_patterns.v1")  # type: ignore[untyped-decorator]
def name_patterns() -> list[dict[str, Any]]:
    """EntityRuler patterns from the gazetteer; the pattern id is the canonical name."""
    return [
        {"label": entry.label, "pattern": alias, "id": entry.canonical}
        for entry in known_names()
        for alias in entry.aliases
        if not alias.startswith("the ")
    ]


@Language.factory("xiputin_entity_cleanup", assigns=["doc.ents"])
def make_entity_cleanup(nlp: Language, name: str) -> EntityCleanup:
    return EntityCleanup()


class EntityCleanup:
    """Trim entity spans to what names the thing: no line breaks, headline verbs, possessives, titles; then
    drop or relabel the PERSON spans that name no person (components/person_check.py)."""

    def __call__(self, doc: Doc) -> Doc:
        trimmed = [span for span in (self.trim(ent) for ent in doc.ents) if span is not None]
        names = person_words(trimmed)
        doc.ents = [span for span in (check_person(ent, names) for ent in trimmed) if span is not None]
        return doc

    def trim(self, ent: Span) -> Span | None:
        start, end = ent.start, ent.end
        for token in ent:
            if "\n" in token.text_with_ws and token.i < end - 1:
                end = token.i + 1 if token.text.strip() else token.i
                break
        while start < end and is_edge_junk(ent.doc[start], ent.label_, leading=True):
            start += 1
        while end > start and is_edge_junk(ent.doc[end - 1], ent.label_, leading=False):
            end -= 1
        if start >= end:
            return None
        if (start, end) == (ent.start, ent.end):
            return ent
        return Span(ent.doc, start, end, label=ent.label, span_id=ent.id)


def is_edge_junk(token: Token, label: str, *, leading: bool) -> bool:
    if token.is_space or (token.is_punct and token.text not in ".") or token.text in ("'s", "’s", "'", "’"):
        return True
    if not leading and (token.text in ("and", "or") or (label == "PERSON" and token.text in HEADLINE_VERBS)):
        return True
    return leading and label == "PERSON" and token.text in PERSON_TITLES


@Language.factory("xiputin_names", assigns=["span._.canonical", "doc._.canonical_names"])
def make_names(nlp: Language, name: str) -> CanonicalNames:
    register_extensions()
    return CanonicalNames()


class CanonicalNames:
    """Give every entity the full name it refers to: the gazetteer's, or the article's own fuller mention."""

    def __call__(self, doc: Doc) -> Doc:
        ents = list(
            doc.ents
        )  # doc.ents rebuilds its Spans on every access, and setting it re-marks every token
        names = article_name_index(ents)
        doc._.canonical_names = names
        relabelled = [relabel_known_person(ent, names) for ent in ents]
        if any(new is not old for new, old in zip(relabelled, ents, strict=True)):
            doc.ents = relabelled
            ents = list(doc.ents)
        for ent in ents:
            ent._.canonical = canonical_for(ent, names)
        return doc


def article_name_index(ents: Iterable[Span]) -> dict[str, str]:
    """Short mention → full name, from this article's multi-word PERSON names and the gazetteer ids.

    A surname-first name (Xi Jinping, Wang Xianju) is known by its first word; a given-name-first one
    (Vladimir Putin) by its last. Both are indexed; the first full name introduced wins a clash.
    """
    index: dict[str, str] = {}
    for ent in ents:
        if ent.ent_id_:
            index.setdefault(ent.text, ent.ent_id_)
        elif ent.label_ == "PERSON" and len(ent) >= 2:
            full = ent.text
            index.setdefault(full, full)
            index.setdefault(ent[0].text, full)
            index.setdefault(ent[-1].text, full)
    return index


def relabel_known_person(ent: Span, names: dict[str, str]) -> Span:
    """A surname the article introduced as a person is a person, whatever label NER guessed ("Wang" ORG)."""
    if ent.label_ in ("ORG", "GPE", "NORP", "PRODUCT") and len(ent) == 1 and not ent.ent_id_:
        full = names.get(ent.text)
        if full and full != ent.text:
            return Span(ent.doc, ent.start, ent.end, label="PERSON")
    return ent


def canonical_for(ent: Span, names: dict[str, str]) -> str:
    if ent.ent_id_:
        return ent.ent_id_
    if ent.label_ == "PERSON":
        return names.get(ent.text, ent.text)
    return ent.text
