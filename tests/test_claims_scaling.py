"""The look-ups that keep claims linear in an article's length answer exactly what a scan would."""

from __future__ import annotations

import random

import pytest
from spacy.language import Language

from tests.test_claims import claims_of, claims_pipeline
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


FILLER = "The harbour was quiet that week, and the ferries ran on time through the fog. " * 40  # 3,200 chars


def speakers_of(text: str, nlp: Language) -> list[str]:
    return [c.speaker for c in claims_of(text, nlp)]


def test_a_pronoun_far_from_its_person_still_finds_her(claims_nlp: Language) -> None:
    text = (
        f"Ms Olga Brandt said the port would open in May.\n\n{FILLER}\n\n"
        "Tomas Kowal said the tolls were too high. She said the budget was tight."
    )
    assert speakers_of(text, claims_nlp) == ["Olga Brandt", "Tomas Kowal", "Olga Brandt"]


def test_a_pronoun_far_from_any_person_takes_the_last_one(claims_nlp: Language) -> None:
    text = f"Mr Tomas Kowal said the tolls were too high.\n\n{FILLER}\n\nHe said the ferries needed money."
    assert speakers_of(text, claims_nlp) == ["Tomas Kowal", "Tomas Kowal"]


def test_a_pronoun_near_its_person_takes_the_nearest(claims_nlp: Language) -> None:
    text = (
        "Mr Tomas Kowal said the tolls were too high.\n\n"
        f"{FILLER}\n\nMarek Lund said the fog had cleared. He said the ferries needed money."
    )
    assert speakers_of(text, claims_nlp) == ["Tomas Kowal", "Marek Lund", "Marek Lund"]
