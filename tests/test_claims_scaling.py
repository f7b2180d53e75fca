"""The look-ups that keep claims linear in an article's length answer exactly what a scan would."""

from __future__ import annotations

import random

import pytest
from spacy.language import Language

from tests.test_claims import claims_of, claims_pipeline
from xiputin_cli.components.claims import load_cues
from xiputin_cli.components.found import Found, LastEnding, Overlaps
from xiputin_cli.components.phrases import PhraseReader
from xiputin_cli.components.quotes import Cover
from xiputin_cli.components.speakers import Speaker


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


def test_overlaps_are_those_a_scan_finds_empty_ranges_too() -> None:
    rng = random.Random(5)
    for _ in range(200):
        starts = [rng.randrange(0, 50) for _ in range(rng.randrange(6))]
        ranges = [(a, a + rng.randrange(0, 12)) for a in starts]
        overlaps = Overlaps(ranges)
        for start in range(-2, 62, 3):
            for end in range(start, 66, 4):
                assert overlaps.hit(start, end) == any(a < end and start < b for a, b in ranges)


def test_the_claim_ending_last_is_the_first_listed_of_a_tie() -> None:
    rng = random.Random(3)
    for _ in range(100):
        ends = [rng.randrange(0, 30) for _ in range(rng.randrange(8))]
        found = [
            Found(Speaker(str(n), str(n), "person"), [], "direct", None, None, (0, e))
            for n, e in enumerate(ends)
        ]
        last = LastEnding(found)
        for at in range(-1, 33):
            scan = max((f for f in found if f.reach[1] <= at), key=lambda f: f.reach[1], default=None)
            assert last.before(at) is scan


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
