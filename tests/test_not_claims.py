"""No one's claims: a title line and the standfirst under it, photo captions, the reporter's narration."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_claims import claims_of, claims_pipeline


@pytest.fixture(scope="session")
def claims_nlp() -> Language:
    return claims_pipeline()


STORY = (
    "Minister says new tariffs will not hurt farmers\n\n"
    "Farm groups say the duties on grain imports will raise costs for families across the country\n\n"
    "Agriculture Minister Ivan Petrov said on Tuesday that the new tariffs would protect growers.\n\n"
    "Petrov says the duties will help growers, at a news conference in Moscow. REUTERS/Jane Doe\n\n"
    "The tariffs come as Russia seeks to raise its own grain output before the winter.\n"
)


def test_only_the_storys_own_sentences_make_claims(claims_nlp: Language) -> None:
    claims = claims_of(STORY, claims_nlp)
    assert [(c.speaker, c.text) for c in claims] == [("Ivan Petrov", "the new tariffs would protect growers")]


def test_a_punctuated_first_paragraph_is_the_story_not_a_standfirst(claims_nlp: Language) -> None:
    text = (
        "Minister defends new tariffs\n\n"
        "Ivan Petrov said on Tuesday that the new tariffs would protect domestic growers.\n\n"
        "Farm groups said the duties would raise costs for families across the country.\n"
    )
    assert [c.speaker for c in claims_of(text, claims_nlp)] == ["Ivan Petrov", "Farm groups"]


@pytest.mark.parametrize(
    "caption",
    [
        "Putin says ties are growing, during talks in Beijing, May 16, 2024. Sputnik/Sergei Guneev",
        "Xi says the partnership is strong as he greets Putin in Beijing (Photo by Li Tao)",
        "Xi says the partnership is strong as he greets Putin in Beijing. Getty Images",
    ],
)
def test_a_captioned_paragraph_is_no_claim(claims_nlp: Language, caption: str) -> None:
    text = f"The leaders met in Beijing on Thursday.\n\n{caption}\n\nThe talks lasted three hours.\n"
    assert claims_of(text, claims_nlp) == []


def test_a_summary_line_the_story_repeats_is_the_standfirst(claims_nlp: Language) -> None:
    text = (
        "World News | Diplomacy\n\n"
        "The minister said that trade with the neighbours had reached a record level\n\n"
        "Photo: press office\n\n"
        "Trade grew again. The minister said that trade with the neighbours had reached a record level.\n"
    )
    claims = claims_of(text, claims_nlp)
    assert len(claims) == 1 and claims[0].evidence.start > text.index("Photo")


def test_an_unrepeated_line_without_a_full_stop_is_still_read(claims_nlp: Language) -> None:
    text = "Trade grew this year, and the minister said that it had reached a record level\n"
    assert len(claims_of(text, claims_nlp)) == 1
