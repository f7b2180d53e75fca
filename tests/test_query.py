from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xiputin_cli.query import filter_claims, name_matches, parse_date_bound
from xiputin_cli.records import Claim, Evidence


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2021", date(2021, 1, 1), date(2021, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2023-10-18", date(2023, 10, 18), date(2023, 10, 18)),
    ],
)
def test_bounds_cover_the_whole_period(text: str, start: date, end: date) -> None:
    assert parse_date_bound(text) == start
    assert parse_date_bound(text, end=True) == end


@pytest.mark.parametrize(
    ("text", "message"),
    [("2021-13", "month 13"), ("2021-02-30", "day 30"), ("21", "expected YYYY"), ("May 2021", "expected")],
)
def test_bad_bounds_say_what_is_wrong(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date_bound(text)


@given(st.text(max_size=12), st.booleans())
def test_bound_parser_raises_only_value_error(text: str, end: bool) -> None:
    try:
        parse_date_bound(text, end=end)
    except ValueError:
        pass


def test_speaker_words_match_whole_names() -> None:
    assert name_matches("Xi", "Xi Jinping")
    assert name_matches("xi jinping", "Xi Jinping")
    assert not name_matches("Xi", "Xinhua")
    assert not name_matches("", "Xi Jinping")


def claim(speaker: str, text: str, kind: str = "indirect") -> Claim:
    return Claim.model_validate({
        "speaker": speaker, "speaker_text": speaker, "text": text, "kind": kind,
        "evidence": Evidence(article="a", text=text, start=0, end=len(text)),
    })  # fmt: skip


def test_filters_combine() -> None:
    rows = [
        (claim("Xi Jinping", "China supports Russia", "direct"), "2023-10-18"),
        (claim("Xinhua", "The leaders met"), "2023-10-18"),
        (claim("Xi Jinping", "Ties are strong"), None),
        (claim("Vladimir Putin", "The forum succeeded"), "2025-05-08"),
    ]
    assert [c.text for c in filter_claims(rows, speaker="Xi")] == ["China supports Russia", "Ties are strong"]
    assert [c.text for c in filter_claims(rows, since=date(2024, 1, 1))] == ["The forum succeeded"]
    assert [c.text for c in filter_claims(rows, kind="direct")] == ["China supports Russia"]
    assert [c.text for c in filter_claims(rows, grep="FORUM")] == ["The forum succeeded"]
