"""The look-ups that keep claims linear in an article's length answer exactly what a scan would."""

from __future__ import annotations

import random

import pytest
from spacy.language import Language

from tests.test_claims import claims_pipeline
from xiputin_cli.components.claims import load_cues
from xiputin_cli.components.phrases import PhraseReader
from xiputin_cli.components.quotes import Cover


@pytest.fixture(scope="session")
def claims_nlp() -> Language:
    return claims_pipeline()


def test_a_cover_holds_exactly_the_characters_some_range_holds() -> None:
    rng = random.Random(11)
    for _ in range(200):
        ranges = [
            (a, a + rng.randrange(0, 9)) for a in (rng.randrange(0, 60) for _ in range(rng.randrange(6)))
        ]
        cover = Cover(ranges)
        for char in range(-2, 75):
            assert (char in cover) == any(s <= char < e for s, e in ranges), (ranges, char)


def test_an_empty_cover_holds_nothing() -> None:
    assert 0 not in Cover([])
    assert 3 not in Cover([(3, 3)])


def test_entities_within_a_window_are_those_a_scan_finds(claims_nlp: Language) -> None:
    doc = claims_nlp(
        "Mayor Olga Brandt met Tomas Kowal of Lumen Bank in Tallinn on Monday, and Ines Ferreira of "
        "Radio Vega joined them in Riga with Marek Lund."
    )
    reader = PhraseReader(doc, load_cues("claim_cues.json"))
    assert len(reader.ents) >= 4
    for start in range(len(doc) + 1):
        for end in range(len(doc) + 1):
            scan = [e for e in doc.ents if start <= e.start and e.end <= end]
            assert reader.ents_within(start, end) == scan, (start, end)
