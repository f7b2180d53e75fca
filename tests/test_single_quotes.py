"""Single curly quotes pair like double ones; apostrophes ('don’t', 'Russia’s', 'the countries’') never do."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.test_claims import claims_of, claims_pipeline
from xiputin_cli.components.quotes import QuoteScanner, find_paragraphs, find_sentences


@pytest.fixture(scope="session")
def claims_nlp() -> Language:
    return claims_pipeline()


def quoted(text: str) -> list[str]:
    """The quoted words the scanner finds in a text (no attribution tail needed)."""
    import re

    paragraphs = find_paragraphs(text, 0)
    scanner = QuoteScanner(text, find_sentences(text, paragraphs), [], re.compile(r"(?!)"))
    return [text[q.start : q.end] for q in scanner.scan(paragraphs)]


@pytest.mark.parametrize(
    ("text", "speaker", "words", "kind"),
    [
        (
            "‘Exports will fall sharply this winter,’ Minister Ivan Petrov said.",
            "Ivan Petrov",
            "Exports will fall sharply this winter",
            "direct",
        ),
        (
            "Ivan Petrov said: ‘We don’t expect Russia’s exports to recover this year.’",
            "Ivan Petrov",
            "We don’t expect Russia’s exports to recover this year",
            "direct",
        ),
        (
            "Petrov said the plan was ‘a historic step for the farmers’ of the region.",
            "Petrov",
            "the plan was ‘a historic step for the farmers’ of the region",
            "mixed",
        ),
    ],
)
def test_single_curly_quotes_are_quotes(
    claims_nlp: Language, text: str, speaker: str, words: str, kind: str
) -> None:
    claims = claims_of(text, claims_nlp)
    assert [(c.speaker, c.text, c.kind) for c in claims] == [(speaker, words, kind)]


@pytest.mark.parametrize(
    "text",
    [
        "The countries’ ties are strong and Russia’s exports don’t depend on the West.",
        "Sales fell in the ’90s and the farmers’ union did not recover.",
        "It’s a deal, and the ministers’ talks went well.",
    ],
)
def test_apostrophes_are_not_quote_marks(text: str) -> None:
    assert quoted(text) == []


def test_a_single_quote_inside_a_double_one_is_part_of_it() -> None:
    text = "“The slogan ‘no limits’ still holds for us today,” he said."
    assert quoted(text) == ["The slogan ‘no limits’ still holds for us today,"]


def test_an_unpaired_opening_single_mark_quotes_nothing() -> None:
    assert quoted("The ‘strategic partnership is strong and growing.") == []
