"""A page's own date outside the ' date ' header: stamp lines, date lines, datelines with a year, and the
'DATE, PLACE' line of a transcript page. Synthetic pages, in the forms real pages use."""

from __future__ import annotations

import pytest

from xiputin_cli.boilerplate import find_boilerplate
from xiputin_cli.header import find_page_date, written_date
from xiputin_cli.load import make_source_text

LEAD = "Prime Minister Anna Kovacs held talks with President Pedro Silva on Monday, officials said."


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


@pytest.mark.parametrize(
    ("head", "day"),
    [
        ("Published on Dec 26, 2022 03:51 PM IST", "2022-12-26"),
        ("Updated on: 19 March,2023 06:15 PM WET  |  Porto", "2023-03-19"),
        ("24 February, 2025 • 14:06", "2025-02-24"),
        ("PUBLISHED : Tuesday, 9 April, 2019, 7:40pm", "2019-04-09"),
        ("Wednesday, August 14, 2019", "2019-08-14"),
        ("3 November 2012, 09:15", "2012-11-03"),
        ("By Lena Weber  (Daily Courier)    10:05, Jan 07, 2021", "2021-01-07"),
        ("Posted May 2, 2020 11:49 am", "2020-05-02"),
        ("11:30 GMT +203 March 2018", "2018-03-03"),
        ("Daily Courier | Published: 10:25 GMT, 21 May 2024", "2024-05-21"),
        ("May 21, 2024 at 10:25 am", "2024-05-21"),
        ("Thursday 21 May 2024 10.25 BST", "2024-05-21"),
        ("Last Updated: May 21, 2024 | 10:25 IST", "2024-05-21"),
        ("Updated - May 21, 2024 10:25 pm IST", "2024-05-21"),
        ("Updated 10:25 PM GMT+8, May 21, 2024", "2024-05-21"),
        ("Published: 10:25pm, 21 May 2024", "2024-05-21"),
        ("Updated: 2024-05-21 10:25", "2024-05-21"),
        # a wire's stamp of fields, the date one of them, with or without its seconds
        ("Source: Courier News | Editor: lw | 2024-05-21 10:25:31", "2024-05-21"),
        ("Source: Courier News| 2024-05-21 10:25:31|Editor: Lena", "2024-05-21"),
        ("Courier News | May 21, 2024", "2024-05-21"),
        ("2024-05-21 10:25 | Courier News", "2024-05-21"),
        # seconds, a hyphenated date, a slash before the time, a zone in brackets, an 'Updated' tail
        ("2024-05-21 10:25:31", "2024-05-21"),
        ("Updated 10:25, 21-May-2024", "2024-05-21"),
        ("May 21, 2024 / 10:25 PM", "2024-05-21"),
        ("21 May 2024 10:25 (Lisbon time)", "2024-05-21"),
        ("May 21, 2024 10:25 PM GMT+1 Updated 3 hours ago", "2024-05-21"),
        ("Release time: 2024-05-21 10:25", "2024-05-21"),
        ("2024/05/21 10:25", "2024-05-21"),
        ("Updated: 2024.05.21", "2024-05-21"),
        # the line's own date before its 'Updated' part
        ("21 May 2024, 10:25 | Updated: 22 May 2024, 08:00", "2024-05-21"),
    ],
)
def test_stamp_lines_under_the_title_give_the_publication_date(head: str, day: str) -> None:
    article = make_source_text(
        page("Kovacs and Silva Agree on a New Rail Link", head, LEAD), id="p", source="p"
    )
    assert (article.published, article.published_from) == (day, "text")


def test_a_published_line_wins_over_an_updated_line() -> None:
    text = "Kovacs visits Lisbon\nUpdated: March 5, 2021 10:00\nPublished: March 4, 2021 08:00\n\n" + LEAD
    assert make_source_text(text, id="p", source="p").published == "2021-03-04"


@pytest.mark.parametrize(
    "text",
    [
        # a photo caption's date, in a sentence: not the page's
        page(
            "Kovacs and Silva meet",
            "Anna Kovacs greets Pedro Silva in Lisbon on June 3, 2019. PHOTO: AFP",
            LEAD,
        ),
        page("Silva in Lisbon", "Kovacs welcomes Silva to Porto on 11 July 2015 [Press office]", LEAD),
        # a date inside the lead paragraph
        page(
            "Kovacs meets Silva",
            "Prime Minister Anna Kovacs met President Pedro Silva in Braga on September 12, 2016.",
        ),
        # a date line in a list after the first paragraph is an entry's, not the page's
        page("Timeline of their meetings", LEAD, "April 9, 2017", "Braga, Portugal"),
        # a dateline without a year
        page("Kovacs in Lisbon", "LISBON, April 19 (Lusa) -- " + LEAD),
        # no date at all
        page("Kovacs in Lisbon", LEAD),
        # a caption's fields: the picture's date, not the page's
        page("Kovacs in Lisbon", "File photo | Courier News | 2019-06-03", LEAD),
        # a fact box's time is a meeting's, not the page's
        page("Kovacs in Lisbon", "Time: 2019-06-03", LEAD),
        # the rows of a table of dated entries
        page("Their meetings", "2019-06-03 | Porto | Rail forum\n2021-04-09 | Braga | Wine fair", LEAD),
        # a date inside a field of words is no field of its own
        page("Kovacs in Lisbon", "Source: Courier News | talks held on 2019-06-03 in Porto", LEAD),
    ],
)
def test_no_publication_date_where_the_page_does_not_state_one(text: str) -> None:
    article = make_source_text(text, id="n", source="n")
    assert article.published is None and article.published_from is None


@pytest.mark.parametrize(
    "stamp",
    [
        "Published: 2024-05-22",
        "Source: Courier News | Editor: lw | 2024-05-22 08:37:22",
        "2024-05-22 08:37:22",
    ],
)
def test_the_page_s_publication_stamp_wins_over_the_dateline_s_filing_day(stamp: str) -> None:
    text = page("Kovacs in Lisbon", stamp, "LISBON, May 21 (Lusa) -- " + LEAD)
    article = make_source_text(text, id="s", source="s")
    assert (article.published, article.published_from) == ("2024-05-22", "text")
    assert article.dateline is not None and article.dateline.date == "2024-05-21"


def test_an_updated_stamp_does_not_win_over_the_dateline_s_day() -> None:
    text = page("Kovacs in Lisbon", "Updated: May 23, 2024", "LISBON, May 21, 2024 (Lusa) -- " + LEAD)
    assert make_source_text(text, id="u", source="u").published == "2024-05-21"


def test_a_dateline_with_a_year_stays_a_dateline() -> None:
    article = make_source_text(
        page("Kovacs in Lisbon", "LISBON, April 19, 2016 (Lusa) -- " + LEAD), id="d", source="d"
    )
    assert (article.published, article.published_from) == ("2016-04-19", "dateline")
    assert article.dateline is not None and article.dateline.place == "Lisbon"


@pytest.mark.parametrize(
    ("line", "place", "day"),
    [
        ("March 12, 2019, Lisbon", "Lisbon", "2019-03-12"),
        ("Porto, 21 October 2023", "Porto", "2023-10-21"),
        ("May 21, 2024", None, "2024-05-21"),
        ("May 21, 2024, 13:50, The Kremlin, Moscow", "The Kremlin", "2024-05-21"),
    ],
)
def test_transcript_date_line(line: str, place: str | None, day: str) -> None:
    """Title, 'DATE, PLACE', lead, speaker turns: the line dates the page and says where it was written."""
    text = page(
        "Meeting with President of Portugal Pedro Silva", line, LEAD, "Pedro Silva: Thank you, friends."
    )
    article = make_source_text(text, id="t", source="t")
    assert (article.published, article.published_from) == (day, "text")
    assert (article.dateline.place if article.dateline else None) == place
    kinds = {text[s:e].strip(): k for s, e, k in find_boilerplate(text)}
    assert kinds.get(line) != "headline"  # the date line is not a headline that swallows the lead
    assert not any(s <= text.index(LEAD) < e for s, e, _ in find_boilerplate(text))


def test_a_weekday_is_not_the_place_of_a_date_line() -> None:
    found = find_page_date(page("Kovacs in Lisbon", "Tuesday, July 17, 2018", LEAD), 0)
    assert found is not None and found.place is None and found.kind == "stamp"


def test_stamp_lines_are_marked_as_not_content_and_cover_the_gap_before_them() -> None:
    text = page("Kovacs and Silva Agree on a New Rail Link", "Updated on: 19 March,2023 06:15 PM WET", LEAD)
    (stamp,) = [(s, e) for s, e, k in find_boilerplate(text) if k == "stamp"]
    assert text[stamp[0] : stamp[1]].strip() == "Updated on: 19 March,2023 06:15 PM WET"
    assert text[: stamp[0]] == "Kovacs and Silva Agree on a New Rail Link"


@pytest.mark.parametrize(
    ("written", "iso"),
    [("17 November, 2014", "2014-11-17"), ("May 03, 2015", "2015-05-03"), ("Sept. 4, 2016", "2016-09-04"),
     ("2024-05-21", "2024-05-21"), ("21-May-2024", "2024-05-21"), ("2024/05/21", "2024-05-21"),
     ("2024/05-21", None), ("31 February 2020", None), ("Smarch 3, 2020", None)],
)  # fmt: skip
def test_written_dates(written: str, iso: str | None) -> None:
    assert written_date(written) == iso


@pytest.mark.parametrize(
    "line", ["BREAKING: Kovacs and Silva meet in Lisbon", "UPDATE - Kovacs lands in Porto"]
)
def test_a_shouted_word_is_no_dateline(line: str) -> None:
    assert make_source_text(page("Kovacs in Lisbon", line + " " + LEAD), id="b", source="b").dateline is None


@pytest.mark.parametrize("lines", [("May 21, 2024", "Porto"), ("May 21, 2024", "17:30", "Porto, Portugal")])
def test_a_transcript_s_place_on_its_own_line_under_the_date(lines: tuple[str, ...]) -> None:
    text = "Meeting with President of Portugal Pedro Silva\n\n" + "\n".join(lines) + "\n\n" + LEAD
    article = make_source_text(text, id="t", source="t")
    assert article.published == "2024-05-21"
    assert article.dateline is not None and article.dateline.place == "Porto"


def test_a_date_stamp_over_the_lead_is_no_dateline() -> None:
    article = make_source_text(page("Kovacs in Lisbon", "May 21, 2024", LEAD), id="t", source="t")
    assert article.published == "2024-05-21" and article.dateline is None


TITLE = "Kovacs and Silva agree on a rail link"


@pytest.mark.parametrize(
    ("head", "title"),
    [("9 October 2013, 11:20\n\n" + TITLE, TITLE), ("Anna Kovacs\n\n" + TITLE, TITLE), (TITLE, TITLE),
     ("May 21, 2024", None)],
)  # fmt: skip
def test_a_stamp_or_a_kicker_above_the_title_is_passed_over(head: str, title: str | None) -> None:
    assert make_source_text(head + "\n\n" + LEAD, id="t", source="t").title == title


def test_a_list_of_dated_entries_dates_its_entries_not_the_page() -> None:
    entries = [
        "April 9, 2017\nBraga, Portugal\nRail forum\n" + LEAD,
        "October 2, 2016\nPorto, Portugal\n" + LEAD,
    ]
    article = make_source_text("Their meetings\n\n" + "\n\n".join(entries), id="l", source="l")
    assert article.published is None and article.dateline is None
