"""Where meetings take place: place names resolved (country, city, venue), and the meeting's place read off
its clause and settled with the rest of the article. Synthetic sentences, in the constructions news uses."""

from __future__ import annotations

from typing import Any

import pytest

from xiputin_cli.extract import extract_text
from xiputin_cli.places import is_country, is_known, resolve, venue_in
from xiputin_cli.records import Meeting

KOVACS, SILVA, WEBER = "Anna Kovacs", "Pedro Silva", "Lena Weber"


@pytest.fixture(scope="session")
def place_nlp() -> Any:
    from xiputin_cli.pipeline import load_pipeline

    return load_pipeline()


def meetings_of(nlp: Any, text: str, published: str | None = "2024-05-10") -> list[Meeting]:
    return extract_text(text, nlp=nlp, published=published).meetings


def place_of(nlp: Any, text: str, published: str | None = "2024-05-10") -> str | None:
    found = meetings_of(nlp, text, published)
    assert found, text
    return found[0].location


# --- names ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kind", "city", "country"),
    [
        ("Portugal", "country", None, "PT"),
        ("the United States", "country", None, "US"),
        ("Lisbon", "city", "Lisbon", "PT"),
        ("Samarkand", "city", "Samarkand", "UZ"),
        ("St. Petersburg", "city", "St. Petersburg", "RU"),
        ("the Elysee Palace", "venue", "Paris", "FR"),
        ("the Kremlin", "venue", "Moscow", "RU"),
        ("Great Hall of the People", "venue", "Beijing", "CN"),
        ("Zhongnanhai", "venue", "Beijing", "CN"),
        ("Novo-Ogaryovo", "venue", "Moscow", "RU"),
        ("the Far East", "region", None, None),
        ("Central Asia", "region", None, None),
        ("Madeira", "place", "Madeira", None),
        # a region of a country lies in it
        ("Portugal's north", "region", None, "PT"),
        ("the Russian Far East", "region", None, "RU"),
        ("the north of Portugal", "region", None, "PT"),
        ("Chinese mainland", "region", None, "CN"),
        ("South Asia", "region", None, None),
    ],
)
def test_names_resolve(name: str, kind: str, city: str | None, country: str | None) -> None:
    place = resolve(name)
    assert (place.kind, place.city, place.country) == (kind, city, country)


def test_lists_are_a_world_not_three_countries() -> None:
    assert all(is_country(c) for c in ("Brazil", "Kazakhstan", "Peru", "Mongolia", "Germany", "Chile"))
    assert all(is_known(c) for c in ("Durban", "Hangzhou", "Ufa", "Lima", "Xiamen", "Vladivostok", "Porto"))
    assert not is_country("Lisbon") and not is_known("Anna Kovacs")


def test_a_venue_inside_a_longer_phrase() -> None:
    found = venue_in("the Great Hall of the People and its gardens")
    assert found is not None and found.city == "Beijing"
    assert venue_in("a hall of the people") is None


# --- the meeting's place ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Prime Minister Anna Kovacs held talks with President Pedro Silva in Ufa on Monday.", "Ufa"),
        (
            "Prime Minister Anna Kovacs received Chancellor Lena Weber at the Elysee Palace on Monday.",
            "Paris",
        ),
        (
            "President Pedro Silva held talks with Prime Minister Anna Kovacs at the Kremlin on Monday.",
            "Moscow",
        ),
        (
            "On Monday, in the Chilean city of Valparaiso, Prime Minister Anna Kovacs met President Pedro "
            "Silva at a trade summit.",
            "Valparaiso",
        ),
        (
            "In June, President Pedro Silva is expected to meet Prime Minister Anna Kovacs on an official "
            "trip to Lisbon.",
            "Lisbon",
        ),
        (
            "Prime Minister Anna Kovacs arrived in Porto on Monday to hold talks with President Pedro Silva.",
            "Porto",
        ),
        (
            "Pedro Silva and Anna Kovacs last met in March when Silva visited Porto for a wine fair.",
            "Porto",
        ),
        (
            "Prime Minister Anna Kovacs had talks with President Pedro Silva before a summit, due in Braga.",
            "Braga",
        ),
        (
            "Prime Minister Anna Kovacs and President Pedro Silva met in the Portuguese capital on Monday.",
            "Lisbon",
        ),
        (
            "Prime Minister Anna Kovacs held talks with Pedro Silva ahead of the Lisbon Expo on Monday.",
            "Lisbon",
        ),
        ("President Pedro Silva welcomed Prime Minister Anna Kovacs to Porto on Monday.", "Porto"),
        ("Prime Minister Anna Kovacs met President Pedro Silva during her Porto visit on Monday.", "Porto"),
        (
            "President Pedro Silva, who is in Porto for a fair, met Prime Minister Anna Kovacs on Monday.",
            "Porto",
        ),
        (
            "Prime Minister Anna Kovacs held talks with President Pedro Silva in the resort of Cascais.",
            "Cascais",
        ),
        (
            "Prime Minister Anna Kovacs held talks with President Pedro Silva in Braga, Portugal, on Monday.",
            "Braga",
        ),
    ],
)
def test_the_clause_names_the_city(place_nlp: Any, text: str, place: str) -> None:
    assert place_of(place_nlp, text) == place


def test_the_city_the_article_names_for_the_trip_beats_the_country(place_nlp: Any) -> None:
    text = (
        "Prime Minister Anna Kovacs held talks with President Pedro Silva in Portugal on Monday. "
        "Kovacs flew home from Lisbon afterwards."
    )
    assert place_of(place_nlp, text) == "Lisbon"


def test_a_city_named_for_the_trip_further_on(place_nlp: Any) -> None:
    text = (
        "Prime Minister Anna Kovacs held talks with President Pedro Silva in Portugal on Monday. "
        "The two discussed rail freight. No deal was signed. "
        "Kovacs had flown in from Lisbon, where she opened a bridge."
    )
    assert place_of(place_nlp, text) == "Lisbon"


@pytest.mark.parametrize(
    "text",
    [
        # a wire's dateline is where the story was filed
        "PORTO, May 6 (Lusa) -- Prime Minister Anna Kovacs held talks with President Pedro Silva in "
        "Portugal on Monday.",
        # a city in another part of the story, in no sentence about the trip
        "Prime Minister Anna Kovacs held talks with President Pedro Silva in Portugal on Monday. "
        "The two discussed rail freight. No deal was signed. "
        "Shares in Porto rose by two percent, brokers said.",
        # a trip of one of them at another time
        "Prime Minister Anna Kovacs held talks with President Pedro Silva in Portugal on Monday. "
        "The two discussed rail freight. No deal was signed. "
        "Kovacs had visited Lisbon last year for a wine fair.",
    ],
)
def test_a_city_not_tied_to_the_trip_leaves_the_country(place_nlp: Any, text: str) -> None:
    assert place_of(place_nlp, text) == "Portugal"


def test_the_country_stays_when_the_article_names_no_city_in_it(place_nlp: Any) -> None:
    text = (
        "Prime Minister Anna Kovacs held talks with President Pedro Silva in Portugal on Monday. "
        "She flew on to Madrid afterwards."
    )
    assert place_of(place_nlp, text) == "Portugal"


def test_a_city_another_meeting_holds_is_not_borrowed(place_nlp: Any) -> None:
    text = (
        "Prime Minister Anna Kovacs met President Pedro Silva in Porto on May 6. "
        "Kovacs recalled that she had also held talks with Silva in Portugal in 2019."
    )
    found = {m.date.start[:4] if m.date.start else None: m.location for m in meetings_of(place_nlp, text)}
    assert found.get("2024") == "Porto"
    assert found.get("2019") in (None, "Portugal")


def test_an_arrival_places_the_day_s_meeting(place_nlp: Any) -> None:
    text = (
        "President Pedro Silva arrived in Porto early on Tuesday. "
        "Prime Minister Anna Kovacs held talks with Silva on Tuesday."
    )
    assert place_of(place_nlp, text, "2024-05-07") == "Porto"


def test_here_is_the_dateline_s_place(place_nlp: Any) -> None:
    text = "LISBON, May 6 (Lusa) -- Prime Minister Anna Kovacs held talks here with President Pedro Silva."
    assert place_of(place_nlp, text) == "Lisbon"


def test_a_wire_dateline_alone_is_not_the_meeting_s_place(place_nlp: Any) -> None:
    text = (
        "MADRID, May 6 (Lusa) -- Prime Minister Anna Kovacs held talks with President Pedro Silva on Monday."
    )
    assert place_of(place_nlp, text) is None


def test_a_transcript_s_date_line_places_its_lead_meeting(place_nlp: Any) -> None:
    text = (
        "Meeting with President of Portugal Pedro Silva\n\n"
        "March 12, 2019, Porto\n\n"
        "Anna Kovacs met with President of Portugal Pedro Silva on the sidelines of the trade summit.\n\n"
        "Pedro Silva: Madam Prime Minister, friends, welcome.\n"
    )
    article = extract_text(text, nlp=place_nlp)
    assert article.published == "2019-03-12"
    (meeting,) = [m for m in article.meetings if set(m.participants) >= {KOVACS, SILVA}]
    assert meeting.location == "Porto"
    assert all(e.text.strip() for e in meeting.evidence)  # the date line swallows no lead


@pytest.mark.parametrize(
    "text",
    [
        "LISBON, May 6 (Lusa) -- Prime Minister Anna Kovacs spoke by phone with President Pedro Silva here.",
        "Prime Minister Anna Kovacs held a video call with President Pedro Silva in Lisbon on Monday.",
    ],
)
def test_calls_have_no_place(place_nlp: Any, text: str) -> None:
    assert place_of(place_nlp, text) is None


def test_another_trip_the_clause_refers_to_is_not_its_place(place_nlp: Any) -> None:
    text = (
        "Prime Minister Anna Kovacs held talks with President Pedro Silva on May 6 about the deals reached "
        "during Silva's visit to Porto in March."
    )
    found = [m for m in meetings_of(place_nlp, text) if m.date.start == "2024-05-06"]
    assert found and all(m.location != "Porto" for m in found)


def test_a_meeting_the_same_day_with_the_same_people_shares_its_place(place_nlp: Any) -> None:
    text = (
        "Prime Minister Anna Kovacs held talks with President Pedro Silva in Porto on May 6. "
        "Kovacs, Silva and Chancellor Lena Weber also held a trilateral meeting on May 6."
    )
    trilateral = [m for m in meetings_of(place_nlp, text) if WEBER in m.participants]
    assert trilateral and trilateral[0].location == "Porto"


@pytest.mark.parametrize(
    ("joint", "place"),
    [
        (" Kovacs, Silva and Chancellor Lena Weber also held a three-way meeting.", "Porto"),
        ("\n\nKovacs, Silva and Chancellor Lena Weber also held a three-way meeting.", None),  # told apart
        (" Kovacs, Silva and Chancellor Lena Weber will also hold a three-way meeting.", None),  # planned
    ],
)
def test_an_undated_meeting_told_with_the_news_meeting_shares_its_place(
    place_nlp: Any, joint: str, place: str | None
) -> None:
    text = "Prime Minister Anna Kovacs held talks with President Pedro Silva in Porto on Monday." + joint
    trilateral = [m for m in meetings_of(place_nlp, text, None) if WEBER in m.participants]
    assert trilateral and trilateral[0].location == place


def test_a_later_clause_about_another_trip_does_not_place_the_first(place_nlp: Any) -> None:
    text = (
        "President Pedro Silva arrived in Porto on Tuesday. On Thursday Silva will have a brief meeting "
        "with Prime Minister Anna Kovacs. After the summit Silva will pay a visit to Spain, where he will "
        "hold talks with Kovacs again."
    )
    first = meetings_of(place_nlp, text, "2024-05-07")[0]
    assert first.location == "Porto"


def test_a_list_entry_s_place_line_places_its_meeting(place_nlp: Any) -> None:
    text = (
        "Their meetings so far\n"
        "March 3, 2019\n"
        "Porto, Portugal\n"
        "Trade summit\n"
        "Prime Minister Anna Kovacs held talks with President Pedro Silva in Portugal on March 3, 2019.\n"
        "June 5, 2018\n"
        "Madrid, Spain\n"
        "Energy forum\n"
        "They agreed to build a pipeline.\n"
    )
    assert place_of(place_nlp, text) == "Porto"


@pytest.mark.parametrize(
    "head",
    [
        "Kovacs and Silva meet at trade summit\n\nPorto, Portugal\n\n",  # the byline's location
        "Kovacs and Silva meet at trade summit\nBy Lena Weber\nPorto, Portugal\n\n",
        "Kovacs and Silva meet at trade summit\n\nLocation: Porto, Portugal\n\n",  # a label, no fact box
        "Kovacs and Silva meet at trade summit\n\nMarch 3, 2019\nPorto, Portugal\n\n",  # one dated head
    ],
)
def test_a_place_line_under_the_title_is_where_the_story_was_written(place_nlp: Any, head: str) -> None:
    text = head + "Prime Minister Anna Kovacs met President Pedro Silva on the sidelines of the trade summit."
    assert place_of(place_nlp, text) is None


def test_a_place_line_below_a_meeting_does_not_place_it(place_nlp: Any) -> None:
    text = (
        "Their meetings so far\n"
        "Prime Minister Anna Kovacs held talks with President Pedro Silva on March 3, 2019.\n"
        "June 5, 2018\nMadrid, Spain\nEnergy forum\n"
        "April 9, 2017\nBraga, Portugal\nRail forum\n"
    )
    assert place_of(place_nlp, text) is None


def test_a_fact_box_place_line(place_nlp: Any) -> None:
    text = (
        "Occasion: Pedro Silva's state visit to Portugal\n\n"
        "Time: March 3, 2019\n\n"
        "Place: Braga, Portugal\n\n"
        "Prime Minister Anna Kovacs held talks with President Pedro Silva in Portugal on March 3, 2019.\n"
    )
    assert place_of(place_nlp, text) == "Braga"


def test_a_journey_before_or_after_the_meeting_is_not_its_place(place_nlp: Any) -> None:
    text = (
        "Prime Minister Anna Kovacs is due to hold talks with President Pedro Silva on Tuesday before she "
        "heads for Spain, where she will attend a summit in Madrid."
    )
    assert place_of(place_nlp, text) not in ("Madrid", "Spain")


def test_the_news_event_s_place_places_a_meeting_without_one(place_nlp: Any) -> None:
    text = (
        "Officials prepared the halls of a trade summit on the resort island of Madeira. "
        "Prime Minister Anna Kovacs held talks with President Pedro Silva on May 8."
    )
    assert place_of(place_nlp, text) == "Madeira"


def test_an_event_long_before_is_not_the_news_place(place_nlp: Any) -> None:
    text = (
        "Prime Minister Anna Kovacs held talks with President Pedro Silva on May 8. "
        "They had first met at a trade summit in Porto in 2009."
    )
    found = [m for m in meetings_of(place_nlp, text) if m.date.start == "2024-05-08"]
    assert found and found[0].location is None


def test_talks_during_a_state_visit_to_a_country_are_in_that_country(place_nlp: Any) -> None:
    text = (
        "Prime Minister Anna Kovacs held talks with President Pedro Silva during her state visit to Portugal."
    )
    assert place_of(place_nlp, text) == "Portugal"


def test_the_meeting_s_own_place_beats_a_participant_s_other_whereabouts(place_nlp: Any) -> None:
    text = (
        "President Pedro Silva, who was in Porto last week, met Prime Minister Anna Kovacs in Braga on May 8."
    )
    assert place_of(place_nlp, text) == "Braga"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Prime Minister Anna Kovacs flew to Porto on Monday for talks with President Pedro Silva.", "Porto"),
        (
            "After a stop in Lisbon, Kovacs flew to Braga, where she met President Pedro Silva on May 8.",
            "Braga",
        ),
        (
            "Prime Minister Anna Kovacs will visit Portugal in May and hold talks with President Pedro Silva "
            "in the Portuguese capital.",
            "Lisbon",
        ),
    ],
)
def test_the_journey_s_place(place_nlp: Any, text: str, place: str) -> None:
    found = [m for m in meetings_of(place_nlp, text) if SILVA in m.participants]
    assert found and found[0].location == place


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Prime Minister Anna Kovacs and President Pedro Silva met at the G20 in Osaka on Friday.", "Osaka"),
        ("Prime Minister Anna Kovacs and President Pedro Silva met at the OECD on Friday.", None),
        (
            "Prime Minister Anna Kovacs held talks with Pedro Silva in Central Asia, in Almaty, on Friday.",
            "Almaty",
        ),
    ],
)
def test_what_the_meeting_was_at_and_what_is_no_place(place_nlp: Any, text: str, place: str | None) -> None:
    assert place_of(place_nlp, text) == place


def test_a_longer_venue_name_wins() -> None:
    found = venue_in("the Kazan Kremlin")
    assert found is not None and found.city == "Kazan"


def test_one_place_spelled_two_ways() -> None:
    from xiputin_cli.places import same_place

    assert same_place("St. Petersburg", "Saint Petersburg") and same_place("Novo-Ogaryovo", "Novo Ogaryovo")
    assert not same_place("Porto", "Lisbon")


def test_arrived_here_is_the_dateline_s_place(place_nlp: Any) -> None:
    text = (
        "PORTO, May 7 (Lusa) -- President Pedro Silva arrived here on Tuesday. "
        "Prime Minister Anna Kovacs held talks with Silva on Tuesday."
    )
    assert place_of(place_nlp, text, "2024-05-07") == "Porto"


@pytest.mark.parametrize(
    "text",
    [
        "Prime Minister Anna Kovacs and President Pedro Silva held talks on Monday at a trade fair in "
        "Portugal's north. Lena Weber was also in Braga and met Silva on Sunday.",
        "Prime Minister Anna Kovacs held talks with President Pedro Silva in the north of Portugal on "
        "Monday. Kovacs flew home from Braga afterwards.",
    ],
)
def test_a_region_of_a_country_is_placed_in_the_city_named_there_for_the_trip(
    place_nlp: Any, text: str
) -> None:
    assert place_of(place_nlp, text) == "Braga"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # no city named: the region stays, no city is made up
        (
            "Prime Minister Anna Kovacs and President Pedro Silva held talks on Monday at a trade fair in "
            "Portugal's north.",
            "Portugal's north",
        ),
        # a city of another country is not in the region
        (
            "Prime Minister Anna Kovacs and President Pedro Silva held talks on Monday at a trade fair in "
            "Portugal's north. Kovacs flew on to Madrid afterwards.",
            "Portugal's north",
        ),
    ],
)
def test_a_region_keeps_its_name_without_a_city_of_its_country(place_nlp: Any, text: str, place: str) -> None:
    assert place_of(place_nlp, text) == place


def test_a_city_that_acts_stands_for_its_government_not_for_the_trip(place_nlp: Any) -> None:
    """'as Lisbon prepared a budget' names the government: the one city named for the trip is Braga."""
    text = (
        "Prime Minister Anna Kovacs and President Pedro Silva held talks on Monday at a trade fair in "
        "Portugal's north, as Lisbon prepared a new budget. Lena Weber was also in Braga and met Silva on "
        "Sunday."
    )
    assert place_of(place_nlp, text) == "Braga"


SERIES = (
    "Prime Minister Anna Kovacs met President Pedro Silva in Lisbon on Monday. The two previous meetings "
    "of Kovacs and Silva were held in 2015 and 2017, on the sidelines of trade fairs in {places}."
)


@pytest.mark.parametrize(
    ("places", "found"),
    [
        ("Porto and Braga, respectively", {"2015": "Porto", "2017": "Braga"}),
        ("Porto and Braga", {"2015": "Porto", "2017": "Braga"}),
        # three cities for two dates: which is whose is not said
        ("Porto, Faro and Braga, respectively", {"2015": None, "2017": None}),
    ],
)
def test_a_series_of_dated_meetings_takes_its_cities_in_order(
    place_nlp: Any, places: str, found: dict[str, str | None]
) -> None:
    meetings = meetings_of(place_nlp, SERIES.format(places=places))
    by_year = {m.date.start[:4]: m.location for m in meetings if m.date.start}
    assert {year: by_year.get(year) for year in found} == found
    assert by_year.get("2024") == "Lisbon"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # the name under a place noun before a modifier of it
        ("Prime Minister Anna Kovacs met Pedro Silva in the old Wine Route city of Porto on Friday.",
         "Porto"),
        # a country's capital by its possessive
        ("Prime Minister Anna Kovacs met President Pedro Silva in Portugal's capital on Friday.", "Lisbon"),
        # where the thing the meeting was at lies
        ("President Pedro Silva hosted Prime Minister Anna Kovacs at his residence outside Lisbon on Friday.",
         "Lisbon"),
        # a venue the meeting was on
        ("Prime Minister Anna Kovacs met President Pedro Silva on Russky Island on Friday.", "Vladivostok"),
        # 'on' a topic is no place
        ("Prime Minister Anna Kovacs held talks with President Pedro Silva on Spain on Friday.", None),
    ],
)  # fmt: skip
def test_place_nouns_capitals_vicinities_and_venues_on_which(
    place_nlp: Any, text: str, place: str | None
) -> None:
    assert place_of(place_nlp, text) == place


def test_here_is_a_dateline_alone_on_its_line(place_nlp: Any) -> None:
    text = (
        "Kovacs and Silva agree on a rail link\n\nPorto (Portugal) (AFP)\n\n"
        "Prime Minister Anna Kovacs held talks here with President Pedro Silva on Monday."
    )
    assert place_of(place_nlp, text) == "Porto"
